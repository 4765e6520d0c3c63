"""Model selection on a Dask cluster: the search of one process, spread over worker processes.

A real ``dask.distributed.LocalCluster`` (two worker processes of one thread each) runs
``GridSearchCV`` through joblib's Dask backend. The estimators travel to the workers and
back by pickle, and each fit depends on ``random_state`` alone, so every score must be the
one computed in this process. Loky workers are covered in test_faults.py.
"""

import os
from unittest import mock

import joblib
import numpy as np
import pytest
from dask.distributed import Client, LocalCluster
from sklearn.base import clone
from sklearn.datasets import make_multilabel_classification
from sklearn.model_selection import GridSearchCV

from skmultinet import MultiLabelNetClassifier, ThresholdOptimizer
from skmultinet._backend import import_keras

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

GRID = {"loss": ["binary_crossentropy", "zlpr"], "alpha": [1e-4, 1e-2]}


def tiny():
    return MultiLabelNetClassifier(hidden_layer_sizes=(8,), epochs=5, early_stopping=False,
                                   random_state=0)


@pytest.fixture(scope="module")
def data():
    return make_multilabel_classification(n_samples=120, n_features=10, n_classes=4,
                                          random_state=0)


@pytest.fixture(scope="module")
def client():
    # The nannies live in this process and write distributed.nanny.pre-spawn-environ
    # (OMP_NUM_THREADS=1, ...) into its os.environ before spawning each worker. TensorFlow
    # starts here first, so that the local runs keep this process's own (multi-threaded)
    # pools and the comparison spans thread counts; the environment is put back
    # afterwards so that later tests, and the loky workers they start, see the one they
    # would have seen without this file.
    import_keras()
    with mock.patch.dict(os.environ):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        with cluster, Client(cluster) as client:
            yield client


def _search(estimator, grid, X, Y, backend=None):
    search = GridSearchCV(estimator, grid, scoring="f1_micro", cv=2, n_jobs=-1)
    if backend is None:
        return search.set_params(n_jobs=1).fit(X, Y)
    with joblib.parallel_config(backend=backend):
        return search.fit(X, Y)


def _executed_per_worker(client):
    return client.run(lambda dask_worker: dask_worker.state.executed_count)


def _assert_same_search(local, distributed, X):
    assert distributed.best_params_ == local.best_params_
    for key in ("mean_test_score", "split0_test_score", "split1_test_score"):
        np.testing.assert_array_equal(distributed.cv_results_[key], local.cv_results_[key])
    np.testing.assert_array_equal(distributed.best_estimator_.predict(X),
                                  local.best_estimator_.predict(X))


def test_a_fitted_net_comes_back_from_a_worker_unchanged(client, data):
    # A net pickled to a worker, fitted there and pickled back predicts exactly like the
    # same net fitted here.
    X, Y = data
    remote = client.submit(lambda net, X, Y: net.fit(X, Y), tiny(), X, Y).result()
    local = tiny().fit(X, Y)
    np.testing.assert_array_equal(remote.predict_proba(X), local.predict_proba(X))
    for remote_coef, local_coef in zip(remote.coefs_, local.coefs_):
        np.testing.assert_array_equal(remote_coef, local_coef)


def test_grid_search_on_dask_matches_one_process(client, data):
    # GridSearchCV under joblib's Dask backend gives exactly the scores, best parameters
    # and refitted predictions of n_jobs=1, and its fits ran on both workers.
    X, Y = data
    executed_before = _executed_per_worker(client)
    distributed = _search(tiny(), GRID, X, Y, backend="dask")
    executed_after = _executed_per_worker(client)
    local = _search(tiny(), GRID, X, Y)
    _assert_same_search(local, distributed, X)
    assert all(executed_after[worker] > executed_before[worker] for worker in executed_after)


