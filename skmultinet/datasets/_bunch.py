"""What every loader returns, and the checks on label columns they share.

A loader returns a :class:`~sklearn.utils.Bunch` with ``data`` (dense ndarray
or CSR matrix), ``target`` (0/1 ``uint8`` indicator matrix),
``feature_names``, ``target_names``, ``source`` (a line saying where the
data came from) and ``read_options`` (plain JSON: how the file was read, so
that new data for a model can be read the same way), or ``(data, target)``
with ``return_X_y=True``. Problems a user can fix raise :class:`DataError`
with a message that says what to do.
"""

import os

import numpy as np
import scipy.sparse as sp
from sklearn.utils import Bunch


#: The most feature columns a file may declare (LIBSVM's largest index + 1,
#: an ARFF file's attributes, a CSV file's columns) unless a loader's
#: ``max_features`` says otherwise: 2**20, the width of scikit-learn's
#: ``HashingVectorizer``. A wider file is refused before its matrix (or a
#: network's first layer) is allocated.
MAX_FEATURES = 2**20


class DataError(ValueError):
    """Data that cannot be used as given; the message says what to do."""


def check_width(n_columns, max_features, source, what):
    """A :class:`DataError` when a file declares more than ``max_features`` columns.

    Parameters
    ----------
    n_columns : int
        The columns the file declares.
    max_features : int
        The limit.
    source : str
        The file, for the message.
    what : str
        What was counted, e.g. ``"attributes"`` or ``"columns"``.
    """
    if n_columns > max_features:
        raise DataError(
            f"{source}: {n_columns} {what}, more than the limit of {max_features} feature "
            f"columns; if the file is right, raise the limit (max_features= in Python, "
            f"--max-features on the command line)."
        )


def check_file(path):
    """``path`` as a string; a :class:`DataError` when it is not a file."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise DataError(f"{path}: no such file")
    return path


def make_bunch(data, target, feature_names, target_names, source, return_X_y=False, *,
               read_options=None):
    """The loaders' result: a Bunch, or ``(data, target)`` with ``return_X_y``.

    Parameters
    ----------
    data : ndarray or sparse matrix of shape (n_samples, n_features)
    target : ndarray of shape (n_samples, n_labels), dtype uint8
    feature_names, target_names : sequence
        Stored as lists of str.
    source : str
        Where the data came from.
    return_X_y : bool, default=False
    read_options : dict, default=None
        How the file was read, as plain JSON (``{"format": "libsvm",
        "zero_based": True, ...}``); see :func:`~skmultinet.datasets.load_data`.

    Returns
    -------
    dataset : Bunch or tuple
    """
    if data.shape[0] == 0:
        raise DataError(f"{source}: no data rows")
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        feature_names=[str(name) for name in feature_names],
        target_names=[str(name) for name in target_names],
        source=source,
        read_options=dict(read_options or {}),
    )


#: Label values read as positive / negative (compared in lower case).
TRUE_VALUES = ("1", "1.0", "true", "yes", "y")
FALSE_VALUES = ("0", "0.0", "false", "no", "n")


def label_value(text):
    """1.0 or 0.0 for a label value of :data:`TRUE_VALUES` / :data:`FALSE_VALUES`, else None."""
    text = text.strip().lower()
    if text in TRUE_VALUES:
        return 1.0
    if text in FALSE_VALUES:
        return 0.0
    return None


def to_indicator(values, names, source):
    """Turn label columns (0/1, booleans, ``"TRUE"``/``"FALSE"``) into a uint8 matrix.

    Parameters
    ----------
    values : array-like or sparse matrix of shape (n_samples, n_labels)
        The label columns.
    names : sequence of str
        Their names, for the error message.
    source : str
        Where they come from, for the error message.

    Returns
    -------
    target : ndarray of shape (n_samples, n_labels), dtype uint8
    """
    if sp.issparse(values):
        values = values.toarray()
    values = np.asarray(values)
    if values.dtype.kind in "OUS":
        text = np.char.lower(np.char.strip(values.astype(str)))
        truthy = np.isin(text, TRUE_VALUES)
        falsy = np.isin(text, FALSE_VALUES)
        bad = ~(truthy | falsy)
        values = np.where(truthy, 1.0, np.where(falsy, 0.0, np.nan))
    else:
        values = values.astype(float)
        bad = ~np.isin(values, (0.0, 1.0))
    if bad.any():
        row, column = np.argwhere(bad)[0]
        raise DataError(
            f"{source}: label column {names[column]!r} has a value that is not 0/1 "
            f"(row {row + 1}); label columns must hold 0/1, true/false, or be chosen "
            f"differently (--label-columns / --label-prefix)."
        )
    return values.astype(np.uint8)


def constant_labels(target, target_names):
    """Names of label columns that are never positive or always positive.

    Parameters
    ----------
    target : ndarray of shape (n_samples, n_labels)
        0/1 indicator matrix.
    target_names : sequence of str
        Label names.

    Returns
    -------
    never, always : list of str

    Examples
    --------
    >>> import numpy as np
    >>> constant_labels(np.array([[0, 1, 1], [0, 1, 0]]), ["a", "b", "c"])
    (['a'], ['b'])
    """
    counts = np.asarray(target).sum(axis=0)
    never = [name for name, count in zip(target_names, counts) if count == 0]
    always = [name for name, count in zip(target_names, counts) if count == len(target)]
    return never, always
