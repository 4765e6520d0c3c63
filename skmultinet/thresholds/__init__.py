"""Tuning the rule that turns per-label scores into labels.

``ThresholdOptimizer`` (``_optimizer.py``) is the scikit-learn face. The
rules it can tune are strategy objects in :mod:`.strategies`, one file each,
found by name in its registry (``STRATEGIES``, ``register_strategy``). They
call the sort-based searches of ``_search.py``, which optimise the metrics of
``_metrics.py``, the package's one metrics vocabulary; ``_scores.py`` reads
the estimator's per-label scores; ``_routing.py`` routes ``fit``'s metadata.
"""

from ._optimizer import ThresholdOptimizer

__all__ = ["ThresholdOptimizer"]
