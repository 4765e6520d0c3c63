"""KerasModelNetwork: a user's Keras model behind the Network interface."""

import copy
import pickle

import keras
import numpy as np
import pytest
from _own_models import small_mlp, with_registered_layer
from _training_toys import toy_problem

from skmultinet.losses import BinaryCrossentropy
from skmultinet.neural.networks import KerasModelNetwork
from skmultinet.neural.networks._keras_model import (
    check_user_model,
    unregistered_layers,
    with_seeds,
)
from skmultinet.neural.training import clear_trainer_cache, train_network

META = {"input_shape": (5,), "input_dtype": "float32", "n_outputs": 2, "n_labels": 2,
        "sparse": False}


class Unregistered(keras.layers.Layer):
    """A custom layer nobody registered with Keras."""

    def call(self, inputs):
        return inputs


def _network(build=small_mlp, **params):
    return KerasModelNetwork.from_model(build(META, **params), META)


def test_two_builds_of_one_architecture_share_a_key():
    """Keras's auto-numbered layer names do not split the trainer cache."""
    first, second = _network(), _network()
    assert first.config_json != second.config_json  # dense vs dense_2...
    assert first == second and hash(first) == hash(second)
    assert _network(units=8) != first


def test_initial_weights_depend_on_the_generator_only():
    """Same generator seed, same weights (dropout seed states included); another seed differs."""
    network = _network(rate=0.5)
    first = network.initial_weights(np.random.default_rng(3))
    again = _network(rate=0.5).initial_weights(np.random.default_rng(3))
    other = network.initial_weights(np.random.default_rng(4))
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    assert not np.array_equal(first[0], other[0])


def test_building_leaves_python_random_untouched():
    """Keras's default seeds come from Python's random: the network restores its state."""
    import random

    network = _network(rate=0.5)
    state = random.getstate()
    network.initial_weights(np.random.default_rng(0))
    network.build()
    assert random.getstate() == state


def test_with_seeds_replaces_every_seed():
    """Every ``seed`` entry of a nested config, and only those, comes from draw."""
    config = {"a": {"seed": None, "b": [{"seed": 3}, {"x": 1}]}}
    assert with_seeds(config, lambda: 7) == {"a": {"seed": 7, "b": [{"seed": 7}, {"x": 1}]}}


def test_training_mode_runs_the_models_own_dropout_and_regularizers():
    """train_logits runs dropout layers in training mode; penalty is the model's losses."""
    network = _network(rate=0.9, l2=0.5)
    model = network.build()
    network.set_weights(model, network.initial_weights(np.random.default_rng(0)))
    x = np.ones((4, 5), dtype=np.float32)
    train = network.train_logits(model, x, None, 0).numpy()
    infer = network.logits(model, x).numpy()
    assert not np.allclose(train, infer)
    assert float(network.penalty(model)) > 0
    assert _network().penalty(_network().build()) is None


def test_a_user_network_trains_through_train_network():
    """The engine the MLP uses trains a Keras model of the user's."""
    X, Y = toy_problem()
    network = _network(units=8)
    optimizer = keras.optimizers.Adam(0.05)
    trained = train_network(
        network, BinaryCrossentropy(), (type(optimizer), optimizer.get_config()), X, Y,
        np.ones(len(X), dtype=np.float32), train_rows=np.arange(len(X)),
        weights=network.initial_weights(np.random.default_rng(0)), epochs=30, batch_size=16,
        n_iter_no_change=30, tol=0.0, rng=np.random.default_rng(0),
    )
    losses = trained.result.history["loss"]
    assert losses[-1] < 0.5 * losses[0]
    accuracy = np.mean((network.forward(X, trained.weights) > 0) == Y)
    assert accuracy > 0.8
    clear_trainer_cache()


def test_forward_matches_the_keras_model_and_folds_the_scaling():
    """forward calls the model on ``(X - mean) / scale`` in batches."""
    network = _network()
    weights = network.initial_weights(np.random.default_rng(0))
    model = network.build()
    network.set_weights(model, weights)
    rng = np.random.default_rng(1)
    X = rng.normal(size=(2500, 5))
    mean, scale = rng.normal(size=5), rng.uniform(0.5, 2, size=5)
    expected = model((X - mean) / scale).numpy()
    predictor = network.fold_input_scaling(weights, mean, scale)
    np.testing.assert_allclose(network.forward(X, predictor), expected, rtol=1e-5, atol=1e-6)


def test_the_network_pickles_as_json_and_rebuilds():
    """Pickled, the network holds no Keras object and rebuilds the same architecture."""
    network = _network(build=with_registered_layer)
    data = pickle.dumps(network)
    assert b"keras.src" not in data.replace(b'"module": "keras.src', b"")
    restored = pickle.loads(data)
    assert restored._template is None and restored == network
    weights = network.initial_weights(np.random.default_rng(0))
    X = np.ones((3, 5))
    np.testing.assert_allclose(restored.forward(X, weights), network.forward(X, weights),
                               rtol=1e-6)
    assert copy.deepcopy(network)._template is network._template


def test_an_unregistered_layer_fails_at_pickling_and_names_the_layer():
    """Pickling refuses a layer Keras cannot rebuild, and says how to register it."""
    inputs = keras.Input((5,))
    model = keras.Model(inputs, keras.layers.Dense(2)(Unregistered()(inputs)))
    network = KerasModelNetwork.from_model(model, META)
    assert unregistered_layers(model) == [f"{__name__}.Unregistered"]
    with pytest.raises(TypeError, match="Unregistered.*register_keras_serializable"):
        pickle.dumps(network)


@pytest.mark.parametrize("make, message", [
    (lambda: keras.Sequential([keras.Input((5,)), keras.layers.Dense(3)]),
     r"outputs 3 logits.*needs 2"),
    (lambda: keras.Sequential([keras.Input((5,)), keras.layers.Dense(2, activation="sigmoid")]),
     r"sigmoid activation.*logits"),
    (lambda: keras.Sequential([keras.Input((5,)), keras.layers.Dense(2),
                               keras.layers.Softmax()]), r"softmax activation"),
    (lambda: keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)]),
     r"shape \(4,\).*shape \(5,\)"),
])
def test_models_that_do_not_fit_the_data_are_refused(make, message):
    """Wrong output width, a probability activation, a wrong input shape: each is named."""
    with pytest.raises(ValueError, match=message):
        check_user_model(make(), META)


def test_early_stopping_restores_every_variable_of_the_best_epoch():
    """Batch-norm statistics come back with the kernels: the kept weights give the best val_loss."""
    X, Y = toy_problem(200)
    network = _network(units=8, batch_norm=True)
    optimizer = keras.optimizers.Adam(0.3)
    loss = BinaryCrossentropy()
    validation = np.arange(150, 200)
    trained = train_network(
        network, loss, (type(optimizer), optimizer.get_config()), X, Y,
        np.ones(len(X), dtype=np.float32), train_rows=np.arange(150),
        validation_rows=validation,
        weights=network.initial_weights(np.random.default_rng(0)), epochs=40, batch_size=8,
        n_iter_no_change=4, tol=0.0, rng=np.random.default_rng(0),
    )
    result = trained.result
    assert result.best_epoch < result.n_epochs
    logits = network.forward(X[validation], trained.weights)
    kept = float(np.mean(loss.call(Y[validation], logits.astype(np.float32))))
    assert kept == pytest.approx(result.history["val_loss"][result.best_epoch - 1], rel=1e-4)
    clear_trainer_cache()
