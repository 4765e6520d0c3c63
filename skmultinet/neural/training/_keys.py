"""What a compiled trainer depends on, identified by value: the trainer cache key.

Two fits may share a trainer (its Keras model, optimizer and traced graphs)
when they train the same network with the same loss, optimizer and penalty.
Loss and optimizer objects are compared by what they compute, not by
identity, so that a grid search or cross-validation, which copies them for
every fit, still reuses one trainer.
"""

import json
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TrainerSpec:
    """Everything a compiled training graph depends on (the cache key).

    Attributes
    ----------
    network : Network
        Hashed and compared by its ``key``.
    alpha : float
        L2 penalty on the kernels.
    sparse : bool
        Whether the features are sparse.
    loss_key, optimizer_key : tuple
        See :func:`loss_key` and :func:`optimizer_key`.
    strategy_key : tuple or None
        See :func:`~._distribute.strategy_key`.
    """

    network: object
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
