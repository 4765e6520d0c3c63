"""Tuning the rule that turns per-label scores into labels.

``ThresholdOptimizer`` (``_optimizer.py``) is the scikit-learn face; the
sort-based searches live in ``_search.py`` and the metrics they optimise in
``_metrics.py``.
"""

from ._optimizer import ThresholdOptimizer

__all__ = ["ThresholdOptimizer"]
