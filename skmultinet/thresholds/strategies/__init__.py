"""Threshold strategies: the rules ``ThresholdOptimizer`` can tune, one object each.

One file per strategy ("global", "per_label", "top_k", "cardinality",
"mcut"), the base classes in ``_base.py`` and the registry in
``_registry.py``. Each strategy searches its rule with the sort-based
searches of :mod:`skmultinet.thresholds._search`, applies it, and describes it.
"""

from ._base import LabelThresholdStrategy, ThresholdStrategy, TunedRule
from ._cardinality import CardinalityThreshold
from ._global import GlobalThreshold
from ._mcut import MCut
from ._per_label import PerLabelThresholds
from ._registry import (
    STRATEGIES,
    describe_rule,
    get_strategy,
    register_strategy,
    rule_summary,
    rule_text,
    strategy_names,
)
from ._top_k import TopK

__all__ = [
    "STRATEGIES",
    "CardinalityThreshold",
    "GlobalThreshold",
    "LabelThresholdStrategy",
    "MCut",
    "PerLabelThresholds",
    "ThresholdStrategy",
    "TopK",
    "TunedRule",
    "describe_rule",
    "get_strategy",
    "register_strategy",
    "rule_summary",
    "rule_text",
    "strategy_names",
]
