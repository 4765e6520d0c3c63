"""Networks trained side by side (``n_networks``; skmultinet.neural.networks._mlp members)."""

import pickle

import numpy as np
import pytest
import scipy.sparse as sp

from skmultinet import MultiLabelNetClassifier, load, save
from skmultinet.losses import BinaryCrossentropy
from skmultinet.neural.networks._mlp import (
    MLPNetwork,
    forward,
    initial_weights,
    joined_weights,
    member_weights,
)
from skmultinet.neural.training._data import ResidentData
from skmultinet.neural.training._keys import TrainerSpec, loss_key, optimizer_key
from skmultinet.neural.training._loop import train
from skmultinet.neural.training._trainer import Trainer

from _training_toys import toy_problem

SIZES = (6, 5, 4, 3)  # features, two hidden layers, outputs


def _members(n_members, seed=0, bias=0.0):
    """Members of SIZES with random biases; the output bias shared, as the members hold it."""
    rng = np.random.default_rng(seed)
    members = []
    for _ in range(n_members):
        coefs, intercepts = initial_weights(SIZES, rng)
        intercepts = [rng.normal(size=b.shape).astype(np.float32) for b in intercepts]
        members.append((coefs, intercepts))
    shared = np.full(SIZES[-1], bias, dtype=np.float32)
    for _, intercepts in members:
        intercepts[-1] = shared
    return members


def test_joined_weights_compute_the_mean_of_the_members_logits():
    """The one perceptron of the joined weights is the members' average, in NumPy."""
    members = _members(3, bias=0.3)
    X = np.random.default_rng(1).normal(size=(9, SIZES[0]))
    expected = np.mean([forward(X, *member, "tanh") for member in members], axis=0)
    joined = joined_weights(members)
    assert [c.shape for c in joined[0]] == [(6, 15), (15, 12), (12, 3)]
    np.testing.assert_allclose(forward(X, *joined, "tanh"), expected, rtol=1e-5, atol=1e-6)
    # Block-diagonal between hidden layers: no member reads another's units.
    assert not joined[0][1][:5, 4:].any() and not joined[0][1][5:10, :4].any()


def test_member_weights_undo_joined_weights():
    """member_weights gives back each member's kernels and biases (the Keras layout)."""
    members = _members(2)
    kernels, biases = member_weights(*joined_weights(members), 2)
    assert [k.shape for k in kernels] == [(6, 10), (2, 5, 4), (2, 4, 3)]
    for k, (coefs, intercepts) in enumerate(members):
        np.testing.assert_array_equal(kernels[0][:, 5 * k:5 * (k + 1)], coefs[0])
        np.testing.assert_array_equal(kernels[1][k], coefs[1])
        np.testing.assert_allclose(kernels[2][k], coefs[2], rtol=1e-6)
        np.testing.assert_array_equal(biases[1][k], intercepts[1])
    np.testing.assert_array_equal(biases[2], members[0][1][2])


@pytest.mark.parametrize("activation", ["relu", "gelu"])
def test_keras_members_match_numpy_and_round_trip(activation):
    """The Keras model of the members returns the joined weights' logits; get/set agree."""
    network = MLPNetwork(6, 3, hidden_layer_sizes=(5, 4), activation=activation, n_members=3)
    assert network.layer_sizes == (6, 15, 12, 3)
    model = network.build()
    weights = joined_weights(_members(3, bias=-0.2))
    network.set_weights(model, weights)
    X = np.random.default_rng(2).normal(size=(7, 6)).astype(np.float32)
    np.testing.assert_allclose(np.asarray(model(X, training=False)),
                               network.forward(X, weights), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(np.asarray(network.logits(model, X)),
                               network.forward(X, weights), rtol=1e-4, atol=1e-5)
    back = network.get_weights(model)
    for got, sent in zip(back[0] + back[1], weights[0] + weights[1]):
        np.testing.assert_allclose(got, sent, rtol=1e-6, atol=1e-7)


def test_a_linear_model_is_one_network():
    """Without hidden layers the members would agree: one network, the plain layout."""
    network = MLPNetwork(6, 3, hidden_layer_sizes=(), activation="relu", n_members=4)
    assert network.n_members == 1 and network.layer_sizes == (6, 3)
    assert "n_members" not in network.get_config()


def _sgd_trainer(network):
    import keras

    loss, optimizer = BinaryCrossentropy(), keras.optimizers.SGD(0.5)
    spec = TrainerSpec(network=network, alpha=1e-3, sparse=False, loss_key=loss_key(loss),
                       optimizer_key=optimizer_key(type(optimizer), optimizer.get_config()))
    return Trainer(spec, loss, optimizer)


def test_each_member_follows_its_own_loss():
    """One SGD step moves each member as if it trained alone on the batch.

    The shared output bias takes the sum of the members' steps. Training on
    the loss of the averaged logits instead would give each member a share
    of one gradient, which this comparison tells apart.
    """
    X, Y = toy_problem(n=40)
    rng = np.random.default_rng(3)
    members = [initial_weights((5, 4, 2), rng) for _ in range(2)]
    shared = rng.normal(size=2).astype(np.float32)
    for _, intercepts in members:
        intercepts[-1] = shared
    kwargs = {"hidden_layer_sizes": (4,), "activation": "tanh"}
    ensemble = _sgd_trainer(MLPNetwork(5, 2, n_members=2, **kwargs))
    ensemble.load(joined_weights(members))
    one_step = {"epochs": 1, "batch_size": len(X), "n_iter_no_change": 5, "tol": 0}
    train(ensemble, ResidentData(X, Y, None), rng=np.random.default_rng(0), **one_step)
    stepped = member_weights(*ensemble.weights(), 2)
    bias_steps = []
    for k, member in enumerate(members):
        alone = _sgd_trainer(MLPNetwork(5, 2, **kwargs))
        alone.load(member)
        train(alone, ResidentData(X, Y, None), rng=np.random.default_rng(0), **one_step)
        coefs, intercepts = alone.weights()
        np.testing.assert_allclose(stepped[0][0][:, 4 * k:4 * (k + 1)], coefs[0], atol=1e-6)
        np.testing.assert_allclose(stepped[0][1][k], coefs[1], atol=1e-6)
        bias_steps.append(intercepts[1] - shared)
    assert not np.allclose(members[0][0][0], stepped[0][0][:, :4])  # the step moved them
    np.testing.assert_allclose(stepped[1][1] - shared, np.sum(bias_steps, axis=0), atol=1e-6)


# --------------------------------------------------------------- the estimator

@pytest.fixture(scope="module")
def problem():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(160, 6))
    Y = np.column_stack([X[:, 0] > 0, X[:, 1] + X[:, 2] > 0, X[:, 3] > 1]).astype(int)
    return X, Y


