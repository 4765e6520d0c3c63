"""Keras callbacks in MultiLabelNetClassifier's fits: the real ones users reach for."""

import csv
import json
import os
import pickle
import textwrap
import warnings
from typing import ClassVar

import keras
import numpy as np
import pytest
from _helpers import noisy_multilabel, tiny
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.utils.validation import check_is_fitted

from skmultinet import MultiLabelNetClassifier, ThresholdOptimizer, load, save
from skmultinet.io import UnsupportedModelError

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


class Counting(keras.callbacks.Callback):
    """Counts its hooks in a class attribute, since each fit works on a copy."""

    calls: ClassVar[dict] = {}

    def _count(self, hook):
        type(self).calls[hook] = type(self).calls.get(hook, 0) + 1

    def on_train_begin(self, logs=None):
        self._count("train_begin")
        type(self).models = getattr(type(self), "models", []) + [self.model]

    def on_epoch_begin(self, epoch, logs=None):
        self._count("epoch_begin")

    def on_epoch_end(self, epoch, logs=None):
        self._count("epoch_end")
        type(self).last_logs = dict(logs)

    def on_train_end(self, logs=None):
        self._count("train_end")


class LearningRates(keras.callbacks.Callback):
    """Records the optimizer's learning rate at each epoch end."""

    seen: ClassVar[list] = []

    def on_epoch_end(self, epoch, logs=None):
        type(self).seen.append(float(self.model.optimizer.learning_rate))


class Boom(Exception):
    """The user's own error."""


