"""The Keras network and its NumPy twin agree."""

import numpy as np
import pytest
import scipy.sparse as sp

from skmultinet._network import (
    NUMPY_ACTIVATIONS,
    build_network,
    fold_input_scaling,
    forward,
    get_weights,
    set_weights,
)


@pytest.mark.parametrize("activation", sorted(NUMPY_ACTIVATIONS))
def test_numpy_forward_matches_keras(activation):
    """forward() reproduces the Keras model's logits for every activation."""
    model = build_network(7, 3, hidden_layer_sizes=(5, 4), activation=activation, dropout=0.3, seed=0)
    X = np.random.default_rng(0).normal(scale=2.0, size=(11, 7)).astype(np.float32)
    coefs, intercepts = get_weights(model)
    expected = np.asarray(model(X, training=False))
    np.testing.assert_allclose(forward(X, coefs, intercepts, activation), expected, rtol=1e-4, atol=1e-5)


def test_seed_fixes_initial_weights():
    """The same seed gives the same initial weights, another seed others."""
    first = get_weights(build_network(4, 2, hidden_layer_sizes=(3,), activation="relu", dropout=0, seed=5))
    again = get_weights(build_network(4, 2, hidden_layer_sizes=(3,), activation="relu", dropout=0, seed=5))
    other = get_weights(build_network(4, 2, hidden_layer_sizes=(3,), activation="relu", dropout=0, seed=6))
    np.testing.assert_array_equal(first[0][0], again[0][0])
    assert not np.array_equal(first[0][0], other[0][0])


def test_set_weights_round_trip():
    """set_weights loads what get_weights returns."""
    model = build_network(4, 2, hidden_layer_sizes=(3,), activation="tanh", dropout=0, seed=1)
    coefs, intercepts = get_weights(model)
    coefs = [c + 1 for c in coefs]
    set_weights(model, coefs, intercepts)
    np.testing.assert_array_equal(get_weights(model)[0][1], coefs[1])


def test_no_hidden_layer_is_linear():
    """hidden_layer_sizes=() gives one Dense layer: logits = X W + b."""
    model = build_network(3, 2, hidden_layer_sizes=(), activation="relu", dropout=0, seed=0)
    coefs, intercepts = get_weights(model)
    assert len(coefs) == 1
    X = np.ones((1, 3), dtype=np.float32)
    np.testing.assert_allclose(forward(X, coefs, intercepts, "relu"), X @ coefs[0] + intercepts[0])


def test_folding_the_input_scaling_is_exact():
    """Scaled-input weights folded into the first layer give the same logits on raw X."""
    rng = np.random.default_rng(0)
    coefs = [rng.normal(size=(4, 6)), rng.normal(size=(6, 2))]
    intercepts = [rng.normal(size=6), rng.normal(size=2)]
    mean, scale = rng.normal(size=4), rng.uniform(0.5, 3, size=4)
    X = rng.normal(size=(9, 4))
    expected = forward((X - mean) / scale, coefs, intercepts, "relu")
    folded = fold_input_scaling(coefs, intercepts, mean, scale)
    np.testing.assert_allclose(forward(X, *folded, "relu"), expected, rtol=1e-10)
    sparse_folded = fold_input_scaling(coefs, intercepts, None, scale)
    X_sparse = sp.random(9, 4, density=0.5, format="csr", random_state=0)
    np.testing.assert_allclose(
        forward(X_sparse, *sparse_folded, "relu"),
        forward(X_sparse.toarray() / scale, coefs, intercepts, "relu"),
        rtol=1e-10,
    )
