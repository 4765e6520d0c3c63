"""NumPy ``.npz`` archives in the layout of the MULAN data folder."""

import numpy as np

from ._bunch import DataError, check_file, make_bunch, to_indicator

#: The splits an archive (or a benchmark) can give.
SUBSETS = ("train", "test", "all")


def _split_keys(arrays, subset):
    """``(X key, Y key)`` pairs to read: plain X/Y, one split, or both."""
    if "X" in arrays and "Y" in arrays:
        return [("X", "Y")]
    if subset == "all":
        return [("X_train", "Y_train"), ("X_test", "Y_test")]
    return [(f"X_{subset}", f"Y_{subset}")]


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
    path = check_file(path)
    if subset not in SUBSETS:
        raise ValueError(f"subset must be one of {SUBSETS}, got {subset!r}")
    with np.load(path, allow_pickle=False) as archive:
        arrays = dict(archive)
    parts = _split_keys(arrays, subset)
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
    return make_bunch(data, target, feature_names, target_names, source, return_X_y)
