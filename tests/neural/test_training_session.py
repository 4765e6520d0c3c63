"""One fit's use of the engine (skmultinet.neural.training._session.train_network)."""

import numpy as np
import pytest

from skmultinet.losses import BinaryCrossentropy
from skmultinet.neural.networks import MLPNetwork
from skmultinet.neural.training import TrainingDiverged, clear_trainer_cache, train_network
from skmultinet.neural.training import _cache

from _training_toys import toy_problem


def _run(X, Y, optimizer, *, weights=None, state=None, key=None, epochs=2, rows=None):
    network = MLPNetwork(5, 2, hidden_layer_sizes=(4,), activation="relu")
    rows = np.arange(len(X)) if rows is None else rows
    return train_network(
        network, BinaryCrossentropy(), (type(optimizer), optimizer.get_config()), X, Y,
        np.ones(len(X), dtype=np.float32), train_rows=rows,
        weights=weights or network.initial_weights(np.random.default_rng(0)),
        optimizer_state=state, optimizer_state_key=key, epochs=epochs, batch_size=16,
        n_iter_no_change=10, tol=0.0, rng=np.random.default_rng(0),
    )


def test_the_trainer_goes_back_to_the_cache_and_weights_come_out_as_numpy():
    """After training, one trainer is cached and the weights are NumPy arrays."""
    import keras

    clear_trainer_cache()
    X, Y = toy_problem()
    trained = _run(X, Y, keras.optimizers.Adam(0.01))
    assert len(_cache._trainers) == 1
    assert all(isinstance(w, np.ndarray) for part in trained.weights for w in part)
    assert trained.result.n_epochs == 2 and len(trained.optimizer_state) > 0


def test_optimizer_state_carries_on_only_under_the_same_optimizer():
    """A saved state is used with its own optimizer key and dropped under another."""
    import keras

    X, Y = toy_problem()
    first = _run(X, Y, keras.optimizers.Adam(0.01))
    step_count = first.optimizer_state[0]
    same = _run(X, Y, keras.optimizers.Adam(0.01), weights=first.weights,
                state=first.optimizer_state, key=first.optimizer_key)
    other = _run(X, Y, keras.optimizers.Adam(0.02), weights=first.weights,
                 state=first.optimizer_state, key=first.optimizer_key)
    assert same.optimizer_state[0] == 2 * step_count
    assert other.optimizer_state[0] == step_count


def test_validation_rows_drive_early_stopping():
    """With validation rows, the history has a val_loss per epoch."""
    import keras

    X, Y = toy_problem()
    network = MLPNetwork(5, 2, hidden_layer_sizes=(4,), activation="relu")
    optimizer = keras.optimizers.Adam(0.01)
    trained = train_network(
        network, BinaryCrossentropy(), (type(optimizer), optimizer.get_config()), X, Y,
        np.ones(len(X), dtype=np.float32), train_rows=np.arange(100),
        validation_rows=np.arange(100, 120),
        weights=network.initial_weights(np.random.default_rng(0)), epochs=3, batch_size=16,
        n_iter_no_change=10, tol=0.0, rng=np.random.default_rng(0),
    )
    assert len(trained.result.history["val_loss"]) == 3


def test_divergence_is_raised_and_the_trainer_is_returned():
    """TrainingDiverged propagates; the borrowed trainer is back in the cache."""
    import keras

    clear_trainer_cache()
    X, Y = toy_problem()
    with pytest.raises(TrainingDiverged):
        _run(X * 1e18, Y, keras.optimizers.SGD(1e10), epochs=20)
    assert len(_cache._trainers) == 1
