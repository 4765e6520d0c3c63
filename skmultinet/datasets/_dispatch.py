"""One entry for every format: training data (:func:`load_data`) and new data
for a fitted model (:func:`load_features`). The ``skmultinet`` command reads
through both, so its ``fit`` and ``predict`` see the same loaders and checks.
"""

import os

from ._arff_files import load_arff, read_arff_features
from ._benchmarks import MULAN_DATASETS, load_dataset
from ._bunch import DataError
from ._csv import load_csv, read_csv_features
from ._libsvm import LIBSVM_EXTENSIONS, load_libsvm
from ._npz import load_npz


def _extension(source):
    return os.path.splitext(source)[1].lower()


def _unreadable(source, extension):
    """The error for a source no loader takes: an odd format, or nothing there."""
    if os.path.exists(source):
        return DataError(
            f"{source}: unknown format {extension or '(no extension)'}; use .arff, .csv, "
            f".npz or LIBSVM text (.svm, .libsvm, .txt)"
        )
    if extension:
        return DataError(f"{source}: no such file")
    return DataError(
        f"{source}: no such file, and not a benchmark name ({', '.join(sorted(MULAN_DATASETS))})"
    )


def load_data(source, *, subset="train", labels=None, label_columns=None, label_prefix=None):
    """Load a path of any supported format, or a benchmark name.

    Parameters
    ----------
    source : str or path-like
        ``.arff``, ``.csv``, ``.npz``, LIBSVM text (``.svm``, ``.libsvm``,
        ``.svmlight``, ``.txt``), or a name of :data:`MULAN_DATASETS`.
    subset : {"train", "test", "all"}, default="train"
        The split of a ``.npz`` archive or a benchmark name.
    labels : None, int or sequence of str, default=None
        Label attributes of an ARFF file (see :func:`load_arff`).
    label_columns : sequence of str, default=None
        Label columns of a CSV file.
    label_prefix : str, default=None
        Prefix of the label columns of a CSV file.

    Returns
    -------
    dataset : Bunch
        ``data``, ``target``, ``feature_names``, ``target_names``, ``source``.
    """
    source = os.fspath(source)
    extension = _extension(source)
    if extension == ".arff":
        return load_arff(source, labels=labels)
    if extension == ".csv":
        return load_csv(source, label_columns=label_columns, label_prefix=label_prefix)
    if extension == ".npz":
        return load_npz(source, subset=subset)
    if extension in LIBSVM_EXTENSIONS:
        return load_libsvm(source)
    if not extension and not os.path.exists(source) and source in MULAN_DATASETS:
        return load_dataset(source, subset=subset)
    raise _unreadable(source, extension)


def load_features(source, feature_names, *, subset="test"):
    """The features of new data, laid out as a model fitted on ``feature_names`` expects.

    CSV columns and ARFF attributes are matched by name, in the order of
    ``feature_names``; ``.npz`` archives, LIBSVM text and benchmark names by
    position, so only their count must agree. Label columns present in the
    data are ignored, and none are needed.

    Parameters
    ----------
    source : str or path-like
        Any source :func:`load_data` reads.
    feature_names : sequence of str
        The ``feature_names`` of the training data the model was fitted on.
    subset : {"train", "test", "all"}, default="test"
        The split of a ``.npz`` archive or a benchmark name.

    Returns
    -------
    data : ndarray or CSR matrix of shape (n_samples, len(feature_names))

    Raises
    ------
    DataError
        Any error of :func:`load_data`, a named feature the data lack, or
        (by position) a different number of features.

    Examples
    --------
    >>> from skmultinet.datasets import load_data
    >>> from skmultinet.datasets._dispatch import load_features
    >>> train = load_data("train.csv", label_prefix="y_")            # doctest: +SKIP
    >>> X_new = load_features("new.csv", train.feature_names)        # doctest: +SKIP
    """
    source = os.fspath(source)
    extension = _extension(source)
    if extension == ".csv":
        return read_csv_features(source, feature_names)
    if extension == ".arff":
        return read_arff_features(source, feature_names)
    if extension in LIBSVM_EXTENSIONS:
        # The largest index of a few new rows may fall short of the model's width.
        data = load_libsvm(source, n_features=len(feature_names)).data
    else:
        data = load_data(source, subset=subset).data
    if data.shape[1] != len(feature_names):
        raise DataError(
            f"{source}: {data.shape[1]} features, the model expects {len(feature_names)}"
        )
    return data
