"""Load multi-label data: ARFF (MULAN, MEKA), CSV, NumPy ``.npz``, LIBSVM, benchmark names.

Every loader returns a :class:`~sklearn.utils.Bunch` with ``data``, ``target``
(a 0/1 ``uint8`` indicator matrix), ``feature_names``, ``target_names`` and
``source`` and ``read_options`` (how the file was read, to read new data for a
model the same way); :func:`load_data` picks the loader from a path's extension or a
benchmark name. Problems a user can fix raise :class:`DataError`.
"""

from ._arff_files import load_arff
from ._benchmarks import MULAN_DATASETS, get_data_home, load_dataset
from ._bunch import MAX_FEATURES, DataError
from ._csv import load_csv
from ._dispatch import load_data
from ._libsvm import iter_libsvm_chunks, load_libsvm
from ._npz import load_npz

__all__ = [
    "MAX_FEATURES",
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
