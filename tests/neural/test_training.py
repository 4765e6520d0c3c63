"""The training loop: resident data, stopping rule, divergence."""

import numpy as np
import pytest
import scipy.sparse as sp

from skmultinet.neural.networks._mlp import initial_weights
from skmultinet.neural.training._loop import (
    ResidentData,
    Trainer,
    TrainerSpec,
    TrainingDiverged,
    _padded_order,
    _Stopper,
    borrow_trainer,
    clear_trainer_cache,
    gather_features,
    learning_rate_schedule,
    loss_key,
    optimizer_key,
    per_sample_loss,
    return_trainer,
    train,
)
from skmultinet.losses import BinaryCrossentropy


def test_sparse_rows_are_gathered_without_densifying():
    """Sparse batches are SparseTensors whose rows equal the CSR rows."""
    X = sp.random(30, 8, density=0.3, format="csr", random_state=0, dtype=np.float32)
    data = ResidentData(X, np.zeros((30, 2)), None)
    import tensorflow as tf

    batch = gather_features(data.tensors, tf.constant([4, 0, 17], dtype=tf.int32), 8)
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


def _trainer(optimizer, loss=None, dropout=0.0, sparse=False, hidden=(8,)):
    loss = loss or BinaryCrossentropy()
    spec = TrainerSpec(
        n_features=5, layer_sizes=(*hidden, 2), activation="relu", dropout=dropout,
        alpha=1e-4, sparse=sparse, loss_key=loss_key(loss),
        optimizer_key=optimizer_key(type(optimizer), optimizer.get_config()),
    )
    trainer = Trainer(spec, loss, optimizer)
    trainer.load(*initial_weights((5, *hidden, 2), np.random.default_rng(0)))
    return trainer


def test_padded_order_covers_every_row_once():
    """The padded order holds each row once with weight 1; padding rows weigh 0."""
    order, mask = _padded_order(np.random.default_rng(0), 10, 4)
    assert order.shape == mask.shape == (3, 4) and mask.sum() == 10
    assert sorted(order[mask > 0]) == list(range(10))


def test_training_lowers_the_loss_and_keeps_the_best_epoch():
    """Loss goes down; with validation, the restored epoch has the lowest val_loss."""
    import keras

    X, Y = _toy_problem()
    trainer = _trainer(keras.optimizers.Adam(0.05), dropout=0.2)
    result = train(
        trainer, ResidentData(X[:100], Y[:100], None),
        validation_data=ResidentData(X[100:], Y[100:], None),
        epochs=30, batch_size=16, n_iter_no_change=5, tol=1e-4, rng=np.random.default_rng(0),
    )
    losses = result.history["loss"]
    assert losses[-1] < losses[0]
    assert result.best_epoch == int(np.argmin(result.history["val_loss"])) + 1


def test_sparse_training_matches_dense_training():
    """The same rows as CSR or dense train to the same weights."""
    import keras

    X, Y = _toy_problem()
    X[np.abs(X) < 0.8] = 0
    results = []
    for sparse in (False, True):
        trainer = _trainer(keras.optimizers.Adam(0.01), sparse=sparse)
        data = ResidentData(sp.csr_matrix(X) if sparse else X, Y, None)
        train(trainer, data, epochs=3, batch_size=16, n_iter_no_change=10, tol=0,
              rng=np.random.default_rng(0))
        results.append(trainer.weights()[0][0])
    np.testing.assert_allclose(results[0], results[1], rtol=1e-4, atol=1e-5)


def test_trainers_are_reused_and_bounded():
    """A returned trainer is handed out again for the same spec; the cache stays bounded."""
    import keras

    from skmultinet.neural.training import _loop as _training

    clear_trainer_cache()
    first = _trainer(keras.optimizers.Adam(0.01))
    return_trainer(first)
    assert borrow_trainer(first.spec, None, None) is first
    for i in range(_training.MAX_CACHED_TRAINERS + 3):
        return_trainer(_trainer(keras.optimizers.Adam(0.001 * (i + 1))))
    assert len(_training._cache) == _training.MAX_CACHED_TRAINERS
    clear_trainer_cache()


