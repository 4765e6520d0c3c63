"""The trainer: a network, its optimizer and their compiled epoch and loss functions.

``keras.Model.fit`` pays Python and dispatch overhead at every step, which
dominates for the small networks of tabular multi-label work. Here an epoch is
one call of a ``tf.function`` that loops over mini-batches of a shuffled index
in the graph (:meth:`Trainer.run_epoch`); the data are arguments, so one trace
serves every data set of the right width. The network is reached only through
its :class:`~skmultinet.neural.networks.Network` interface.
"""

import contextlib

import numpy as np

from ..._backend import import_keras
from ._data import gather_features
from ._fused_adam import FusedAdam


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


class Trainer:
    """A network, its optimizer and their compiled epoch and loss functions.

    Built once per :class:`~._keys.TrainerSpec`; :meth:`load` puts a fit's weights and
    optimizer state in, :meth:`weights` and :meth:`optimizer_state` take them
    out. The compiled functions take the data as arguments, so they serve
    every data set of the right width without tracing again.

    Under a ``tf.distribute.Strategy`` the network and the optimizer are
    mirrored on the strategy's devices and every batch is split between its
    replicas (see :meth:`_distributed_epoch`).

    Parameters
    ----------
    spec : TrainerSpec
        Holds the network (see :class:`~skmultinet.neural.networks.Network`).
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
            self.network = spec.network
            self.model = self.network.build(spec.sparse)
            self.variables = self.model.trainable_variables
            # Everything a snapshot of the network holds: the trainable variables
            # and, for a user's model, batch-norm statistics and seed states.
            self.state_variables = self.model.variables
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
        #: Whether the compiled functions are traced through AutoGraph: only when
        #: the graph calls a user's code (a first fit traces in a third of the time
        #: without it).
        self.autograph = not uses_own_code_only(self.network, loss)
        if spec.sparse:
            data_signature = (
                tf.TensorSpec([None], tf.float32),
                tf.TensorSpec([None], tf.int64),
                tf.TensorSpec([None], tf.int64),
            )
        else:
            data_signature = (tf.TensorSpec([None, *self.network.input_shape],
                                            self.network.input_dtype),)
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
            self._mean_loss, autograph=self.autograph,
            input_signature=[data_signature, targets, weights, tf.TensorSpec([None], tf.int32)],
        )
        # Traced at the first call only: fits without epoch metrics never pay for it.
        self._rows_logits = tf.function(
            self._logits_of_rows, autograph=self.autograph,
            input_signature=[data_signature, tf.TensorSpec([None], tf.int32)],
        )

    # -- state in and out ---------------------------------------------------

    def load(self, weights, optimizer_state=None):
        """Set the network weights and the optimizer state (fresh when None)."""
        self.network.set_weights(self.model, weights)
        state = self._fresh_optimizer_state if optimizer_state is None else optimizer_state
        # A Keras optimizer's state holds its learning rate: unknown from here on.
        self._learning_rate = None
        for variable, value in zip(self.optimizer.variables, state):
            if np.ndim(value) == 0 and len(variable.shape) > 0:
                dtype = getattr(variable.dtype, "as_numpy_dtype", variable.dtype)
                value = np.full(tuple(variable.shape), value, dtype=dtype)
            variable.assign(value)

    def weights(self):
        """Copies of the network's weights (see :meth:`Network.get_weights`)."""
        return self.network.get_weights(self.model)

    def optimizer_state(self):
        """Copies of the optimizer's variables (step count and slots)."""
        return [np.asarray(v.numpy()) for v in self.optimizer.variables]

    @property
    def learning_rate(self):
        """The step size the next updates use, as a float."""
        if isinstance(self.optimizer, FusedAdam):
            return float(self.optimizer.learning_rate_variable.numpy())
        return float(np.asarray(self.optimizer.learning_rate))

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
            function = tf.function(epoch, input_signature=signature, jit_compile=jit_compile,
                                   autograph=self.autograph)
            self._epoch_functions[batch_size, jit_compile] = function
        return function(data, Y, sample_weight, order, mask, seed)

    def _epoch(self, data, Y, sample_weight, order, mask, seed):
        """One pass over the rows of ``order``; returns (sum w*loss, sum w)."""
        tf, _ = import_keras()

        def step(batch):
            return self._step(data, Y, sample_weight, order[batch], mask[batch], seed, batch)

        return _sum_over(step, tf.shape(order)[0])

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

        def replica_step(batch_rows, batch_mask, batch):
            replica = tf.distribute.get_replica_context().replica_id_in_sync_group
            rows = tf.reshape(batch_rows, [n_replicas, -1])[replica]
            row_mask = tf.reshape(batch_mask, [n_replicas, -1])[replica]
            return self._step(data, Y, sample_weight, rows, row_mask, seed, batch, replica)

        def step(batch):
            losses, weights = strategy.run(replica_step, args=(order[batch], mask[batch], batch))
            return strategy.reduce(sum_, losses, axis=None), strategy.reduce(sum_, weights, axis=None)

        return _sum_over(step, tf.shape(order)[0])

    def _step(self, data, Y, sample_weight, rows, row_mask, seed, batch, replica=0):
        """One optimizer step on ``rows``; returns their (sum w*loss, sum w).

        Under a strategy ``rows`` are one replica's share of the batch: the
        objective is still divided by the weight of the *whole* batch (summed
        over the replicas), and each replica adds its share of the penalty's
        gradient, since the optimizer sums the replicas' gradients.
        """
        tf, _ = import_keras()
        w = tf.gather(sample_weight, rows) * row_mask
        x = gather_features(data, rows, self.network.n_features)
        y = tf.gather(Y, rows)
        rows_weight = tf.reduce_sum(w)
        batch_weight, penalty_weight = rows_weight, rows_weight
        if self.strategy is not None:
            batch_weight = tf.distribute.get_replica_context().all_reduce(
                tf.distribute.ReduceOp.SUM, rows_weight)
            penalty_weight = batch_weight * self.strategy.num_replicas_in_sync
        with tf.GradientTape() as tape:
            logits = self.network.train_logits(self.model, x, seed, batch, replica)
            values = per_sample_loss(self.loss, y, logits)
            objective = tf.reduce_sum(values * w) / batch_weight
            penalty = self.network.penalty(self.model)
            if penalty is not None:
                # Each replica adds its share: the optimizer sums their gradients.
                replicas = 1 if self.strategy is None else self.strategy.num_replicas_in_sync
                objective += penalty / replicas
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

    def logits(self, data, rows, chunk_size=8192):
        """Inference-mode logits of ``rows`` as a float64 array (for epoch metrics).

        Parameters
        ----------
        data : tuple of tf.Tensor
            The features (see :class:`~._data.ResidentData`).
        rows : ndarray of int32 of shape (n_rows,)

        Returns
        -------
        logits : ndarray of shape (n_rows, n_outputs)
        """
        tf, _ = import_keras()
        parts = [self._rows_logits(data, tf.constant(rows[start:start + chunk_size])).numpy()
                 for start in range(0, len(rows), chunk_size)]
        return np.concatenate(parts).astype(np.float64)

    def _logits_of_rows(self, data, rows):
        x = gather_features(data, rows, self.network.n_features)
        return self.network.logits(self.model, x)

    def _mean_loss(self, data, Y, sample_weight, all_rows, chunk_size=8192):
        """Weighted mean loss over the rows ``all_rows``, in chunks to bound memory."""
        tf, _ = import_keras()
        n_rows = tf.shape(all_rows)[0]

        def chunk_sums(chunk):
            start = chunk * chunk_size
            rows = all_rows[start:tf.minimum(start + chunk_size, n_rows)]
            x = gather_features(data, rows, self.network.n_features)
            logits = self.network.logits(self.model, x)
            w = tf.gather(sample_weight, rows)
            values = per_sample_loss(self.loss, tf.gather(Y, rows), logits)
            return tf.reduce_sum(values * w), tf.reduce_sum(w)

        n_chunks = (n_rows + chunk_size - 1) // chunk_size
        loss_sum, weight_sum = _sum_over(chunk_sums, n_chunks)
        return loss_sum / weight_sum


