"""From logits to labels, in NumPy: decision rules, calibration and the decoder.

``_rules`` holds the losses' decision rules, ``_calibration`` the maps from
scores to probabilities (global Platt pair, per-label Platt, isotonic),
``_reliability`` the measures of how well probabilities are calibrated, and
``_decoder`` the :class:`LabelDecoder` that composes the rule and the
calibration with thresholds and output shapes. Nothing here imports Keras, so a saved model
predicts without it.
"""

from ._calibration import (
    apply_calibration,
    apply_platt_scaling,
    fit_label_isotonic,
    fit_label_platt,
    fit_platt_scaling,
)
from ._decoder import LabelDecoder, top_count_indicator
from ._reliability import brier_score, expected_calibration_error, reliability_curve
from ._rules import ThresholdRule, TopCountRule

__all__ = [
    "LabelDecoder",
    "ThresholdRule",
    "TopCountRule",
    "apply_calibration",
    "apply_platt_scaling",
    "brier_score",
    "expected_calibration_error",
    "fit_label_isotonic",
    "fit_label_platt",
    "fit_platt_scaling",
    "reliability_curve",
    "top_count_indicator",
]
