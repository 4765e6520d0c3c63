"""What a fit watches while it trains: ``metrics``, ``monitor`` and ``callbacks``.

The parameters are read twice. Before any work, :func:`check_monitoring`
resolves ``metrics`` and refuses a ``monitor`` that no fit could compute, so a
mistyped name costs nothing. Once the fit knows whether it holds rows out,
:func:`training_watch` builds the watch options of
:func:`~.training.train_network`: the key early stopping follows and its
direction, the metrics and the decoder that scores them, and the callbacks.
"""

from ..decision import LabelDecoder
from ._loss_choice import prediction_rule
from .training._epoch_metrics import monitored_key, resolve_metrics


def check_monitoring(metrics, monitor):
    """The ``metrics`` parameter resolved, once ``monitor`` is known to name one of them.

    Parameters
    ----------
    metrics : list of str or callable, or None
        The ``metrics`` parameter.
    monitor : str
        The ``monitor`` parameter.

    Returns
    -------
    metrics : list of EpochMetric

    Raises
    ------
    ValueError
        For an unknown metric, or a ``monitor`` naming nothing that a fit with
        these metrics computes.
    """
    resolved = resolve_metrics(metrics)
    # The fit's split is not known yet: check against the most a fit can
    # compute (held-out rows, metrics on the training rows). training_watch
    # checks again against what this fit computes.
    monitored_key(monitor, resolved, has_validation=True, metrics_on_train=True)
    return resolved


def training_watch(metrics, *, monitor, metrics_on_train, callbacks, has_validation,
                   encoder, loss, thresholds):
    """The keyword arguments of :func:`~.training.train_network` that say what it watches.

    Parameters
    ----------
    metrics : list of EpochMetric
        From :func:`check_monitoring`.
    monitor : str
        The ``monitor`` parameter.
    metrics_on_train : bool
        The ``metrics_on_train`` parameter.
    callbacks : list of keras.callbacks.Callback or None
        The ``callbacks`` parameter, passed as they are (training copies them).
    has_validation : bool
        Whether the fit holds early-stopping rows out.
    encoder : TargetEncoder
        The fit's target encoder (kind of target, number of outputs).
    loss : keras.losses.Loss or callable
        The fit's resolved loss, whose decision rule the metrics use.
    thresholds : ndarray
        The fit's decision thresholds.

    Returns
    -------
    watch : dict
        ``monitor`` (the ``history_`` key), ``greater_is_better``,
        ``callbacks``, ``metrics``, ``metrics_on_train`` and ``decoder``.

    Raises
    ------
    ValueError
        When ``monitor`` names a value this fit does not compute.
    """
    key, greater_is_better = monitored_key(
        monitor, metrics, has_validation=has_validation, metrics_on_train=metrics_on_train)
    return {"monitor": key, "greater_is_better": greater_is_better,
            "callbacks": callbacks, "metrics": metrics,
            "metrics_on_train": metrics_on_train,
            # The decision rule of the fit so far: thresholds, uncalibrated.
            "decoder": LabelDecoder(encoder.target_type, encoder.n_outputs,
                                    prediction_rule(loss) or loss, thresholds)}
