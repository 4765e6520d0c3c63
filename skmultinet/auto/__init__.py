"""AutoMultiLabelNet: network settings and decision rule chosen by cross-validation."""

from ._estimator import AutoMultiLabelNet, default_candidates

__all__ = ["AutoMultiLabelNet", "default_candidates"]
