"""LIBSVM multi-label text (``1,3 1:0.5 7:1.2``): whole files and chunks of rows."""

import numpy as np

from ._bunch import DataError, check_file, make_bunch

#: Extensions read as LIBSVM text.
LIBSVM_EXTENSIONS = (".svm", ".libsvm", ".svmlight", ".txt")


def load_libsvm(path, *, n_features=None, return_X_y=False):
    """Load LIBSVM multi-label text (``1,3 1:0.5 7:1.2``).

    Parameters
    ----------
    path : str or path-like
        The file (read by :func:`sklearn.datasets.load_svmlight_file` with
        ``multilabel=True``).
    n_features : int, default=None
        Number of features; None infers it from the largest index.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    dataset : Bunch
        ``data`` (CSR), ``target`` (one column per label id seen, in
        increasing order), ``feature_names`` (``x0``, ...), ``target_names``
        (the label ids as text), ``source``.
    """
    from sklearn.datasets import load_svmlight_file
    from sklearn.preprocessing import MultiLabelBinarizer

    path = check_file(path)
    try:
        data, label_sets = load_svmlight_file(path, multilabel=True, n_features=n_features)
    except ValueError as exc:
        raise DataError(f"{path}: not LIBSVM multi-label text ({exc})") from None
    binarizer = MultiLabelBinarizer()
    target = binarizer.fit_transform([[int(label) for label in row] for row in label_sets])
    target_names = [str(label) for label in binarizer.classes_]
    feature_names = [f"x{j}" for j in range(data.shape[1])]
    return make_bunch(data.tocsr(), target.astype(np.uint8), feature_names, target_names, path,
                      return_X_y)


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
    for i, row_labels in enumerate(label_sets):
        for label in row_labels:
            j = column.get(int(label))
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
