"""The epoch loop: shuffled padded batches, early stopping, divergence, best weights.

Python looks at training only at the end of each epoch (one compiled call of
:meth:`~._trainer.Trainer.run_epoch`): to record the loss, check it is finite,
compute the validation loss, print a line, keep the best weights and decide
whether to stop, by ``MLPClassifier``'s rule.
"""

import time
from dataclasses import dataclass, field

import numpy as np

from ..._backend import import_keras


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
        Whether training stopped before the epoch limit.
    """

    history: dict = field(default_factory=dict)
    n_epochs: int = 0
    best_epoch: int = 0
    converged: bool = False


class _Stopper:
    """MLPClassifier's stopping rule: no improvement by ``tol`` for ``patience`` epochs."""

    def __init__(self, tol, patience):
        self.tol = tol
        self.patience = patience
        self.best = np.inf
        self.best_epoch = 0
        self.stale = 0

    def update(self, value, epoch):
        """Record ``value`` for ``epoch``; return whether it is a new best."""
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
):
    """Train the trainer's network in place and keep the best weights.

    With ``validation_data``, the weights of the epoch with the lowest
    validation loss are restored at the end (early stopping); otherwise those of
    the lowest training loss. Training stops after ``n_iter_no_change`` epochs
    without an improvement of at least ``tol`` (when ``stop_on_plateau``).

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
        Print one line per epoch when positive.
    stop_on_plateau : bool
        ``False`` runs all ``epochs`` (``partial_fit``).
    jit_compile : bool
        Compile the epoch with XLA where possible (see :meth:`Trainer.run_epoch`).
    learning_rates : array-like of shape (epochs,), default=None
        Step size of each epoch (see :func:`learning_rate_schedule`); None
        leaves the optimizer's own (an optimizer with a Keras schedule).

    Returns
    -------
    result : TrainingResult

    Raises
    ------
    TrainingDiverged
        When the training loss becomes NaN or infinite; the trainer then holds
        the best finite weights seen.
    """
    tf, _ = import_keras()
    n_replicas = trainer.strategy.num_replicas_in_sync if trainer.strategy is not None else 1
    stopper = _Stopper(tol, n_iter_no_change)
    best_weights = [v.numpy() for v in trainer.state_variables]
    result = TrainingResult(history={"loss": []})
    if validation_data is not None:
        result.history["val_loss"] = []
    for epoch in range(1, epochs + 1):
        started = time.perf_counter()
        if learning_rates is not None:
            trainer.set_learning_rate(learning_rates[epoch - 1])
        order, mask = _padded_order(rng, train_data.n_samples, batch_size, n_replicas)
        if train_data.rows is not None:
            order = train_data.rows[order]  # positions among the rows -> rows of the tensors
        seed = rng.integers(0, np.iinfo(np.int32).max // 2, size=2).astype(np.int32)
        loss_sum, weight_sum = trainer.run_epoch(
            train_data.tensors, train_data.Y, train_data.sample_weight,
            tf.constant(order), tf.constant(mask), tf.constant(seed), jit_compile,
        )
        epoch_loss = _finite_epoch_loss(trainer, loss_sum, weight_sum, epoch, best_weights)
        monitored = _record_epoch(trainer, result, epoch_loss, validation_data)
        result.n_epochs = epoch
        if verbose:
            _print_epoch(epoch, epoch_loss, monitored, validation_data, started)
        if stopper.update(monitored, epoch):
            best_weights = [v.numpy() for v in trainer.state_variables]
        if stop_on_plateau and stopper.should_stop:
            result.converged = True
            break
    if stopper.best_epoch and stopper.best_epoch != result.n_epochs:
        _assign(trainer.state_variables, best_weights)
    result.best_epoch = stopper.best_epoch or result.n_epochs
    return result


def _finite_epoch_loss(trainer, loss_sum, weight_sum, epoch, best_weights):
    """The epoch's mean training loss; on NaN or infinity, restore the best weights and raise."""
    epoch_loss = float(loss_sum) / float(weight_sum)
    if not np.isfinite(epoch_loss):
        _assign(trainer.state_variables, best_weights)
        raise TrainingDiverged(
            f"Training diverged: the loss became {epoch_loss} at epoch {epoch}. "
            "Lower learning_rate, scale the features (standardize=True) or pick "
            "another loss."
        )
    return epoch_loss


def _record_epoch(trainer, result, epoch_loss, validation_data):
    """Append the epoch's losses to the history; return the monitored one (inf if not finite)."""
    tf, _ = import_keras()
    result.history["loss"].append(epoch_loss)
    if validation_data is None:
        return epoch_loss
    rows = validation_data.rows
    if rows is None:
        rows = np.arange(validation_data.n_samples, dtype=np.int32)
    monitored = float(trainer.mean_loss(
        validation_data.tensors, validation_data.Y, validation_data.sample_weight,
        tf.constant(rows),
    ))
    result.history["val_loss"].append(monitored)
    return monitored if np.isfinite(monitored) else np.inf


def _print_epoch(epoch, epoch_loss, monitored, validation_data, started):
    line = f"Epoch {epoch}, loss = {epoch_loss:.6f}"
    if validation_data is not None:
        line += f", val_loss = {monitored:.6f}"
    print(f"{line} ({time.perf_counter() - started:.2f}s)")


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
