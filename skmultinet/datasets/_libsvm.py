"""LIBSVM multi-label text (``1,3 1:0.5 7:1.2``): whole files and chunks of rows."""

import numpy as np
import scipy.sparse as sp

from ._bunch import MAX_FEATURES, DataError, check_file, check_width, make_bunch

#: Extensions read as LIBSVM text.
LIBSVM_EXTENSIONS = (".svm", ".libsvm", ".svmlight", ".txt")


#: Inferred widths up to this many columns are always accepted; wider ones
#: need one stored value per :data:`_COLUMNS_PER_VALUE` columns (see load_libsvm).
_FREE_WIDTH = 100_000
_COLUMNS_PER_VALUE = 10


def _label_ids(label_sets, path, first_row=1):
    """The label sets as lists of int; a fractional label id is a DataError."""
    rows = []
    for i, row_labels in enumerate(label_sets):
        ids = [int(label) for label in row_labels]
        if any(label != int_id for label, int_id in zip(row_labels, ids)):
            bad = next(label for label in row_labels if label != int(label))
            raise DataError(
                f"{path}, row {first_row + i}: label {bad:g} is not a whole number; LIBSVM "
                f"multi-label ids are integers (1,3 1:0.5 ...)"
            )
        rows.append(ids)
    return rows


def _resolve_base(data, zero_based, path):
    """``zero_based`` as a bool: "auto" is one-based when no row uses index 0."""
    uses_zero = data.nnz > 0 and data.indices.min() == 0
    if zero_based == "auto":
        return bool(uses_zero or data.nnz == 0)
    if not zero_based and uses_zero:
        raise DataError(
            f"{path}: feature index 0 in a file read as one-based (as the model's training "
            f"data were); the file must use the same indexing as at fit"
        )
    return bool(zero_based)


def _check_inferred_width(data, width, max_features, path):
    """The width a file implies by its largest index is bounded, and backed by values."""
    check_width(width, max_features, path, "feature columns (its largest feature index)")
    if width > max(_FREE_WIDTH, _COLUMNS_PER_VALUE * data.nnz):
        raise DataError(
            f"{path}: its largest feature index makes {width} feature columns, but it stores "
            f"only {data.nnz} values; that is almost surely a typo in an index. If it is "
            f"right, pass n_features={width} to load_libsvm."
        )


def _read_features(path, *, n_features, zero_based, max_features):
    """CSR features of a LIBSVM file, its label sets and the base used."""
    from sklearn.datasets import load_svmlight_file

    try:
        # Indices as written; the base is applied here, once, and reported.
        data, label_sets = load_svmlight_file(path, multilabel=True, zero_based=True)
    except ValueError as exc:
        raise DataError(f"{path}: not LIBSVM multi-label text ({exc})") from None
    data = data.tocsr()
    zero_based = _resolve_base(data, zero_based, path)
    indices = data.indices if zero_based else data.indices - 1
    width = int(indices.max()) + 1 if data.nnz else 0
    if n_features is None:
        _check_inferred_width(data, width, max_features, path)
        n_features = width
    elif width > n_features:
        raise DataError(
            f"{path}: feature index {width - 1 if zero_based else width} is past the "
            f"{n_features} features expected ({'zero' if zero_based else 'one'}-based "
            f"indices); not LIBSVM multi-label text with {n_features} features"
        )
    data = sp.csr_matrix((data.data, indices, data.indptr), shape=(data.shape[0], n_features))
    return data, label_sets, zero_based


