"""Unknown entries of partially labelled multi-label targets.

Real multi-label data often leave some entries of the indicator matrix
unknown: an annotator who did not check a tag, a test that was not run. Such
an entry is neither a positive nor a negative, and treating it as either
teaches a model something nobody observed. Targets mark them as

- ``NaN`` in a float array or pandas DataFrame (``pd.NA`` in nullable
  dtypes reaches here as ``NaN``);
- :data:`UNKNOWN` (``-1``) in a numeric matrix of two or more label
  columns, integer arrays included;
- in a SciPy sparse matrix, a *stored* ``NaN`` or ``-1`` (an entry that is not
  stored is a known 0).

:func:`split_unknown` is the one reader of that convention: the target
encoding of :class:`~skmultinet.MultiLabelNetClassifier`, the stratified
splitters and :class:`~skmultinet.ThresholdOptimizer` all go through it.
"""

import numpy as np
import scipy.sparse as sp

#: Sentinel marking an unknown entry of an integer indicator matrix.
UNKNOWN = -1


def _unknown_values(values, multilabel):
    """Boolean mask of the unknown entries of a numeric array (NaN; -1 in a matrix)."""
    unknown = np.isnan(values) if values.dtype.kind == "f" else np.zeros(values.shape, bool)
    if multilabel and values.dtype.kind in "if":
        unknown |= values == UNKNOWN
    return unknown


def split_unknown(y):
    """Split targets into their values, unknown entries read as 0, and the unknown mask.

    Parameters
    ----------
    y : ndarray, sparse matrix, DataFrame, Series or nested list
        Targets, usually an indicator matrix of shape (n_samples, n_labels).
        ``NaN`` marks an unknown entry in any shape; ``-1`` only in a matrix
        of two or more columns (in 1-D labels or a column vector ``-1`` is an
        ordinary class label).

    Returns
    -------
    values : ndarray, sparse matrix or the input itself
        ``y`` unchanged when no entry is unknown; otherwise a dense array (a
        sparse matrix for sparse ``y``) of ``y``'s dtype with 0 at every
        unknown entry.
    unknown : ndarray of bool or None
        Dense mask of the unknown entries; ``None`` when there is none.

    Raises
    ------
    ValueError
        When ``-1`` appears beside ``1`` but no entry is 0: that is a -1/+1
        coding of absent/present labels, not unknown entries, and reading it
        as "unknown or present" would silently discard every negative.

    Examples
    --------
    >>> import numpy as np
    >>> from skmultinet.model_selection._unknown_labels import split_unknown
    >>> values, unknown = split_unknown(np.array([[1, -1], [0, 1]]))
    >>> values.tolist(), unknown.tolist()
    ([[1, 0], [0, 1]], [[False, True], [False, False]])
    """
    if sp.issparse(y):
        return _split_sparse(y)
    values = _frame_values(y) if hasattr(y, "to_numpy") else y
    if not isinstance(values, np.ndarray):
        try:
            values = np.asarray(values)
        except (TypeError, ValueError):  # ragged label sets and the like
            return y, None
    if values.dtype.kind not in "iuf":
        return y, None
    unknown = _unknown_values(values, values.ndim == 2 and values.shape[1] > 1)
    if not unknown.any():
        return y, None
    known_values = values[~unknown]
    _check_not_plus_minus_one(values, unknown, has_zero=bool(np.any(known_values == 0)))
    return np.where(unknown, np.zeros((), values.dtype), values), unknown


def _frame_values(frame):
    """A pandas object's values; float with ``NaN`` where it has missing values (``pd.NA``)."""
    if np.asarray(frame.isna()).any():
        try:
            return frame.to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError):  # missing values among strings: not an indicator
            return frame.to_numpy()
    return frame.to_numpy()


def _split_sparse(y):
    """:func:`split_unknown` for a sparse matrix: its stored NaN or -1 entries."""
    y = sp.csr_matrix(y)
    multilabel = y.shape[1] > 1
    stored_unknown = _unknown_values(y.data, multilabel) if y.dtype.kind in "iuf" else None
    if stored_unknown is None or not stored_unknown.any():
        return y, None
    n_implicit_zeros = y.shape[0] * y.shape[1] - y.nnz
    has_zero = n_implicit_zeros > 0 or bool(np.any(y.data[~stored_unknown] == 0))
    _check_not_plus_minus_one(y.data, stored_unknown, has_zero)
    unknown = np.zeros(y.shape, dtype=bool)
    rows = np.repeat(np.arange(y.shape[0]), np.diff(y.indptr))
    unknown[rows[stored_unknown], y.indices[stored_unknown]] = True
    values = y.copy()
    values.data[stored_unknown] = 0
    values.eliminate_zeros()
    return values, unknown


def _check_not_plus_minus_one(values, unknown, has_zero):
    """Refuse a -1/+1 matrix: -1 there means "absent", not "unknown"."""
    minus_one = values[unknown] == UNKNOWN
    if has_zero or not np.any(minus_one) or not np.any(values[~unknown] == 1):
        return
    raise ValueError(
        "y looks like a multi-label indicator matrix but holds the values [-1, 1] and no 0; "
        "it must hold 0 and 1 only, with -1 (or NaN) marking unknown entries, so here no "
        "entry would be a known negative. Recode it, e.g. (y > 0).astype(int) for -1/1 "
        "labels."
    )