class Raising(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        if epoch == 1:
            raise Boom("raised by the callback")


class Poisoning(keras.callbacks.Callback):
    """Makes the weights NaN after the first epoch, so that the second loss is NaN."""

    def on_epoch_end(self, epoch, logs=None):
        if epoch == 0:
            self.model.set_weights([np.full_like(w, np.nan) for w in self.model.get_weights()])


@pytest.fixture(scope="module")
def data():
    return noisy_multilabel(120)


def fit(clf, X, Y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return clf.fit(X, Y)


def test_hooks_see_the_trained_keras_model_and_every_value(data):
    """Each fit calls train/epoch hooks with a keras.Model and logs of losses and metrics."""
    X, Y = data
    Counting.calls = {}
    Counting.models = []
    clf = fit(tiny(epochs=3, n_iter_no_change=10, metrics=["f1_micro"],
                   callbacks=[Counting()]), X, Y)
    assert Counting.calls == {"train_begin": 1, "epoch_begin": 3, "epoch_end": 3,
                              "train_end": 1}
    assert isinstance(Counting.models[0], keras.Model)
    assert set(Counting.last_logs) == {"loss", "val_loss", "val_f1_micro"}
    assert Counting.last_logs["val_f1_micro"] == clf.history_["val_f1_micro"][-1]
    # The user's object is never modified: it holds no model.
    assert clf.callbacks[0].model is None


def test_partial_fit_calls_each_hook_once(data):
    """partial_fit runs one epoch: train_begin, epoch_begin, epoch_end, train_end once."""
    X, Y = data
    Counting.calls = {}
    clf = tiny(callbacks=[Counting()])
    clf.partial_fit(X, Y)
    assert Counting.calls == {"train_begin": 1, "epoch_begin": 1, "epoch_end": 1,
                              "train_end": 1}
    clf.partial_fit(X, Y)
    assert Counting.calls["epoch_end"] == 2 and clf.n_iter_ == 2


def test_early_stopping_callback_stops_and_restores_its_best_epoch(data):
    """Keras EarlyStopping ends the fit; the weights it restores are kept, best_epoch_ says so."""
    X, Y = data
    stop = keras.callbacks.EarlyStopping(monitor="loss", patience=1, min_delta=10.0,
                                         restore_best_weights=True)
    clf = fit(tiny(epochs=20, n_iter_no_change=50, callbacks=[stop]), X, Y)
    # No improvement of 10: it stops at the second epoch and restores the first.
    assert clf.n_iter_ == 2
    assert clf.best_epoch_ == 1
    assert clf.best_score_ == clf.history_["val_loss"][0]


def test_stop_training_ends_the_fit_after_the_epoch(data):
    """model.stop_training = True set by a callback ends the fit cleanly."""
    X, Y = data
    class StopAtThird(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            self.model.stop_training = epoch >= 2

    clf = fit(tiny(epochs=20, n_iter_no_change=50, callbacks=[StopAtThird()]), X, Y)
    assert clf.n_iter_ == 3


def test_model_checkpoint_saves_a_loadable_model_and_weights(data, tmp_path):
    """ModelCheckpoint writes .keras models (best by a metric) and .weights.h5 files."""
    X, Y = data
    best = tmp_path / "best.keras"
    weights = tmp_path / "epoch{epoch}.weights.h5"
    clf = fit(tiny(epochs=3, n_iter_no_change=10, metrics=["f1_micro"], callbacks=[
        keras.callbacks.ModelCheckpoint(best, monitor="val_f1_micro", mode="max",
                                        save_best_only=True),
        keras.callbacks.ModelCheckpoint(str(weights), save_weights_only=True),
    ]), X, Y)
    model = keras.models.load_model(best)
    assert model.output_shape == (None, Y.shape[1])
    assert sorted(os.listdir(tmp_path)) == ["best.keras", "epoch1.weights.h5",
                                            "epoch2.weights.h5", "epoch3.weights.h5"]
    # The last epoch's weights, in the network's own (standardized) input space.
    model.load_weights(str(tmp_path / f"epoch{clf.best_epoch_}.weights.h5"))
    np.testing.assert_allclose(model.get_weights()[0], clf.coefs_[0], rtol=1e-6)


def test_csv_logger_writes_one_row_per_epoch(data, tmp_path):
    """CSVLogger writes epoch, loss, val_loss and the metrics."""
    X, Y = data
    path = tmp_path / "log.csv"
    clf = fit(tiny(epochs=3, n_iter_no_change=10, metrics=["average_precision"],
                   callbacks=[keras.callbacks.CSVLogger(str(path))]), X, Y)
    with open(path) as handle:
        rows = list(csv.DictReader(handle))
    assert [row["epoch"] for row in rows] == ["0", "1", "2"]
    assert set(rows[0]) == {"epoch", "loss", "val_loss", "val_average_precision"}
    assert float(rows[2]["val_average_precision"]) == pytest.approx(
        clf.history_["val_average_precision"][2])


def test_terminate_on_nan_ends_the_fit_without_an_error(data):
    """TerminateOnNaN turns a diverged fit into a clean stop on the best finite weights."""
    X, Y = data
    with pytest.raises(ValueError, match="diverged"):
        fit(tiny(epochs=5, callbacks=[Poisoning()]), X, Y)
    clf = fit(tiny(epochs=5, callbacks=[Poisoning(), keras.callbacks.TerminateOnNaN()]), X, Y)
    assert clf.n_iter_ == 2 and np.isnan(clf.history_["loss"][1])
    assert clf.best_epoch_ == 1
    assert np.all(np.isfinite(clf.predict_proba(X)))


class PoisonedFromTheStart(keras.callbacks.Callback):
    """Makes the weights NaN before the first step, so that no epoch is finite."""

    def on_train_begin(self, logs=None):
        self.model.set_weights([np.full_like(w, np.nan) for w in self.model.get_weights()])


def test_terminate_on_nan_with_weight_averaging_keeps_finite_weights(data):
    """A fit averaging its weights that diverges at once ends on the weights it started from.

    The moving average has taken in the NaN steps: it must not replace them.
    """
    X, Y = data
    clf = fit(tiny(optimizer=keras.optimizers.Adam(use_ema=True),
                   callbacks=[PoisonedFromTheStart(), keras.callbacks.TerminateOnNaN()]), X, Y)
    assert clf.n_iter_ == 1 and np.isnan(clf.history_["loss"][0])
    assert np.all(np.isfinite(clf.predict_proba(X)))


def test_reduce_lr_on_plateau_lowers_the_rate_the_steps_use(data):
    """ReduceLROnPlateau halves the rate at each plateau (after the first epoch, its baseline)."""
    X, Y = data
    LearningRates.seen = []
    fit(tiny(epochs=3, learning_rate=1e-3, n_iter_no_change=10, callbacks=[
        keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=0,
                                          min_delta=10.0),
        LearningRates()]), X, Y)
    np.testing.assert_allclose(LearningRates.seen, [1e-3, 5e-4, 2.5e-4], rtol=1e-6)


def test_learning_rate_scheduler_really_changes_the_steps(data):
    """A rate of 0 set by LearningRateScheduler freezes the weights (the loss stays put)."""
    X, Y = data
    frozen = fit(tiny(epochs=3, dropout=0.0, early_stopping=False, n_iter_no_change=10,
                      callbacks=[keras.callbacks.LearningRateScheduler(lambda e, lr: 0.0)]),
                 X, Y)
    moving = fit(tiny(epochs=3, dropout=0.0, early_stopping=False, n_iter_no_change=10),
                 X, Y)
    np.testing.assert_allclose(frozen.history_["loss"], frozen.history_["loss"][0], rtol=1e-5)
    assert moving.history_["loss"][2] < moving.history_["loss"][0] - 1e-4


def test_a_pickle_with_callbacks_predicts_in_a_fresh_process_without_tensorflow(data, tmp_path,
                                                                                fresh_python):
    """Callbacks are pickled as deferred bytes: loading and predicting import no TensorFlow."""
    X, Y = data
    clf = fit(tiny(epochs=2, callbacks=[keras.callbacks.TerminateOnNaN()]), X, Y)
    path = tmp_path / "model.pkl"
    path.write_bytes(pickle.dumps(clf))
    code = textwrap.dedent(f"""
        import pickle, sys
        import numpy as np
        model = pickle.loads(open({str(path)!r}, "rb").read())
        model.predict(np.zeros((2, {X.shape[1]})))
        assert "tensorflow" not in sys.modules, "tensorflow was imported"
        assert type(model.callbacks[0]).__name__ == "TerminateOnNaN"
    """)
    result = fresh_python(["-c", code])
    assert result.returncode == 0, result.stderr[-2000:]


def test_tensorboard_writes_event_files(data, tmp_path):
    """TensorBoard writes train and validation event files, with no per-batch warning."""
    X, Y = data  # tf.summary writes through the tensorboard package (a test requirement)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        fit(tiny(epochs=2, metrics=["f1_micro"],
                 callbacks=[keras.callbacks.TensorBoard(log_dir=str(tmp_path))]), X, Y)
    for folder in ("train", "validation"):
        events = [name for name in os.listdir(tmp_path / folder) if "tfevents" in name]
        assert events, folder


