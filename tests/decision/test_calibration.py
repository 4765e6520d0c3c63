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
