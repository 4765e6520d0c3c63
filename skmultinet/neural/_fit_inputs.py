"""Checks of what ``fit`` receives: hidden layer sizes, thresholds, sample weights, targets."""

import warnings
from numbers import Integral

import numpy as np
import scipy.sparse as sp
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.validation import _check_sample_weight

from ._targets import _is_label_sets


def check_hidden_layer_sizes(sizes):
    """``hidden_layer_sizes`` as a tuple of positive ints, or an InvalidParameterError."""
    sizes = (sizes,) if isinstance(sizes, Integral) else tuple(sizes)
    if not all(isinstance(s, Integral) and not isinstance(s, bool) and s > 0 for s in sizes):
        raise InvalidParameterError(
            "The 'hidden_layer_sizes' parameter of MultiLabelNetClassifier must be a "
            f"sequence of positive integers, e.g. (256,) or (512, 256). Got {sizes!r}."
        )
    return tuple(int(s) for s in sizes)


def check_threshold(threshold, encoder):
    """``threshold`` as a float array: a scalar or one probability per label."""
    thresholds = np.asarray(threshold, dtype=np.float64)
    n_labels = encoder.n_outputs if encoder.target_type != "multiclass" else 1
    if thresholds.ndim == 1 and thresholds.shape[0] != n_labels:
        raise ValueError(
            f"threshold has {thresholds.shape[0]} values but there are {n_labels} "
            "labels: pass one threshold per label, or a scalar."
        )
    if thresholds.ndim > 1 or np.any((thresholds < 0) | (thresholds > 1)) or np.any(
        ~np.isfinite(thresholds)
    ):
        raise InvalidParameterError(
            f"The 'threshold' parameter of MultiLabelNetClassifier must be a probability "
            f"in [0, 1] or a 1-D array of them, one per label. Got {threshold!r}."
        )
    return thresholds


def standardizable(X):
    """Whether ``standardize`` applies: 2-D float (or sparse) features, never token ids."""
    return sp.issparse(X) or (X.ndim == 2 and X.dtype.kind == "f")


def check_weights(sample_weight, X):
    """``sample_weight`` as float32, one finite non-negative weight per row of ``X``."""
    try:
        return _check_sample_weight(sample_weight, X, dtype=np.float32, ensure_non_negative=True)
    except ValueError as error:
        raise ValueError(
            f"{error} Pass one finite, non-negative weight per row of X "
            f"({X.shape[0]} rows), or None."
        ) from None


def needs_classes(y):
    """Whether ``partial_fit`` needs ``classes`` for ``y`` (label sets, 1-D labels)."""
    if _is_label_sets(y):
        return True
    return not (sp.issparse(y) or np.ndim(y) == 2 and np.shape(y)[1] > 1)


def check_unknown_targets(loss, Y, label_names, estimator_name, *, warn_empty_labels=True):
    """Refuse unknown (NaN) target entries for a loss that cannot mask them; warn of empty labels.

    Parameters
    ----------
    loss : keras.losses.Loss or callable
        The resolved loss of the fit.
    Y : ndarray of shape (n_samples, n_outputs)
        Encoded targets, ``NaN`` at unknown entries.
    label_names : array-like of shape (n_outputs,)
        Named in the warning.
    estimator_name : str
    warn_empty_labels : bool, default=True
        Warn when a label has no known entry at all (not for the batches of
        ``partial_fit``, which often leave a label unknown).

    Raises
    ------
    ValueError
        When ``Y`` has unknown entries and the loss does not declare
        ``masks_unknown_labels`` (a Keras loss or a plain function would read
        NaN as a target and the training would diverge).
    """
    unknown = np.isnan(Y)
    if not unknown.any():
        return
    if not getattr(loss, "masks_unknown_labels", False):
        raise ValueError(
            f"y has {int(unknown.sum())} unknown entries (NaN or -1), but the loss "
            f"{getattr(loss, 'name', None) or type(loss).__name__} does not say it masks "
            "them (masks_unknown_labels). Use a loss of skmultinet.losses.LOSSES, all of "
            "which leave unknown entries out, or fill the unknown entries."
        )
    empty = np.flatnonzero(unknown.all(axis=0))
    if warn_empty_labels and empty.size:
        names = ", ".join(str(label_names[label]) for label in empty[:10])
        warnings.warn(
            f"{estimator_name}: the labels {names}{' ...' if empty.size > 10 else ''} have "
            "no known entry in y, so the network learns nothing about them and their "
            "predictions follow from the untrained outputs.",
            UserWarning,
        )
