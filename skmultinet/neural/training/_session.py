"""One fit's use of the engine: borrow a trainer, train, hand back NumPy weights.

:func:`train_network` is the training engine's single entry point. The Keras
objects (model, optimizer, traced graphs) stay in the process-wide trainer
cache; what a fit learned leaves as NumPy arrays, so estimators never share
Keras state.
"""

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ._cache import borrow_trainer, return_trainer
from ._callbacks import copy_callbacks
from ._data import ResidentData
from ._distribute import strategy_key
from ._epoch_metrics import EpochScoring
from ._keys import TrainerSpec, loss_key, optimizer_key
from ._loop import train


@dataclass
class TrainedNetwork:
    """What :func:`train_network` returns.

    Attributes
    ----------
    weights : weights of the network (see :meth:`Network.get_weights`)
        Those of the best epoch.
    optimizer_state : list of ndarray
        The optimizer's variables (step count and slots), for a later fit.
    optimizer_key : tuple
        Identifies the optimizer that made ``optimizer_state``.
    result : TrainingResult
        History, epochs run, best epoch, convergence.
    """

    weights: object
    optimizer_state: list
    optimizer_key: tuple
    result: object


def train_network(network, loss, optimizer_recipe, X, Y, sample_weight, *, train_rows,
                  validation_rows=None, weights, optimizer_state=None,
                  optimizer_state_key=None, alpha=0.0, strategy=None, metrics=(),
                  decoder=None, metrics_on_train=False, callbacks=None, **loop_options):
    """Train ``network`` from ``weights`` on the rows ``train_rows`` of ``X, Y``.

    Parameters
    ----------
    network : Network
    loss : keras.losses.Loss or callable
        Maps ``(y_true, logits)`` to per-row or per-entry values.
    optimizer_recipe : tuple of (type, dict)
        Optimizer class and configuration; the optimizer is built only when
        no cached trainer fits, since every Keras optimizer built keeps some
        memory for good.
    X : ndarray of shape (n_samples, ...) or sparse matrix of shape (n_samples, n_features)
        Features as the network takes them (already scaled).
    Y : ndarray of shape (n_samples, n_outputs)
    sample_weight : ndarray of shape (n_samples,)
    train_rows : ndarray of int
    validation_rows : ndarray of int, default=None
        Rows that measure early stopping; ``None`` monitors the training loss.
    weights : weights of the network
        Where training starts (see :meth:`Network.initial_weights`).
    optimizer_state, optimizer_state_key : default=None
        A previous fit's optimizer state and the key of its optimizer; the
        state is reused only by the same optimizer (same class and
        configuration, learning rate included), otherwise the optimizer
        starts afresh.
    alpha : float, default=0.0
        L2 penalty on the kernels.
    strategy : tf.distribute.Strategy, default=None
    metrics : list of EpochMetric, default=()
        Computed after each epoch on the ``validation_rows`` (``val_<name>``)
        and, with ``metrics_on_train`` or without validation rows, on the
        ``train_rows`` (``train_<name>``); see :mod:`._epoch_metrics`.
    decoder : LabelDecoder, default=None
        Turns logits into probabilities and decisions for the metrics.
    metrics_on_train : bool, default=False
    callbacks : list of keras.callbacks.Callback, default=None
        Copied for this fit (the given objects are never modified), then
        called at the epoch boundaries (see :mod:`._callbacks`).
    **loop_options
        Passed to :func:`~._loop.train` (``epochs``, ``batch_size``,
        ``n_iter_no_change``, ``tol``, ``rng``, ``verbose``,
        ``stop_on_plateau``, ``jit_compile``, ``learning_rates``,
        ``monitor``, ``greater_is_better``).

    Returns
    -------
    trained : TrainedNetwork

    Raises
    ------
    TrainingDiverged
        When the loss becomes NaN or infinite.
    """
    optimizer_class, optimizer_config = optimizer_recipe
    spec = TrainerSpec(
        network=network,
        alpha=float(alpha),
        sparse=sp.issparse(X),
        loss_key=loss_key(loss),
        optimizer_key=optimizer_key(optimizer_class, optimizer_config),
        strategy_key=strategy_key(strategy),
    )
    if optimizer_state_key != spec.optimizer_key:
        optimizer_state = None
    if sp.issparse(X):
        train_data = _resident(X, Y, sample_weight, train_rows)
        validation_data = None
        if validation_rows is not None:
            validation_data = _resident(X, Y, sample_weight, validation_rows)
    else:
        # One tensor of X for both sets of rows: an image array is copied once.
        resident = ResidentData(X, Y, sample_weight)
        train_data = resident.rows_of(train_rows)
        validation_data = None if validation_rows is None else resident.rows_of(validation_rows)
    callbacks = copy_callbacks(callbacks)
    scoring = None
    if metrics:
        validation = None if validation_data is None else (validation_data, Y[validation_rows])
        on_train = metrics_on_train or validation is None
        scoring = EpochScoring(metrics, decoder, validation,
                               (train_data, Y[train_rows]) if on_train else None)
    trainer = borrow_trainer(
        spec, loss, lambda: optimizer_class.from_config(dict(optimizer_config)), strategy
    )
    try:
        trainer.load(weights, optimizer_state)
        result = train(trainer, train_data, validation_data=validation_data, scoring=scoring,
                       callbacks=callbacks, **loop_options)
        return TrainedNetwork(trainer.weights(), trainer.optimizer_state(), spec.optimizer_key,
                              result)
    finally:
        return_trainer(trainer)


def _resident(X, Y, sample_weight, rows):
    if len(rows) == X.shape[0] and np.array_equal(rows, np.arange(len(rows))):
        # Every row in order: no copy of X (an image array may be gigabytes).
        return ResidentData(X, Y, sample_weight)
    return ResidentData(X[rows], Y[rows], sample_weight[rows])
