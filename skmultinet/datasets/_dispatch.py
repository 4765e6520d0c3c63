"""One entry for every format: training data (:func:`load_data`) and new data
for a fitted model (:func:`load_features`). The ``skmultinet`` command reads
through both, so its ``fit`` and ``predict`` see the same loaders and checks.
"""

import os

from ._arff_files import load_arff, read_arff_features
from ._benchmarks import MULAN_DATASETS, load_dataset
from ._bunch import MAX_FEATURES, DataError
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


def load_data(source, *, subset="train", labels=None, label_columns=None, label_prefix=None,
              max_features=MAX_FEATURES):
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
    max_features : int, default=MAX_FEATURES
        The most feature columns a file may declare (2**20): LIBSVM's
        largest index + 1, an ARFF file's attributes, a CSV file's columns,
        an ``.npz`` X's width; checked before the matrix is built.

    Returns
    -------
    dataset : Bunch
        ``data``, ``target``, ``feature_names``, ``target_names``, ``source``
        and ``read_options``: a plain-JSON dict saying how the file was read,
        to be stored with a model and given to :func:`load_features`:

        - ``{"format": "libsvm", "zero_based": bool, "n_features": int,
          "max_features": int}``
        - ``{"format": "arff", "nominal": {name: [values, ...]},
          "max_features": int}`` (features read by declaration position)
        - ``{"format": "csv", "label_columns": [...], "max_features": int}``
        - ``{"format": "npz", "n_features": int, "max_features": int}``
        - ``{"format": "openml", "n_features": int}`` (a benchmark name
          fetched from OpenML; local benchmark files give their own format)
    """
    source = os.fspath(source)
    extension = _extension(source)
    if extension == ".arff":
        return load_arff(source, labels=labels, max_features=max_features)
    if extension == ".csv":
        return load_csv(source, label_columns=label_columns, label_prefix=label_prefix,
                        max_features=max_features)
    if extension == ".npz":
        return load_npz(source, subset=subset, max_features=max_features)
    if extension in LIBSVM_EXTENSIONS:
        return load_libsvm(source, max_features=max_features)
    if not extension and not os.path.exists(source) and source in MULAN_DATASETS:
        return load_dataset(source, subset=subset)
    raise _unreadable(source, extension)


def _check_format(source, found, read_options):
    """New data must be in the format the model's training data were read from."""
    expected = read_options.get("format")
    if expected is not None and expected != found:
        raise DataError(
            f"{source}: {found} data, but the model was fitted on {expected} data; give new "
            f"data in the same format, so that they are read as the training data were"
        )


def _libsvm_features(source, feature_names, read_options):
    """LIBSVM rows by position, with the base used at fit (guessed only for old models)."""
    zero_based = read_options.get("zero_based", "auto")
    n_features = read_options.get("n_features", len(feature_names))
    if n_features != len(feature_names):
        raise DataError(f"{source}: the model's read options say {n_features} features, "
                        f"its feature names {len(feature_names)}; the model file is damaged")
    # The largest index of a few new rows may fall short of the model's width.
    return load_libsvm(source, n_features=n_features, zero_based=zero_based).data


def load_features(source, feature_names, *, subset="test", read_options=None):
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
    read_options : dict, default=None
        The training data's ``read_options`` (see :func:`load_data`): the
        same format is required, LIBSVM indices use the same base (never
        guessed again), ARFF nominal features the same codes, and the same
        ``max_features`` limit applies. None (a model saved without them)
        reads as before: LIBSVM's base is guessed from the new file.

    Returns
    -------
    data : ndarray or CSR matrix of shape (n_samples, len(feature_names))

    Raises
    ------
    DataError
        Any error of :func:`load_data`, another format than at fit, a named
        feature the data lack, (by position) a different number of features,
        or no data rows.

    Examples
    --------
    >>> from skmultinet.datasets import load_data
    >>> from skmultinet.datasets._dispatch import load_features
    >>> train = load_data("train.svm")                                # doctest: +SKIP
    >>> X_new = load_features("new.svm", train.feature_names,
    ...                       read_options=train.read_options)       # doctest: +SKIP
    """
    source = os.fspath(source)
    read_options = dict(read_options or {})
    max_features = read_options.get("max_features", MAX_FEATURES)
    extension = _extension(source)
    if extension == ".csv":
        _check_format(source, "csv", read_options)
        data = read_csv_features(source, feature_names, max_features=max_features)
    elif extension == ".arff":
        _check_format(source, "arff", read_options)
        data = read_arff_features(source, feature_names, nominal=read_options.get("nominal"),
                                  max_features=max_features)
    elif extension in LIBSVM_EXTENSIONS:
        _check_format(source, "libsvm", read_options)
        data = _libsvm_features(source, feature_names, read_options)
    else:
        dataset = load_data(source, subset=subset, max_features=max_features)
        _check_format(source, dataset.read_options.get("format"), read_options)
        data = dataset.data
    if data.shape[1] != len(feature_names):
        raise DataError(
            f"{source}: {data.shape[1]} features, the model expects {len(feature_names)}"
        )
    if data.shape[0] == 0:
        raise DataError(f"{source}: no data rows")
    return data
