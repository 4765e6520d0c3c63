"""Load multi-label data: ARFF (MULAN, MEKA), CSV, NumPy ``.npz``, LIBSVM, benchmark names.

Every loader returns a :class:`~sklearn.utils.Bunch` with ``data`` (dense
ndarray or CSR matrix), ``target`` (0/1 ``uint8`` indicator matrix),
``feature_names``, ``target_names`` and ``source`` (a line saying where the
data came from), or ``(data, target)`` with ``return_X_y=True``.
:func:`load_data` picks the loader from a path's extension or a benchmark
name; it is what the ``skmultinet`` command uses.

Problems a user can fix (a missing file, no label columns, labels that are
not 0/1) raise :class:`DataError` with a message that says what to do.
"""

import os
import re
import xml.etree.ElementTree as ElementTree

import numpy as np
import scipy.sparse as sp
from sklearn.utils import Bunch

from ._arff import ArffError, read_arff

__all__ = [
    "MULAN_DATASETS",
    "DataError",
    "get_data_home",
    "iter_libsvm_chunks",
    "load_arff",
    "load_csv",
    "load_data",
    "load_dataset",
    "load_libsvm",
    "load_npz",
]


class DataError(ValueError):
    """Data that cannot be used as given; the message says what to do."""


#: The MULAN benchmarks: shape of the official split and the OpenML dataset
#: holding all their rows (no official split there). Only yeast's id was
#: checked against a published use (``fetch_openml("yeast", version=4)``);
#: the others follow the same 2017 upload series and are checked by shape
#: after download.
MULAN_DATASETS = {
    "birds": {"n_features": 260, "n_labels": 19, "n_train": 322, "n_test": 323, "openml_id": 40588},
    "emotions": {"n_features": 72, "n_labels": 6, "n_train": 391, "n_test": 202, "openml_id": 40589},
    "enron": {"n_features": 1001, "n_labels": 53, "n_train": 1123, "n_test": 579, "openml_id": 40590},
    "medical": {"n_features": 1449, "n_labels": 45, "n_train": 333, "n_test": 645, "openml_id": None},
    "scene": {"n_features": 294, "n_labels": 6, "n_train": 1211, "n_test": 1196, "openml_id": 40595},
    "yeast": {"n_features": 103, "n_labels": 14, "n_train": 1500, "n_test": 917, "openml_id": 40597},
}

_SUBSETS = ("train", "test", "all")


def _result(data, target, feature_names, target_names, source, return_X_y):
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        feature_names=[str(name) for name in feature_names],
        target_names=[str(name) for name in target_names],
        source=source,
    )


def _check_file(path):
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise DataError(f"{path}: no such file")
    return path


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
        truthy, falsy = np.isin(text, ("1", "1.0", "true", "yes")), np.isin(
            text, ("0", "0.0", "false", "no")
        )
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


# --------------------------------------------------------------------- ARFF


def _xml_path(path):
    """MULAN's label file next to an ARFF file: ``NAME.xml`` for ``NAME-train.arff``."""
    folder, base = os.path.split(path)
    stem = os.path.splitext(base)[0]
    candidates = [stem]
    for suffix in ("-train", "-test", "_train", "_test"):
        if stem.endswith(suffix):
            candidates.append(stem[: -len(suffix)])
    for candidate in candidates:
        xml = os.path.join(folder, candidate + ".xml")
        if os.path.isfile(xml):
            return xml
    return None


def _xml_labels(xml):
    """Label names of a MULAN XML file (hierarchical labels are flattened)."""
    try:
        root = ElementTree.parse(xml).getroot()
    except ElementTree.ParseError as exc:
        raise DataError(f"{xml}: not a readable MULAN label file ({exc})") from None
    return [
        element.get("name")
        for element in root.iter()
        if element.tag.rsplit("}", 1)[-1] == "label" and element.get("name") is not None
    ]


def _meka_count(relation):
    """``n`` of MEKA's ``-C n`` option in a relation name, or None."""
    match = re.search(r"-C\s+(-?\d+)", relation)
    return None if match is None else int(match.group(1))


