"""Tests of the count-based metrics in skmultinet.thresholds._metrics."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import (
    accuracy_score,
    f1_score,
    hamming_loss,
    jaccard_score,
    precision_score,
    recall_score,
)

from skmultinet.thresholds._metrics import (
    SCORINGS,
    comparison_scorings,
    evaluate,
    fast_metrics,
    score,
)

SKLEARN_FUNCTIONS = {
    "f1": f1_score,
    "precision": precision_score,
    "recall": recall_score,
    "jaccard": jaccard_score,
}
FAST_NAMES = sorted(fast_metrics())


def sklearn_metric(name, y, y_pred, sample_weight=None):
    """The value scikit-learn gives for one of the fast metric names."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        if name == "accuracy":
            return accuracy_score(y, y_pred, sample_weight=sample_weight)
        if name.endswith("hamming_loss"):
            loss = hamming_loss(y, y_pred, sample_weight=sample_weight)
            return -loss if name.startswith("neg_") else loss
        kind, average = name.split("_")
        return SKLEARN_FUNCTIONS[kind](
            y, y_pred, average=average, sample_weight=sample_weight
        )


def fast_score(name, y, y_pred, sample_weight=None):
    """Our value for a metric name, in the metric's own sign."""
    metric = fast_metrics()[name]
    return metric.score_sign * evaluate(metric, y, y_pred, sample_weight)


@pytest.mark.parametrize("name", FAST_NAMES)
@pytest.mark.parametrize("weighted", [False, True])
def test_fast_formulas_match_sklearn(name, weighted):
    # every fast metric equals scikit-learn's value, with and without weights
    rng = np.random.default_rng(0)
    for _ in range(20):
        y = (rng.random((15, 4)) < 0.3).astype(int)
        y_pred = (rng.random((15, 4)) < 0.3).astype(int)
        sample_weight = rng.integers(1, 4, 15).astype(float) if weighted else None
        expected = sklearn_metric(name, y, y_pred, sample_weight)
        assert fast_score(name, y, y_pred, sample_weight) == pytest.approx(expected)


def test_comparison_scorings_are_fast_metrics_in_command_line_order():
    """SCORINGS is the comparison part of fast_metrics, in the command line's order."""
    assert comparison_scorings() == (
        "f1_micro", "f1_macro", "f1_samples", "f1_weighted",
        "jaccard_micro", "jaccard_macro", "jaccard_samples", "jaccard_weighted",
        "accuracy", "hamming_loss",
    )
    assert tuple(SCORINGS) == comparison_scorings()
    assert set(SCORINGS) <= set(fast_metrics())


@pytest.mark.parametrize("name", sorted(SCORINGS))
def test_label_set_scorings_agree_with_the_search_metrics(name):
    """score() and the searches' count formulas give the same value and direction."""
    rng = np.random.default_rng(1)
    y = (rng.random((25, 4)) < 0.4).astype(int)
    y_pred = (rng.random((25, 4)) < 0.4).astype(int)
    metric = fast_metrics()[name]
    assert score(name, y, y_pred) == pytest.approx(
        metric.score_sign * evaluate(metric, y, y_pred, None)
    )
    assert SCORINGS[name][2] == (metric.score_sign > 0)
