"""Data-parallel training: which ``tf.distribute.Strategy`` a fit runs under.

The estimator's ``distribute`` parameter is ``None``, a name or a strategy
instance. Names keep the estimator clonable and picklable (a strategy object
holds devices and weak references and cannot be pickled); the strategy a name
stands for is created once per process, because a multi-worker strategy may be
created only once and a mirrored one takes a while to set up.
"""

import threading

from ..._backend import import_keras

STRATEGY_NAMES = ("auto", "mirrored", "multi_worker_mirrored")

_strategies = {}
_lock = threading.Lock()


def resolve_strategy(distribute):
    """The strategy a ``distribute`` setting stands for, or ``None`` for none.

    Parameters
    ----------
    distribute : None, {"auto", "mirrored", "multi_worker_mirrored"} or tf.distribute.Strategy
        ``"auto"`` mirrors over all GPUs when more than one is visible and
        means no strategy otherwise. ``"mirrored"`` is
        ``tf.distribute.MirroredStrategy()`` over every visible GPU (or the
        CPU). ``"multi_worker_mirrored"`` is
        ``tf.distribute.MultiWorkerMirroredStrategy()``, configured by the
        ``TF_CONFIG`` environment variable of each worker.

    Returns
    -------
    strategy : tf.distribute.Strategy or None
        ``None`` also when the strategy has a single replica, since then the
        single-device training loop does the same work faster.
    """
    if distribute is None:
        return None
    if isinstance(distribute, str):
        with _lock:
            if distribute not in _strategies:
                _strategies[distribute] = _create(distribute)
            strategy = _strategies[distribute]
    else:
        strategy = distribute
    if strategy is None or strategy.num_replicas_in_sync < 2:
        return None
    return strategy


def _create(name):
    tf, _ = import_keras()
    if name == "auto":
        if len(tf.config.list_logical_devices("GPU")) > 1:
            return tf.distribute.MirroredStrategy()
        return None
    if name == "mirrored":
        return tf.distribute.MirroredStrategy()
    return tf.distribute.MultiWorkerMirroredStrategy()


def strategy_key(strategy):
    """Identify a strategy in the trainer cache (the cached trainer keeps it alive)."""
    if strategy is None:
        return None
    return (type(strategy).__qualname__, id(strategy))
