"""Platt scaling shared by all labels, for losses whose scores are not probabilities.

Softmax and ranking losses order labels well but their raw scores carry no
0.5 cut. A two-parameter logistic map ``sigmoid(a * score + b)``, fitted by
binary cross-entropy over every (row, label) entry of held-out data, turns them
into per-label probabilities so that thresholds mean the same for every loss.

References
----------
J. Platt, "Probabilistic outputs for support vector machines and comparisons to
regularized likelihood methods", Advances in Large Margin Classifiers, 1999.
"""

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit


def fit_platt_scaling(scores, y_true, sample_weight=None):
    """Fit ``sigmoid(a * scores + b)`` to 0/1 targets by weighted cross-entropy.

    Parameters
    ----------
    scores : ndarray of shape (n_samples, n_labels)
        Real-valued scores, increasing with label relevance.
    y_true : ndarray of shape (n_samples, n_labels)
        0/1 targets.
    sample_weight : ndarray of shape (n_samples,), default=None

    Returns
    -------
    slope, intercept : float
        ``slope`` is kept positive so that the map never reverses the ranking.
    """
    scores = np.asarray(scores, dtype=np.float64).ravel()
    targets = np.asarray(y_true, dtype=np.float64).ravel()
    n_labels = np.asarray(y_true).shape[1] if np.ndim(y_true) == 2 else 1
    weights = (
        np.ones_like(scores)
        if sample_weight is None
        else np.repeat(np.asarray(sample_weight, dtype=np.float64), n_labels)
    )
    weights = weights / weights.sum()
    # Standardising the scores makes the optimisation well conditioned whatever
    # their range (ranking losses can produce logits in the hundreds).
    center = np.average(scores, weights=weights)
    spread = np.sqrt(np.average((scores - center) ** 2, weights=weights)) or 1.0
    z = (scores - center) / spread

    def objective(params):
        slope, intercept = params
        margin = slope * z + intercept
        # softplus(-m) for positives, softplus(m) for negatives, stably.
        value = np.sum(weights * (np.logaddexp(0.0, margin) - targets * margin))
        residual = weights * (expit(margin) - targets)
        return value, np.array([np.sum(residual * z), np.sum(residual)])

    solution = minimize(
        objective,
        x0=np.array([1.0, 0.0]),
        jac=True,
        method="L-BFGS-B",
        bounds=[(1e-6, None), (None, None)],
    )
    slope, intercept = solution.x
    return float(slope / spread), float(intercept - slope * center / spread)


def apply_platt_scaling(scores, calibration):
    """Calibrated logits ``a * scores + b``."""
    slope, intercept = calibration
    return slope * np.asarray(scores, dtype=np.float64) + intercept