@pytest.fixture(scope="module")
def fitted(problem):
    X, Y = problem
    return MultiLabelNetClassifier((8,), n_networks=3, epochs=15, random_state=0).fit(X, Y)


def test_fitted_networks_predict_as_one_perceptron(fitted, problem):
    """coefs_ hold the joined perceptron; NumPy prediction and model_ agree."""
    X, _ = problem
    assert [c.shape for c in fitted.coefs_] == [(6, 24), (24, 3)]
    assert [b.shape for b in fitted.intercepts_] == [(24,), (3,)]
    scores = fitted.decision_function(X)
    np.testing.assert_allclose(np.asarray(fitted.model_(X.astype(np.float32))), scores,
                               rtol=1e-4, atol=1e-4)
    members = member_weights(fitted.coefs_, fitted.intercepts_, 3)[0][1]
    assert not np.allclose(members[0], members[1])  # own starting weights


def test_networks_differ_from_one_network(problem):
    """n_networks changes the fit; the same seed repeats it exactly."""
    X, Y = problem
    params = {"epochs": 5, "random_state": 0, "early_stopping": False}
    one = MultiLabelNetClassifier((8,), **params).fit(X, Y).decision_function(X)
    two = MultiLabelNetClassifier((8,), n_networks=2, **params).fit(X, Y).decision_function(X)
    again = MultiLabelNetClassifier((8,), n_networks=2, **params).fit(X, Y).decision_function(X)
    assert not np.allclose(one, two)
    np.testing.assert_array_equal(two, again)


def test_networks_survive_pickle_and_model_files(fitted, problem, tmp_path):
    """Pickles and the safe model format both keep the members' prediction."""
    X, _ = problem
    expected = fitted.predict_proba(X)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(fitted)).predict_proba(X), expected)
    save(fitted, tmp_path / "members.skmn")
    loaded = load(tmp_path / "members.skmn")
    assert loaded._network.n_members == 3
    np.testing.assert_allclose(loaded.predict_proba(X), expected, rtol=1e-6)


def test_warm_start_keeps_the_fitted_networks(problem):
    """warm_start and partial_fit continue the fitted members, whatever n_networks says now."""
    X, Y = problem
    clf = MultiLabelNetClassifier((8,), n_networks=2, epochs=3, warm_start=True,
                                  random_state=0).fit(X, Y)
    clf.set_params(n_networks=4).fit(X, Y)
    assert clf.coefs_[0].shape == (6, 16)
    clf.partial_fit(X, Y)
    assert clf.coefs_[0].shape == (6, 16)
    assert np.all(np.isfinite(clf.predict_proba(X)))


def test_sparse_inputs_train_networks(problem):
    """The first layer of the members takes CSR input like a single network."""
    X, Y = problem
    X = np.where(np.abs(X) > 1, X, 0.0)
    params = {"n_networks": 2, "epochs": 4, "random_state": 0, "early_stopping": False,
              "standardize": False}
    dense = MultiLabelNetClassifier((8,), **params).fit(X, Y).decision_function(X)
    sparse = MultiLabelNetClassifier((8,), **params).fit(sp.csr_matrix(X), Y)
    np.testing.assert_allclose(sparse.decision_function(X), dense, rtol=1e-3, atol=1e-3)


def test_n_networks_is_validated(problem):
    """n_networks must be a positive integer, refused in fit by sklearn's validation."""
    X, Y = problem
    with pytest.raises(ValueError, match="n_networks"):
        MultiLabelNetClassifier(n_networks=0).fit(X, Y)
