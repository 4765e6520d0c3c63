"""The built-in MLP: its Keras model and NumPy twin agree (skmultinet.neural.networks._mlp)."""

import numpy as np
import pytest
import scipy.sparse as sp

from skmultinet.neural.networks._mlp import (
    MLPNetwork,
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


def test_mlp_network_predicts_through_the_interface_as_keras_does():
    """MLPNetwork's build, set_weights and forward agree, for float64 and float32 weights."""
    network = MLPNetwork(6, 3, hidden_layer_sizes=(5,), activation="gelu", dropout=0.3)
    weights = network.initial_weights(np.random.default_rng(1))
    model = network.build()
    network.set_weights(model, weights)
    X = np.random.default_rng(2).normal(size=(4, 6)).astype(np.float32)
    expected = np.asarray(model(X, training=False))
    np.testing.assert_allclose(network.forward(X, weights), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_array_equal(network.get_weights(model)[0][0], weights[0][0])
    as64 = network.cast_weights(weights, np.float64)
    assert as64[0][0].dtype == np.float64 and as64[1][0].dtype == np.float64


def test_mlp_graph_logits_apply_dropout_only_in_training():
    """Inference logits equal the model's; training logits with dropout differ by seed."""
    import tensorflow as tf

    network = MLPNetwork(4, 2, hidden_layer_sizes=(16,), activation="relu", dropout=0.5)
    model = network.build()
    network.set_weights(model, network.initial_weights(np.random.default_rng(0)))
    x = tf.constant(np.ones((3, 4), dtype=np.float32))
    np.testing.assert_allclose(network.logits(model, x), model(x), rtol=1e-6)
    seed = tf.constant([1, 2])
    first = network.train_logits(model, x, seed, 0)
    np.testing.assert_array_equal(first, network.train_logits(model, x, seed, 0))
    assert not np.allclose(first, network.train_logits(model, x, seed, 1))


def test_mlp_key_names_the_architecture():
    """The key changes with every setting that changes the compiled graph."""
    base = dict(hidden_layer_sizes=(4,), activation="relu", dropout=0.1)
    key = MLPNetwork(3, 2, **base).key
    assert MLPNetwork(3, 2, **{**base, "hidden_layer_sizes": [4]}).key == key
    assert MLPNetwork(3, 2, **{**base, "dropout": 0.2}).key != key
    assert MLPNetwork(3, 2, **{**base, "activation": "tanh"}).key != key
    assert MLPNetwork(3, 1, **base).key != key


def test_a_fit_prints_no_autograph_warning():
    """Tracing the training step of the built-in network converts every hook without a warning."""
    import subprocess
    import sys

    code = (
        "import numpy as np; from skmultinet import MultiLabelNetClassifier;"
        "rng = np.random.default_rng(0); X = rng.normal(size=(60, 4));"
        "MultiLabelNetClassifier((8,), epochs=2, random_state=0).fit(X, (X[:, :2] > 0).astype(int))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "AutoGraph" not in result.stderr
