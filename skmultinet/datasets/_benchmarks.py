"""The MULAN benchmarks by name: local files first, else all their rows from OpenML."""

import os

import numpy as np
import scipy.sparse as sp

from ._arff_files import load_arff
from ._bunch import DataError, make_bunch, to_indicator
from ._npz import SUBSETS, load_npz

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
    return make_bunch(data, np.vstack([first.target, second.target]), first.feature_names,
                      first.target_names, source, read_options=first.read_options)


def _check_openml_shape(name, fetched, target):
    """The download has the benchmark's shape (the ids were not all checked by hand)."""
    facts = MULAN_DATASETS[name]
    if target.ndim != 2 or target.shape[1] != facts["n_labels"] or (
        fetched.data.shape[1] != facts["n_features"]
    ):
        raise DataError(
            f"{name}: OpenML dataset {facts['openml_id']} has {fetched.data.shape[1]} "
            f"features and target shape {target.shape}, expected {facts['n_features']} "
            f"features and {facts['n_labels']} labels; use the MULAN files instead."
        )


def _fetch_from_openml(name, data_home):
    """All rows of ``name`` from OpenML; DataError when offline or unknown."""
    from sklearn.datasets import fetch_openml

    openml_id = MULAN_DATASETS[name]["openml_id"]
    if openml_id is None:
        raise DataError(
            f"{name}: not found in {data_home} and not available from OpenML under a "
            f"known id; download {name}-train.arff, {name}-test.arff and {name}.xml from "
            f"MULAN into {os.path.join(data_home, name)}"
        )
    try:
        fetched = fetch_openml(data_id=openml_id, data_home=os.path.join(data_home, "openml"),
                               as_frame=False, parser="auto")
    except Exception as exc:  # URLError, OpenMLError, ...: all mean "could not fetch"
        raise DataError(
            f"{name}: not found in {data_home} (set SKMULTINET_DATA or data_home) and "
            f"fetching OpenML dataset {openml_id} failed "
            f"({type(exc).__name__}: {exc}). Are you offline?"
        ) from None
    target_names = list(fetched.target_names or [])
    target = np.asarray(fetched.target)
    _check_openml_shape(name, fetched, target)
    data = fetched.data
    data = sp.csr_matrix(data, dtype=float) if sp.issparse(data) else np.asarray(data, float)
    source = f"OpenML dataset {openml_id} ({name}, all rows, no official split)"
    return make_bunch(data, to_indicator(target, target_names, source),
                      fetched.feature_names, target_names, source,
                      read_options={"format": "openml", "n_features": int(data.shape[1])})


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
    if subset not in SUBSETS:
        raise ValueError(f"subset must be one of {SUBSETS}, got {subset!r}")
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
