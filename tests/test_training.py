"""The training loop: resident data, stopping rule, divergence."""

import numpy as np
import pytest
import scipy.sparse as sp

from skmultinet._network import build_network
from skmultinet._training import ResidentData, TrainingDiverged, _Stopper, per_sample_loss, train
from skmultinet.losses import BinaryCrossentropy


def test_sparse_rows_are_gathered_without_densifying():
    """Sparse batches are SparseTensors whose rows equal the CSR rows."""
    X = sp.random(30, 8, density=0.3, format="csr", random_state=0, dtype=np.float32)
    data = ResidentData(X, np.zeros((30, 2)), None)
    import tensorflow as tf

    batch = data.features(tf.constant([4, 0, 17], dtype=tf.int32))
    assert isinstance(batch, tf.SparseTensor)
    np.testing.assert_allclose(tf.sparse.to_dense(batch).numpy(), X[[4, 0, 17]].toarray())


def test_per_sample_loss_reduces_to_rows():
    """Per-entry, per-row and scalar loss outputs all become one value per row."""
    import tensorflow as tf

    y = tf.zeros((4, 3))
    logits = tf.zeros((4, 3))
    assert per_sample_loss(BinaryCrossentropy(), y, logits).shape == (4,)
    assert per_sample_loss(lambda t, z: tf.square(z - t), y, logits).shape == (4,)
    assert per_sample_loss(lambda t, z: tf.reduce_sum(z), y, logits).shape == (4,)


def test_stopper_counts_epochs_without_improvement():
    """Stop after `patience` epochs that do not improve by `tol`."""
    stopper = _Stopper(tol=0.1, patience=2)
    assert stopper.update(1.0, 1)
    assert stopper.update(0.95, 2) and not stopper.should_stop  # better, but by < tol
    assert not stopper.update(0.99, 3)
    assert stopper.should_stop and stopper.best_epoch == 2


def _toy_problem(n=120, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5)).astype(np.float32)
    Y = np.column_stack([X[:, 0] > 0, X[:, 1] + X[:, 2] > 0]).astype(np.float32)
    return X, Y


def test_training_lowers_the_loss_and_keeps_the_best_epoch():
    """Loss goes down; with validation, the restored epoch has the lowest val_loss."""
    import keras

    X, Y = _toy_problem()
    model = build_network(5, 2, hidden_layer_sizes=(8,), activation="relu", dropout=0, seed=0)
    result = train(
        model, keras.optimizers.Adam(0.05), BinaryCrossentropy(),
        ResidentData(X[:100], Y[:100], None), validation_data=ResidentData(X[100:], Y[100:], None),
        epochs=30, batch_size=16, alpha=1e-4, n_iter_no_change=5, tol=1e-4,
        rng=np.random.default_rng(0),
    )
    losses = result.history["loss"]
    assert losses[-1] < losses[0]
    assert result.best_epoch == int(np.argmin(result.history["val_loss"])) + 1


def test_divergence_raises_and_restores_finite_weights():
    """A loss that becomes non-finite stops training with TrainingDiverged."""
    import keras

    X, Y = _toy_problem()
    X = X * 1e18  # unscaled huge inputs with a huge step overflow float32
    model = build_network(5, 2, hidden_layer_sizes=(8,), activation="relu", dropout=0, seed=0)
    with pytest.raises(TrainingDiverged, match="learning_rate"):
        train(
            model, keras.optimizers.SGD(1e10), BinaryCrossentropy(), ResidentData(X, Y, None),
            epochs=20, batch_size=16, alpha=0.0, n_iter_no_change=50, tol=0.0,
            rng=np.random.default_rng(0),
        )
    assert all(np.all(np.isfinite(w)) for w in model.get_weights())
