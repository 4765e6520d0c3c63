"""The Keras network and its NumPy twin agree."""

import numpy as np
import pytest
import scipy.sparse as sp

from skmultinet.neural.networks._mlp import (
    NUMPY_ACTIVATIONS,
    build_network,
    fold_input_scaling,
    forward,
    get_weights,
    initial_weights,
    set_weights,
)


@pytest.mark.parametrize("activation", sorted(NUMPY_ACTIVATIONS))
def test_numpy_forward_matches_keras(activation):
    """forward() reproduces the Keras model's logits for every activation."""
    model = build_network(7, 3, hidden_layer_sizes=(5, 4), activation=activation)
    coefs, intercepts = initial_weights((7, 5, 4, 3), np.random.default_rng(0))
    intercepts = [b + 0.1 for b in intercepts]
    set_weights(model, coefs, intercepts)
    X = np.random.default_rng(0).normal(scale=2.0, size=(11, 7)).astype(np.float32)
    expected = np.asarray(model(X, training=False))
    np.testing.assert_allclose(forward(X, coefs, intercepts, activation), expected, rtol=1e-4, atol=1e-5)


def test_initial_weights_are_seeded_glorot_uniform():
    """Same generator seed, same weights; kernels within the Glorot bound, zero biases."""
    first = initial_weights((4, 3, 2), np.random.default_rng(5))
    again = initial_weights((4, 3, 2), np.random.default_rng(5))
    other = initial_weights((4, 3, 2), np.random.default_rng(6))
    np.testing.assert_array_equal(first[0][0], again[0][0])
    assert not np.array_equal(first[0][0], other[0][0])
    assert np.abs(first[0][0]).max() <= np.sqrt(6 / 7) and not first[1][0].any()
    assert [c.shape for c in first[0]] == [(4, 3), (3, 2)]


def test_set_weights_round_trip():
    """set_weights loads what get_weights returns."""
    model = build_network(4, 2, hidden_layer_sizes=(3,), activation="tanh")
    coefs, intercepts = get_weights(model)
    coefs = [c + 1 for c in coefs]
    set_weights(model, coefs, intercepts)
    np.testing.assert_array_equal(get_weights(model)[0][1], coefs[1])


def test_no_hidden_layer_is_linear():
    """hidden_layer_sizes=() gives one Dense layer: logits = X W + b."""
    model = build_network(3, 2, hidden_layer_sizes=(), activation="relu")
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