def test_per_batch_hooks_are_never_called_and_say_so(data):
    """A callback with on_train_batch_end gets a warning, and the hook is never called."""
    X, Y = data

    class PerBatch(keras.callbacks.Callback):
        calls = 0

        def on_train_batch_end(self, batch, logs=None):
            type(self).calls += 1

    with pytest.warns(UserWarning, match="per-batch hooks"):
        fit(tiny(epochs=2, callbacks=[PerBatch()]), X, Y)
    assert PerBatch.calls == 0


def test_non_callbacks_are_refused_before_training(data):
    """A callbacks entry that is no keras Callback raises a TypeError saying what to pass."""
    X, Y = data
    with pytest.raises(TypeError, match="not a keras.callbacks.Callback"):
        tiny(callbacks=[print]).fit(X, Y)


def test_a_raising_callback_propagates_and_leaves_the_estimator_as_it_was(data):
    """The user's own exception comes out unchanged; fitted state untouched or still unfitted."""
    X, Y = data
    fresh = tiny(epochs=3, callbacks=[Raising()])
    with pytest.raises(Boom, match="raised by the callback"):
        fresh.fit(X, Y)
    with pytest.raises(Exception, match="not fitted"):
        check_is_fitted(fresh)
    clf = fit(tiny(epochs=3), X, Y)
    coefs, history = [c.copy() for c in clf.coefs_], dict(clf.history_)
    clf.set_params(callbacks=[Raising()])
    with pytest.raises(Boom):
        clf.fit(X, Y)
    for before, after in zip(coefs, clf.coefs_):
        np.testing.assert_array_equal(before, after)
    assert clf.history_ == history


def test_grid_search_runs_each_fit_with_its_own_copies(data):
    """GridSearchCV: every clone's fit calls the hooks; the given callback is never touched."""
    X, Y = data
    Counting.calls = {}
    given = Counting()
    search = GridSearchCV(tiny(epochs=2, callbacks=[given]), {"alpha": [1e-4, 1e-2]}, cv=2,
                          scoring="f1_micro")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        search.fit(X, Y)
    assert Counting.calls["train_begin"] == 2 * 2 + 1  # 4 fits + the refit
    assert given.model is None