def load_libsvm(path, *, n_features=None, zero_based="auto", max_features=MAX_FEATURES,
                return_X_y=False):
    """Load LIBSVM multi-label text (``1,3 1:0.5 7:1.2``).

    Parameters
    ----------
    path : str or path-like
        The file (parsed by :func:`sklearn.datasets.load_svmlight_file` with
        ``multilabel=True``), plain or ``.gz``.
    n_features : int, default=None
        Number of features; None infers it from the largest index.
    zero_based : bool or "auto", default="auto"
        Whether feature indices start at 0 (as sklearn's
        ``dump_svmlight_file`` writes them) or 1 (LIBSVM's own data sets).
        "auto": one-based when no row uses index 0. The base used is
        reported in ``read_options`` so that new data are read the same way.
    max_features : int, default=MAX_FEATURES
        The most columns an inferred width may have (2**20 by default).
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    dataset : Bunch
        ``data`` (CSR), ``target`` (one column per label id seen, in
        increasing order), ``feature_names`` (``x0``, ...), ``target_names``
        (the label ids as text), ``source``, ``read_options``
        (``{"format": "libsvm", "zero_based": bool, "n_features": int,
        "max_features": int}``).

    Raises
    ------
    DataError
        Text that is not LIBSVM, a fractional label id, an index past
        ``n_features``, index 0 in a one-based file, or an inferred width
        over ``max_features``. An inferred width over 100 000 columns must
        also be backed by the file: at least one stored value per 10
        columns (a single mistyped index like ``50000000:1`` would
        otherwise make a 50-million-column matrix); pass ``n_features`` to
        accept a wider, sparser file.
    """
    from sklearn.preprocessing import MultiLabelBinarizer

    path = check_file(path)
    data, label_sets, zero_based = _read_features(
        path, n_features=n_features, zero_based=zero_based, max_features=max_features)
    binarizer = MultiLabelBinarizer()
    target = binarizer.fit_transform(_label_ids(label_sets, path))
    target_names = [str(label) for label in binarizer.classes_]
    feature_names = [f"x{j}" for j in range(data.shape[1])]
    read_options = {"format": "libsvm", "zero_based": zero_based,
                    "n_features": int(data.shape[1]), "max_features": int(max_features)}
    return make_bunch(data, target.astype(np.uint8), feature_names, target_names, path,
                      return_X_y, read_options=read_options)


def _read_chunk(lines, *, path, rows, n_features, zero_based):
    """Features and label sets of some lines of the file."""
    import io

    from sklearn.datasets import load_svmlight_file

    try:
        return load_svmlight_file(io.BytesIO(b"".join(lines)), n_features=n_features,
                                  multilabel=True, zero_based=zero_based)
    except ValueError as exc:
        raise DataError(
            f"{path}, {rows}: not LIBSVM multi-label text with {n_features} features ({exc})"
        ) from None


def _chunk_indicator(label_sets, column, *, path, first_row):
    """The label sets of a chunk as fixed columns; an unknown label id is an error."""
    target = np.zeros((len(label_sets), len(column)), dtype=np.uint8)
    for i, row_labels in enumerate(_label_ids(label_sets, path, first_row)):
        for label in row_labels:
            j = column.get(label)
            if j is None:
                raise DataError(
                    f"{path}, row {first_row + i}: label {int(label)} is not among the "
                    f"{len(column)} labels given; pass every label id the file uses."
                )
            target[i, j] = 1
    return target


def iter_libsvm_chunks(path, *, n_features, labels, zero_based, chunk_size=10_000):
    """Read a LIBSVM multi-label file in chunks of rows, for out-of-core training.

    Only one chunk is in memory at a time, so a file larger than memory can be
    streamed into :meth:`MultiLabelNetClassifier.partial_fit
    <skmultinet.MultiLabelNetClassifier.partial_fit>`. Every chunk has the
    same columns and label columns, which the whole file would otherwise have
    to be read to find: they are given.

    Parameters
    ----------
    path : str or path-like
        LIBSVM multi-label text (``1,3 1:0.5 7:1.2``), plain or ``.gz``.
    n_features : int
        Number of feature columns of every chunk.
    labels : sequence of int
        Every label id the file may use, in the column order wanted.
    zero_based : bool
        Whether feature indices start at 0 (as sklearn's
        ``dump_svmlight_file`` writes them) or 1 (LIBSVM's own data sets).
        Required: guessing it chunk by chunk could shift some chunks.
    chunk_size : int, default=10_000
        Rows per chunk (the last chunk may be smaller).

    Yields
    ------
    X : scipy.sparse.csr_matrix of shape (n_rows, n_features)
    Y : ndarray of shape (n_rows, len(labels)), dtype uint8

    Raises
    ------
    DataError
        A line that is not LIBSVM text, a feature index past ``n_features`` or
        a label id not in ``labels``, naming the rows of the chunk.
    """
    import gzip

    path = check_file(path)
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive number of rows, got {chunk_size}.")
    column = {int(label): j for j, label in enumerate(labels)}
    opener = gzip.open if path.endswith(".gz") else open
    first_row = 1
    with opener(path, "rb") as handle:
        while True:
            lines = [line for _, line in zip(range(chunk_size), handle)]
            if not lines:
                return
            rows = f"rows {first_row}-{first_row + len(lines) - 1}"
            X, label_sets = _read_chunk(lines, path=path, rows=rows, n_features=n_features,
                                        zero_based=zero_based)
            Y = _chunk_indicator(label_sets, column, path=path, first_row=first_row)
            first_row += len(lines)
            yield X.tocsr(), Y
