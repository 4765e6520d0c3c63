"""The training loop: resident data, one compiled function per epoch, reused across fits.

``keras.Model.fit`` pays Python and dispatch overhead at every step, which
dominates for the small networks of tabular multi-label work. Here the data
live on the device as tensors, an epoch is one call of a ``tf.function`` that
loops over mini-batches of a shuffled index in the graph, and Python only looks
at the end of each epoch (early stopping, divergence, logging).

Tracing that function costs more than training a small network, so the Keras
model, its optimizer and their compiled functions form a :class:`Trainer` that
is kept in a small process-wide cache and reused by every fit with the same
architecture, loss and optimizer (a grid search, cross-validation, warm
starts). A fit borrows a trainer, loads its own weights into it, trains, and
copies the weights back out to NumPy: estimators never share Keras state.
"""

import collections
import contextlib
import gc
import json
import threading
import time
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from ..._backend import import_keras
from ..networks._mlp import build_network, dense_layers

# Trainers kept alive between fits. Each holds a model, optimizer slots and
# traced graphs (a few MB for typical sizes); eight covers a grid search over
# losses without letting memory grow with the number of configurations tried.
MAX_CACHED_TRAINERS = 8
_cache = collections.OrderedDict()
_cache_lock = threading.Lock()


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


@dataclass(frozen=True)
class TrainerSpec:
    """Everything a compiled training graph depends on (the cache key).

    ``loss_key`` and ``optimizer_key`` identify the loss and optimizer by value
    (see :func:`loss_key` and :func:`optimizer_key`).
    """

    n_features: int
    layer_sizes: tuple
    activation: str
    dropout: float
    alpha: float
    sparse: bool
    loss_key: tuple
    optimizer_key: tuple
    strategy_key: tuple = None


def loss_key(loss):
    """Identify a loss by value: class, configuration and adapted arrays."""
    if not hasattr(loss, "get_config"):
        return ("callable", id(loss))
    config = json.dumps(loss.get_config(), sort_keys=True, default=repr)
    adapted = tuple(
        (name, value.tobytes())
        for name, value in sorted(vars(loss).items())
        if name.startswith("_") and isinstance(value, np.ndarray)
    )
    return (type(loss).__module__, type(loss).__qualname__, config, adapted)


def optimizer_key(optimizer_class, config):
    """Identify an optimizer by class and configuration (its auto-numbered name aside)."""
    config = {k: v for k, v in config.items() if k != "name"}
    text = json.dumps(config, sort_keys=True, default=repr)
    return (optimizer_class.__module__, optimizer_class.__qualname__, text)


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
            self.tensors = (
                tf.constant(X.data.astype(np.float32)),
                tf.constant(X.indices.astype(np.int64)),
                tf.constant(X.indptr.astype(np.int64)),
            )
        else:
            self.tensors = (tf.constant(np.asarray(X, dtype=np.float32)),)
        self.Y = tf.constant(np.asarray(Y, dtype=np.float32))
        if sample_weight is None:
            sample_weight = np.ones(self.n_samples, dtype=np.float32)
        self.sample_weight = tf.constant(np.asarray(sample_weight, dtype=np.float32))


def gather_features(tensors, rows, n_features):
    """Rows of dense ``(X,)`` or sparse ``(values, columns, row_splits)`` features."""
    tf, _ = import_keras()
    if len(tensors) == 1:
        return tf.gather(tensors[0], rows)
    values, columns, splits = tensors
    batch_values = tf.gather(tf.RaggedTensor.from_row_splits(values, splits), rows)
    batch_columns = tf.gather(tf.RaggedTensor.from_row_splits(columns, splits), rows)
    indices = tf.stack([batch_values.value_rowids(), batch_columns.flat_values], axis=1)
    shape = tf.stack([tf.cast(tf.shape(rows)[0], tf.int64), tf.constant(n_features, tf.int64)])
    return tf.SparseTensor(indices, batch_values.flat_values, shape)


