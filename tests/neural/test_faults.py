"""Faults, load and persistence: nothing half-written, every failure explained.

Already covered in test_classifier.py (not repeated here): divergence during fit keeps the
previous model (test_divergence_keeps_the_previous_model), the version-mismatch warning
(test_version_mismatch_warns), TensorFlow's start-up noise (test_tensorflow_startup_noise_is_hidden),
`import skmultinet` without TensorFlow (test_import_does_not_load_tensorflow), NumPy and
Python random states untouched (test_random_state_reproducible_and_private), one loss
pickled into a fresh process (test_unpickled_model_predicts_the_same_in_a_fresh_process).
"""

import copy
import gc
import logging
import os
import pickle
import random
import struct
import sys
import warnings
import weakref

import joblib
import numpy as np
import pytest
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV
from sklearn.utils.validation import check_is_fitted

from skmultinet import MultiLabelNetClassifier
from skmultinet.neural.training import _cache as _trainer_cache
from skmultinet.neural.training import _session
from skmultinet.losses import BinaryCrossentropy

from _helpers import noisy_multilabel, tiny

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(scope="module")
def data():
    return noisy_multilabel(60)


def _rss_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    pytest.skip("no /proc/self/status")


def _weights(clf):
    return [w.copy() for w in (*clf.coefs_, *clf.intercepts_)]


def _assert_same_weights(first, second):
    assert len(first) == len(second)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


# ------------------------------------------------------------ interrupts

@pytest.mark.parametrize("how", ["fit", "refit", "warm_start", "partial_fit"])
def test_keyboard_interrupt_keeps_the_previous_state(data, monkeypatch, how):
    # Ctrl-C during training propagates; the estimator keeps its previous state (unfitted
    # if it was), the borrowed trainer goes back to the cache and later fits are unharmed.
    X, Y = data
    reference = tiny(epochs=4).fit(X, Y)
    clf = tiny(epochs=4, warm_start=how == "warm_start")
    if how != "fit":
        clf.fit(X, Y)
    before = None if how == "fit" else (_weights(clf), clf.predict_proba(X), clf.n_iter_)
    n_cached = len(_trainer_cache._trainers)

    real_train = _session.train

    def interrupted(trainer, *args, **kwargs):
        real_train(trainer, *args, **{**kwargs, "epochs": 1})
        raise KeyboardInterrupt

    monkeypatch.setattr(_session, "train", interrupted)
    with pytest.raises(KeyboardInterrupt):
        clf.partial_fit(X, Y) if how == "partial_fit" else clf.fit(X, Y)
    monkeypatch.undo()

    if before is None:
        with pytest.raises(NotFittedError):
            check_is_fitted(clf)
    else:
        _assert_same_weights(_weights(clf), before[0])
        np.testing.assert_array_equal(clf.predict_proba(X), before[1])
        assert clf.n_iter_ == before[2]
    assert len(_trainer_cache._trainers) == n_cached
    _assert_same_weights(_weights(tiny(epochs=4).fit(X, Y)), _weights(reference))


@pytest.mark.parametrize("how", ["partial_fit", "warm_start"])
def test_divergence_while_continuing_keeps_the_previous_model(data, how):
    # A diverging partial_fit or warm-started fit raises and changes nothing learned.
    X, Y = data
    clf = tiny(warm_start=how == "warm_start", early_stopping=False).fit(X, Y)
    weights, proba, history = _weights(clf), clf.predict_proba(X), copy.deepcopy(clf.history_)
    clf.set_params(optimizer="sgd", learning_rate=1e12, batch_size=10)
    with pytest.raises(ValueError, match="diverged"):
        clf.partial_fit(X * 1e15, Y) if how == "partial_fit" else clf.fit(X * 1e15, Y)
    _assert_same_weights(_weights(clf), weights)
    np.testing.assert_array_equal(clf.predict_proba(X), proba)
    assert clf.history_ == history


# ------------------------------------------------------------ corrupted files

# What pickle itself raises on a cut file, before any skmultinet code runs.
# IndexError: Python's own unpickler (joblib's base class) raises it when the
# file ends inside a memo reference (the same array pickled twice).
PICKLE_ERRORS = (pickle.UnpicklingError, EOFError, ValueError, struct.error, IndexError)

