"""Platt scaling of decision scores (pure NumPy)."""

import numpy as np
from scipy.special import expit

from skmultinet.decision._calibration import apply_platt_scaling, fit_platt_scaling


def test_recovers_known_slope_and_intercept():
    """Targets drawn from sigmoid(a*s+b) give back a and b."""
    rng = np.random.default_rng(0)
    scores = rng.normal(scale=3.0, size=(20000, 5))
    y = (rng.random(scores.shape) < expit(0.7 * scores - 1.2)).astype(float)
    slope, intercept = fit_platt_scaling(scores, y)
    assert abs(slope - 0.7) < 0.03 and abs(intercept + 1.2) < 0.05


def test_slope_stays_positive_and_scores_can_be_huge():
    """Anti-correlated or huge scores never reverse the ranking nor overflow."""
    rng = np.random.default_rng(1)
    scores = rng.normal(scale=1e4, size=(500, 3))
    y = (scores < 0).astype(float)  # the scores are backwards
    slope, intercept = fit_platt_scaling(scores, y)
    assert slope > 0 and np.isfinite(intercept)
    assert np.all(np.isfinite(apply_platt_scaling(scores, (slope, intercept))))


def test_sample_weight_counts_like_repetition():
    """Integer weights act like repeated rows."""
    rng = np.random.default_rng(2)
    scores = rng.normal(size=(200, 2))
    y = (rng.random(scores.shape) < expit(scores)).astype(float)
    weights = rng.integers(1, 4, size=200)
    weighted = fit_platt_scaling(scores, y, weights)
    repeated = fit_platt_scaling(np.repeat(scores, weights, 0), np.repeat(y, weights, 0))
    np.testing.assert_allclose(weighted, repeated, rtol=1e-4, atol=1e-5)


# ------------------------------------------------------------ per-label maps

from skmultinet.decision._calibration import (
    MIN_SLOPE,
    apply_calibration,
    fit_label_isotonic,
    fit_label_platt,
)


def _per_label_data(n_samples=4000, seed=3):
    """Three labels with their own score scale, offset and base rate."""
    rng = np.random.default_rng(seed)
    scores = rng.normal(size=(n_samples, 3)) * [1.0, 5.0, 0.2] + [0.0, 3.0, -1.0]
    true_slopes, true_intercepts = np.array([1.5, 0.3, 8.0]), np.array([-1.0, -0.5, 6.0])
    y = (rng.random(scores.shape) < expit(true_slopes * scores + true_intercepts)).astype(int)
    return scores, y, true_slopes, true_intercepts


def _log_loss(y, logits):
    return float(np.mean(np.logaddexp(0.0, logits) - y * logits))


def test_per_label_platt_recovers_each_labels_map():
    """Each label gets back its own slope and intercept, where one global pair cannot."""
    scores, y, true_slopes, true_intercepts = _per_label_data()
    slopes, intercepts, degenerate = fit_label_platt(scores, y)
    np.testing.assert_allclose(slopes, true_slopes, rtol=0.1)
    np.testing.assert_allclose(intercepts, true_intercepts, rtol=0.1)
    assert all(len(labels) == 0 for labels in degenerate.values())
    per_label = _log_loss(y, apply_calibration(scores, {"method": "platt", "slope": slopes,
                                                        "intercept": intercepts}))
    global_pair = _log_loss(y, apply_platt_scaling(scores, fit_platt_scaling(scores, y)))
    assert per_label < global_pair - 0.02


def test_per_label_platt_uses_smoothed_targets():
    """Perfectly separated scores give a finite map whose extremes are Platt's (N+1)/(N+2)."""
    scores = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    y = np.array([[0], [0], [1], [1]])
    slopes, intercepts, _ = fit_label_platt(scores, y, prior_strength=0.0)
    assert np.all(np.isfinite(slopes)) and np.all(np.isfinite(intercepts))
    proba = expit(slopes * scores + intercepts)
    assert proba.max() < 0.99 and proba.min() > 0.01