class Trainer:
    """A network, its optimizer and their compiled epoch and loss functions.

    Built once per :class:`TrainerSpec`; :meth:`load` puts a fit's weights and
    optimizer state in, :meth:`weights` and :meth:`optimizer_state` take them
    out. The compiled functions take the data as arguments, so they serve
    every data set of the right width without tracing again.

    Under a ``tf.distribute.Strategy`` the network and the optimizer are
    mirrored on the strategy's devices and every batch is split between its
    replicas (see :meth:`_distributed_epoch`).

    Parameters
    ----------
    spec : TrainerSpec
    loss : keras.losses.Loss or callable
    optimizer : keras.optimizers.Optimizer or callable
        The optimizer, or a function of no argument that makes it (under a
        strategy, whose scope must be open when the optimizer is created).
    strategy : tf.distribute.Strategy, default=None
    """

    def __init__(self, spec, loss, optimizer, strategy=None):
        tf, _ = import_keras()
        self.spec = spec
        self.loss = loss
        self.strategy = strategy
        scope = strategy.scope() if strategy is not None else contextlib.nullcontext()
        with scope:
            self.model = build_network(
                spec.n_features,
                spec.layer_sizes[-1],
                hidden_layer_sizes=spec.layer_sizes[:-1],
                activation=spec.activation,
                sparse=spec.sparse,
            )
            self.layers = dense_layers(self.model)
            self.variables = self.model.trainable_variables
            if not hasattr(optimizer, "apply_gradients"):
                optimizer = optimizer()
            # The fused kernel updates one device's variable; under a strategy
            # Keras's optimizer sums the replicas' gradients first.
            if strategy is None and FusedAdam.handles(optimizer):
                optimizer = FusedAdam(optimizer, self.variables)
            self.optimizer = optimizer
            self.optimizer.build(self.variables)
        # A fresh optimizer's slots are constant (zeros, or Adagrad's initial
        # accumulator): kept as one value per variable, not as copies as large
        # as the network.
        self._fresh_optimizer_state = [
            _constant_or_copy(v.numpy()) for v in self.optimizer.variables
        ]
        self._learning_rate = None  # last value given to set_learning_rate
        if spec.sparse:
            data_signature = (
                tf.TensorSpec([None], tf.float32),
                tf.TensorSpec([None], tf.int64),
                tf.TensorSpec([None], tf.int64),
            )
        else:
            data_signature = (tf.TensorSpec([None, spec.n_features], tf.float32),)
        targets = tf.TensorSpec([None, None], tf.float32)
        weights = tf.TensorSpec([None], tf.float32)
        self._epoch_signature = [
            data_signature, targets, weights,
            tf.TensorSpec([None, None], tf.int32),  # row order: one row per batch
            tf.TensorSpec([None, None], tf.float32),  # 0 for the padding rows
            tf.TensorSpec([2], tf.int32),  # dropout seed of the epoch
        ]
        self._epoch_functions = {}
        self.mean_loss = tf.function(
            self._mean_loss, input_signature=[data_signature, targets, weights]
        )

    # -- state in and out ---------------------------------------------------

    def load(self, coefs, intercepts, optimizer_state=None):
        """Set the network weights and the optimizer state (fresh when None)."""
        for layer, kernel, bias in zip(self.layers, coefs, intercepts):
            layer.kernel.assign(kernel)
            layer.bias.assign(bias)
        state = self._fresh_optimizer_state if optimizer_state is None else optimizer_state
        # A Keras optimizer's state holds its learning rate: unknown from here on.
        self._learning_rate = None
        for variable, value in zip(self.optimizer.variables, state):
            if np.ndim(value) == 0 and len(variable.shape) > 0:
                dtype = getattr(variable.dtype, "as_numpy_dtype", variable.dtype)
                value = np.full(tuple(variable.shape), value, dtype=dtype)
            variable.assign(value)

    def weights(self):
        """Copies of the kernels and biases, input to output."""
        # .numpy() of a variable reads it into a new array: no second copy.
        coefs = [layer.kernel.numpy() for layer in self.layers]
        intercepts = [layer.bias.numpy() for layer in self.layers]
        return coefs, intercepts

    def optimizer_state(self):
        """Copies of the optimizer's variables (step count and slots)."""
        return [np.asarray(v.numpy()) for v in self.optimizer.variables]

    def set_learning_rate(self, value):
        """Set the step size of the next updates (the compiled epoch reads it)."""
        if value == self._learning_rate:
            return  # a constant rate costs one assignment per fit, not per epoch
        self._learning_rate = value
        if isinstance(self.optimizer, FusedAdam):
            self.optimizer.learning_rate_variable.assign(value)
        else:
            self.optimizer.learning_rate = value

    # -- compiled functions -------------------------------------------------

    def _forward(self, x, training, seed=None, batch=None, replica=0):
        """Logits; dropout after each hidden layer when training."""
        tf, _ = import_keras()
        hidden = x
        last = len(self.layers) - 1
        rate = self.spec.dropout
        for depth, layer in enumerate(self.layers):
            hidden = layer(hidden)
            if training and rate > 0 and depth < last:
                # Stateless masks from (epoch seed, batch, layer): reproducible,
                # and no random state outlives the fit.
                mask_seed = tf.stack([seed[0] + depth + replica * 1024, seed[1] + batch * 64])
                keep = tf.random.stateless_uniform(tf.shape(hidden), mask_seed, alg="philox") >= rate
                hidden = tf.where(keep, hidden / (1.0 - rate), tf.zeros_like(hidden))
        return tf.cast(hidden, tf.float32)

    @property
    def can_jit_compile(self):
        """Whether XLA can compile the epoch: dense inputs and no strategy.

        Sparse batches are gathered as ragged rows, which XLA does not
        compile; a strategy's replica calls are not compiled either.
        """
        return not self.spec.sparse and self.strategy is None

    def run_epoch(self, data, Y, sample_weight, order, mask, seed, jit_compile=False):
        """One compiled pass over the batches of ``order`` (shape (n_batches, batch_size)).

        One graph per batch size: a static batch shape lets TensorFlow's graph
        optimiser fold the shape arithmetic of every step away. With
        ``jit_compile`` (ignored unless :attr:`can_jit_compile`) XLA fuses the
        step's small operations into a few kernels, which removes most of the
        per-operation scheduling cost when TensorFlow runs on several threads.
        """
        batch_size = int(order.shape[1])
        jit_compile = bool(jit_compile) and self.can_jit_compile
        function = self._epoch_functions.get((batch_size, jit_compile))
        if function is None:
            tf, _ = import_keras()
            signature = list(self._epoch_signature)
            signature[3] = tf.TensorSpec([None, batch_size], tf.int32)
            signature[4] = tf.TensorSpec([None, batch_size], tf.float32)
            epoch = self._epoch if self.strategy is None else self._distributed_epoch
            function = tf.function(epoch, input_signature=signature, jit_compile=jit_compile)
            self._epoch_functions[batch_size, jit_compile] = function
        return function(data, Y, sample_weight, order, mask, seed)

    def _epoch(self, data, Y, sample_weight, order, mask, seed):
        """One pass over the rows of ``order``; returns (sum w*loss, sum w)."""
        tf, _ = import_keras()
        loss_sum = tf.constant(0.0)
        weight_sum = tf.constant(0.0)
        for batch in tf.range(tf.shape(order)[0]):
            losses, weights = self._step(data, Y, sample_weight, order[batch], mask[batch],
                                         seed, batch)
            loss_sum += losses
            weight_sum += weights
        return loss_sum, weight_sum

    def _distributed_epoch(self, data, Y, sample_weight, order, mask, seed):
        """:meth:`_epoch` with every batch split evenly between the replicas.

        Each replica takes its share of the batch's rows (see :meth:`_step`);
        Keras's optimizer sums the replicas' gradients before the update, so
        a step equals the single-device step on the whole batch.
        """
        tf, _ = import_keras()
        strategy = self.strategy
        n_replicas = strategy.num_replicas_in_sync
        sum_ = tf.distribute.ReduceOp.SUM
        loss_sum = tf.constant(0.0)
        weight_sum = tf.constant(0.0)

        def replica_step(batch_rows, batch_mask, batch):
            replica = tf.distribute.get_replica_context().replica_id_in_sync_group
            rows = tf.reshape(batch_rows, [n_replicas, -1])[replica]
            row_mask = tf.reshape(batch_mask, [n_replicas, -1])[replica]
            return self._step(data, Y, sample_weight, rows, row_mask, seed, batch, replica)

        for batch in tf.range(tf.shape(order)[0]):
            losses, weights = strategy.run(replica_step, args=(order[batch], mask[batch], batch))
            loss_sum += strategy.reduce(sum_, losses, axis=None)
            weight_sum += strategy.reduce(sum_, weights, axis=None)
        return loss_sum, weight_sum

    def _step(self, data, Y, sample_weight, rows, row_mask, seed, batch, replica=0):
        """One optimizer step on ``rows``; returns their (sum w*loss, sum w).

        Under a strategy ``rows`` are one replica's share of the batch: the
        objective is still divided by the weight of the *whole* batch (summed
        over the replicas), and each replica adds its share of the penalty's
        gradient, since the optimizer sums the replicas' gradients.
        """
        tf, _ = import_keras()
        w = tf.gather(sample_weight, rows) * row_mask
        x = gather_features(data, rows, self.spec.n_features)
        y = tf.gather(Y, rows)
        rows_weight = tf.reduce_sum(w)
        batch_weight, penalty_weight = rows_weight, rows_weight
        if self.strategy is not None:
            batch_weight = tf.distribute.get_replica_context().all_reduce(
                tf.distribute.ReduceOp.SUM, rows_weight)
            penalty_weight = batch_weight * self.strategy.num_replicas_in_sync
        with tf.GradientTape() as tape:
            values = per_sample_loss(self.loss, y, self._forward(x, True, seed, batch, replica))
            objective = tf.reduce_sum(values * w) / batch_weight
        gradients = tape.gradient(objective, self.variables)
        if self.spec.alpha:
            # The L2 penalty alpha/2 * sum ||W||^2 / batch_weight, by its
            # gradient alpha * W / batch_weight (no extra ops on the tape).
            # Divided by the batch's total weight (its row count when
            # unweighted, as in MLPClassifier), so that integer weights act
            # like repeated rows.
            scale = self.spec.alpha / penalty_weight
            gradients = [
                tf.convert_to_tensor(g) + scale * v if v.path.endswith("kernel") else g
                for g, v in zip(gradients, self.variables)
            ]
        self.optimizer.apply_gradients(zip(gradients, self.variables))
        return tf.reduce_sum(values * w), rows_weight

    def _mean_loss(self, data, Y, sample_weight, chunk_size=8192):
        """Weighted mean loss over all rows, in chunks to bound memory."""
        tf, _ = import_keras()
        n_rows = tf.shape(Y)[0]
        loss_sum = tf.constant(0.0)
        weight_sum = tf.constant(0.0)
        for start in tf.range(0, n_rows, chunk_size):
            rows = tf.range(start, tf.minimum(start + chunk_size, n_rows))
            logits = self._forward(gather_features(data, rows, self.spec.n_features), False)
            w = tf.gather(sample_weight, rows)
            values = per_sample_loss(self.loss, tf.gather(Y, rows), logits)
            loss_sum += tf.reduce_sum(values * w)
            weight_sum += tf.reduce_sum(w)
        return loss_sum / weight_sum


