"""The process-wide cache of trainers, so that fits of one configuration trace once.

Tracing a trainer's compiled functions costs more than training a small
network. A fit borrows the trainer of its :class:`~._keys.TrainerSpec` for
exclusive use (a concurrent fit of the same spec builds its own) and returns
it once its weights are copied out; the least recently returned trainers are
evicted beyond :data:`MAX_CACHED_TRAINERS`.
"""

import collections
import gc
import threading

from ._trainer import Trainer

# Trainers kept alive between fits. Each holds a model, optimizer slots and
# traced graphs (a few MB for typical sizes); eight covers a grid search over
# losses without letting memory grow with the number of configurations tried.
MAX_CACHED_TRAINERS = 8
_trainers = collections.OrderedDict()
_lock = threading.Lock()


def borrow_trainer(spec, loss, make_optimizer, strategy=None):
    """Take the cached trainer for ``spec`` (or build one) for exclusive use.

    Return it with :func:`return_trainer` once the weights are copied out.

    Parameters
    ----------
    spec : TrainerSpec
    loss : keras.losses.Loss or callable
    make_optimizer : callable
        Makes the optimizer; called only when no cached trainer fits, since
        every Keras optimizer built keeps some memory for good.
    strategy : tf.distribute.Strategy, default=None
    """
    with _lock:
        trainer = _trainers.pop(spec, None)
    if trainer is None:
        trainer = Trainer(spec, loss, make_optimizer, strategy)
    return trainer


def return_trainer(trainer):
    """Put a borrowed trainer back in the cache, evicting the oldest beyond the limit."""
    with _lock:
        _trainers[trainer.spec] = trainer
        evicted = []
        while len(_trainers) > MAX_CACHED_TRAINERS:
            evicted.append(_trainers.popitem(last=False))
    if evicted:
        # Keras models hold reference cycles: without a collection, evicted
        # trainers linger until Python's collector gets round to them
        # (measured: 40 MiB steady instead of 75-130 MiB swings).
        del evicted
        gc.collect()


def clear_trainer_cache():
    """Drop every cached trainer (frees their Keras objects and graphs)."""
    with _lock:
        _trainers.clear()