def _label_positions(attributes, labels, path, relation):
    """Positions of the label attributes, in file order."""
    names = [attribute.name for attribute in attributes]
    how = "labels"
    if labels is None:
        xml = _xml_path(path)
        if xml is not None:
            labels, how = _xml_labels(xml), f"the labels listed in {xml}"
        else:
            labels, how = _meka_count(relation), "MEKA's -C option in @relation"
        if labels is None:
            raise DataError(
                f"{path}: no label columns found: no MULAN label file "
                f"({os.path.splitext(os.path.basename(path))[0]}.xml) next to it and no "
                f"MEKA '-C n' in its @relation. Put the XML file next to it or pass "
                f"labels=<number or names> (--labels on the command line)."
            )
    elif isinstance(labels, str) and labels.endswith(".xml"):
        labels, how = _xml_labels(_check_file(labels)), f"the labels listed in {labels}"
    if isinstance(labels, (int, np.integer)):
        if labels == 0 or abs(labels) >= len(names):
            asked = f"-C {labels} in @relation" if how.startswith("MEKA") else f"labels={labels}"
            raise DataError(
                f"{path}: {asked} asks for {abs(labels)} label attributes, but the file has "
                f"{len(names)} attributes (cannot take {labels} label attributes of "
                f"{len(names)}); at least one must remain a feature. Fix the count or pass "
                "labels=<number or names>."
            )
        # MEKA: -C n means the first n attributes, -C -n the last n.
        return list(range(labels)) if labels > 0 else list(range(len(names) + labels, len(names)))
    wanted = set(labels)
    missing = [label for label in labels if label not in set(names)]
    if missing:
        raise DataError(
            f"{path}: {how} name {len(missing)} attribute(s) the file does not have: "
            f"{', '.join(map(repr, missing[:5]))}"
        )
    return [position for position, name in enumerate(names) if name in wanted]


def load_arff(path, labels=None, *, return_X_y=False):
    """Load a multi-label ARFF file in MULAN or MEKA form.

    Parameters
    ----------
    path : str or path-like
        The ``.arff`` file, dense or sparse.
    labels : None, int, str or sequence of str, default=None
        Which attributes are labels. None: the names in the MULAN XML file
        next to ``path`` (``NAME.xml`` for ``NAME-train.arff``), else MEKA's
        ``-C n`` in the ``@relation`` name. An int follows MEKA: ``n`` the
        first ``n`` attributes, ``-n`` the last ``n``. A path ending in
        ``.xml``: that MULAN label file. A sequence: those attribute names.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    dataset : Bunch
        ``data`` (float ndarray, CSR matrix for sparse files), ``target``
        (uint8 indicator matrix, label columns in file order),
        ``feature_names``, ``target_names``, ``source``.

    Notes
    -----
    Nominal features are encoded by value when their values are numbers
    (birds' ``location {2,10,1,...}`` reads as 2, 10, 1, ...), else by their
    position in the declaration. Missing values ``?`` become NaN. String and
    date attributes are dropped from the features.

    Examples
    --------
    >>> from skmultinet.datasets import load_arff
    >>> emotions = load_arff("emotions-train.arff")  # doctest: +SKIP
    >>> emotions.data.shape, emotions.target.shape   # doctest: +SKIP
    ((391, 72), (391, 6))
    """
    path = _check_file(path)
    try:
        arff = read_arff(path)
    except ArffError as exc:
        raise DataError(str(exc)) from None
    label_positions = _label_positions(arff.attributes, labels, path, arff.relation)
    is_label = np.zeros(len(arff.attributes), dtype=bool)
    is_label[label_positions] = True
    feature_positions = [
        position
        for position, attribute in enumerate(arff.attributes)
        if not is_label[position] and attribute.kind in ("numeric", "nominal")
    ]
    values = arff.values.tocsc() if sp.issparse(arff.values) else arff.values
    names = [attribute.name for attribute in arff.attributes]
    target_names = [names[position] for position in label_positions]
    target_values = values[:, label_positions]
    if sp.issparse(target_values):
        target_values = target_values.toarray()
    target = to_indicator(target_values, target_names, path)
    data = values[:, feature_positions]
    data = data.tocsr() if sp.issparse(data) else np.ascontiguousarray(data)
    return _result(
        data, target, [names[p] for p in feature_positions], target_names, path, return_X_y
    )


