"""The epoch loop: shuffled padded batches, early stopping, divergence, best weights.

Python looks at training only between epochs (one compiled call of
:meth:`~._trainer.Trainer.run_epoch` each): to record the loss, check it is
finite, compute the validation loss and the epoch metrics
(:mod:`._epoch_metrics`), print a line (:mod:`._progress`), keep the best
weights of the monitored value, call the user's callbacks (:mod:`._callbacks`)
and decide whether to stop, by ``MLPClassifier``'s rule or a callback's
request. Without metrics or callbacks an epoch costs what it did before them.

An optimizer that keeps a moving average of the weights (Keras's
``use_ema=True``) trains the raw weights but is judged, and kept, by the
averaged ones: they are swapped in to score each epoch and to snapshot the
best, as ``keras.callbacks.SwapEMAWeights`` does for ``Model.fit``.
"""

import contextlib
from dataclasses import dataclass, field

import numpy as np

from ..._backend import import_keras
from ._callbacks import CallbackHooks, terminates_on_nan, weights_fingerprint
from ._progress import EpochProgress


class TrainingDiverged(ValueError):
    """The training loss became NaN or infinite."""


@dataclass
class TrainingResult:
    """What one call of :func:`train` learned about the run.

    Attributes
    ----------
    history : dict of list of float
        ``"loss"`` (training loss per epoch) and, with a validation set,
        ``"val_loss"``.
    n_epochs : int
        Epochs run.
    best_epoch : int
        1-based epoch whose weights were kept.
    converged : bool
        Whether training stopped before the epoch limit (a plateau, or a
        callback's request).
    monitor : str
        The key of ``history`` that early stopping watched.
    best_score : float
        Its value at ``best_epoch`` (NaN when not recorded).
    """

    history: dict = field(default_factory=dict)
    n_epochs: int = 0
    best_epoch: int = 0
    converged: bool = False
    monitor: str = "loss"
    best_score: float = float("nan")


class _Stopper:
    """MLPClassifier's stopping rule: no improvement by ``tol`` for ``patience`` epochs.

    Values are compared as losses: a greater-is-better value is negated, and
    a NaN or infinite one is the worst possible.
    """

    def __init__(self, tol, patience, greater_is_better=False):
        self.tol = tol
        self.patience = patience
        self.sign = -1.0 if greater_is_better else 1.0
        self.best = np.inf
        self.best_epoch = 0
        self.stale = 0

    def update(self, value, epoch):
        """Record ``value`` for ``epoch``; return whether it is a new best."""
        value = self.sign * value if np.isfinite(value) else np.inf
        improved = value < self.best
        if value > self.best - self.tol:
            self.stale += 1
        else:
            self.stale = 0
        if improved:
            self.best = value
            self.best_epoch = epoch
        return improved

    @property
    def should_stop(self):
        return self.stale >= self.patience


def _padded_order(rng, n_samples, batch_size, n_replicas=1):
    """A random row order in whole batches, and the mask of real rows.

    Returns arrays of shape ``(n_batches, width)``: ``width`` is
    ``batch_size`` rounded up to a multiple of ``n_replicas`` so that every
    replica gets an equal share of each batch.
    """
    order = rng.permutation(n_samples).astype(np.int32)
    n_padding = -n_samples % batch_size
    mask = np.ones(n_samples + n_padding, dtype=np.float32)
    if n_padding:
        # Static batch shapes keep one graph for every batch; padded rows
        # carry zero weight, so the last batch acts as a smaller one.
        order = np.concatenate([order, order[:n_padding]])
        mask[n_samples:] = 0.0
    order, mask = order.reshape(-1, batch_size), mask.reshape(-1, batch_size)
    n_extra = -batch_size % n_replicas
    if n_extra:
        order = np.concatenate([order, order[:, :n_extra]], axis=1)
        mask = np.concatenate([mask, np.zeros_like(mask[:, :n_extra])], axis=1)
    return order, mask


def learning_rate_schedule(schedule, learning_rate, epochs):
    """The step size of each epoch of a fit.

    Parameters
    ----------
    schedule : {"constant", "cosine"}
        ``"cosine"`` anneals from ``learning_rate`` towards 0 along half a
        cosine over ``epochs`` (Loshchilov and Hutter, "SGDR: Stochastic
        Gradient Descent with Warm Restarts", ICLR 2017), one value per epoch:
        ``learning_rate * (1 + cos(pi * e / epochs)) / 2`` for epoch
        ``e = 0, ..., epochs - 1``.
    learning_rate : float
    epochs : int

    Returns
    -------
    learning_rates : ndarray of shape (epochs,)
    """
    if schedule == "constant":
        return np.full(epochs, float(learning_rate))
    if schedule != "cosine":
        raise ValueError(f"Unknown learning-rate schedule {schedule!r}: use 'constant' or "
                         f"'cosine'.")
    return learning_rate * (1.0 + np.cos(np.pi * np.arange(epochs) / epochs)) / 2.0


