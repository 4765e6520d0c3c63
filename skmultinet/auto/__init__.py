"""AutoMultiLabelNet: network settings and decision rule chosen by cross-validation.

``_candidates`` holds the default settings, ``_cross_fitting`` the out-of-fold
scoring of settings and rules, ``_ensemble`` the seed averaging of the final
model, and ``_estimator`` the estimator that ties them together.
"""

from ._candidates import MEASURED_ON, default_candidates
from ._estimator import AutoMultiLabelNet

__all__ = ["MEASURED_ON", "AutoMultiLabelNet", "default_candidates"]