def _constant_or_copy(array):
    """The array's single value when all its entries are equal, else a copy."""
    flat = array.reshape(-1)
    if flat.size and np.all(flat == flat[0]):
        return flat[0].item()
    return np.array(array)


class FusedAdam:
    """Adam through TensorFlow's fused kernel: one op per variable.

    Keras's Adam spends about twenty graph ops per variable and step, which
    dominates the step time of small networks; ``ResourceApplyAdam`` computes
    the same update (``lr * sqrt(1 - beta_2^t) / (1 - beta_1^t) * m / (sqrt(v)
    + epsilon)``) in one. Used only for a plain ``keras.optimizers.Adam``
    (no weight decay, clipping, EMA, AMSGrad, accumulation or schedule).
    """

    _PLAIN = {
        "weight_decay": None, "clipnorm": None, "clipvalue": None, "global_clipnorm": None,
        "use_ema": False, "amsgrad": False, "gradient_accumulation_steps": None,
        "loss_scale_factor": None,
    }

    @classmethod
    def handles(cls, optimizer):
        """Whether ``optimizer`` is a plain Keras Adam that this class reproduces."""
        _, keras = import_keras()
        if type(optimizer) is not keras.optimizers.Adam:
            return False
        config = optimizer.get_config()
        return all(config.get(k) == v for k, v in cls._PLAIN.items()) and isinstance(
            config.get("learning_rate"), float
        )

    def __init__(self, optimizer, variables):
        config = optimizer.get_config()
        self.learning_rate = config["learning_rate"]
        self.beta_1 = config["beta_1"]
        self.beta_2 = config["beta_2"]
        self.epsilon = config["epsilon"]
        self.variables = []

    def build(self, variables):
        tf, _ = import_keras()
        # A variable, not a constant of the graph, so that a schedule can
        # change it between epochs without tracing again. Not part of the
        # saved state: every fit sets it (see Trainer.set_learning_rate).
        self.learning_rate_variable = tf.Variable(
            self.learning_rate, trainable=False, dtype=tf.float32, name="learning_rate")
        self.iterations = tf.Variable(0.0, trainable=False, name="iterations")
        self.momentums = [tf.Variable(tf.zeros_like(v), trainable=False) for v in variables]
        self.velocities = [tf.Variable(tf.zeros_like(v), trainable=False) for v in variables]
        self.variables = [self.iterations, *self.momentums, *self.velocities]

    def apply_gradients(self, grads_and_vars):
        tf, _ = import_keras()
        self.iterations.assign_add(1.0)
        beta_1_power = tf.pow(self.beta_1, self.iterations)
        beta_2_power = tf.pow(self.beta_2, self.iterations)
        learning_rate = self.learning_rate_variable.read_value()  # once per step
        for (gradient, variable), momentum, velocity in zip(
            grads_and_vars, self.momentums, self.velocities
        ):
            tf.raw_ops.ResourceApplyAdam(
                var=variable.value.handle, m=momentum.handle, v=velocity.handle,
                beta1_power=beta_1_power, beta2_power=beta_2_power,
                lr=learning_rate, beta1=self.beta_1, beta2=self.beta_2,
                epsilon=self.epsilon, grad=tf.convert_to_tensor(gradient),
            )


