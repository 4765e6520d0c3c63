"""NumPy ``.npz`` archives in the layout of the MULAN data folder."""

import numpy as np

from ._bunch import MAX_FEATURES, DataError, check_file, check_width, make_bunch, to_indicator

#: The splits an archive (or a benchmark) can give.
SUBSETS = ("train", "test", "all")


def _split_keys(arrays, subset):
    """``(X key, Y key)`` pairs to read: plain X/Y, one split, or both."""
    if "X" in arrays and "Y" in arrays:
        return [("X", "Y")]
    if subset == "all":
        return [("X_train", "Y_train"), ("X_test", "Y_test")]
    return [(f"X_{subset}", f"Y_{subset}")]


def _open(path):
    """The archive, never unpickling; anything else is a DataError."""
    import zipfile

    try:
        archive = np.load(path, allow_pickle=False)
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as exc:
        raise DataError(f"{path}: not a NumPy .npz archive ({exc})") from None
    if not isinstance(archive, np.lib.npyio.NpzFile):
        raise DataError(f"{path}: a single NumPy array, not an .npz archive of X and Y arrays")
    return archive


def _array_header(archive, key, path):
    """Shape and dtype of one member, read from its header before its data."""
    with archive.zip.open(f"{key}.npy") as stream:
        try:
            version = np.lib.format.read_magic(stream)
            read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                           else np.lib.format.read_array_header_2_0)
            shape, _, dtype = read_header(stream)
        except ValueError as exc:
            raise DataError(f"{path}: array {key} is unreadable ({exc})") from None
    return shape, dtype


def _read_pair(archive, x_key, y_key, path, max_features):
    """One split's X and Y, checked for shape and type before X is loaded."""
    x_shape, x_dtype = _array_header(archive, x_key, path)
    y_shape, y_dtype = _array_header(archive, y_key, path)
    for key, shape, dtype in ((x_key, x_shape, x_dtype), (y_key, y_shape, y_dtype)):
        if len(shape) != 2:
            raise DataError(f"{path}: {key} has shape {shape}; expected a 2-D "
                            f"(n_samples, n_{'features' if key == x_key else 'labels'}) array")
        if dtype.kind not in "biuf" and not (key == y_key and dtype.kind in "US"):
            raise DataError(f"{path}: {key} holds {dtype} values; expected numbers")
    check_width(x_shape[1], max_features, f"{path} ({x_key})", "feature columns")
    if x_shape[0] != y_shape[0]:
        raise DataError(f"{path}: {x_key} has {x_shape[0]} rows but {y_key} has {y_shape[0]}; "
                        f"they must describe the same samples")
    return archive[x_key].astype(float), archive[y_key]


def _names(archive, key, count, default_prefix, path):
    """``feature_names`` / ``label_names`` of the archive, or generated ones."""
    if key not in archive.files:
        return [f"{default_prefix}{j}" for j in range(count)]
    names = [str(name) for name in np.ravel(archive[key])]
    if len(names) != count:
        raise DataError(f"{path}: {key} has {len(names)} names for {count} columns")
    return names


def load_npz(path, *, subset="train", max_features=MAX_FEATURES, return_X_y=False):
    """Load the ``.npz`` layout of the MULAN data folder.

    Parameters
    ----------
    path : str or path-like
        An archive holding ``X_train``, ``Y_train``, ``X_test``, ``Y_test``
        and optionally ``feature_names``, ``label_names`` (no pickles: an
        object array is an error, never unpickled).
        An archive with plain ``X`` and ``Y`` is read as a single split.
    subset : {"train", "test", "all"}, default="train"
        Which split to return; "all" stacks train and test.
    max_features : int, default=MAX_FEATURES
        The most columns X may have, checked before X is read.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    dataset : Bunch
        ``data``, ``target``, ``feature_names``, ``target_names``, ``source``,
        ``read_options`` (``{"format": "npz", "n_features": int,
        "max_features": int}``).

    Raises
    ------
    DataError
        Not an archive, missing arrays, X or Y not 2-D numbers, X and Y of
        different lengths, or X wider than ``max_features``.
    """
    path = check_file(path)
    if subset not in SUBSETS:
        raise ValueError(f"subset must be one of {SUBSETS}, got {subset!r}")
    with _open(path) as archive:
        keys = set(archive.files)
        parts = _split_keys(keys, subset)
        missing = [name for pair in parts for name in pair if name not in keys]
        if missing:
            raise DataError(
                f"{path}: no array {', '.join(missing)}; expected X_train/Y_train/X_test/"
                f"Y_test or X/Y (it has {', '.join(sorted(keys))})"
            )
        pairs = [_read_pair(archive, x, y, path, max_features) for x, y in parts]
        if len({x.shape[1] for x, _ in pairs}) > 1 or len({y.shape[1] for _, y in pairs}) > 1:
            raise DataError(f"{path}: the train and test arrays have different widths")
        data = np.concatenate([x for x, _ in pairs])
        target_values = np.concatenate([y for _, y in pairs])
        feature_names = _names(archive, "feature_names", data.shape[1], "x", path)
        target_names = _names(archive, "label_names", target_values.shape[1], "y", path)
    target = to_indicator(target_values, target_names, path)
    source = f"{path} ({subset} split)" if len(keys) > 2 else path
    read_options = {"format": "npz", "n_features": int(data.shape[1]),
                    "max_features": int(max_features)}
    return make_bunch(data, target, feature_names, target_names, source, return_X_y,
                      read_options=read_options)
