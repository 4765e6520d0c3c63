"""Threshold searches, metrics and ThresholdOptimizer on targets with unknown (NaN) entries."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning, UndefinedMetricWarning
from sklearn.metrics import (
    f1_score,
    jaccard_score,
    make_scorer,
    precision_score,
    recall_score,
)
from sklearn.neighbors import KNeighborsClassifier

from skmultinet import MultiLabelNetClassifier, ThresholdOptimizer
from skmultinet.thresholds import _search as search
from skmultinet.thresholds._metrics import evaluate, fast_metrics, score
from skmultinet.thresholds.strategies import TunedRule, get_strategy

FAST_NAMES = sorted(fast_metrics())
BINARY = {"f1": f1_score, "precision": precision_score, "recall": recall_score,
          "jaccard": jaccard_score}


def hidden_problem(seed, n_samples=30, n_labels=4, fraction=0.3):
    """Scores, the fully known 0/1 targets and a copy with a share of entries NaN."""
    rng = np.random.default_rng(seed)
    y = (rng.random((n_samples, n_labels)) < 0.4).astype(float)
    scores = rng.random((n_samples, n_labels)) + 0.5 * y
    y_nan = np.where(rng.random(y.shape) < fraction, np.nan, y)
    y_nan[0] = np.nan  # a row with no known entry
    return scores, y, y_nan


def reference(name, y_nan, y_pred, weights=None):
    """The metric on the known entries only, from scikit-learn's binary functions."""
    known = ~np.isnan(y_nan)
    y = np.nan_to_num(y_nan).astype(int)
    weights = np.ones(len(y)) if weights is None else weights
    entry_weights = weights[:, None] * known
    if name.endswith("hamming_loss"):
        loss = (entry_weights * (y != y_pred)).sum() / entry_weights.sum()
        return -loss if name.startswith("neg_") else loss
    rows = np.flatnonzero(known.any(axis=1))
    if name == "accuracy":
        correct = [np.all(y[i][known[i]] == y_pred[i][known[i]]) for i in rows]
        return np.average(correct, weights=weights[rows])
    kind, average = name.split("_")
    function = BINARY[kind]

    def binary(t, p, w):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UndefinedMetricWarning)
            return function(t, p, sample_weight=w, zero_division=0) if len(t) else 0.0

    if average == "micro":
        return binary(y[known], y_pred[known], entry_weights[known])
    if average == "samples":
        values = [binary(y[i][known[i]], y_pred[i][known[i]], None) for i in rows]
        return np.average(values, weights=weights[rows])
    values = np.array([binary(y[known[:, j], j], y_pred[known[:, j], j],
                              weights[known[:, j]]) for j in range(y.shape[1])])
    if average == "macro":
        return values.mean()
    positives = (entry_weights * y).sum(axis=0)
    return values @ positives / positives.sum()


def our_score(name, y, y_pred, weights=None):
    metric = fast_metrics()[name]
    return metric.score_sign * evaluate(metric, y, y_pred, weights)


@pytest.mark.parametrize("name", FAST_NAMES)
@pytest.mark.parametrize("weighted", [False, True])
def test_metrics_count_known_entries_only(name, weighted):
    """Every fast metric with NaN targets equals its value on the known entries alone."""
    rng = np.random.default_rng(3)
    for seed in range(8):
        _, _, y_nan = hidden_problem(seed)
        y_pred = (rng.random(y_nan.shape) < 0.4).astype(int)
        weights = rng.integers(1, 4, len(y_nan)).astype(float) if weighted else None
        assert our_score(name, y_nan, y_pred, weights) == pytest.approx(
            reference(name, y_nan, y_pred, weights))


@pytest.mark.parametrize("name", FAST_NAMES)
def test_predicted_unknown_entries_change_no_metric(name):
    """Predicting an unknown entry or not changes nothing; a known one does (the check can fail)."""
    scores, _, y_nan = hidden_problem(1)
    y_pred = (scores > 0.7).astype(int)
    flipped = np.where(np.isnan(y_nan), 1 - y_pred, y_pred)
    assert our_score(name, y_nan, flipped) == our_score(name, y_nan, y_pred)
    flipped_known = np.where(np.isnan(y_nan), y_pred, 1 - y_pred)
    assert our_score(name, y_nan, flipped_known) != our_score(name, y_nan, y_pred)