def test_truncated_pickle_raises_a_pickle_error(data):
    # A pickle cut anywhere raises pickle's own error (UnpicklingError, EOFError,
    # ValueError or struct.error) before any estimator exists: no half-loaded model.
    X, Y = data
    blob = pickle.dumps(tiny().fit(X, Y))
    for cut in np.linspace(1, len(blob) - 1, 40).astype(int):
        with pytest.raises(PICKLE_ERRORS):
            pickle.loads(blob[:cut])


def test_truncated_joblib_file_raises(data, tmp_path):
    # A truncated joblib file raises instead of returning a partly loaded estimator.
    X, Y = data
    path = tmp_path / "model.joblib"
    joblib.dump(tiny().fit(X, Y), path)
    blob = path.read_bytes()
    for cut in (len(blob) // 10, len(blob) // 2, len(blob) - 5):
        path.write_bytes(blob[:cut])
        with pytest.raises(PICKLE_ERRORS):
            joblib.load(path)


def test_incomplete_pickled_state_is_a_clear_error(data):
    # A state that lacks part of the fitted attributes is refused by __setstate__.
    X, Y = data
    state = tiny().fit(X, Y).__getstate__()
    del state["coefs_"]
    restored = MultiLabelNetClassifier.__new__(MultiLabelNetClassifier)
    with pytest.raises(ValueError, match="incomplete.*coefs_.*refit"):
        restored.__setstate__(state)
    unfitted = tiny().__getstate__()  # nothing learned: loads as an unfitted estimator
    MultiLabelNetClassifier.__new__(MultiLabelNetClassifier).__setstate__(unfitted)


# ------------------------------------------------------------ persistence

SERIALIZATION_SCRIPT = """
import copy, pickle, sys, joblib, numpy as np
folder = sys.argv[1]
X = np.load(folder + "/X.npy")
results = {}
for name in open(folder + "/losses.txt").read().split():
    with open(f"{folder}/{name}.pkl", "rb") as stream:
        models = {"pickle": pickle.load(stream)}
    models["joblib"] = joblib.load(f"{folder}/{name}.joblib")
    models["mmap"] = joblib.load(f"{folder}/{name}.joblib", mmap_mode="r")
    models["deepcopy"] = copy.deepcopy(models["pickle"])
    for how, model in models.items():
        results[f"{name}-{how}-proba"] = model.predict_proba(X)
        results[f"{name}-{how}-predict"] = np.asarray(model.predict(X))
        results[f"{name}-{how}-decision"] = model.decision_function(X)
# A catalogue loss predicts through its NumPy rule: nothing so far needed Keras.
results["keras_imported"] = np.array(any(m in sys.modules for m in ("keras", "tensorflow")))
results["losses"] = np.array([repr(models["pickle"].loss_)])  # loss_ loads when asked for
np.savez(folder + "/out.npz", **results)
"""


def test_every_loss_round_trips_bit_for_bit_in_a_fresh_process(data, tmp_path, fresh_python):
    # pickle, joblib (also mmap_mode="r") and deepcopy reproduce predict_proba, predict
    # and decision_function exactly for every loss, in a process importing only skmultinet,
    # which loads and predicts without importing Keras or TensorFlow.
    from skmultinet.losses import LOSSES

    X, Y = data
    names = sorted(LOSSES)
    expected = {}
    for name in names:
        model = tiny(loss=name, hidden_layer_sizes=(4,)).fit(X, Y)
        with open(tmp_path / f"{name}.pkl", "wb") as stream:
            pickle.dump(model, stream)
        joblib.dump(model, tmp_path / f"{name}.joblib")
        expected[name] = (model.predict_proba(X), model.predict(X), model.decision_function(X))
        last_loss = repr(model.loss_)
    np.save(tmp_path / "X.npy", X)
    (tmp_path / "losses.txt").write_text(" ".join(names))
    process = fresh_python(["-W", "ignore", "-c", SERIALIZATION_SCRIPT, tmp_path])
    assert process.returncode == 0, process.stderr
    # Asking for loss_ imports Keras; TensorFlow's start-up noise stays hidden there too.
    assert "oneDNN" not in process.stderr and "cuda" not in process.stderr.lower()
    with np.load(tmp_path / "out.npz") as out:
        assert not out["keras_imported"]
        assert out["losses"][0] == last_loss
        for name in names:
            for how in ("pickle", "joblib", "mmap", "deepcopy"):
                for kind, value in zip(("proba", "predict", "decision"), expected[name]):
                    np.testing.assert_array_equal(
                        out[f"{name}-{how}-{kind}"], value, err_msg=f"{name} {how} {kind}"
                    )


def test_pickling_leaves_the_model_unchanged(data):
    # Pickling works on a copy of the state: the live model keeps every attribute,
    # the same objects, and its prediction cache.
    X, Y = data
    model = tiny().fit(X, Y)
    model.predict_proba(X)
    before = dict(vars(model))
    pickle.dumps(model)
    copy.deepcopy(model)
    assert vars(model).keys() == before.keys()
    assert all(vars(model)[key] is value for key, value in before.items())


def test_unpickled_loss_loads_when_asked_for(data):
    # An unpickled model keeps its catalogue loss as bytes until loss_ is read: then it
    # is the loss it was, with what adapt() learned; a pickle of a model that never read
    # it carries it on, and a later fit replaces it.
    X, Y = data
    model = tiny(loss=BinaryCrossentropy(pos_weight="balanced")).fit(X, Y)
    restored = pickle.loads(pickle.dumps(model))
    assert "loss_" not in vars(restored)
    again = pickle.loads(pickle.dumps(restored))
    for loaded in (restored, again):
        assert type(loaded.loss_) is BinaryCrossentropy
        np.testing.assert_array_equal(loaded.loss_._balanced_pos_weight,
                                      model.loss_._balanced_pos_weight)
        assert "loss_" in vars(loaded) and "loss_" not in vars(loaded)["_pickled"]
    refitted = pickle.loads(pickle.dumps(model)).set_params(loss="zlpr").fit(X, Y)
    assert type(pickle.loads(pickle.dumps(refitted)).loss_).__name__ == "ZLPRLoss"
    with pytest.raises(AttributeError, match="no attribute 'missing_'"):
        restored.missing_


LOSS_PARAMETER_SCRIPT = """
import pickle, sys, numpy as np
model = pickle.load(open(sys.argv[1], "rb"))
np.save(sys.argv[3], model.predict_proba(np.load(sys.argv[2])))
keras_free = not any(m in sys.modules for m in ("keras", "tensorflow"))
print(keras_free, type(model.get_params()["loss"]).__name__, type(model.loss_).__name__)
"""


@pytest.mark.parametrize("kind", ["catalogue", "keras"])
def test_loss_instance_parameter_loads_when_asked_for(data, tmp_path, kind, fresh_python):
    # A loss passed as an object (a catalogue loss with a hyperparameter, or Keras's own
    # loss) is kept pickled too: the model loads and predicts without Keras, the same
    # probabilities, and get_params then gives the loss back.
    import keras

    from skmultinet.losses import FocalLoss

    X, Y = data
    loss = (FocalLoss(gamma=3.0) if kind == "catalogue"
            else keras.losses.BinaryCrossentropy(from_logits=True))
    model = tiny(loss=loss).fit(X, Y)
    with open(tmp_path / "model.pkl", "wb") as stream:
        pickle.dump(model, stream)
    np.save(tmp_path / "X.npy", X)
    out = fresh_python(["-W", "ignore", "-c", LOSS_PARAMETER_SCRIPT, tmp_path / "model.pkl",
                        tmp_path / "X.npy", tmp_path / "proba.npy"])
    assert out.returncode == 0, out.stderr
    name = type(loss).__name__
    assert out.stdout.split() == ["True", name, name]
    np.testing.assert_array_equal(np.load(tmp_path / "proba.npy"), model.predict_proba(X))
    restored = pickle.loads(pickle.dumps(model)).set_params(loss="zlpr")
    assert pickle.loads(pickle.dumps(restored)).loss == "zlpr"  # a new value wins


def test_loss_that_cannot_be_restored_says_so(data, monkeypatch):
    # A loss whose class is gone fails with an UnpicklingError that says what to do,
    # not with an AttributeError that hasattr would take for "no loss_".
    X, Y = data
    model = tiny().fit(X, Y)
    restored = pickle.loads(pickle.dumps(model))
    monkeypatch.delattr(sys.modules["skmultinet.losses._bce"], "BinaryCrossentropy")
    with pytest.raises(pickle.UnpicklingError, match="cannot be restored.*refit"):
        restored.loss_
    np.testing.assert_array_equal(restored.predict(X), model.predict(X))  # needs no loss_


def test_loss_read_while_another_read_loads_it(data, monkeypatch):
    # A second reader of loss_ that arrives while the first is loading it (another
    # thread) gets the loss too, not an AttributeError.
    from skmultinet._persistence import PickledObject

    X, Y = data
    model = pickle.loads(pickle.dumps(tiny().fit(X, Y)))
    original, readers = PickledObject.load, []

    def load(self):
        if not readers:
            readers.append("first")
            readers.append(model.loss_)  # the second reader, in the middle of the first load
        return original(self)

    monkeypatch.setattr(PickledObject, "load", load)
    assert type(model.loss_) is BinaryCrossentropy
    assert type(readers[1]) is BinaryCrossentropy


class _ShiftedScores(BinaryCrossentropy):
    """A user's subclass whose scores differ from its parent's rule."""

    def decision_scores(self, logits):
        return super().decision_scores(logits) - 1.0


def test_subclass_with_its_own_decision_is_asked_itself(data):
    # A loss class outside the catalogue may predict unlike its parent's NumPy rule:
    # the model asks the loss object, before and after pickling.
    X, Y = data
    model = tiny(loss=_ShiftedScores()).fit(X, Y)
    expected = tiny().fit(X, Y).decision_function(X) - 1.0  # same training, shifted scores
    np.testing.assert_allclose(model.decision_function(X), expected)
    np.testing.assert_allclose(pickle.loads(pickle.dumps(model)).decision_function(X), expected)


def test_warm_start_after_unpickling_continues_exactly(data):
    # Optimizer slots survive pickling: fit, pickle round trip, fit gives the same weights
    # as two warm-started fits in memory.
    X, Y = data
    in_memory = tiny(warm_start=True, early_stopping=False, epochs=4)
    in_memory.fit(X, Y).fit(X, Y)
    restored = pickle.loads(pickle.dumps(
        tiny(warm_start=True, early_stopping=False, epochs=4).fit(X, Y)
    ))
    restored.fit(X, Y)
    _assert_same_weights(_weights(restored), _weights(in_memory))
    assert restored.history_ == in_memory.history_


def test_warm_start_with_another_optimizer_restarts_the_optimizer(data):
    # Adam's slots mean nothing to SGD: after a change of optimizer the next warm-started
    # fit (or partial_fit) continues from the weights with a fresh optimizer state.
    X, Y = data
    clf = tiny(warm_start=True, early_stopping=False).fit(X, Y)
    clf.set_params(optimizer="sgd", learning_rate=0.01).fit(X, Y)
    clf.partial_fit(X, Y)
    assert np.isfinite(clf.predict_proba(X)).all()


# ------------------------------------------------------------ processes, threads

def test_grid_search_with_two_loky_workers_matches_one_process(data):
    # GridSearchCV(n_jobs=2) with loky gives exactly the scores of n_jobs=1.
    X, Y = data
    grid = {"loss": ["bce", "zlpr"], "alpha": [1e-4, 1e-2]}
    results = [
        GridSearchCV(tiny(), grid, scoring="f1_micro", cv=2, n_jobs=n_jobs).fit(X, Y)
        for n_jobs in (1, 2)
    ]
    for key in ("mean_test_score", "split0_test_score", "split1_test_score"):
        np.testing.assert_array_equal(results[0].cv_results_[key], results[1].cv_results_[key])


def _fit_and_report_threads(X, Y):
    import tensorflow as tf

    tiny().fit(X, Y)
    with open("/proc/self/status") as status:
        threads = next(int(line.split()[1]) for line in status if line.startswith("Threads:"))
    return (int(os.environ.get("OMP_NUM_THREADS", 0)),
            tf.config.threading.get_intra_op_parallelism_threads(),
            tf.config.threading.get_inter_op_parallelism_threads(), threads)


def test_loky_workers_bound_tensorflow_threads(data):
    # In a loky worker TensorFlow's pools follow OMP_NUM_THREADS (cores // n_jobs), so the
    # worker's thread count stays bounded instead of growing with the machine's cores.
    X, Y = data
    reports = joblib.Parallel(n_jobs=2, backend="loky")(
        joblib.delayed(_fit_and_report_threads)(X, Y) for _ in range(2)
    )
    for omp_threads, intra, inter, threads in reports:
        assert omp_threads >= 1
        assert intra == inter == omp_threads
        assert threads <= 2 * omp_threads + 30, reports


def test_concurrent_fits_in_threads_match_sequential_fits(data):
    # Fits running at once in threads (joblib's threading backend) give exactly the
    # models of sequential fits: each fit borrows its own trainer.
    X, Y = data
    seeds = [0, 1, 2, 3]
    sequential = [tiny(random_state=seed).fit(X, Y).predict_proba(X) for seed in seeds]
    threaded = joblib.Parallel(n_jobs=4, backend="threading")(
        joblib.delayed(lambda seed: tiny(random_state=seed).fit(X, Y).predict_proba(X))(seed)
        for seed in seeds
    )
    for expected, got in zip(sequential, threaded):
        assert np.isfinite(got).all()
        np.testing.assert_array_equal(got, expected)


# ------------------------------------------------------------ many fits

class _Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def test_two_hundred_fits_keep_memory_bounded_and_the_log_quiet(data):
    # 200 tiny fits in one process: resident memory grows by less than 8 MiB (measured
    # 0.2 MiB; building a Keras optimizer at every fit used to add 11 MiB) and no
    # retracing warning is logged.
    import tensorflow as tf

    X, Y = data
    tiny().fit(X, Y)  # warm the trainer cache and the allocator
    handler = _Collect()
    tf.get_logger().addHandler(handler)
    try:
        start = _rss_mib()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for seed in range(200):
                tiny(random_state=seed).fit(X, Y)
        growth = _rss_mib() - start
    finally:
        tf.get_logger().removeHandler(handler)
    assert growth < 8, f"RSS grew by {growth:.1f} MiB over 200 fits"
    assert not [m for m in handler.messages if "retracing" in m], handler.messages[:3]
    assert not [w for w in caught if "retracing" in str(w.message)]


def test_new_configurations_evict_trainers_and_free_them(data, monkeypatch):
    # Fits with ever new settings (a grid over alpha) keep at most MAX_CACHED_TRAINERS
    # trainers alive, and their expected retracing is not reported as a warning.
    import tensorflow as tf

    X, Y = data
    monkeypatch.setattr(_trainer_cache, "MAX_CACHED_TRAINERS", 2)
    handler = _Collect()
    tf.get_logger().addHandler(handler)
    alive = []
    try:
        for step in range(7):
            tiny(alpha=1e-3 * (step + 1), hidden_layer_sizes=(3,)).fit(X, Y)
            alive.extend(weakref.ref(t) for t in _trainer_cache._trainers.values())
    finally:
        tf.get_logger().removeHandler(handler)
    gc.collect()
    assert len({id(r()) for r in alive if r() is not None}) <= 2
    assert not [m for m in handler.messages if "retracing" in m], handler.messages[:3]


# ------------------------------------------------------------ global state

def test_fit_leaves_every_global_random_stream_and_dtype_alone(data):
    # A seeded fit (new architecture included) leaves Python's, NumPy's, TensorFlow's
    # and Keras's global random streams, floatx and the dtype policy as they were.
    import keras
    import tensorflow as tf
    from keras.src.random.seed_generator import global_seed_generator

    X, Y = data

    def draws(fit_between):
        random.seed(5)
        np.random.seed(5)
        tf.random.set_seed(1)
        first = tf.random.uniform([3]).numpy()
        generator = tf.random.get_global_generator().state.numpy().copy()
        keras_generator = global_seed_generator().state.numpy().copy()
        if fit_between:
            tiny(hidden_layer_sizes=(7,), random_state=fit_between).fit(X, Y)
        return (first, tf.random.uniform([3]).numpy(), random.random(), np.random.rand(),
                generator, tf.random.get_global_generator().state.numpy(),
                keras_generator, global_seed_generator().state.numpy())

    # Created on first use from Python's random module: create them before seeding.
    tf.random.get_global_generator()
    global_seed_generator()
    floatx, policy = keras.config.floatx(), keras.config.dtype_policy().name
    without, with_fit = draws(0), draws(1)
    for a, b in zip(without[:4], with_fit[:4]):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(with_fit[4], with_fit[5])
    np.testing.assert_array_equal(with_fit[6], with_fit[7])
    assert keras.config.floatx() == floatx and keras.config.dtype_policy().name == policy
