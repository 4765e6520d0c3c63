"""From logits to labels, in NumPy: the losses' decision rules and calibration.

Nothing here imports Keras, so a saved model predicts without it.
"""

from ._calibration import apply_platt_scaling, fit_platt_scaling
from ._rules import ThresholdRule, TopCountRule

__all__ = ["ThresholdRule", "TopCountRule", "apply_platt_scaling", "fit_platt_scaling"]
