"""Networks the estimator can train, behind one interface.

``_base`` defines :class:`Network`, what the training engine and the
estimator need from an architecture, and :class:`PredictionWeights`, its
prediction weights per dtype; ``_mlp`` implements it as :class:`MLPNetwork`,
the built-in multi-layer perceptron and its NumPy twin; ``_keras_model``
implements it as :class:`KerasModelNetwork`, the user's own Keras model.
"""

from ._base import Network, PredictionWeights
from ._keras_model import KerasModelNetwork, SerializedModel
from ._mlp import KERAS_ACTIVATIONS, MLPNetwork

__all__ = [
    "KERAS_ACTIVATIONS", "KerasModelNetwork", "MLPNetwork", "Network", "PredictionWeights",
    "SerializedModel",
]
