"""Per-label scores of the tuned estimator, out of fold or on new data, and the targets.

Classifiers give scores in several shapes (one matrix, one array per label,
one column for a binary target); everything here turns them into one
``(n_samples, n_labels)`` float matrix for the searches and the rules.
The targets become the matching ``(n_samples, n_labels)`` matrix, with
``NaN`` at unknown entries (:func:`tuning_targets`).
"""

import numpy as np
from sklearn.utils import _safe_indexing
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import _check_method_params, _num_samples

from ..model_selection._unknown_labels import split_unknown


def target_type(y):
    """``type_of_target`` of ``y``, reading its unknown entries (NaN, -1) as 0.

    Parameters
    ----------
    y : array-like, sparse matrix or DataFrame
        The targets given to ``fit``.

    Returns
    -------
    y_type : str

    Raises
    ------
    ValueError
        When unknown entries are in targets other than an indicator matrix
        of two or more labels.
    """
    values, unknown = split_unknown(y)
    if unknown is None:
        return type_of_target(y, input_name="y")
    y_type = type_of_target(values, input_name="y")
    if y_type != "multilabel-indicator" or np.ndim(values) != 2:
        raise ValueError(
            "y has unknown (NaN) entries, which only a multi-label indicator matrix of "
            "two or more labels may hold; drop the rows whose class is unknown."
        )
    return y_type


def tuning_targets(y):
    """An indicator matrix as the searches take it: 0/1, with ``NaN`` at unknown entries.

    Parameters
    ----------
    y : array-like, sparse matrix or DataFrame of shape (n_samples, n_labels)

    Returns
    -------
    indicator : ndarray of shape (n_samples, n_labels)
        int when every entry is known, float with ``NaN`` otherwise.
    """
    values, unknown = split_unknown(y)
    values = values.toarray() if hasattr(values, "toarray") else np.asarray(values)
    if unknown is None:
        return values.astype(int)
    indicator = values.astype(float)
    indicator[unknown] = np.nan
    return indicator


def _label_column(proba, classes):
    """Probability of class 1 from one label's ``predict_proba`` output.

    A label that had a single class in the training fold yields one column;
    its probability of being positive is then 1 or 0.
    """
    proba = np.asarray(proba)
    if proba.ndim == 1:
        return proba
    if proba.shape[1] == 2:
        return proba[:, 1]
    seen = None if classes is None else np.asarray(classes).ravel()
    if seen is None or seen.shape[0] != 1:
        raise ValueError(
            "Cannot tell which class a one-column predict_proba output refers to: "
            "the estimator should expose classes_ per label."
        )
    return np.full(proba.shape[0], float(seen[0] == 1))


def response_method(estimator):
    """Name of the method giving ``estimator``'s scores; refuses one without scores."""
    if hasattr(estimator, "predict_proba"):
        return "predict_proba"
    if hasattr(estimator, "decision_function"):
        return "decision_function"
    raise TypeError(
        f"{type(estimator).__name__} has neither predict_proba nor decision_function, "
        f"so it gives no scores to threshold. Use a probabilistic classifier, set "
        f"SVC(probability=True), or wrap it in sklearn.calibration.CalibratedClassifierCV."
    )


def label_scores(estimator, X, n_labels, binary):
    """Per-label scores of ``X`` as an (n_samples, n_labels) float matrix.

    Accepts a ``(n_samples, n_labels)`` array, a list of per-label
    ``(n_samples, 2)`` arrays (forests, nearest neighbours) or, for binary
    targets, class probabilities / a 1-D decision function.
    """
    method = response_method(estimator)
    raw = getattr(estimator, method)(X)
    if binary:
        raw = np.asarray(raw)
        column = raw if raw.ndim == 1 else raw[:, -1]
        return column.reshape(-1, 1).astype(float)
    if isinstance(raw, list):
        classes = getattr(estimator, "classes_", None)
        if not isinstance(classes, list):
            classes = [None] * len(raw)
        raw = np.column_stack([_label_column(p, c) for p, c in zip(raw, classes)])
    raw = np.asarray(raw, dtype=float)
    if raw.ndim != 2 or raw.shape[1] != n_labels:
        raise ValueError(
            f"{type(estimator).__name__}.{method} returned shape {raw.shape}, expected "
            f"one score per label: ({_num_samples(X)}, {n_labels})."
        )
    return raw


def fit_and_score(estimator, X, y, sample_weight, fit_params, train, test, n_labels, binary):
    """Fit ``estimator`` on ``train``; return it and its scores on ``test``."""
    fit_params = _check_method_params(X, fit_params, indices=train)
    if sample_weight is not None:
        fit_params["sample_weight"] = sample_weight[train]
    estimator.fit(_safe_indexing(X, train), _safe_indexing(y, train), **fit_params)
    return estimator, label_scores(estimator, _safe_indexing(X, test), n_labels, binary)