@pytest.mark.parametrize("name", ["f1_micro", "f1_macro", "hamming_loss", "accuracy"])
def test_comparison_score_skips_unknown_entries(name):
    """score() (the comparison's label-set scorings) accepts NaN targets; known ones unchanged."""
    scores, y, y_nan = hidden_problem(2)
    y_pred = (scores > 0.7).astype(int)
    assert score(name, y_nan, y_pred) == pytest.approx(reference(name, y_nan, y_pred))
    assert score(name, y.astype(int), y_pred) == pytest.approx(reference(name, y, y_pred))


@pytest.mark.parametrize("name", FAST_NAMES)
def test_global_curve_counts_known_entries(name):
    """The sort-based global curve equals the masked metric at every candidate."""
    metric = fast_metrics()[name]
    for seed in range(4):
        scores, _, y_nan = hidden_problem(seed)
        weights = np.random.default_rng(seed).integers(1, 4, len(scores)).astype(float)
        _, objective, candidates, curve = search.search_global(scores, y_nan, metric, "auto",
                                                               weights)
        brute = [evaluate(metric, y_nan, scores >= t, weights) for t in candidates]
        np.testing.assert_allclose(curve, brute)
        assert objective == pytest.approx(max(brute))


@pytest.mark.parametrize("name", FAST_NAMES)
def test_top_k_ranks_all_scores_and_counts_known_entries(name):
    """top_k's curve: the k best of *all* scores predicted, only known entries counted."""
    metric = fast_metrics()[name]
    for seed in range(4):
        scores, _, y_nan = hidden_problem(seed)
        _, _, ks, curve = search.search_top_k(scores, y_nan, metric, None)
        brute = [evaluate(metric, y_nan, search.top_k_indicator(scores, k), None) for k in ks]
        np.testing.assert_allclose(curve, brute)


@pytest.mark.parametrize("name", [n for n in FAST_NAMES if n.endswith(("_macro", "hamming_loss"))])
def test_per_label_thresholds_come_from_the_rows_where_the_label_is_known(name):
    """A label's threshold (sums over labels) is the best one on its known rows alone."""
    metric = fast_metrics()[name]
    scores, _, y_nan = hidden_problem(4, n_samples=40)
    rule, _ = get_strategy("per_label").search(scores, y_nan, metric)
    achieved = evaluate(metric, y_nan, scores >= rule.thresholds, None)
    for label in range(scores.shape[1]):
        rows = ~np.isnan(y_nan[:, label])
        candidates = search.candidate_thresholds(scores[rows, label], "auto")
        best = -np.inf
        for threshold in candidates:
            trial = rule.thresholds.copy()
            trial[label] = threshold
            best = max(best, evaluate(metric, y_nan, scores >= trial, None))
        assert achieved == pytest.approx(best)


@pytest.mark.parametrize("strategy", ["global", "per_label", "cardinality"])
def test_scores_of_unknown_entries_do_not_move_the_thresholds(strategy):
    """Threshold rules skip unknown entries: their scores change no tuned threshold."""
    scores, _, y_nan = hidden_problem(5, n_samples=40)
    metric = fast_metrics()["f1_micro"]
    rule, _ = get_strategy(strategy).search(scores, y_nan, metric)
    shuffled = np.where(np.isnan(y_nan), np.random.default_rng(0).random(scores.shape) * 3,
                        scores)
    other, _ = get_strategy(strategy).search(shuffled, y_nan, metric)
    np.testing.assert_array_equal(other.thresholds, rule.thresholds)
    # ...while reading the unknown entries as negatives moves them (the check can fail)
    as_negative, _ = get_strategy(strategy).search(scores, np.nan_to_num(y_nan), metric)
    assert not np.array_equal(as_negative.thresholds, rule.thresholds)


