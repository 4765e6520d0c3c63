"""File size and load time of the safe model format against joblib, in fresh processes.

Fits the command line's model, ``ThresholdOptimizer(MultiLabelNetClassifier(
random_state=0), cv=0.2, refit=False)``, on the yeast training split, saves it
with ``skmultinet.save`` and with ``joblib.dump``, and reports both file sizes
and the median time of ``--repeats`` fresh processes that each load the file
and predict one row (measured inside the process, from before the load to
after the prediction, so that interpreter start-up is left out).

Usage::

    python benchmarks/bench_model_files.py [--data ../shared/data] [--repeats 7]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import warnings

import joblib
import numpy as np

import skmultinet
from skmultinet import MultiLabelNetClassifier, ThresholdOptimizer
from skmultinet.datasets import load_npz

_CHILD = """
import sys, time
import numpy as np
import skmultinet, joblib
kind, path = sys.argv[1], sys.argv[2]
row = np.load(sys.argv[3])
started = time.perf_counter()
model = skmultinet.load(path) if kind == "safe" else joblib.load(path)
model.predict(row)
print(time.perf_counter() - started)
"""


def _load_seconds(kind, path, row_path, repeats):
    """Median seconds of load + one-row predict over ``repeats`` fresh processes."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    times = [float(subprocess.run([sys.executable, "-c", _CHILD, kind, path, row_path],
                                  check=True, capture_output=True, text=True,
                                  env=env).stdout.split()[-1])
             for _ in range(repeats)]
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data"))
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    X, Y = load_npz(os.path.join(args.data, "yeast.npz"), return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = ThresholdOptimizer(MultiLabelNetClassifier(random_state=0), cv=0.2,
                                   refit=False).fit(X, Y)
    with tempfile.TemporaryDirectory() as folder:
        safe, pickled = os.path.join(folder, "model.skmn"), os.path.join(folder, "model.joblib")
        row_path = os.path.join(folder, "row.npy")
        np.save(row_path, np.asarray(X[:1], dtype=np.float64))
        skmultinet.save(model, safe)
        joblib.dump(model, pickled)
        rows = [(name, os.path.getsize(path), _load_seconds(kind, path, row_path, args.repeats))
                for name, kind, path in (("skmultinet.save", "safe", safe),
                                         ("joblib.dump", "joblib", pickled))]
    print(f"yeast train: {X.shape[0]} rows, {X.shape[1]} features, {Y.shape[1]} labels; "
          f"median of {args.repeats} fresh processes (load + predict one row)")
    print(f"{'format':<16}{'size (KiB)':>12}{'load+predict (ms)':>20}")
    for name, size, seconds in rows:
        print(f"{name:<16}{size / 1024:>12.1f}{seconds * 1000:>20.1f}")
    (_, safe_size, safe_time), (_, joblib_size, joblib_time) = rows
    print(f"ratio safe/joblib: size {safe_size / joblib_size:.2f}x, "
          f"time {safe_time / joblib_time:.2f}x")


if __name__ == "__main__":
    main()
