"""Distributed model selection: one grid search run locally, on Dask and on Ray.

A ``GridSearchCV`` of 24 fits (8 settings x 3 folds, ``scoring="f1_micro"``) over
``MultiLabelNetClassifier(random_state=0, epochs=50, early_stopping=False)`` on the
training split of yeast (1 500 x 103, 14 labels), the grid being loss in
{binary_crossentropy, zlpr} x hidden_layer_sizes in {(64,), (128,)} x dropout in
{0.2, 0.5}. It runs

- in this process with ``n_jobs=1`` (TensorFlow's own pools, one per core), twice:
  the first search traces the training graphs of the 8 settings, the second reuses
  them from the process's trainer cache;
- through joblib's Dask backend on a ``LocalCluster`` of ``--workers`` processes of one
  thread each: start-up (scheduler, nannies, workers) is timed apart from the search, and
  the search is run twice, the first one paying for TensorFlow's start in every worker;
- through Ray's joblib backend on ``ray.init(num_cpus=--workers)`` when Ray is
  installed (``pip install ray``) and ``--no-ray`` is not given; its pool of worker
  actors, and their TensorFlow, start anew at every search.

Every distributed run must reproduce the local ``cv_results_`` (the table gives the
largest difference of ``mean_test_score``) and ``best_params_``. The machine's load
average is printed before and after: other processes on the same cores change every
time, so the ratios are the figures to read.

Usage::

    python benchmarks/bench_distributed_search.py [--data ../shared/data] [--epochs 50]
        [--workers 2] [--no-ray]
"""

import argparse
import os
import time
import warnings
from unittest import mock

import joblib
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV

from skmultinet import MultiLabelNetClassifier

DEFAULT_DATA = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")
GRID = {
    "loss": ["binary_crossentropy", "zlpr"],
    "hidden_layer_sizes": [(64,), (128,)],
    "dropout": [0.2, 0.5],
}


def make_search(epochs, n_jobs):
    net = MultiLabelNetClassifier(epochs=epochs, early_stopping=False, random_state=0)
    return GridSearchCV(net, GRID, scoring="f1_micro", cv=3, n_jobs=n_jobs)


def timed_search(X, Y, epochs, backend=None):
    """Fit the search (under ``backend`` if given); return it and its wall time."""
    search = make_search(epochs, n_jobs=1 if backend is None else -1)
    started = time.perf_counter()
    if backend is None:
        search.fit(X, Y)
    else:
        with joblib.parallel_config(backend=backend):
            search.fit(X, Y)
    return search, time.perf_counter() - started


def run_dask(X, Y, epochs, n_workers):
    """Two searches on one LocalCluster; yields ``(name, start-up, search, fitted)``."""
    from dask.distributed import Client, LocalCluster

    # The nannies write OMP_NUM_THREADS=1 and friends into this process's environment
    # (distributed.nanny.pre-spawn-environ); put it back for the runs after this one.
    with mock.patch.dict(os.environ):
        started = time.perf_counter()
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        with cluster, Client(cluster):
            startup = time.perf_counter() - started
            for name in ("Dask, 1st search", "Dask, 2nd search"):
                search, seconds = timed_search(X, Y, epochs, backend="dask")
                yield name, startup, seconds, search
                startup = 0.0


def run_ray(X, Y, epochs, n_workers):
    """One search through Ray's joblib backend; yields ``(name, start-up, search, fitted)``."""
    import ray
    from ray.util.joblib import register_ray

    started = time.perf_counter()
    ray.init(num_cpus=n_workers, include_dashboard=False, log_to_driver=False)
    register_ray()
    startup = time.perf_counter() - started
    try:
        search, seconds = timed_search(X, Y, epochs, backend="ray")
        yield "Ray", startup, seconds, search
    finally:
        ray.shutdown()


def table_row(name, n_workers, startup, seconds, search, local, local_seconds):
    scores = search.cv_results_["mean_test_score"]
    difference = np.max(np.abs(scores - local.cv_results_["mean_test_score"]))
    same_best = "yes" if search.best_params_ == local.best_params_ else "**no**"
    return (f"| {name} | {n_workers} | {startup:.1f} | {seconds:.1f} | "
            f"{seconds / local_seconds:.2f} | {same_best} | {difference:.1e} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-ray", action="store_true")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    data = np.load(os.path.join(args.data, "yeast.npz"))
    X, Y = data["X_train"], data["Y_train"]

    # TensorFlow starts here before any cluster exists, so that the local run keeps the
    # pools this process would have without the benchmark (sized by the cores).
    # skmultinet.losses imports Keras the way the estimator does (logs quietened).
    import skmultinet.losses  # noqa: F401
    import tensorflow as tf

    tf.config.list_physical_devices()
    print(f"yeast {X.shape[0]} x {X.shape[1]}, {Y.shape[1]} labels; {os.cpu_count()} cores; "
          f"load average before: {os.getloadavg()[0]:.1f}", flush=True)
    local, local_seconds = timed_search(X, Y, args.epochs)
    rows = [f"| local, n_jobs=1, 1st search | 1 | 0.0 | {local_seconds:.1f} | 1.00 | yes "
            "| 0.0e+00 |"]
    print(rows[0], flush=True)
    again, again_seconds = timed_search(X, Y, args.epochs)
    rows.append(table_row("local, n_jobs=1, 2nd search", 1, 0.0, again_seconds, again, local,
                          local_seconds))
    print(rows[-1], flush=True)

    runs = [run_dask(X, Y, args.epochs, args.workers)]
    if not args.no_ray:
        try:
            import ray  # noqa: F401
        except ImportError:
            print("Ray is not installed: no Ray row.", flush=True)
        else:
            runs.append(run_ray(X, Y, args.epochs, args.workers))
    for run in runs:
        for name, startup, seconds, search in run:
            rows.append(table_row(name, args.workers, startup, seconds, search, local,
                                  local_seconds))
            print(rows[-1], flush=True)

    print(f"\nload average after: {os.getloadavg()[0]:.1f}; best params (local): "
          f"{local.best_params_}; best f1_micro {local.best_score_:.4f}\n")
    print("| run | workers | start-up (s) | search (s) | search / local 1st | same best params "
          "| max abs diff of mean_test_score |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