# ----------------------------------------------------------- CSV, npz, LIBSVM


def load_csv(path, *, label_columns=None, label_prefix=None, return_X_y=False):
    """Load a CSV file whose label columns are named or share a prefix.

    Parameters
    ----------
    path : str or path-like
        A CSV file with a header row.
    label_columns : sequence of str, default=None
        Names of the label columns.
    label_prefix : str, default=None
        Every column whose name starts with it is a label (e.g. ``"y_"``).
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    dataset : Bunch
        ``data`` (float ndarray of the other columns), ``target``,
        ``feature_names``, ``target_names``, ``source``.
    """
    import pandas as pd

    path = _check_file(path)
    try:
        frame = pd.read_csv(path)
    except pd.errors.EmptyDataError:
        raise DataError(f"{path}: the file is empty; expected a header row and data rows") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        # pandas names the line ("Expected 2 fields in line 3, saw 4").
        raise DataError(f"{path}: not a readable CSV file ({exc})") from None
    columns = [str(column) for column in frame.columns]
    if label_columns is not None:
        missing = [column for column in label_columns if column not in columns]
        if missing:
            raise DataError(
                f"{path}: no column named {', '.join(map(repr, missing))}; the columns "
                f"are {', '.join(columns[:10])}{', ...' if len(columns) > 10 else ''}"
            )
        target_names = list(label_columns)
    elif label_prefix:
        target_names = [column for column in columns if column.startswith(label_prefix)]
    else:
        target_names = []
    if not target_names:
        raise DataError(
            f"{path}: no label columns found; name them with --label-columns a,b,c "
            f"or --label-prefix y_ (label_columns= / label_prefix= in Python)."
        )
    frame.columns = columns
    feature_names = [column for column in columns if column not in set(target_names)]
    target = to_indicator(frame[target_names].to_numpy(), target_names, path)
    data = _numeric_features(frame[feature_names], path)
    return _result(data, target, feature_names, target_names, path, return_X_y)


def _numeric_features(frame, source):
    """Feature columns as a float array; non-numeric columns are an error."""
    bad = [column for column in frame.columns if frame[column].dtype.kind not in "biuf"]
    if bad:
        raise DataError(
            f"{source}: column(s) {', '.join(map(repr, bad[:5]))} are not numeric; encode "
            f"them (e.g. one-hot) or mark them as labels."
        )
    return frame.to_numpy(dtype=float)


