"""Networks the estimator can train, behind one interface.

``_base`` defines :class:`Network`, what the training engine and the
estimator need from an architecture, and :class:`PredictionWeights`, its
prediction weights per dtype; ``_mlp`` implements it as :class:`MLPNetwork`,
the built-in multi-layer perceptron and its NumPy twin.
"""

from ._base import Network, PredictionWeights
from ._mlp import KERAS_ACTIVATIONS, MLPNetwork

__all__ = ["KERAS_ACTIVATIONS", "MLPNetwork", "Network", "PredictionWeights"]