def borrow_trainer(spec, loss, make_optimizer, strategy=None):
    """Take the cached trainer for ``spec`` (or build one) for exclusive use.

    Return it with :func:`return_trainer` once the weights are copied out.
    """
    with _cache_lock:
        trainer = _cache.pop(spec, None)
    if trainer is None:
        trainer = Trainer(spec, loss, make_optimizer, strategy)
    return trainer


def return_trainer(trainer):
    """Put a borrowed trainer back in the cache, evicting the oldest beyond the limit."""
    with _cache_lock:
        _cache[trainer.spec] = trainer
        evicted = []
        while len(_cache) > MAX_CACHED_TRAINERS:
            evicted.append(_cache.popitem(last=False))
    if evicted:
        # Keras models hold reference cycles: without a collection, evicted
        # trainers linger until Python's collector gets round to them
        # (measured: 40 MiB steady instead of 75-130 MiB swings).
        del evicted
        gc.collect()


def clear_trainer_cache():
    """Drop every cached trainer (frees their Keras objects and graphs)."""
    with _cache_lock:
        _cache.clear()


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
    best_weights = [v.numpy() for v in trainer.variables]
    result = TrainingResult(history={"loss": []})
    if validation_data is not None:
        result.history["val_loss"] = []
    for epoch in range(1, epochs + 1):
        started = time.perf_counter()
        if learning_rates is not None:
            trainer.set_learning_rate(learning_rates[epoch - 1])
        order, mask = _padded_order(rng, train_data.n_samples, batch_size, n_replicas)
        seed = rng.integers(0, np.iinfo(np.int32).max // 2, size=2).astype(np.int32)
        loss_sum, weight_sum = trainer.run_epoch(
            train_data.tensors, train_data.Y, train_data.sample_weight,
            tf.constant(order), tf.constant(mask), tf.constant(seed), jit_compile,
        )
        epoch_loss = float(loss_sum) / float(weight_sum)
        if not np.isfinite(epoch_loss):
            for variable, value in zip(trainer.variables, best_weights):
                variable.assign(value)
            raise TrainingDiverged(
                f"Training diverged: the loss became {epoch_loss} at epoch {epoch}. "
                "Lower learning_rate, scale the features (standardize=True) or pick "
                "another loss."
            )
        result.history["loss"].append(epoch_loss)
        monitored = epoch_loss
        if validation_data is not None:
            monitored = float(trainer.mean_loss(
                validation_data.tensors, validation_data.Y, validation_data.sample_weight
            ))
            result.history["val_loss"].append(monitored)
            if not np.isfinite(monitored):
                monitored = np.inf
        result.n_epochs = epoch
        if verbose:
            line = f"Epoch {epoch}, loss = {epoch_loss:.6f}"
            if validation_data is not None:
                line += f", val_loss = {monitored:.6f}"
            print(f"{line} ({time.perf_counter() - started:.2f}s)")
        if stopper.update(monitored, epoch):
            best_weights = [v.numpy() for v in trainer.variables]
        if stop_on_plateau and stopper.should_stop:
            result.converged = True
            break
    if stopper.best_epoch and stopper.best_epoch != result.n_epochs:
        for variable, value in zip(trainer.variables, best_weights):
            variable.assign(value)
    result.best_epoch = stopper.best_epoch or result.n_epochs
    return result
