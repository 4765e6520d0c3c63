"""Tests of the built-in strategy objects (skmultinet.thresholds.strategies)."""

import doctest

import numpy as np
import pytest

from skmultinet.thresholds import _search as search
from skmultinet.thresholds._metrics import evaluate, fast_metrics
from skmultinet.thresholds.strategies import STRATEGIES, TunedRule, _base, _registry

BUILT_IN = ["global", "per_label", "top_k", "cardinality", "mcut"]


def random_problem(seed, n_samples=30, n_labels=4):
    rng = np.random.default_rng(seed)
    y = (rng.random((n_samples, n_labels)) < 0.4).astype(int)
    scores = np.clip(y * 0.3 + rng.random((n_samples, n_labels)) * 0.7, 0, 1)
    return scores, y


@pytest.mark.parametrize("name", BUILT_IN)
@pytest.mark.parametrize("min_labels", [0, 1])
def test_search_gives_a_rule_that_predict_applies(name, min_labels):
    """Each search returns a TunedRule and curve; predict keeps min_labels labels per sample."""
    strategy = STRATEGIES[name]
    scores, y = random_problem(0)
    metric = fast_metrics()["f1_micro"]
    rule, curve = strategy.search(scores, y, metric, min_labels=min_labels)
    assert isinstance(rule, TunedRule)
    assert len({len(values) for values in curve.values()}) <= 1
    y_pred = strategy.predict(scores, rule, min_labels)
    assert y_pred.dtype == bool and y_pred.shape == y.shape
    assert (y_pred.sum(axis=1) >= min_labels).all()
    np.testing.assert_array_equal(
        y_pred, strategy.apply(scores, rule) | search.top_k_indicator(scores, min_labels)
    )


def test_searches_tune_for_the_metric():
    """Tuned threshold and top-k rules are the best of their curves on the search data."""
    scores, y = random_problem(1)
    metric = fast_metrics()["f1_macro"]
    global_rule, curve = STRATEGIES["global"].search(scores, y, metric)
    assert evaluate(metric, y, scores >= global_rule.thresholds, None) == pytest.approx(
        curve["objectives"].max()
    )
    per_label_rule, _ = STRATEGIES["per_label"].search(scores, y, metric)
    assert evaluate(metric, y, scores >= per_label_rule.thresholds, None) >= (
        curve["objectives"].max() - 1e-12
    )
    top_k_rule, top_k_curve = STRATEGIES["top_k"].search(scores, y, metric)
    assert top_k_rule.k == top_k_curve["k"][np.argmax(top_k_curve["objectives"])]


def test_only_ranking_rules_need_several_labels():
    """top_k and mcut rank a sample's labels, so only they refuse binary targets."""
    assert {name for name in BUILT_IN if STRATEGIES[name].multilabel_only} == {"top_k", "mcut"}


def test_threshold_summary_ignores_infinite_thresholds():
    """Summaries use finite thresholds only; a rule without any has no numbers."""
    per_label = STRATEGIES["per_label"]
    rule = TunedRule(thresholds=np.array([0.1, np.inf, 0.8, -np.inf, 0.4]))
    assert per_label.summary(rule) == {
        "threshold_median": 0.4, "threshold_min": 0.1, "threshold_max": 0.8,
    }
    assert per_label.summary(TunedRule(thresholds=np.array([np.inf]))) == {}
    assert per_label.summary(TunedRule()) == {}
    assert STRATEGIES["top_k"].summary(TunedRule(k=2)) == {"k": 2}
    assert STRATEGIES["mcut"].summary(TunedRule()) == {}


def test_each_strategy_has_a_name_description_and_references():
    """Every built-in strategy documents itself: one-line description, references."""
    for name in BUILT_IN:
        strategy = STRATEGIES[name]
        assert strategy.name == name and "\n" not in strategy.description
        assert "References" in type(strategy).__doc__
        assert repr(strategy) == f"{type(strategy).__name__}()"


@pytest.mark.parametrize("module", [_base, _registry])
def test_docstring_examples_run(module):
    """The examples in the strategy docstrings run and print what they show."""
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
