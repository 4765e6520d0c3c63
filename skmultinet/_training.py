"""The training loop: resident data, one compiled function per epoch, early stopping.

``keras.Model.fit`` pays Python and dispatch overhead at every step, which
dominates for the small networks of tabular multi-label work. Here the data
lives on the device as tensors, an epoch is one call of a ``tf.function`` that
loops over mini-batches of a shuffled index in the graph, and Python only looks
at the end of each epoch (early stopping, divergence, logging).
"""

import time
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from ._backend import import_keras


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


def per_sample_loss(loss, y_true, logits):
    """One loss value per row, whatever the loss object returns.

    ``keras.losses.Loss.call`` gives per-row (or per-element) values; a plain
    callable may give per-element values or already a scalar.
    """
    tf, _ = import_keras()
    values = loss.call(y_true, logits) if hasattr(loss, "call") else loss(y_true, logits)
    values = tf.cast(tf.convert_to_tensor(values), tf.float32)
    if values.shape.rank is not None and values.shape.rank > 1:
        values = tf.reduce_mean(values, axis=list(range(1, values.shape.rank)))
    if values.shape.rank == 0:
        values = tf.fill(tf.shape(logits)[:1], values)
    return values


class ResidentData:
    """Features, targets and weights held as tensors, read by row indices.

    Dense ``X`` is one float32 tensor. Sparse ``X`` is kept as CSR pieces and a
    batch is gathered row-wise in the graph into a ``tf.SparseTensor``, so the
    dense matrix is never built.
    """

    def __init__(self, X, Y, sample_weight):
        tf, _ = import_keras()
        self.n_samples, self.n_features = X.shape
        self.sparse = sp.issparse(X)
        if self.sparse:
            X = X.tocsr()
            X.sort_indices()
            splits = tf.constant(X.indptr.astype(np.int64))
            self._values = tf.RaggedTensor.from_row_splits(
                tf.constant(X.data.astype(np.float32)), splits
            )
            self._columns = tf.RaggedTensor.from_row_splits(
                tf.constant(X.indices.astype(np.int64)), splits
            )
        else:
            self._X = tf.constant(np.asarray(X, dtype=np.float32))
        self.Y = tf.constant(np.asarray(Y, dtype=np.float32))
        if sample_weight is None:
            sample_weight = np.ones(self.n_samples, dtype=np.float32)
        self.sample_weight = tf.constant(np.asarray(sample_weight, dtype=np.float32))

    def features(self, rows):
        """The feature rows ``rows`` (a dense or sparse tensor)."""
        tf, _ = import_keras()
        if not self.sparse:
            return tf.gather(self._X, rows)
        values = tf.gather(self._values, rows)
        columns = tf.gather(self._columns, rows)
        indices = tf.stack([values.value_rowids(), columns.flat_values], axis=1)
        shape = tf.stack(
            [tf.cast(tf.shape(rows)[0], tf.int64), tf.constant(self.n_features, tf.int64)]
        )
        return tf.SparseTensor(indices, values.flat_values, shape)


def _l2_penalty(model, alpha):
    """``alpha / 2 * sum ||W||^2`` over kernels (biases are not penalised)."""
    tf, _ = import_keras()
    kernels = [w for w in model.trainable_weights if "kernel" in w.path]
    return 0.5 * alpha * tf.add_n([tf.reduce_sum(tf.square(k)) for k in kernels])


def make_epoch_function(model, optimizer, loss, data, *, batch_size, alpha):
    """Compile one training epoch over ``data`` in a given row order.

    The returned function takes the row permutation (int32 tensor) and returns
    ``(sum of weighted losses, sum of weights)`` over the epoch. Each batch
    minimises the weighted mean loss plus the L2 penalty divided by the batch
    weight (the batch size without weights, the convention of scikit-learn's
    ``MLPClassifier``).
    """
    tf, _ = import_keras()
    variables = model.trainable_variables

    def train_step(rows):
        x = data.features(rows)
        y = tf.gather(data.Y, rows)
        w = tf.gather(data.sample_weight, rows)
        with tf.GradientTape() as tape:
            logits = tf.cast(model(x, training=True), tf.float32)
            values = per_sample_loss(loss, y, logits)
            weight_sum = tf.reduce_sum(w)
            objective = tf.reduce_sum(values * w) / weight_sum
            if alpha:
                # Divided by the batch's total weight (its row count when
                # unweighted, as in MLPClassifier), so that integer weights act
                # like repeated rows.
                objective += _l2_penalty(model, alpha) / weight_sum
        gradients = tape.gradient(objective, variables)
        optimizer.apply_gradients(zip(gradients, variables))
        return tf.reduce_sum(values * w), weight_sum

    @tf.function(reduce_retracing=True)
    def run_epoch(order):
        n_rows = tf.shape(order)[0]
        loss_sum = tf.constant(0.0)
        weight_sum = tf.constant(0.0)
        for start in tf.range(0, n_rows, batch_size):
            batch_loss, batch_weight = train_step(order[start : start + batch_size])
            loss_sum += batch_loss
            weight_sum += batch_weight
        return loss_sum, weight_sum

    return run_epoch