def test_shrinkage_pulls_a_rare_label_towards_the_shared_slope():
    """With two positives, the shrunk slope lies between the independent fit and the shared one."""
    scores, y, *_ = _per_label_data(n_samples=400, seed=5)
    y[:, 2] = 0
    y[[3, 7], 2] = 1
    free = fit_label_platt(scores, y, prior_strength=0.0)[0]
    shrunk = fit_label_platt(scores, y, prior="shared")[0]
    standardised = lambda slopes: slopes * scores.std(axis=0)
    assert abs(standardised(shrunk)[2] - np.median(standardised(shrunk)[:2])) < abs(
        standardised(free)[2] - np.median(standardised(shrunk)[:2]))


def test_the_global_prior_keeps_a_rare_label_close_to_the_global_map():
    """A label without positives follows the global pair, not Platt's 1 / (N- + 2) alone."""
    rng = np.random.default_rng(8)
    scores = rng.normal(size=(60, 6)) - np.array([0, 0, 0, 0, 0, 4.0])  # last: rare, low
    y = (rng.random(scores.shape) < expit(2 * scores)).astype(int)
    y[:, 5] = 0
    slopes, intercepts, degenerate = fit_label_platt(scores, y)
    assert list(degenerate["no positive"]) == [5]
    pair = fit_platt_scaling(scores, y)
    own = expit(slopes[5] * scores[:, 5] + intercepts[5]).mean()
    global_map = expit(apply_platt_scaling(scores[:, 5], pair)).mean()
    smoothed_only = expit(fit_label_platt(scores, y, prior_strength=0.0)[1][5])
    assert abs(own - global_map) < abs(smoothed_only - global_map)
    assert own < 1 / (60 + 2)


def test_labels_without_positives_negatives_or_varying_scores_fall_back():
    """No positive, no negative, constant scores: named, and still an increasing map."""
    scores, y, *_ = _per_label_data(n_samples=300)
    scores = np.column_stack([scores, scores[:, 0], scores[:, 0], np.full(300, 2.5)])
    y = np.column_stack([y, np.zeros(300), np.ones(300), y[:, 0]])
    slopes, intercepts, degenerate = fit_label_platt(scores, y)
    assert list(degenerate["no positive"]) == [3]
    assert list(degenerate["no negative"]) == [4]
    assert list(degenerate["constant scores"]) == [5]
    assert np.all(slopes > 0) and np.all(np.isfinite(intercepts))
    # The label with no positive gets a small but varying probability (its
    # rows pull it down, the global prior up), the one with no negative a large one.
    proba = expit(slopes * scores + intercepts)
    assert np.ptp(proba[:, 3]) > 0 and proba[:, 3].mean() < 0.05
    assert np.ptp(proba[:, 4]) > 0 and proba[:, 4].mean() > 0.95
    # The constant label keeps a slope, so new, varying scores still vary.
    assert np.ptp(expit(slopes[5] * np.array([0.0, 5.0]) + intercepts[5])) > 0


def test_a_label_the_scores_do_not_rank_keeps_a_small_slope_and_is_named():
    """Anti-correlated scores: the slope stops at MIN_SLOPE (never constant), and is named."""
    scores, y, *_ = _per_label_data(n_samples=1000)
    y[:, 1] = (scores[:, 1] < 3.0).astype(int)  # backwards
    slopes, intercepts, degenerate = fit_label_platt(scores, y)
    assert list(degenerate["slope near 0"]) == [1]
    np.testing.assert_allclose(slopes[1] * scores[:, 1].std(), MIN_SLOPE, rtol=1e-3)
    assert np.ptp(expit(slopes[1] * scores[:, 1] + intercepts[1])) > 0.01


