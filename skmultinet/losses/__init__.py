"""The catalogue of multi-label losses (importing this module imports Keras)."""

from .._backend import import_keras_quietly

# Keras first, with TensorFlow's start-up noise hidden.
import_keras_quietly()

# noqa: E402 below: Keras must be imported (quietly) before the loss modules.
from ._base import MultiLabelLoss
from ._bce import BinaryCrossentropy
from ._focal import AsymmetricLoss, FocalLoss, HillLoss
from ._ranking import BPMLLLoss, LSEPLoss, TwoWayLoss, ZLPRLoss
from ._regression import MeanSquaredErrorLoss, SquaredHingeLoss
from ._registry import ALIASES, LOSSES, get_loss
from ._softmax import PartitionLoss, SoftmaxCrossentropy, SymmetricKLLoss

__all__ = [
    "ALIASES",
    "LOSSES",
    "AsymmetricLoss",
    "BPMLLLoss",
    "BinaryCrossentropy",
    "FocalLoss",
    "HillLoss",
    "LSEPLoss",
    "MeanSquaredErrorLoss",
    "MultiLabelLoss",
    "PartitionLoss",
    "SoftmaxCrossentropy",
    "SquaredHingeLoss",
    "SymmetricKLLoss",
    "TwoWayLoss",
    "ZLPRLoss",
    "get_loss",
]