def train(
    trainer,
    train_data,
    *,
    validation_data=None,
    epochs,
    n_iter_no_change,
    tol,
    batch_size,
    rng,
    verbose=0,
    stop_on_plateau=True,
    jit_compile=False,
    learning_rates=None,
    monitor=None,
    greater_is_better=False,
    scoring=None,
    callbacks=(),
):
    """Train the trainer's network in place and keep the best weights.

    The weights of the epoch with the best ``monitor`` value are restored at
    the end (early stopping). With an optimizer that averages the weights
    (``use_ema=True``), the validation values and metrics of an epoch are
    those of its averaged weights, and the averaged weights of the best epoch
    are the ones kept. Training stops after ``n_iter_no_change`` epochs
    without an improvement of at least ``tol`` (when ``stop_on_plateau``), or
    when a callback sets ``model.stop_training``.

    Parameters
    ----------
    trainer : Trainer
        Holds the weights to start from (see :meth:`Trainer.load`).
    train_data, validation_data : ResidentData
    epochs : int
        Maximum number of epochs.
    batch_size : int
        Rows per gradient step.
    n_iter_no_change : int
    tol : float
    rng : numpy.random.Generator
        Source of the shuffling order and dropout seeds.
    verbose : int
        Print one line per epoch when positive (see :class:`~._progress.EpochProgress`).
    stop_on_plateau : bool
        ``False`` runs all ``epochs`` (``partial_fit``).
    jit_compile : bool
        Compile the epoch with XLA where possible (see :meth:`Trainer.run_epoch`).
    learning_rates : array-like of shape (epochs,), default=None
        Step size of each epoch (see :func:`learning_rate_schedule`); None
        leaves the optimizer's own (an optimizer with a Keras schedule). Once
        a callback sets the learning rate, it is left to the callbacks.
    monitor : str, default=None
        The key of the history that early stopping watches; None watches
        ``"val_loss"`` with ``validation_data``, ``"loss"`` without.
    greater_is_better : bool, default=False
        The direction of ``monitor``.
    scoring : EpochScoring, default=None
        Computes the epoch metrics (see :mod:`._epoch_metrics`).
    callbacks : list of keras.callbacks.Callback, default=()
        The fit's own copies (see :func:`~._callbacks.copy_callbacks`),
        called at the epoch boundaries.

    Returns
    -------
    result : TrainingResult

    Raises
    ------
    TrainingDiverged
        When the training loss becomes NaN or infinite; the trainer then holds
        the best finite weights seen. With a ``keras.callbacks.TerminateOnNaN``
        among ``callbacks``, training ends there instead, without an error.
    """
    tf, _ = import_keras()
    if monitor is None:
        monitor = "loss" if validation_data is None else "val_loss"
    n_replicas = trainer.strategy.num_replicas_in_sync if trainer.strategy is not None else 1
    stopper = _Stopper(tol, n_iter_no_change, greater_is_better)
    best_weights = [v.numpy() for v in trainer.state_variables]
    result = TrainingResult(history={}, monitor=monitor)
    progress = EpochProgress(epochs) if verbose else None
    hooks = None
    if callbacks:
        hooks = CallbackHooks(callbacks, trainer, epochs, -(-train_data.n_samples // batch_size))
    fingerprints = []  # of each epoch's weights, to tell which one a callback restored
    diverged = False
    logs = {}
    with hooks if hooks is not None else contextlib.nullcontext():
        if hooks is not None:
            hooks.train_begin()
        for epoch in range(1, epochs + 1):
            if learning_rates is not None and not (hooks is not None
                                                   and hooks.learning_rate_set):
                trainer.set_learning_rate(learning_rates[epoch - 1])
            if hooks is not None:
                hooks.epoch_begin(epoch)
            order, mask = _padded_order(rng, train_data.n_samples, batch_size, n_replicas)
            if train_data.rows is not None:
                order = train_data.rows[order]  # positions among the rows -> rows of the tensors
            seed = rng.integers(0, np.iinfo(np.int32).max // 2, size=2).astype(np.int32)
            loss_sum, weight_sum = trainer.run_epoch(
                train_data.tensors, train_data.Y, train_data.sample_weight,
                tf.constant(order), tf.constant(mask), tf.constant(seed), jit_compile,
            )
            epoch_loss = float(loss_sum) / float(weight_sum)
            result.n_epochs = epoch
            if not np.isfinite(epoch_loss):
                _diverged(trainer, result, epoch_loss, epoch, best_weights, hooks)
                diverged = True
                break
            with _averaged_weights(trainer):
                logs = _epoch_logs(trainer, epoch_loss, validation_data, scoring)
                if stopper.update(logs[monitor], epoch):
                    best_weights = [v.numpy() for v in trainer.state_variables]
            _append(result.history, logs)
            if progress is not None:
                progress.report(epoch, logs)
            if hooks is not None:
                fingerprints.append(weights_fingerprint(trainer))
                hooks.epoch_end(epoch, logs)
                if hooks.stop_requested:
                    result.converged = True
                    break
            if stop_on_plateau and stopper.should_stop:
                result.converged = True
                break
        if stopper.best_epoch and (stopper.best_epoch != result.n_epochs
                                   or averages_weights(trainer.optimizer)):
            _assign(trainer.state_variables, best_weights)
        elif averages_weights(trainer.optimizer) and not diverged:
            # No epoch scored (a NaN monitor throughout): the last average stands. After a
            # divergence the average holds the non-finite steps: the finite weights stay.
            trainer.optimizer.finalize_variable_values(trainer.variables)
        result.best_epoch = stopper.best_epoch or result.n_epochs
        if hooks is not None:
            _train_end(trainer, hooks, logs, fingerprints, result)
    history = result.history.get(monitor)
    result.best_score = history[result.best_epoch - 1] if history else float("nan")
    return result


def averages_weights(optimizer):
    """Whether ``optimizer`` keeps a moving average of the weights (``use_ema=True``)."""
    return bool(getattr(optimizer, "use_ema", False))


@contextlib.contextmanager
def _averaged_weights(trainer):
    """The optimizer's averaged weights in the network for the block, the raw ones after.

    Does nothing for an optimizer that keeps no average.
    """
    if not averages_weights(trainer.optimizer):
        yield
        return
    raw = [v.numpy() for v in trainer.variables]
    trainer.optimizer.finalize_variable_values(trainer.variables)
    try:
        yield
    finally:
        _assign(trainer.variables, raw)


def _diverged(trainer, result, epoch_loss, epoch, best_weights, hooks):
    """On a NaN or infinite loss: restore the best weights, then raise or end the fit.

    With ``TerminateOnNaN`` among the callbacks, the fit ends without an
    error: the epoch is recorded (NaN for what was not computed) and the
    callbacks see it.
    """
    _assign(trainer.state_variables, best_weights)
    if hooks is None or not terminates_on_nan(hooks.callbacks):
        raise TrainingDiverged(
            f"Training diverged: the loss became {epoch_loss} at epoch {epoch}. "
            "Lower learning_rate, scale the features (standardize=True) or pick "
            "another loss."
        )
    logs = {key: float("nan") for key in result.history} | {"loss": epoch_loss}
    _append(result.history, logs)
    hooks.epoch_end(epoch, logs)
    result.converged = True


def _train_end(trainer, hooks, logs, fingerprints, result):
    """``on_train_end``; a callback that loads an epoch's weights (``EarlyStopping``) wins."""
    kept = weights_fingerprint(trainer)
    hooks.train_end(logs)
    final = weights_fingerprint(trainer)
    if final != kept:
        matches = [epoch for epoch, seen in enumerate(fingerprints, 1) if seen == final]
        # Weights of no epoch of this fit: the last epoch stands for them.
        result.best_epoch = matches[-1] if matches else result.n_epochs


def _epoch_logs(trainer, epoch_loss, validation_data, scoring):
    """The epoch's ``loss``, ``val_loss`` and metrics, as callbacks and the history take them."""
    logs = {"loss": epoch_loss}
    if validation_data is not None:
        tf, _ = import_keras()
        rows = validation_data.rows
        if rows is None:
            rows = np.arange(validation_data.n_samples, dtype=np.int32)
        logs["val_loss"] = float(trainer.mean_loss(
            validation_data.tensors, validation_data.Y, validation_data.sample_weight,
            tf.constant(rows),
        ))
    if scoring is not None:
        logs.update(scoring(trainer))
    return logs


def _append(history, logs):
    for key, value in logs.items():
        history.setdefault(key, []).append(value)


def _assign(variables, values):
    for variable, value in zip(variables, values):
        variable.assign(value)


def merged_history(previous, history):
    """``history`` appended to ``previous`` per key (``partial_fit``), or ``history`` alone.

    Parameters
    ----------
    previous : dict of list or None
    history : dict of list
    """
    if previous is None:
        return history
    merged = {key: list(values) for key, values in previous.items()}
    for key, values in history.items():
        merged.setdefault(key, []).extend(values)
    return merged
