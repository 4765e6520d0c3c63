"""How well probabilities are calibrated: reliability curve, expected calibration error, Brier.

Each measure reads every (row, label) entry of a multi-label problem as one
binary forecast; ``per_label=True`` measures each label on its own instead.

References
----------
M. P. Naeini, G. F. Cooper and M. Hauskrecht, "Obtaining well calibrated
probabilities using Bayesian binning", AAAI 2015 (expected calibration error).

G. W. Brier, "Verification of forecasts expressed in terms of probability",
Monthly Weather Review 78(1), 1950.
"""

import numpy as np


def reliability_curve(y_true, proba, n_bins=15):
    """Mean predicted probability and observed frequency in equal-width probability bins.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_labels)
        0/1 targets; every entry is one forecast.
    proba : array-like of the same shape
        Predicted probabilities in [0, 1].
    n_bins : int, default=15
        Bins ``[0, 1/n_bins), ..., [(n_bins-1)/n_bins, 1]``.

    Returns
    -------
    mean_proba, frequency, count : ndarray of shape (n_bins,)
        Per bin: the mean probability, the share of positives (NaN for an
        empty bin) and the number of entries.
    """
    targets = np.asarray(y_true, dtype=np.float64).ravel()
    proba = np.asarray(proba, dtype=np.float64).ravel()
    if targets.shape != proba.shape:
        raise ValueError(f"y_true and proba must have the same shape, found {np.shape(y_true)} "
                         f"and {np.shape(proba)}.")
    bins = np.clip((proba * n_bins).astype(int), 0, n_bins - 1)
    count = np.bincount(bins, minlength=n_bins).astype(np.float64)
    with np.errstate(invalid="ignore"):
        mean_proba = np.bincount(bins, proba, minlength=n_bins) / count
        frequency = np.bincount(bins, targets, minlength=n_bins) / count
    return mean_proba, frequency, count


def expected_calibration_error(y_true, proba, n_bins=15, per_label=False):
    """Expected calibration error: the count-weighted gap between probability and frequency.

    ``sum_b n_b / n * |frequency_b - mean_proba_b|`` over the bins of
    :func:`reliability_curve`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples, n_labels)
    proba : array-like of shape (n_samples, n_labels)
    n_bins : int, default=15
    per_label : bool, default=False
        Average the error of each label (its column) instead of pooling
        every entry.

    Returns
    -------
    ece : float
    """
    if per_label:
        targets, proba = np.asarray(y_true), np.asarray(proba)
        return float(np.mean([expected_calibration_error(targets[:, j], proba[:, j], n_bins)
                              for j in range(targets.shape[1])]))
    mean_proba, frequency, count = reliability_curve(y_true, proba, n_bins)
    filled = count > 0
    return float(np.sum(count[filled] * np.abs(frequency[filled] - mean_proba[filled]))
                 / count.sum())


def brier_score(y_true, proba):
    """Mean squared gap between probability and 0/1 outcome over every entry."""
    return float(np.mean((np.asarray(proba, dtype=np.float64)
                          - np.asarray(y_true, dtype=np.float64)) ** 2))