def load_npz(path, *, subset="train", return_X_y=False):
    """Load the ``.npz`` layout of the MULAN data folder.

    Parameters
    ----------
    path : str or path-like
        An archive holding ``X_train``, ``Y_train``, ``X_test``, ``Y_test``
        and optionally ``feature_names``, ``label_names`` (no pickles).
        An archive with plain ``X`` and ``Y`` is read as a single split.
    subset : {"train", "test", "all"}, default="train"
        Which split to return; "all" stacks train and test.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    dataset : Bunch
        ``data``, ``target``, ``feature_names``, ``target_names``, ``source``.
    """
    path = _check_file(path)
    if subset not in _SUBSETS:
        raise ValueError(f"subset must be one of {_SUBSETS}, got {subset!r}")
    with np.load(path, allow_pickle=False) as archive:
        arrays = dict(archive)
    if "X" in arrays and "Y" in arrays:
        parts = [("X", "Y")]
    elif subset == "all":
        parts = [("X_train", "Y_train"), ("X_test", "Y_test")]
    else:
        parts = [(f"X_{subset}", f"Y_{subset}")]
    missing = [name for pair in parts for name in pair if name not in arrays]
    if missing:
        raise DataError(
            f"{path}: no array {', '.join(missing)}; expected X_train/Y_train/X_test/Y_test "
            f"or X/Y (it has {', '.join(sorted(arrays))})"
        )
    data = np.concatenate([arrays[x] for x, _ in parts]).astype(float)
    target_values = np.concatenate([arrays[y] for _, y in parts])
    n_features, n_labels = data.shape[1], target_values.shape[1]
    feature_names = arrays.get("feature_names", [f"x{j}" for j in range(n_features)])
    target_names = arrays.get("label_names", [f"y{j}" for j in range(n_labels)])
    target = to_indicator(target_values, [str(n) for n in target_names], path)
    source = f"{path} ({subset} split)" if len(arrays) > 2 else path
    return _result(data, target, feature_names, target_names, source, return_X_y)


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

    path = _check_file(path)
    try:
        data, label_sets = load_svmlight_file(path, multilabel=True, n_features=n_features)
    except ValueError as exc:
        raise DataError(f"{path}: not LIBSVM multi-label text ({exc})") from None
    binarizer = MultiLabelBinarizer()
    target = binarizer.fit_transform([[int(label) for label in row] for row in label_sets])
    target_names = [str(label) for label in binarizer.classes_]
    feature_names = [f"x{j}" for j in range(data.shape[1])]
    return _result(data.tocsr(), target.astype(np.uint8), feature_names, target_names, path,
                   return_X_y)


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
    import io

    from sklearn.datasets import load_svmlight_file

    path = _check_file(path)
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
            try:
                X, label_sets = load_svmlight_file(
                    io.BytesIO(b"".join(lines)), n_features=n_features, multilabel=True,
                    zero_based=zero_based,
                )
            except ValueError as exc:
                raise DataError(
                    f"{path}, {rows}: not LIBSVM multi-label text with {n_features} features "
                    f"({exc})"
                ) from None
            Y = np.zeros((X.shape[0], len(column)), dtype=np.uint8)
            for i, row_labels in enumerate(label_sets):
                for label in row_labels:
                    j = column.get(int(label))
                    if j is None:
                        raise DataError(
                            f"{path}, row {first_row + i}: label {int(label)} is not among the "
                            f"{len(column)} labels given; pass every label id the file uses."
                        )
                    Y[i, j] = 1
            first_row += len(lines)
            yield X.tocsr(), Y


# ------------------------------------------------------------ benchmark names


def get_data_home(data_home=None):
    """The folder holding benchmark files.

    Parameters
    ----------
    data_home : str or path-like, default=None
        Returned as is when given; else the environment variable
        ``SKMULTINET_DATA``, else ``~/skmultinet_data``.

    Returns
    -------
    data_home : str
    """
    if data_home is None:
        data_home = os.environ.get("SKMULTINET_DATA", os.path.join("~", "skmultinet_data"))
    return os.path.expanduser(os.fspath(data_home))


def _local_split(name, data_home, split):
    """Load one official split of ``name`` from ``data_home``, or None if absent."""
    npz = os.path.join(data_home, f"{name}.npz")
    if os.path.isfile(npz):
        return load_npz(npz, subset=split)
    for folder in (os.path.join(data_home, "mulan", name), os.path.join(data_home, name), data_home):
        arff = os.path.join(folder, f"{name}-{split}.arff")
        if os.path.isfile(arff):
            return load_arff(arff)
    return None


def _stack(first, second, source):
    stack = sp.vstack if sp.issparse(first.data) else np.vstack
    data = stack([first.data, second.data])
    data = data.tocsr() if sp.issparse(data) else data
    return _result(data, np.vstack([first.target, second.target]), first.feature_names,
                   first.target_names, source, False)


