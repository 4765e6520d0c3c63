"""Data-parallel training under tf.distribute (two logical CPU devices)."""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from skmultinet import MultiLabelNetClassifier
from skmultinet.neural.training._distribute import resolve_strategy, strategy_key
from skmultinet.neural.training._loop import _padded_order

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

# Logical devices must be configured before TensorFlow starts, which this test
# process has long done: the strategies run in a fresh interpreter.
_SCRIPT = textwrap.dedent(
    """
    import json, pickle, sys, warnings
    import numpy as np
    import scipy.sparse as sp
    import tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    from sklearn.base import clone
    from sklearn.datasets import make_multilabel_classification
    from skmultinet import MultiLabelNetClassifier

    X, Y = make_multilabel_classification(n_samples=150, n_features=12, n_classes=4,
                                          random_state=0)
    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
    out = {"replicas": strategy.num_replicas_in_sync}

    def fit(**params):
        base = dict(hidden_layer_sizes=(16,), dropout=0.0, epochs=4, batch_size=15,
                    early_stopping=False, random_state=0)
        base.update(params)
        return MultiLabelNetClassifier(**base).fit(X, Y)

    def gap(a, b):
        return float(np.max(np.abs(a.predict_proba(X) - b.predict_proba(X))))

    # A batch of 15 does not split evenly over 2 replicas: padding rows weigh 0.
    out["dense"] = gap(fit(), fit(distribute=strategy))
    Xs = sp.csr_matrix(np.where(X > 2, X, 0))
    single = MultiLabelNetClassifier((16,), dropout=0.0, epochs=4, batch_size=16,
                                     early_stopping=False, random_state=0).fit(Xs, Y)
    mirrored = clone(single).set_params(distribute=strategy).fit(Xs, Y)
    out["sparse"] = float(np.max(np.abs(single.predict_proba(Xs) - mirrored.predict_proba(Xs))))
    weights = np.linspace(0.5, 2.0, len(X))
    single = MultiLabelNetClassifier((16,), dropout=0.0, epochs=4, early_stopping=False,
                                     random_state=0).fit(X, Y, sample_weight=weights)
    mirrored = clone(single).set_params(distribute=strategy).fit(X, Y, sample_weight=weights)
    out["weighted"] = gap(single, mirrored)
    # The cosine schedule sets the mirrored optimizer's rate between epochs.
    out["cosine"] = gap(fit(learning_rate_schedule="cosine"),
                        fit(learning_rate_schedule="cosine", distribute=strategy))
    # Weight averaging (use_ema): the mirrored average is swapped in and kept.
    import keras
    averaging = keras.optimizers.Adam(use_ema=True, ema_momentum=0.9)
    averaged = fit(optimizer=averaging, distribute=strategy)
    out["averaged"] = gap(fit(optimizer=averaging), averaged)
    out["averaged_moved"] = gap(fit(), averaged)

    # Dropout and early stopping (validation loss read across replicas).
    dropped = fit(dropout=0.3, early_stopping=True, epochs=30, distribute=strategy)
    again = fit(dropout=0.3, early_stopping=True, epochs=30, distribute=strategy)
    out["repeatable"] = gap(dropped, again)
    out["best_epoch"] = dropped.best_epoch_
    out["f1_ok"] = bool(dropped.score(X, Y) > 0.2)

    # warm start continues under the strategy; clone copies it.
    warm = fit(distribute=strategy, warm_start=True)
    warm.fit(X, Y)
    out["warm_iter"] = warm.n_iter_
    out["clone_kept"] = clone(warm).get_params()["distribute"] is not None

    # A strategy object cannot be pickled: saved as distribute=None, with a warning.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        restored = pickle.loads(pickle.dumps(dropped))
    out["pickle_warned"] = any("cannot be pickled" in str(w.message) for w in caught)
    out["pickle_param"] = restored.distribute
    out["pickle_kept_original"] = dropped.distribute is strategy  # the live model keeps it
    out["pickle_gap"] = gap(dropped, restored)
    # By name: MirroredStrategy() over the visible devices, here both logical CPUs.
    from skmultinet.neural.training._distribute import resolve_strategy
    out["named_replicas"] = resolve_strategy("mirrored").num_replicas_in_sync
    out["named"] = gap(fit(), fit(distribute="mirrored"))
    one = tf.distribute.MirroredStrategy(["/cpu:0"])
    out["one_replica"] = gap(fit(), fit(distribute=one))
    print(json.dumps(out))
    """
)