def test_cardinality_matches_the_known_positives():
    """cardinality: the predicted count among known entries is closest to their positives."""
    scores, _, y_nan = hidden_problem(6, n_samples=60)
    known = ~np.isnan(y_nan)
    cut = search.cardinality_threshold(scores, y_nan, None)
    target = np.nansum(y_nan)
    found = np.sum((scores >= cut) & known)
    for t in search.candidate_thresholds(scores[known], "auto"):
        assert abs(found - target) <= abs(np.sum((scores >= t) & known) - target)


def test_metrics_without_count_formula_refuse_unknowns():
    """A scorer that cannot skip entries is refused before any fold is fitted."""
    scores, _, y_nan = hidden_problem(7)
    scorer = make_scorer(f1_score, average="micro")  # no count formula: a GenericMetric
    model = ThresholdOptimizer(KNeighborsClassifier(), scoring=scorer, cv=2)
    with pytest.raises(ValueError, match="only the count metrics can skip"):
        model.fit(scores, y_nan)


# ---------------------------------------------------------------- the estimator


@pytest.fixture(scope="module")
def tuned():
    """ThresholdOptimizer over a small network, on targets with about a third unknown."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(150, 5))
    Y = (X[:, :3] + rng.normal(scale=0.5, size=(150, 3)) > 0).astype(int)
    hidden = rng.random(Y.shape) < 0.35
    Y_nan = np.where(hidden, np.nan, Y.astype(float))
    net = MultiLabelNetClassifier((8,), epochs=5, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        by_nan = ThresholdOptimizer(net, cv=3, store_cv_results=True).fit(X, Y_nan)
        by_minus_one = ThresholdOptimizer(net, cv=3).fit(X, np.where(hidden, -1, Y))
    return X, Y_nan, by_nan, by_minus_one


def test_optimizer_tunes_on_known_entries_and_fills_every_label(tuned):
    """best_score_ is the masked metric of the out-of-fold scores; predict fills every label."""
    X, Y_nan, by_nan, _ = tuned
    scores = by_nan.cv_results_["scores"]
    y_pred = scores >= by_nan.best_thresholds_
    assert by_nan.best_score_ == pytest.approx(reference("f1_micro", Y_nan, y_pred.astype(int)))
    predicted = by_nan.predict(X)
    assert predicted.shape == Y_nan.shape and set(np.unique(predicted)) <= {0, 1}


def test_optimizer_reads_minus_one_as_nan(tuned):
    """-1 in an integer matrix tunes exactly as NaN in a float one."""
    _, _, by_nan, by_minus_one = tuned
    np.testing.assert_array_equal(by_minus_one.best_thresholds_, by_nan.best_thresholds_)
    assert by_minus_one.best_score_ == by_nan.best_score_


@pytest.mark.parametrize("strategy", ["global", "per_label", "top_k", "cardinality", "mcut"])
def test_every_strategy_tunes_on_prefit_scores_with_unknowns(strategy):
    """cv='prefit': each strategy searches NaN targets; best_score_ is their masked metric."""
    rng = np.random.default_rng(1)
    X = rng.normal(size=(80, 3))
    Y = (X + rng.normal(scale=0.7, size=X.shape) > 0).astype(int)
    knn = KNeighborsClassifier(5).fit(X, Y)
    Y_nan = np.where(rng.random(Y.shape) < 0.3, np.nan, Y.astype(float))
    model = ThresholdOptimizer(knn, strategy=strategy, cv="prefit", refit=False,
                               scoring="f1_samples").fit(X, Y_nan)
    rule = TunedRule(thresholds=model.best_thresholds_, k=model.best_k_)
    scores = np.column_stack([p[:, 1] for p in knn.predict_proba(X)])
    y_pred = get_strategy(strategy).predict(scores, rule).astype(int)
    assert model.best_score_ == pytest.approx(reference("f1_samples", Y_nan, y_pred))
    assert model.predict(X).shape == Y.shape