def _fetch_from_openml(name, data_home):
    """All rows of ``name`` from OpenML; DataError when offline or unknown."""
    from sklearn.datasets import fetch_openml

    facts = MULAN_DATASETS[name]
    if facts["openml_id"] is None:
        raise DataError(
            f"{name}: not found in {data_home} and not available from OpenML under a "
            f"known id; download {name}-train.arff, {name}-test.arff and {name}.xml from "
            f"MULAN into {os.path.join(data_home, name)}"
        )
    try:
        fetched = fetch_openml(data_id=facts["openml_id"], data_home=os.path.join(
            data_home, "openml"), as_frame=False, parser="auto")
    except Exception as exc:  # URLError, OpenMLError, ...: all mean "could not fetch"
        raise DataError(
            f"{name}: not found in {data_home} (set SKMULTINET_DATA or data_home) and "
            f"fetching OpenML dataset {facts['openml_id']} failed "
            f"({type(exc).__name__}: {exc}). Are you offline?"
        ) from None
    target_names = list(fetched.target_names or [])
    target = np.asarray(fetched.target)
    if target.ndim != 2 or target.shape[1] != facts["n_labels"] or (
        fetched.data.shape[1] != facts["n_features"]
    ):
        raise DataError(
            f"{name}: OpenML dataset {facts['openml_id']} has {fetched.data.shape[1]} "
            f"features and target shape {target.shape}, expected {facts['n_features']} "
            f"features and {facts['n_labels']} labels; use the MULAN files instead."
        )
    data = fetched.data
    data = sp.csr_matrix(data, dtype=float) if sp.issparse(data) else np.asarray(data, float)
    source = f"OpenML dataset {facts['openml_id']} ({name}, all rows, no official split)"
    return _result(data, to_indicator(target, target_names, source),
                   fetched.feature_names, target_names, source, False)


def load_dataset(name, data_home=None, *, subset="all", return_X_y=False):
    """Load a MULAN benchmark by name, from local files or OpenML.

    Parameters
    ----------
    name : {"birds", "emotions", "enron", "medical", "scene", "yeast"}
        The benchmark (see :data:`MULAN_DATASETS`).
    data_home : str or path-like, default=None
        Folder searched for ``NAME.npz`` or ``NAME-train.arff`` /
        ``NAME-test.arff`` (+ ``NAME.xml``), directly or under ``NAME/`` or
        ``mulan/NAME/``; see :func:`get_data_home` for the default.
    subset : {"all", "train", "test"}, default="all"
        The official MULAN split, or both stacked. OpenML holds all rows
        without the split, so "train" and "test" need the local files.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    dataset : Bunch
        ``data``, ``target``, ``feature_names``, ``target_names``, ``source``.

    Raises
    ------
    DataError
        Unknown name, or no local files and OpenML unreachable.
    """
    if name not in MULAN_DATASETS:
        raise DataError(
            f"unknown dataset {name!r}: not a file, and not one of "
            f"{', '.join(sorted(MULAN_DATASETS))}"
        )
    if subset not in _SUBSETS:
        raise ValueError(f"subset must be one of {_SUBSETS}, got {subset!r}")
    data_home = get_data_home(data_home)
    splits = ("train", "test") if subset == "all" else (subset,)
    local = [_local_split(name, data_home, split) for split in splits]
    if all(part is not None for part in local):
        dataset = local[0] if len(local) == 1 else _stack(
            *local, f"{name} from {data_home} (train + test)")
    elif subset != "all":
        raise DataError(
            f"{name}: the official {subset} split needs the MULAN files in {data_home} "
            f"(OpenML has all rows without the split); set SKMULTINET_DATA or data_home."
        )
    else:
        dataset = _fetch_from_openml(name, data_home)
    return (dataset.data, dataset.target) if return_X_y else dataset


_LIBSVM_EXTENSIONS = (".svm", ".libsvm", ".svmlight", ".txt")


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
    extension = os.path.splitext(source)[1].lower()
    if extension == ".arff":
        return load_arff(source, labels=labels)
    if extension == ".csv":
        return load_csv(source, label_columns=label_columns, label_prefix=label_prefix)
    if extension == ".npz":
        return load_npz(source, subset=subset)
    if extension in _LIBSVM_EXTENSIONS:
        return load_libsvm(source)
    if not extension and not os.path.exists(source) and source in MULAN_DATASETS:
        return load_dataset(source, subset=subset)
    if os.path.exists(source):
        raise DataError(
            f"{source}: unknown format {extension or '(no extension)'}; use .arff, .csv, "
            f".npz or LIBSVM text (.svm, .libsvm, .txt)"
        )
    if extension:
        raise DataError(f"{source}: no such file")
    raise DataError(
        f"{source}: no such file, and not a benchmark name ({', '.join(sorted(MULAN_DATASETS))})"
    )


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
    """
    counts = np.asarray(target).sum(axis=0)
    never = [name for name, count in zip(target_names, counts) if count == 0]
    always = [name for name, count in zip(target_names, counts) if count == len(target)]
    return never, always