def test_divergence_raises_and_restores_finite_weights():
    """A loss that becomes non-finite stops training with TrainingDiverged."""
    import keras

    X, Y = _toy_problem()
    X = X * 1e18  # unscaled huge inputs with a huge step overflow float32
    trainer = _trainer(keras.optimizers.SGD(1e10))
    with pytest.raises(TrainingDiverged, match="learning_rate"):
        train(trainer, ResidentData(X, Y, None), epochs=20, batch_size=16,
              n_iter_no_change=50, tol=0.0, rng=np.random.default_rng(0))
    assert all(np.all(np.isfinite(w.numpy())) for w in trainer.variables)


def test_fused_adam_matches_keras_adam():
    """The fused Adam kernel takes the same steps as keras.optimizers.Adam."""
    import keras

    from skmultinet.neural.training._loop import FusedAdam

    X, Y = _toy_problem()
    assert FusedAdam.handles(keras.optimizers.Adam(0.01))
    assert not FusedAdam.handles(keras.optimizers.Adam(0.01, weight_decay=0.1))
    assert not FusedAdam.handles(keras.optimizers.AdamW(0.01))
    weights = []
    # global_clipnorm=1e9 never clips but sends Adam down Keras's own path.
    for optimizer in (keras.optimizers.Adam(0.01), keras.optimizers.Adam(0.01, global_clipnorm=1e9)):
        trainer = _trainer(optimizer)
        assert isinstance(trainer.optimizer, FusedAdam) == (optimizer.global_clipnorm is None)
        train(trainer, ResidentData(X, Y, None), epochs=3, batch_size=16, n_iter_no_change=10,
              tol=0, rng=np.random.default_rng(0))
        weights.append(trainer.weights()[0])
    for fused, reference in zip(*weights):
        np.testing.assert_allclose(fused, reference, atol=1e-5)


def test_fresh_optimizer_state_is_kept_small_and_restored():
    """Constant fresh slots are stored as one value each and come back exactly on load."""
    import keras

    X, Y = _toy_problem()
    trainer = _trainer(keras.optimizers.Adagrad(0.1, initial_accumulator_value=0.25))
    assert all(np.ndim(value) == 0 for value in trainer._fresh_optimizer_state)
    fresh = trainer.optimizer_state()
    train(trainer, ResidentData(X, Y, None), epochs=2, batch_size=16, n_iter_no_change=10,
          tol=0, rng=np.random.default_rng(0))
    assert any(np.any(a != b) for a, b in zip(trainer.optimizer_state(), fresh))
    trainer.load(*trainer.weights())
    for after, before in zip(trainer.optimizer_state(), fresh):
        np.testing.assert_array_equal(after, before)


def test_xla_compiled_epochs_match_the_plain_graph():
    """jit_compile changes how a step runs, not what it computes (no dropout)."""
    import keras

    X, Y = _toy_problem()
    weights = []
    for jit_compile in (False, True):
        trainer = _trainer(keras.optimizers.Adam(0.01), hidden=(8,))
        assert trainer.can_jit_compile
        train(trainer, ResidentData(X, Y, np.linspace(0.5, 1.5, len(X))), epochs=3,
              batch_size=16, n_iter_no_change=10, tol=0, rng=np.random.default_rng(0),
              jit_compile=jit_compile)
        weights.append(trainer.weights()[0][0])
        assert (16, jit_compile) in trainer._epoch_functions
    np.testing.assert_allclose(weights[0], weights[1], rtol=1e-5, atol=1e-6)


def test_sparse_trainers_never_jit_compile():
    """XLA cannot compile the ragged row gather: sparse trainers run the plain graph."""
    import keras

    trainer = _trainer(keras.optimizers.Adam(0.01), sparse=True)
    assert not trainer.can_jit_compile
    X, Y = _toy_problem()
    train(trainer, ResidentData(sp.csr_matrix(X), Y, None), epochs=1, batch_size=16,
          n_iter_no_change=10, tol=0, rng=np.random.default_rng(0), jit_compile=True)
    assert list(trainer._epoch_functions) == [(16, False)]


def test_learning_rate_schedules():
    """Constant repeats the rate; cosine starts at it, halves mid-way, decreases towards 0."""
    np.testing.assert_array_equal(learning_rate_schedule("constant", 0.1, 3), [0.1] * 3)
    rates = learning_rate_schedule("cosine", 0.1, 10)
    assert rates.shape == (10,) and rates[0] == pytest.approx(0.1)
    assert rates[5] == pytest.approx(0.05)
    assert np.all(np.diff(rates) < 0) and 0 < rates[-1] < 0.003
    with pytest.raises(ValueError, match="'constant' or 'cosine'"):
        learning_rate_schedule("linear", 0.1, 3)