def test_isotonic_is_monotone_clipped_and_inside_zero_one():
    """Per-label isotonic maps never decrease, stay in (0, 1) and clip beyond their knots."""
    scores, y, *_ = _per_label_data(n_samples=600)
    calibration, degenerate = fit_label_isotonic(scores, y)
    grid = np.linspace(scores.min() - 10, scores.max() + 10, 2001)
    proba = expit(apply_calibration(np.repeat(grid[:, None], 3, axis=1), calibration))
    assert np.all(np.diff(proba, axis=0) >= 0)
    assert np.all((proba > 0) & (proba < 1))
    for label in range(3):
        knots, values = calibration["knots"][label], calibration["values"][label]
        assert np.all(np.diff(knots) > 0) and len(knots) > 2
        np.testing.assert_allclose(proba[0, label], values[0])
        np.testing.assert_allclose(proba[-1, label], values[-1])
    assert all(len(labels) == 0 for labels in degenerate.values())


def test_isotonic_beats_platt_where_the_map_is_not_a_sigmoid():
    """A step-shaped truth is fitted better by isotonic than by a sigmoid."""
    rng = np.random.default_rng(4)
    scores = rng.uniform(-3, 3, size=(3000, 1))
    truth = np.where(scores < 0, 0.1, 0.6) + 0.3 * (scores > 2)
    y = (rng.random(scores.shape) < truth).astype(int)
    isotonic, _ = fit_label_isotonic(scores, y)
    slopes, intercepts, _ = fit_label_platt(scores, y)
    assert (_log_loss(y, apply_calibration(scores, isotonic))
            < _log_loss(y, slopes * scores + intercepts) - 0.01)


def test_isotonic_label_with_a_constant_fit_uses_its_platt_map():
    """A label with no positive has no knots, and its probability still varies."""
    scores, y, *_ = _per_label_data(n_samples=300)
    y[:, 0] = 0
    calibration, degenerate = fit_label_isotonic(scores, y)
    assert list(degenerate["constant isotonic fit"]) == [0]
    assert len(calibration["knots"][0]) == 0
    proba = expit(apply_calibration(scores, calibration))
    assert np.ptp(proba[:, 0]) > 0


def test_the_global_pair_of_older_models_applies_bit_for_bit():
    """A tuple is the global pair: the same bits as apply_platt_scaling."""
    scores = np.random.default_rng(6).normal(size=(50, 4))
    np.testing.assert_array_equal(apply_calibration(scores, (0.7, -0.2)),
                                  apply_platt_scaling(scores, (0.7, -0.2)))
    assert not np.array_equal(apply_calibration(scores, {"method": "platt",
                                                         "slope": np.full(4, 0.7),
                                                         "intercept": np.zeros(4)}),
                              apply_platt_scaling(scores, (0.7, -0.2)))


def test_unknown_entries_are_left_out_of_every_calibration():
    """NaN targets weigh nothing: each fit equals the fit on the known rows alone."""
    from skmultinet.decision._calibration import fit_label_isotonic, fit_label_platt

    rng = np.random.default_rng(3)
    scores = rng.normal(size=(300, 1))
    truth = (scores[:, 0] + rng.normal(size=300) > 0.3).astype(float)
    Y = truth[:, None].copy()
    hidden = rng.random(300) < 0.3
    # Read as negatives (NaN > 0.5 is False), the hidden entries would pull the maps down.
    Y[hidden, 0] = np.nan
    known_scores, known_Y = scores[~hidden], truth[~hidden, None]

    np.testing.assert_allclose(fit_platt_scaling(scores, Y),
                               fit_platt_scaling(known_scores, known_Y), rtol=1e-6)
    masked, reference = fit_label_platt(scores, Y), fit_label_platt(known_scores, known_Y)
    np.testing.assert_allclose(masked[0], reference[0], rtol=1e-5)
    np.testing.assert_allclose(masked[1], reference[1], rtol=1e-5, atol=1e-8)
    iso, iso_reference = fit_label_isotonic(scores, Y)[0], fit_label_isotonic(
        known_scores, known_Y)[0]
    np.testing.assert_allclose(iso["knots"][0], iso_reference["knots"][0])
    np.testing.assert_allclose(iso["values"][0], iso_reference["values"][0], rtol=1e-6)
    # Counting the unknown entries as negatives (the old reading) shifts the map.
    as_negative = np.where(np.isnan(Y), 0.0, Y)
    assert abs(fit_label_platt(scores, as_negative)[1][0] - reference[1][0]) > 0.05
