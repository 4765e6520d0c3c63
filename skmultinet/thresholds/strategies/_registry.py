"""Name -> strategy registry, its resolver, and the text of a tuned rule.

``ThresholdOptimizer`` validates its ``strategy`` against :data:`STRATEGIES`,
searches and predicts through it; ``AutoMultiLabelNet`` and the command line
list and describe strategies from it. A new built-in strategy is one file in
this folder plus its line in the tuple at the end of this module; a user's
strategy is one :func:`register_strategy` call.
"""

from ._base import ThresholdStrategy, TunedRule
from ._cardinality import CardinalityThreshold
from ._global import GlobalThreshold
from ._mcut import MCut
from ._per_label import PerLabelThresholds
from ._top_k import TopK

#: name -> strategy object, in the order help texts list them.
STRATEGIES = {}


def register_strategy(strategy, *, replace=False):
    """Make ``strategy`` available as ``ThresholdOptimizer(strategy=strategy.name)``.

    Parameters
    ----------
    strategy : ThresholdStrategy
        An instance; its ``name`` is the key.
    replace : bool, default=False
        Allow replacing a strategy already registered under that name.

    Returns
    -------
    strategy : ThresholdStrategy
        The argument, unchanged.

    Notes
    -----
    A model fitted with a strategy registered this way finds it again by name
    when it predicts: register it before loading such a saved model.

    Examples
    --------
    >>> from skmultinet.thresholds.strategies import (
    ...     STRATEGIES, GlobalThreshold, register_strategy)
    >>> class Shared(GlobalThreshold):
    ...     name = "shared"
    >>> _ = register_strategy(Shared())
    >>> "shared" in STRATEGIES
    True
    >>> del STRATEGIES["shared"]
    """
    if not isinstance(strategy, ThresholdStrategy):
        raise TypeError(
            f"A strategy must be an instance of a ThresholdStrategy subclass; got "
            f"{strategy!r}."
        )
    name = strategy.name
    if not isinstance(name, str) or not name:
        raise ValueError(f"{type(strategy).__name__}.name must be a non-empty string.")
    if name in STRATEGIES and not replace:
        raise ValueError(
            f"A strategy named {name!r} is already registered "
            f"({STRATEGIES[name]!r}); choose another name or pass replace=True."
        )
    STRATEGIES[name] = strategy
    return strategy


def get_strategy(name):
    """The registered strategy called ``name``.

    Raises
    ------
    ValueError
        For an unknown name; the message lists the valid ones.
    """
    try:
        return STRATEGIES[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"Unknown threshold strategy {name!r}. Valid names are: "
            f"{', '.join(STRATEGIES)}; add one with "
            f"skmultinet.thresholds.strategies.register_strategy."
        ) from None


def strategy_names():
    """Names of the registered strategies, in registration order (a tuple)."""
    return tuple(STRATEGIES)


def rule_summary(optimizer):
    """The numbers of a fitted ``ThresholdOptimizer``'s rule, for a results table.

    ``{"k": 3}`` for "top_k"; ``threshold_median``, ``threshold_min`` and
    ``threshold_max`` (over finite thresholds) for threshold rules; ``{}``
    when the rule has no numbers ("mcut", a multiclass target).
    """
    rule = TunedRule(thresholds=optimizer.best_thresholds_, k=optimizer.best_k_)
    return get_strategy(optimizer.strategy).summary(rule)


def rule_text(name, summary):
    """A few characters describing a rule of strategy ``name`` from its summary.

    Parameters
    ----------
    name : str
        A registered strategy.
    summary : mapping
        What :func:`rule_summary` returned, or a row of a table averaging
        such summaries over folds.

    Returns
    -------
    text : str
        E.g. ``"0.45"``, ``"med 0.42 [0.10-0.80]"``, ``"top 3"``, ``"mcut"``.
    """
    return get_strategy(name).rule_text(summary)


def describe_rule(optimizer):
    """A few characters describing a fitted ``ThresholdOptimizer``'s rule."""
    return rule_text(optimizer.strategy, rule_summary(optimizer))


for _strategy in (
    GlobalThreshold(),
    PerLabelThresholds(),
    TopK(),
    CardinalityThreshold(),
    MCut(),
):
    register_strategy(_strategy)
