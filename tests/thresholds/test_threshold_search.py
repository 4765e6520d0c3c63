"""Tests of the pure threshold searches in skmultinet.thresholds._search."""

import itertools

import numpy as np
import pytest
from sklearn.metrics import f1_score, hamming_loss, make_scorer

from skmultinet.thresholds import _search as search
from skmultinet.thresholds._metrics import GenericMetric, evaluate, fast_metrics, resolve_metric

FAST_NAMES = sorted(fast_metrics())
DECOMPOSABLE = [
    name for name in FAST_NAMES if name.endswith(("_macro", "_weighted", "hamming_loss"))
]


def random_problem(seed, n_samples=12, n_labels=3, n_levels=None):
    rng = np.random.default_rng(seed)
    y = (rng.random((n_samples, n_labels)) < 0.4).astype(int)
    scores = rng.random((n_samples, n_labels)) + 0.4 * y
    if n_levels:
        scores = np.round(scores * n_levels) / n_levels  # ties on purpose
    return scores, y


def all_rules_objective(metric, scores, y, sample_weight=None):
    """Brute-force best objective over every per-label combination of thresholds."""
    per_label = [search.candidate_thresholds(scores[:, j], "auto") for j in range(y.shape[1])]
    return max(
        evaluate(metric, y, scores >= np.array(combo), sample_weight)
        for combo in itertools.product(*per_label)
    )


@pytest.mark.parametrize("name", FAST_NAMES)
def test_global_search_finds_brute_force_optimum(name):
    # the global search equals the best of every threshold tried one by one
    metric = fast_metrics()[name]
    for seed in range(5):
        scores, y = random_problem(seed, n_levels=5 if seed % 2 else None)
        threshold, objective, candidates, curve = search.search_global(
            scores, y, metric, "auto", None
        )
        brute = [evaluate(metric, y, scores >= t, None) for t in candidates]
        assert objective == pytest.approx(max(brute))
        np.testing.assert_allclose(curve, brute)
        assert evaluate(metric, y, scores >= threshold, None) == pytest.approx(
            objective
        )


@pytest.mark.parametrize("name", DECOMPOSABLE)
def test_per_label_search_is_exact_for_decomposable_metrics(name):
    # for sums over labels, the per-label search reaches the brute-force optimum
    metric = fast_metrics()[name]
    for seed in range(4):
        scores, y = random_problem(seed, n_samples=8)
        start, *_ = search.search_global(scores, y, metric, "auto", None)
        thresholds, objective = search.search_per_label(scores, y, metric, "auto", None, start)
        assert objective == pytest.approx(all_rules_objective(metric, scores, y))
        assert evaluate(metric, y, scores >= thresholds, None) == pytest.approx(
            objective
        )


@pytest.mark.parametrize("name", ["f1_micro", "jaccard_micro", "f1_samples", "accuracy"])
def test_per_label_search_is_a_coordinate_optimum(name):
    # no single label's threshold can be moved to improve the result, and it
    # is never worse than the global start nor better than brute force
    metric = fast_metrics()[name]
    scores, y = random_problem(3, n_samples=8)
    start, global_objective, *_ = search.search_global(scores, y, metric, "auto", None)
    thresholds, objective = search.search_per_label(scores, y, metric, "auto", None, start)
    assert global_objective - 1e-12 <= objective <= all_rules_objective(metric, scores, y) + 1e-12
    for label in range(y.shape[1]):
        for candidate in search.candidate_thresholds(scores[:, label], "auto"):
            moved = thresholds.copy()
            moved[label] = candidate
            assert evaluate(metric, y, scores >= moved, None) <= objective + 1e-12


def test_known_thresholds_are_recovered_on_separable_scores():
    # separable labels get the midpoint between their last positive and first negative
    scores = np.array([[0.9, 0.6], [0.7, 0.4], [0.3, 0.35], [0.1, 0.1]])
    y = np.array([[1, 1], [1, 1], [0, 0], [0, 0]])
    metric = fast_metrics()["f1_macro"]
    thresholds, objective = search.search_per_label(scores, y, metric, "auto", None, np.inf)
    np.testing.assert_allclose(thresholds, [0.5, 0.375])
    assert objective == 1.0


def test_hamming_loss_is_minimised():
    # the loss goes down, and its optimum is the brute-force minimum
    metric = fast_metrics()["hamming_loss"]
    scores, y = random_problem(1, n_samples=8)
    start, objective, *_ = search.search_global(scores, y, metric, "auto", None)
    losses = [hamming_loss(y, scores >= t) for t in search.candidate_thresholds(scores, "auto")]
    assert -objective == pytest.approx(min(losses))
    assert objective >= -hamming_loss(y, scores >= 0.5)


@pytest.mark.parametrize("name", ["f1_micro", "f1_macro", "f1_samples", "accuracy", "hamming_loss"])
def test_top_k_search_matches_every_k(name):
    # the tuned k is the best of predicting 0..n_labels labels per sample
    metric = fast_metrics()[name]
    scores, y = random_problem(2, n_samples=20, n_labels=5, n_levels=4)
    k, objective, ks, curve = search.search_top_k(scores, y, metric, None, min_k=1)
    expected = [evaluate(metric, y, search.top_k_indicator(scores, k), None) for k in ks]
    np.testing.assert_allclose(curve, expected)
    assert ks[0] == 1 and objective == pytest.approx(max(expected))


