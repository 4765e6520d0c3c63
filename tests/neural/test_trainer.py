"""The trainer and its compiled functions (skmultinet.neural.training._trainer)."""

import numpy as np
import scipy.sparse as sp

from skmultinet.losses import BinaryCrossentropy
from skmultinet.neural.training._data import ResidentData
from skmultinet.neural.training._loop import train
from skmultinet.neural.training._trainer import per_sample_loss

from _training_toys import toy_problem, toy_trainer


def test_per_sample_loss_reduces_to_rows():
    """Per-entry, per-row and scalar loss outputs all become one value per row."""
    import tensorflow as tf

    y = tf.zeros((4, 3))
    logits = tf.zeros((4, 3))
    assert per_sample_loss(BinaryCrossentropy(), y, logits).shape == (4,)
    assert per_sample_loss(lambda t, z: tf.square(z - t), y, logits).shape == (4,)
    assert per_sample_loss(lambda t, z: tf.reduce_sum(z), y, logits).shape == (4,)


def test_sparse_training_matches_dense_training():
    """The same rows as CSR or dense train to the same weights."""
    import keras

    X, Y = toy_problem()
    X[np.abs(X) < 0.8] = 0
    results = []
    for sparse in (False, True):
        trainer = toy_trainer(keras.optimizers.Adam(0.01), sparse=sparse)
        data = ResidentData(sp.csr_matrix(X) if sparse else X, Y, None)
        train(trainer, data, epochs=3, batch_size=16, n_iter_no_change=10, tol=0,
              rng=np.random.default_rng(0))
        results.append(trainer.weights()[0][0])
    np.testing.assert_allclose(results[0], results[1], rtol=1e-4, atol=1e-5)


def test_fresh_optimizer_state_is_kept_small_and_restored():
    """Constant fresh slots are stored as one value each and come back exactly on load."""
    import keras

    X, Y = toy_problem()
    trainer = toy_trainer(keras.optimizers.Adagrad(0.1, initial_accumulator_value=0.25))
    assert all(np.ndim(value) == 0 for value in trainer._fresh_optimizer_state)
    fresh = trainer.optimizer_state()
    train(trainer, ResidentData(X, Y, None), epochs=2, batch_size=16, n_iter_no_change=10,
          tol=0, rng=np.random.default_rng(0))
    assert any(np.any(a != b) for a, b in zip(trainer.optimizer_state(), fresh))
    trainer.load(trainer.weights())
    for after, before in zip(trainer.optimizer_state(), fresh):
        np.testing.assert_array_equal(after, before)


def test_xla_compiled_epochs_match_the_plain_graph():
    """jit_compile changes how a step runs, not what it computes (no dropout)."""
    import keras

    X, Y = toy_problem()
    weights = []
    for jit_compile in (False, True):
        trainer = toy_trainer(keras.optimizers.Adam(0.01), hidden=(8,))
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

    trainer = toy_trainer(keras.optimizers.Adam(0.01), sparse=True)
    assert not trainer.can_jit_compile
    X, Y = toy_problem()
    train(trainer, ResidentData(sp.csr_matrix(X), Y, None), epochs=1, batch_size=16,
          n_iter_no_change=10, tol=0, rng=np.random.default_rng(0), jit_compile=True)
    assert list(trainer._epoch_functions) == [(16, False)]


def test_trainer_logits_and_learning_rate_follow_the_model():
    """Trainer.logits are the model's inference logits; learning_rate reads what was set."""
    import keras

    X, Y = toy_problem()
    trainer = toy_trainer(keras.optimizers.Adam(0.05))
    data = ResidentData(X, Y, np.ones(len(X)))
    rows = np.arange(5, 15, dtype=np.int32)
    logits = trainer.logits(data.tensors, rows)
    expected = trainer.model(X[5:15].astype(np.float32), training=False).numpy()
    np.testing.assert_allclose(logits, expected, rtol=1e-5, atol=1e-6)
    for optimizer in (keras.optimizers.Adam(0.05), keras.optimizers.SGD(0.05)):
        other = toy_trainer(optimizer)  # fused Adam, then a Keras optimizer
        other.set_learning_rate(0.125)
        assert other.learning_rate == 0.125


def test_own_code_traces_without_autograph_and_a_users_loss_with_it():
    """AutoGraph only where a user's code is called: it may branch in Python on tensors."""
    import keras
    import tensorflow as tf

    X, Y = toy_problem()
    assert toy_trainer(keras.optimizers.Adam(0.01)).autograph is False

    def branching_loss(y_true, logits):
        # Python control flow on a tensor: only AutoGraph makes it a graph.
        if tf.reduce_sum(y_true) > 0:
            return tf.nn.sigmoid_cross_entropy_with_logits(labels=y_true, logits=logits)
        return tf.zeros_like(logits)

    trainer = toy_trainer(keras.optimizers.Adam(0.01), loss=branching_loss)
    assert trainer.autograph is True
    result = train(trainer, ResidentData(X, Y, None), epochs=2, batch_size=16,
                   n_iter_no_change=10, tol=0, rng=np.random.default_rng(0))
    assert np.all(np.isfinite(result.history["loss"]))


def test_validation_loss_sums_every_chunk():
    """mean_loss's graph loop covers all rows, the last partial chunk included."""
    import keras
    import tensorflow as tf

    X, Y = toy_problem(n=50)
    trainer = toy_trainer(keras.optimizers.Adam(0.01))
    data = ResidentData(X, Y, None)
    rows = tf.constant(np.arange(50, dtype=np.int32))
    whole = float(trainer._mean_loss(data.tensors, data.Y, data.sample_weight, rows))
    chunked = float(trainer._mean_loss(data.tensors, data.Y, data.sample_weight, rows,
                                       chunk_size=7))
    np.testing.assert_allclose(chunked, whole, rtol=1e-6)
    logits = trainer.logits(data.tensors, np.arange(50, dtype=np.int32))
    expected = np.mean(np.logaddexp(0, logits) - Y * logits)
    np.testing.assert_allclose(whole, expected, rtol=1e-5)
