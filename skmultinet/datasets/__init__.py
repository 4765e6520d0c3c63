"""Load multi-label data: ARFF (MULAN, MEKA), CSV, NumPy ``.npz``, LIBSVM, benchmark names."""

from ._loaders import (
    MULAN_DATASETS,
    DataError,
    get_data_home,
    iter_libsvm_chunks,
    load_arff,
    load_csv,
    load_data,
    load_dataset,
    load_libsvm,
    load_npz,
)

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
