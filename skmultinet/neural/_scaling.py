"""Input standardisation learned at fit time (``standardize=True``)."""

import numpy as np
import scipy.sparse as sp
from sklearn.utils.sparsefuncs import mean_variance_axis


def fit_input_scaling(X, sample_weight=None, keep_binary=False):
    """Per-feature centring and scaling, as ``StandardScaler`` would learn them.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    sample_weight : ndarray of shape (n_samples,), default=None
    keep_binary : bool, default=False
        Leave 0/1 features as they are (centre 0, scale 1). Dividing a 0/1
        feature by its standard deviation turns a rare word or category into
        a huge input (a feature on in 1% of rows becomes about 10): the
        network then learns mostly from its rarest features.

    Returns
    -------
    mean : ndarray of shape (n_features,) or None
        ``None`` for sparse ``X``, which is scaled but never centred.
    scale : ndarray of shape (n_features,)
        Standard deviation, with 1 for constant features.
    """
    if sp.issparse(X):
        X = X.tocsr()
        weights = None if sample_weight is None else np.asarray(sample_weight, dtype=X.dtype)
        _, variance = mean_variance_axis(X, axis=0, weights=weights)
        mean = None
    else:
        X64 = np.asarray(X, dtype=np.float64)
        mean = np.average(X64, axis=0, weights=sample_weight)
        variance = np.average((X64 - mean) ** 2, axis=0, weights=sample_weight)
    scale = np.sqrt(variance)
    # Constant (or numerically constant) features keep their values.
    scale[scale < 10 * np.finfo(np.float64).eps * np.maximum(1.0, np.abs(mean if mean is not None else 0))] = 1.0
    if keep_binary:
        binary = binary_features(X)
        scale[binary] = 1.0
        if mean is not None:
            mean[binary] = 0.0
    return mean, scale


def binary_features(X):
    """Boolean mask of the features of ``X`` (dense or sparse) whose every value is 0 or 1."""
    if sp.issparse(X):
        X = X.tocoo()
        off = ~np.isin(X.data, (0, 1))
        return np.bincount(X.col[off], minlength=X.shape[1]) == 0
    return np.all((X == 0) | (X == 1), axis=0)


def scale_inputs(X, mean, scale):
    """A new float32 array (or CSR matrix) ``(X - mean) / scale``; ``X`` is untouched.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    mean, scale : ndarray of shape (n_features,) or None
        ``None`` skips the step.

    Returns
    -------
    X_scaled : ndarray or CSR matrix, float32
    """
    if sp.issparse(X):
        X_scaled = X.tocsr().astype(np.float32, copy=True)
        if scale is not None:
            X_scaled = X_scaled.multiply((1.0 / scale).astype(np.float32)).tocsr()
        return X_scaled.astype(np.float32)
    X_scaled = np.asarray(X, dtype=np.float64 if mean is not None else np.float32)
    if mean is not None:
        X_scaled = (X_scaled - mean) / scale
    return np.asarray(X_scaled, dtype=np.float32)