def test_threshold_optimizer_search_on_dask_matches_one_process(client, data):
    # A search over ThresholdOptimizer(MultiLabelNetClassifier) gives the same scores on
    # Dask; its inner folds run as tasks nested in the search's tasks (joblib hands the
    # Dask backend down), which must neither deadlock nor change a score.
    X, Y = data
    optimizer = ThresholdOptimizer(tiny(), cv=2)
    grid = {"estimator__loss": GRID["loss"], "strategy": ["global", "per_label"]}
    distributed = _search(optimizer, grid, X, Y, backend="dask")
    local = _search(clone(optimizer), grid, X, Y)
    _assert_same_search(local, distributed, X)
    np.testing.assert_array_equal(distributed.best_estimator_.best_thresholds_,
                                  local.best_estimator_.best_thresholds_)


def _fit_and_report_threads(X, Y):
    import tensorflow as tf
    from distributed import get_worker

    tiny().fit(X, Y)
    return (get_worker().state.nthreads, int(os.environ.get("OMP_NUM_THREADS", 0)),
            tf.config.threading.get_intra_op_parallelism_threads(),
            tf.config.threading.get_inter_op_parallelism_threads())


def test_dask_workers_bound_tensorflow_threads(client, data):
    # In a Dask worker TensorFlow's pools follow OMP_NUM_THREADS, which the nanny sets to 1
    # (distributed.nanny.pre-spawn-environ), so two single-threaded workers use two cores.
    X, Y = data
    workers = list(client.scheduler_info()["workers"])
    futures = [client.submit(_fit_and_report_threads, X, Y, workers=[worker], pure=False)
               for worker in workers]
    reports = client.gather(futures)
    assert len(reports) == 2
    for worker_threads, omp_threads, intra, inter in reports:
        assert worker_threads == omp_threads == intra == inter == 1, reports



def _toy_csv(path):
    import pandas as pd

    X, Y = make_multilabel_classification(n_samples=90, n_features=5, n_classes=3,
                                          random_state=0)
    frame = pd.DataFrame(X, columns=[f"f{j}" for j in range(5)])
    for j in range(3):
        frame[f"y_{j}"] = Y[:, j]
    frame.to_csv(path, index=False)
    return str(path)


def test_compare_command_runs_its_fits_on_the_cluster(client, tmp_path, capsys):
    """`skmultinet compare --dask ADDRESS` sends every fit to the cluster, same table."""
    import pandas as pd

    from skmultinet.cli import main

    path = _toy_csv(tmp_path / "toy.csv")
    common = ["compare", str(path), "--label-prefix", "y_", "--losses", "bce",
              "--epochs", "3", "--cv", "2", "--quiet"]
    before = sum(_executed_per_worker(client).values())
    assert main(common + ["--dask", client.scheduler.address, "--out", str(tmp_path / "dask")]) == 0
    assert sum(_executed_per_worker(client).values()) >= before + 2 * 3  # 2 folds x 3 models
    assert main(common + ["--out", str(tmp_path / "local")]) == 0
    capsys.readouterr()
    results = [pd.read_csv(tmp_path / run / "results.csv").drop(columns="fit_time")
               for run in ("dask", "local")]
    pd.testing.assert_frame_equal(*results)


def test_compare_command_starts_a_local_cluster(tmp_path, capsys):
    """`--dask local --n-jobs 2` starts (and stops) its own cluster; this process's
    environment is left as it was."""
    import pandas as pd

    from skmultinet.cli import main

    path = _toy_csv(tmp_path / "toy.csv")
    import_keras()  # its first import sets KERAS_BACKEND; only the cluster is under test
    environment = dict(os.environ)
    assert main(["compare", path, "--label-prefix", "y_", "--losses", "bce", "--epochs", "3",
                 "--cv", "2", "--quiet", "--dask", "local", "--n-jobs", "2",
                 "--out", str(tmp_path / "out")]) == 0
    assert dict(os.environ) == environment
    results = pd.read_csv(tmp_path / "out" / "results.csv")
    assert (results["fold"] == "mean").sum() == 5  # bce tuned, 2 peers x (tuned, 0.5)