def _sum_over(function, n):
    """``sum(function(i))`` for ``i`` in ``range(n)``, as one graph loop, of a pair of scalars.

    Written as ``tf.while_loop`` rather than a Python ``for`` over ``tf.range``
    so that the trainer's functions trace without AutoGraph, which spent most
    of a first fit's tracing time rewriting the source of every function the
    step calls (see :attr:`Trainer.autograph`).
    """
    tf, _ = import_keras()

    def body(i, total_a, total_b):
        a, b = function(i)
        return i + 1, total_a + a, total_b + b

    _, total_a, total_b = tf.while_loop(
        lambda i, *_: i < n, body, (tf.constant(0), tf.constant(0.0), tf.constant(0.0)),
        maximum_iterations=n,
    )
    return total_a, total_b


def uses_own_code_only(network, loss):
    """Whether a trainer's graph calls only skmultinet's code (no AutoGraph needed).

    A user's loss function may branch in Python on tensor values, which only
    AutoGraph turns into graph control flow; the built-in network and the
    catalogue's losses never do.
    """
    from ...losses._base import MultiLabelLoss

    own_loss = isinstance(loss, MultiLabelLoss) and type(loss).__module__.startswith("skmultinet.")
    return own_loss and network.traces_without_autograph


def _constant_or_copy(array):
    """The array's single value when all its entries are equal, else a copy."""
    flat = array.reshape(-1)
    if flat.size and np.all(flat == flat[0]):
        return flat[0].item()
    return np.array(array)

