"""The epoch loop: stopping rule, padded batches, divergence, schedules (training._loop)."""

import warnings

import numpy as np
import pytest

from skmultinet.neural.training._data import ResidentData
from skmultinet.neural.training._loop import (
    TrainingDiverged,
    _padded_order,
    _Stopper,
    learning_rate_schedule,
    train,
)

from _training_toys import toy_problem, toy_trainer


def test_stopper_counts_epochs_without_improvement():
    """Stop after `patience` epochs that do not improve by `tol`."""
    stopper = _Stopper(tol=0.1, patience=2)
    assert stopper.update(1.0, 1)
    assert stopper.update(0.95, 2) and not stopper.should_stop  # better, but by < tol
    assert not stopper.update(0.99, 3)
    assert stopper.should_stop and stopper.best_epoch == 2


def test_padded_order_covers_every_row_once():
    """The padded order holds each row once with weight 1; padding rows weigh 0."""
    order, mask = _padded_order(np.random.default_rng(0), 10, 4)
    assert order.shape == mask.shape == (3, 4) and mask.sum() == 10
    assert sorted(order[mask > 0]) == list(range(10))


def test_training_lowers_the_loss_and_keeps_the_best_epoch():
    """Loss goes down; with validation, the restored epoch has the lowest val_loss."""
    import keras

    X, Y = toy_problem()
    trainer = toy_trainer(keras.optimizers.Adam(0.05), dropout=0.2)
    result = train(
        trainer, ResidentData(X[:100], Y[:100], None),
        validation_data=ResidentData(X[100:], Y[100:], None),
        epochs=30, batch_size=16, n_iter_no_change=5, tol=1e-4, rng=np.random.default_rng(0),
    )
    losses = result.history["loss"]
    assert losses[-1] < losses[0]
    assert result.best_epoch == int(np.argmin(result.history["val_loss"])) + 1


def test_divergence_raises_and_restores_finite_weights():
    """A loss that becomes non-finite stops training with TrainingDiverged."""
    import keras

    X, Y = toy_problem()
    X = X * 1e18  # unscaled huge inputs with a huge step overflow float32
    trainer = toy_trainer(keras.optimizers.SGD(1e10))
    with pytest.raises(TrainingDiverged, match="learning_rate"):
        train(trainer, ResidentData(X, Y, None), epochs=20, batch_size=16,
              n_iter_no_change=50, tol=0.0, rng=np.random.default_rng(0))
    assert all(np.all(np.isfinite(w.numpy())) for w in trainer.variables)


def test_learning_rate_schedules():
    """Constant repeats the rate; cosine starts at it, halves mid-way, decreases towards 0."""
    np.testing.assert_array_equal(learning_rate_schedule("constant", 0.1, 3), [0.1] * 3)
    rates = learning_rate_schedule("cosine", 0.1, 10)
    assert rates.shape == (10,) and rates[0] == pytest.approx(0.1)
    assert rates[5] == pytest.approx(0.05)
    assert np.all(np.diff(rates) < 0) and 0 < rates[-1] < 0.003
    with pytest.raises(ValueError, match="'constant' or 'cosine'"):
        learning_rate_schedule("linear", 0.1, 3)


def test_stopper_follows_a_greater_is_better_value():
    """For a score, a higher value is the improvement; NaN is the worst value."""
    stopper = _Stopper(tol=0.01, patience=2, greater_is_better=True)
    assert stopper.update(0.5, 1)
    assert stopper.update(0.6, 2)
    assert not stopper.update(float("nan"), 3)
    assert not stopper.update(0.55, 4)
    assert stopper.should_stop and stopper.best_epoch == 2


def test_progress_line_reads_epoch_times_and_values():
    """verbose's line: 'Epoch e/E - elapsed, ~left - name value - ...'."""
    from skmultinet.neural.training._progress import EpochProgress, format_duration

    line = EpochProgress(200).line(3, {"loss": 0.31234, "val_f1_micro": 0.61}, 0.42)
    assert line == "Epoch 3/200 - 0.4s elapsed, ~28s left - loss 0.3123 - val_f1_micro 0.61"
    assert [format_duration(s) for s in (0.42, 12.3, 185, 3725)] == ["0.4s", "12s", "3m05s",
                                                                     "1h02m"]


@pytest.fixture(scope="module")
def averaging_problem():
    """Rows for fits of one full-batch step per epoch, and the arguments they share."""
    from sklearn.datasets import make_multilabel_classification

    X, Y = make_multilabel_classification(120, 8, n_classes=4, random_state=0)
    common = {"random_state": 0, "early_stopping": False, "batch_size": 120,
              "hidden_layer_sizes": (16,), "standardize": True}
    return X, Y, common


def _fitted(X, Y, optimizer, **params):
    """A fit of a few epochs; the ConvergenceWarning of a fixed epoch count is expected."""
    from sklearn.exceptions import ConvergenceWarning

    from skmultinet import MultiLabelNetClassifier

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return MultiLabelNetClassifier(optimizer=optimizer, **params).fit(X, Y)


def test_weight_averaging_keeps_the_averaged_weights(averaging_problem):
    """use_ema=True is honoured: the fit ends with the optimizer's average, not the raw weights.

    With ema_momentum=1 the average never moves after the first step, so five
    full-batch epochs must end where one epoch does; with ema_momentum=0 it
    is the raw weights, so the fit equals the plain optimizer's.
    """
    import keras

    X, Y, common = averaging_problem
    frozen = _fitted(X, Y, keras.optimizers.Adam(use_ema=True, ema_momentum=1.0),
                     epochs=5, **common)
    one_step = _fitted(X, Y, keras.optimizers.Adam(), epochs=1, **common)
    five_steps = _fitted(X, Y, keras.optimizers.Adam(), epochs=5, **common)
    following = _fitted(X, Y, keras.optimizers.Adam(use_ema=True, ema_momentum=0.0),
                        epochs=5, **common)
    for mine, reference in zip(frozen.coefs_, one_step.coefs_):
        np.testing.assert_allclose(mine, reference, atol=1e-6)
    assert not np.allclose(frozen.coefs_[0], five_steps.coefs_[0], atol=1e-4)
    for mine, reference in zip(following.coefs_, five_steps.coefs_):
        np.testing.assert_allclose(mine, reference, atol=1e-6)


def test_weight_averaging_scores_epochs_by_the_averaged_weights(averaging_problem):
    """Early stopping watches the averaged weights: a frozen average scores the same each epoch."""
    import keras

    X, Y, common = averaging_problem
    params = {**common, "early_stopping": True, "n_iter_no_change": 50, "epochs": 6}
    model = _fitted(X, Y, keras.optimizers.Adam(use_ema=True, ema_momentum=1.0), **params)
    val_loss = model.history_["val_loss"]
    assert len(val_loss) == 6 and np.ptp(val_loss) == 0.0
    assert np.ptp(model.history_["loss"]) > 0  # the raw weights did train