def test_threshold_optimizer_fits_its_clone_with_callbacks(data):
    """ThresholdOptimizer's inner fit sees the callbacks."""
    X, Y = data
    Counting.calls = {}
    fit(ThresholdOptimizer(tiny(epochs=2, callbacks=[Counting()]), cv=2), X, Y)
    assert Counting.calls["train_begin"] >= 2


def test_own_keras_model_trains_with_callbacks_and_metrics(data, tmp_path):
    """A user's model: callbacks get it (its layers), metrics are computed, monitor honoured."""
    X, Y = data
    Counting.calls, Counting.models = {}, []

    def build(meta):
        inputs = keras.Input(meta["input_shape"])
        hidden = keras.layers.Dense(8, activation="relu", name="mine")(inputs)
        return keras.Model(inputs, keras.layers.Dense(meta["n_outputs"])(hidden))

    clf = fit(MultiLabelNetClassifier(
        model=build, epochs=4, random_state=0, n_iter_no_change=2, metrics=["roc_auc"],
        monitor="val_roc_auc", callbacks=[Counting(), keras.callbacks.CSVLogger(
            str(tmp_path / "log.csv"))]), X, Y)
    assert "mine" in [layer.name for layer in Counting.models[0].layers]
    assert clf.monitor_ == "val_roc_auc"
    auc = clf.history_["val_roc_auc"]
    assert clf.best_epoch_ == int(np.argmax(auc)) + 1
    assert (tmp_path / "log.csv").exists()


def test_pickle_keeps_the_callbacks_and_the_safe_format_refuses_them(data, tmp_path):
    """Pickle round-trips callbacks; skmultinet.save asks for callbacks=None, then works."""
    X, Y = data
    clf = fit(tiny(epochs=2, metrics=["f1_micro"], monitor="val_f1_micro",
                   callbacks=[keras.callbacks.EarlyStopping(patience=3)]), X, Y)
    loaded = pickle.loads(pickle.dumps(clf))
    assert isinstance(loaded.callbacks[0], keras.callbacks.EarlyStopping)
    np.testing.assert_array_equal(loaded.predict_proba(X), clf.predict_proba(X))
    path = tmp_path / "model.skmn"
    with pytest.raises(UnsupportedModelError, match="callbacks=None"):
        save(clf, path)
    clf.set_params(callbacks=None)
    save(clf, path)
    restored = load(path)
    assert restored.history_ == clf.history_
    assert restored.monitor_ == "val_f1_micro" and restored.best_score_ == clf.best_score_
    assert restored.metrics == ["f1_micro"]


_DISTRIBUTED = textwrap.dedent(
    """
    import json, warnings
    import numpy as np
    import tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    import keras
    from skmultinet import MultiLabelNetClassifier

    class Rates(keras.callbacks.Callback):
        seen = []
        def on_epoch_end(self, epoch, logs=None):
            type(self).seen.append(float(self.model.optimizer.learning_rate))
            self.model.get_weights()

    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 5))
    Y = (X[:, :3] > 0).astype(int)
    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf = MultiLabelNetClassifier(
            (8,), epochs=3, random_state=0, learning_rate=1e-3, distribute=strategy, metrics=["f1_micro"],
            monitor="val_f1_micro", n_iter_no_change=10,
            callbacks=[keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5,
                                                         patience=0, min_delta=10.0),
                       Rates()]).fit(X, Y)
    print(json.dumps({"rates": Rates.seen, "keys": sorted(clf.history_),
                      "best": clf.best_epoch_}))
    """
)


def test_callbacks_and_metrics_under_a_mirrored_strategy(fresh_python):
    """Under tf.distribute (2 logical CPUs) callbacks read/set the rate and metrics are kept."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    completed = fresh_python(["-c", _DISTRIBUTED], timeout=600, env=env)
    assert completed.returncode == 0, completed.stderr[-3000:]
    out = json.loads(completed.stdout.strip().splitlines()[-1])
    np.testing.assert_allclose(out["rates"], [1e-3, 5e-4, 2.5e-4], rtol=1e-6)
    assert out["keys"] == ["loss", "val_f1_micro", "val_loss"]
