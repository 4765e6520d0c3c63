"""Reliability curve, expected calibration error and Brier score (pure NumPy)."""

import numpy as np
import pytest

from skmultinet.decision import (
    brier_score,
    expected_calibration_error,
    reliability_curve,
)


def test_ece_is_the_count_weighted_gap_per_bin():
    """A hand-computed case: two bins, gaps 0.15 and 0.2, weights 2/5 and 3/5."""
    y = np.array([0, 1, 1, 1, 0])
    proba = np.array([0.3, 0.4, 0.9, 0.95, 0.85])
    # 15 bins: 0.3 and 0.4 fall in bins 4 and 6 -> take 2 bins to make it simple.
    ece = expected_calibration_error(y, proba, n_bins=2)
    expected = 2 / 5 * abs(0.5 - 0.35) + 3 / 5 * abs(2 / 3 - 0.9)
    assert ece == pytest.approx(expected)


def test_calibrated_forecasts_have_a_small_ece_and_shifted_ones_a_large_one():
    """Outcomes drawn from the probabilities: ECE near 0; probabilities shifted: ECE near the shift."""
    rng = np.random.default_rng(0)
    proba = rng.random((20000, 3))
    y = (rng.random(proba.shape) < proba).astype(int)
    assert expected_calibration_error(y, proba) < 0.01
    assert expected_calibration_error(y, proba, per_label=True) < 0.02
    shifted = np.clip(proba + 0.2, 0, 1)
    assert expected_calibration_error(y, shifted) > 0.15


def test_reliability_curve_bins_and_brier():
    """Bins count every entry once (1.0 in the last bin); Brier is the mean squared gap."""
    y = np.array([[0, 1], [1, 1]])
    proba = np.array([[0.0, 1.0], [0.5, 0.99]])
    _, frequency, count = reliability_curve(y, proba, n_bins=4)
    np.testing.assert_array_equal(count, [1, 0, 1, 2])
    assert np.isnan(frequency[1]) and frequency[3] == 1.0
    assert brier_score(y, proba) == pytest.approx((0 + 0 + 0.25 + 0.0001) / 4)
    with pytest.raises(ValueError, match="same shape"):
        reliability_curve(y, proba[:, :1])