def make_loss_function(model, loss, data, *, chunk_size=8192):
    """Compile the weighted mean loss of the model over all rows of ``data``."""
    tf, _ = import_keras()

    @tf.function(reduce_retracing=True)
    def mean_loss():
        loss_sum = tf.constant(0.0)
        weight_sum = tf.constant(0.0)
        for start in tf.range(0, data.n_samples, chunk_size):
            rows = tf.range(start, tf.minimum(start + chunk_size, data.n_samples))
            logits = tf.cast(model(data.features(rows), training=False), tf.float32)
            w = tf.gather(data.sample_weight, rows)
            loss_sum += tf.reduce_sum(per_sample_loss(loss, tf.gather(data.Y, rows), logits) * w)
            weight_sum += tf.reduce_sum(w)
        return loss_sum / weight_sum

    return mean_loss


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


def train(
    model,
    optimizer,
    loss,
    train_data,
    *,
    validation_data=None,
    epochs,
    batch_size,
    alpha,
    n_iter_no_change,
    tol,
    rng,
    verbose=0,
    stop_on_plateau=True,
):
    """Train ``model`` in place and keep the best weights.

    With ``validation_data``, the weights of the epoch with the lowest
    validation loss are restored at the end (early stopping); otherwise those of
    the lowest training loss. Training stops after ``n_iter_no_change`` epochs
    without an improvement of at least ``tol`` (when ``stop_on_plateau``).

    Parameters
    ----------
    model : keras.Model
    optimizer : keras.optimizers.Optimizer
    loss : keras.losses.Loss or callable
    train_data, validation_data : ResidentData
    epochs : int
        Maximum number of epochs.
    batch_size : int
    alpha : float
        L2 penalty.
    n_iter_no_change : int
    tol : float
    rng : numpy.random.Generator
        Source of the shuffling order.
    verbose : int
        Print one line per epoch when positive.
    stop_on_plateau : bool
        ``False`` runs all ``epochs`` (``partial_fit``).

    Returns
    -------
    result : TrainingResult

    Raises
    ------
    TrainingDiverged
        When the training loss becomes NaN or infinite; ``model`` then holds
        the best finite weights seen.
    """
    tf, _ = import_keras()
    run_epoch = make_epoch_function(
        model, optimizer, loss, train_data, batch_size=batch_size, alpha=alpha
    )
    validation_loss = (
        make_loss_function(model, loss, validation_data) if validation_data is not None else None
    )
    stopper = _Stopper(tol, n_iter_no_change)
    best_weights = [v.numpy() for v in model.weights]
    result = TrainingResult(history={"loss": []})
    if validation_loss is not None:
        result.history["val_loss"] = []
    for epoch in range(1, epochs + 1):
        started = time.perf_counter()
        order = tf.constant(rng.permutation(train_data.n_samples).astype(np.int32))
        loss_sum, weight_sum = run_epoch(order)
        epoch_loss = float(loss_sum) / float(weight_sum)
        if not np.isfinite(epoch_loss):
            model.set_weights(best_weights)
            raise TrainingDiverged(
                f"Training diverged: the loss became {epoch_loss} at epoch {epoch}. "
                "Lower learning_rate, scale the features (standardize=True) or pick "
                "another loss."
            )
        result.history["loss"].append(epoch_loss)
        monitored = epoch_loss
        if validation_loss is not None:
            monitored = float(validation_loss())
            result.history["val_loss"].append(monitored)
            if not np.isfinite(monitored):
                monitored = np.inf
        result.n_epochs = epoch
        if verbose:
            line = f"Epoch {epoch}, loss = {epoch_loss:.6f}"
            if validation_loss is not None:
                line += f", val_loss = {monitored:.6f}"
            print(f"{line} ({time.perf_counter() - started:.2f}s)")
        if stopper.update(monitored, epoch):
            best_weights = [v.numpy() for v in model.weights]
        if stop_on_plateau and stopper.should_stop:
            result.converged = True
            break
    if stopper.best_epoch and stopper.best_epoch != result.n_epochs:
        model.set_weights(best_weights)
    result.best_epoch = stopper.best_epoch or result.n_epochs
    return result