# One process per worker, as on a real cluster; TF_CONFIG names both.
_WORKER = textwrap.dedent(
    """
    import json, os, sys
    index, ports = int(sys.argv[1]), sys.argv[2].split(",")
    os.environ["TF_CONFIG"] = json.dumps({
        "cluster": {"worker": [f"localhost:{port}" for port in ports]},
        "task": {"type": "worker", "index": index},
    })
    from sklearn.datasets import make_multilabel_classification
    from skmultinet import MultiLabelNetClassifier

    X, Y = make_multilabel_classification(n_samples=150, n_features=12, n_classes=4,
                                          random_state=0)
    clf = MultiLabelNetClassifier((16,), dropout=0.0, epochs=4, batch_size=15,
                                  early_stopping=False, random_state=0,
                                  distribute="multi_worker_mirrored").fit(X, Y)
    print(json.dumps(clf.predict_proba(X).tolist()))
    """
)


def _free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("localhost", 0))
        return probe.getsockname()[1]


def test_two_workers_train_like_one_device():
    """MultiWorkerMirroredStrategy over two processes: both end with the one-device weights."""
    from sklearn.datasets import make_multilabel_classification

    ports = f"{_free_port()},{_free_port()}"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    workers = [
        subprocess.Popen([sys.executable, "-c", _WORKER, str(index), ports], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for index in range(2)
    ]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    for worker, (_, stderr) in zip(workers, outputs):
        assert worker.returncode == 0, stderr[-3000:]
    X, Y = make_multilabel_classification(n_samples=150, n_features=12, n_classes=4,
                                          random_state=0)
    single = MultiLabelNetClassifier((16,), dropout=0.0, epochs=4, batch_size=15,
                                     early_stopping=False, random_state=0).fit(X, Y)
    for stdout, _ in outputs:
        proba = np.array(json.loads(stdout.strip().splitlines()[-1]))
        np.testing.assert_allclose(proba, single.predict_proba(X), atol=1e-4)


@pytest.fixture(scope="module")
def distributed_run(fresh_python):
    # OMP_NUM_THREADS sizes TensorFlow's pools, which start in the forked child.
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    completed = fresh_python(["-c", _SCRIPT], timeout=300, env=env)
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_two_replicas_make_the_single_device_steps(distributed_run):
    """Mirrored over two devices, the steps equal one device's (float32 rounding aside)."""
    assert distributed_run["replicas"] == 2
    for case in ("dense", "sparse", "weighted", "cosine", "averaged"):
        assert distributed_run[case] < 1e-4, (case, distributed_run[case])
    assert distributed_run["averaged_moved"] > 1e-3  # the average, not the raw weights


def test_distributed_fits_are_repeatable_and_learn(distributed_run):
    """Dropout masks depend on the seed only; early stopping restores a best epoch."""
    assert distributed_run["repeatable"] == 0.0
    assert 1 <= distributed_run["best_epoch"] <= 30
    assert distributed_run["f1_ok"]


def test_warm_start_clone_and_pickle_under_a_strategy(distributed_run):
    """Warm start continues, clone keeps the strategy, pickling drops it with a warning."""
    assert distributed_run["warm_iter"] == 4
    assert distributed_run["clone_kept"]
    assert distributed_run["pickle_warned"]
    assert distributed_run["pickle_param"] is None
    assert distributed_run["pickle_kept_original"]
    assert distributed_run["pickle_gap"] == 0.0


def test_strategies_by_name_and_single_replica(distributed_run):
    """'mirrored' mirrors over the visible devices; one replica runs the plain loop."""
    assert distributed_run["named_replicas"] == 2
    assert distributed_run["named"] < 1e-4
    assert distributed_run["one_replica"] == 0.0


def test_resolve_strategy_without_several_devices():
    """No GPUs here: 'auto' means no strategy, and None stays None."""
    assert resolve_strategy(None) is None
    assert resolve_strategy("auto") is None
    assert strategy_key(None) is None


def test_padded_order_splits_batches_evenly_between_replicas():
    """Batches widen to a multiple of the replicas; the extra rows weigh 0."""
    order, mask = _padded_order(np.random.default_rng(0), 10, 3, n_replicas=2)
    assert order.shape == mask.shape == (4, 4)
    assert mask.sum() == 10
    assert sorted(order[mask > 0]) == list(range(10))


def test_invalid_distribute_is_rejected():
    """An unknown name gets scikit-learn's parameter error."""
    from sklearn.utils._param_validation import InvalidParameterError

    X = np.zeros((4, 2))
    with pytest.raises(InvalidParameterError, match="distribute"):
        MultiLabelNetClassifier(distribute="ring").fit(X, np.eye(4, 2, dtype=int))
