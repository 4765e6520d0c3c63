"""The network interface: a second Network trains through the same engine as the MLP."""

import numpy as np
import pytest

from skmultinet.losses import BinaryCrossentropy
from skmultinet.neural.networks import MLPNetwork, Network, PredictionWeights
from skmultinet.neural.training import clear_trainer_cache, train_network

from _training_toys import toy_problem


class LinearNetwork(Network):
    """Logits = X W + b, with its weights as a list ``[W, b]`` (unlike the MLP's pair)."""

    def __init__(self, n_features, n_outputs):
        self.n_features = n_features
        self.n_outputs = n_outputs

    @property
    def key(self):
        return ("linear", self.n_features, self.n_outputs)

    def build(self, sparse=False):
        import keras

        inputs = keras.Input(shape=(self.n_features,), sparse=sparse)
        return keras.Model(inputs, keras.layers.Dense(self.n_outputs)(inputs))

    def initial_weights(self, rng):
        return [rng.normal(scale=0.1, size=(self.n_features, self.n_outputs)).astype(np.float32),
                np.zeros(self.n_outputs, dtype=np.float32)]

    def train_logits(self, model, x, seed, batch, replica=0):
        return self.logits(model, x)

    def get_weights(self, model):
        return [np.array(v.numpy()) for v in model.trainable_variables]

    def set_weights(self, model, weights):
        for variable, value in zip(model.trainable_variables, weights):
            variable.assign(value)

    def fold_input_scaling(self, weights, mean, scale):
        kernel, bias = weights
        if scale is None:
            return [kernel, bias]
        bias = bias - (mean / scale) @ kernel if mean is not None else bias
        return [kernel / scale[:, None], bias]

    def cast_weights(self, weights, dtype):
        return [w.astype(dtype) for w in weights]

    def forward(self, X, weights):
        kernel, bias = weights
        return np.asarray(X @ kernel + bias)


def _train(network, X, Y, epochs=40, **options):
    import keras

    optimizer = keras.optimizers.Adam(0.05)
    return train_network(
        network, BinaryCrossentropy(), (type(optimizer), optimizer.get_config()),
        X, Y, np.ones(len(X), dtype=np.float32),
        train_rows=np.arange(len(X)), weights=network.initial_weights(np.random.default_rng(0)),
        epochs=epochs, batch_size=16, n_iter_no_change=epochs, tol=0.0,
        rng=np.random.default_rng(0), **options,
    )


def test_a_second_network_trains_through_train_network():
    """A linear Network learns the toy labels through the engine the MLP uses."""
    X, Y = toy_problem()
    network = LinearNetwork(5, 2)
    trained = _train(network, X, Y)
    losses = trained.result.history["loss"]
    assert losses[-1] < 0.5 * losses[0]
    assert isinstance(trained.weights, list) and [w.shape for w in trained.weights] == [
        (5, 2), (2,)]
    accuracy = np.mean((network.forward(X, trained.weights) > 0) == Y)
    assert accuracy > 0.8


def test_numpy_forward_of_the_second_network_matches_its_keras_model():
    """The weights handed back predict in NumPy as the Keras model does."""
    X, Y = toy_problem()
    network = LinearNetwork(5, 2)
    trained = _train(network, X, Y, epochs=3)
    model = network.build()
    network.set_weights(model, trained.weights)
    np.testing.assert_allclose(network.forward(X, trained.weights), model(X).numpy(),
                               rtol=1e-5, atol=1e-5)


def test_prediction_weights_fold_the_scaling_of_any_network():
    """PredictionWeights folds the input scaling through the network's own method."""
    rng = np.random.default_rng(0)
    network = LinearNetwork(3, 2)
    weights = network.initial_weights(rng)
    mean, scale = rng.normal(size=3), rng.uniform(0.5, 2.0, size=3)
    X = rng.normal(size=(4, 3))
    prediction = PredictionWeights(network, weights, mean, scale)
    expected = network.forward((X - mean) / scale, network.cast_weights(weights, np.float64))
    np.testing.assert_allclose(network.forward(X, prediction[False]), expected, rtol=1e-10)
    assert prediction[True][0].dtype == np.float32


def test_networks_are_cache_keys_by_value():
    """Equal architectures are equal and hash alike; other classes or sizes are not."""
    assert LinearNetwork(3, 2) == LinearNetwork(3, 2)
    assert hash(LinearNetwork(3, 2)) == hash(LinearNetwork(3, 2))
    assert LinearNetwork(3, 2) != LinearNetwork(3, 1)
    mlp = MLPNetwork(3, 2, hidden_layer_sizes=(), activation="relu")
    assert mlp != LinearNetwork(3, 2)


def test_the_mlp_through_train_network_is_the_mlp_the_estimator_trains():
    """train_network with an MLPNetwork is deterministic: same seed, same weights."""
    X, Y = toy_problem()
    network = MLPNetwork(5, 2, hidden_layer_sizes=(4,), activation="tanh", dropout=0.1)
    first = _train(network, X, Y, epochs=3)
    clear_trainer_cache()
    again = _train(network, X, Y, epochs=3)
    for a, b in zip(first.weights[0], again.weights[0]):
        np.testing.assert_array_equal(a, b)


def test_an_incomplete_network_cannot_be_made():
    """Leaving out a method of the interface is an error at construction."""
    class Partial(Network):
        key = ("partial",)

    with pytest.raises(TypeError, match="abstract"):
        Partial()
