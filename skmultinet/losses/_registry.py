"""Name -> loss class registry and the ``get_loss`` resolver."""

import inspect

import keras

from ._bce import BinaryCrossentropy
from ._focal import AsymmetricLoss, FocalLoss, HillLoss
from ._ranking import BPMLLLoss, LSEPLoss, TwoWayLoss, ZLPRLoss
from ._regression import MeanSquaredErrorLoss, SquaredHingeLoss
from ._softmax import PartitionLoss, SoftmaxCrossentropy, SymmetricKLLoss

LOSSES = {
    "binary_crossentropy": BinaryCrossentropy,
    "focal": FocalLoss,
    "asymmetric": AsymmetricLoss,
    "softmax_crossentropy": SoftmaxCrossentropy,
    "partition": PartitionLoss,
    "symmetric_kl": SymmetricKLLoss,
    "zlpr": ZLPRLoss,
    "two_way": TwoWayLoss,
    "lsep": LSEPLoss,
    "bp_mll": BPMLLLoss,
    "hill": HillLoss,
    "squared_hinge": SquaredHingeLoss,
    "mse": MeanSquaredErrorLoss,
}

ALIASES = {
    "bce": "binary_crossentropy",
    "abs_kl": "symmetric_kl",
    "multilabel_categorical_crossentropy": "zlpr",
}


def get_loss(identifier):
    """Resolve a loss name, alias, class, instance or callable.

    Parameters
    ----------
    identifier : str, keras.losses.Loss subclass, keras.losses.Loss or callable
        A name of :data:`LOSSES` or :data:`ALIASES`; a loss class (instantiated
        with its defaults); a loss instance or any callable
        ``loss(y_true, logits)`` (returned as is).

    Returns
    -------
    loss : keras.losses.Loss or callable
        A new instance for names and classes; the object itself otherwise.

    Raises
    ------
    ValueError
        For an unknown name (the message lists the valid ones) or an object
        that is neither a loss nor callable.

    Examples
    --------
    >>> from skmultinet.losses import get_loss
    >>> type(get_loss("bce")).__name__
    'BinaryCrossentropy'
    """
    if isinstance(identifier, str):
        name = ALIASES.get(identifier, identifier)
        if name not in LOSSES:
            aliases = ", ".join(f"{alias} ({target})" for alias, target in sorted(ALIASES.items()))
            raise ValueError(
                f"Unknown loss {identifier!r}. Valid names are: {', '.join(sorted(LOSSES))}; "
                f"aliases: {aliases}. Or pass a keras.losses.Loss instance or a callable "
                "loss(y_true, logits)."
            )
        return LOSSES[name]()
    if inspect.isclass(identifier):
        if issubclass(identifier, keras.losses.Loss):
            return identifier()
        raise ValueError(
            f"A loss class must subclass keras.losses.Loss; got {identifier.__name__}."
        )
    if callable(identifier):
        return identifier
    raise ValueError(
        f"loss must be a name, a keras.losses.Loss or a callable; got {identifier!r}."
    )