def test_sample_weight_equals_repetition():
    # an integer weight is the same as repeating the sample, for every search
    scores, y = random_problem(4, n_samples=10)
    weights = np.array([1, 2, 3, 1, 1, 2, 1, 3, 1, 2])
    repeated_scores, repeated_y = np.repeat(scores, weights, 0), np.repeat(y, weights, 0)
    for name in ["f1_micro", "f1_macro", "f1_samples", "hamming_loss", "f1_weighted"]:
        metric = fast_metrics()[name]
        weighted = search.search_global(scores, y, metric, "auto", weights)
        repeated = search.search_global(repeated_scores, repeated_y, metric, "auto", None)
        assert weighted[:2] == pytest.approx(repeated[:2])
        per_label = search.search_per_label(scores, y, metric, "auto", weights, weighted[0])
        per_label_repeated = search.search_per_label(
            repeated_scores, repeated_y, metric, "auto", None, repeated[0]
        )
        np.testing.assert_allclose(per_label[0], per_label_repeated[0])
    assert search.cardinality_threshold(scores, y, weights) == pytest.approx(
        search.cardinality_threshold(repeated_scores, repeated_y, None)
    )


def test_min_labels_by_forced_scores():
    # raising the top scores to +inf is the same as adding the top labels
    scores, _ = random_problem(5, n_samples=30, n_labels=4)
    forced = search.force_top_labels(scores, 2)
    for threshold in [0.0, 0.5, 0.9, 2.0, np.inf]:
        expected = (scores >= threshold) | search.top_k_indicator(scores, 2)
        np.testing.assert_array_equal(forced >= threshold, expected)
    assert search.force_top_labels(scores, 0) is scores


def test_cardinality_threshold_matches_label_cardinality():
    # the predicted number of labels equals the true one when scores allow it
    scores, y = random_problem(6, n_samples=50, n_labels=4)
    threshold = search.cardinality_threshold(scores, y, None)
    assert (scores >= threshold).sum() == y.sum()


def test_mcut_cuts_at_the_largest_gap():
    # each row keeps the labels above its largest gap between sorted scores
    scores = np.array([[0.9, 0.8, 0.1, 0.05], [0.2, 0.9, 0.25, 0.3], [0.5, 0.5, 0.5, 0.5]])
    expected = [[1, 1, 0, 0], [0, 1, 0, 0], [1, 1, 1, 1]]
    np.testing.assert_array_equal(search.mcut_indicator(scores), expected)


def test_candidate_grids():
    # "auto" gives every midpoint plus +-inf; ints give quantiles; arrays pass through
    values = np.array([0.1, 0.4, 0.4, 0.8])
    np.testing.assert_allclose(
        search.candidate_thresholds(values, "auto"), [np.inf, 0.6, 0.25, -np.inf]
    )
    assert search.candidate_thresholds(np.linspace(0, 1, 5000), "auto", 100).shape == (100,)
    np.testing.assert_allclose(search.candidate_thresholds(values, 2), [0.8, 0.1])
    np.testing.assert_allclose(search.candidate_thresholds(values, [0.3, 0.7]), [0.7, 0.3])


@pytest.mark.parametrize("strategy", ["global", "per_label"])
def test_generic_metric_agrees_with_fast_path(strategy):
    # a make_scorer scorer (slow path) finds the same optimum as the fast path
    scores, y = random_problem(7, n_samples=10)
    fast = fast_metrics()["f1_macro"]
    generic = resolve_metric(make_scorer(f1_score, average="macro", zero_division=0), False)
    assert isinstance(generic, GenericMetric)
    results = []
    for metric in (fast, generic):
        start, objective, *_ = search.search_global(scores, y, metric, "auto", None)
        if strategy == "per_label":
            _, objective = search.search_per_label(scores, y, metric, "auto", None, start)
        results.append(objective)
    assert results[0] == pytest.approx(results[1])


def test_generic_loss_scorer_is_minimised():
    # a scorer with greater_is_better=False is searched in the right direction
    scores, y = random_problem(8, n_samples=10)
    metric = resolve_metric(make_scorer(hamming_loss, greater_is_better=False), False)
    threshold, objective, *_ = search.search_global(scores, y, metric, "auto", None)
    fast = search.search_global(scores, y, fast_metrics()["hamming_loss"], "auto", None)
    assert objective == pytest.approx(fast[1])


def test_scores_without_a_finite_value_give_the_two_infinite_candidates():
    """A label whose scores min_labels all forced to +inf gets candidates +-inf (issue 20)."""
    forced = np.full(4, np.inf)
    np.testing.assert_array_equal(search.candidate_thresholds(forced, "auto"), [np.inf, -np.inf])
    scores = search.force_top_labels(np.array([[0.9, 0.2], [0.8, 0.6], [0.7, 0.1]]), 2)
    y = np.array([[1, 0], [1, 1], [0, 0]])
    assert search.cardinality_threshold(scores, y, None) in (np.inf, -np.inf)
    metric = fast_metrics()["f1_micro"]
    thresholds, _ = search.search_per_label(scores, y, metric, "auto", None, np.inf)
    assert (scores >= thresholds).all()
