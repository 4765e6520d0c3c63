"""From logits to labels, in NumPy: decision rules, calibration and the decoder.

``_rules`` holds the losses' decision rules, ``_calibration`` the Platt
scaling, and ``_decoder`` the :class:`LabelDecoder` that composes them with
thresholds and output shapes. Nothing here imports Keras, so a saved model
predicts without it.
"""

from ._calibration import apply_platt_scaling, fit_platt_scaling
from ._decoder import LabelDecoder, top_count_indicator
from ._rules import ThresholdRule, TopCountRule

__all__ = [
    "LabelDecoder",
    "ThresholdRule",
    "TopCountRule",
    "apply_platt_scaling",
    "fit_platt_scaling",
    "top_count_indicator",
]
