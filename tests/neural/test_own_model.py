"""MultiLabelNetClassifier(model=...): a user's own Keras network, trained and predicted."""

import copy
import json
import os
import pickle
import textwrap

import joblib
import keras
import numpy as np
import pytest
import scipy.sparse as sp
from _own_models import small_cnn, small_mlp, sparse_linear, token_bag
from sklearn.base import clone
from sklearn.datasets import make_multilabel_classification
from sklearn.model_selection import GridSearchCV

from skmultinet import MultiLabelNetClassifier, ThresholdOptimizer
from skmultinet.losses import LOSSES
from skmultinet.neural.networks import KerasModelNetwork

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.fixture(scope="module")
def data():
    X, Y = make_multilabel_classification(n_samples=200, n_features=12, n_classes=3,
                                          random_state=0)
    return X, Y


def _clf(**params):
    base = {"model": small_mlp, "epochs": 5, "random_state": 0}
    base.update(params)
    return MultiLabelNetClassifier(**base)


@pytest.fixture(scope="module")
def fitted(data):
    X, Y = data
    return _clf(model_params={"units": 8, "rate": 0.3}).fit(X, Y)


def test_the_build_function_gets_what_the_data_decide(data):
    """meta holds the row shape, dtype, logits (partition's extra one) and labels."""
    X, Y = data
    seen = []

    def build(meta, **params):
        seen.append((dict(meta), params))
        return small_mlp(meta)

    _clf(model=build, model_params={}, loss="partition", epochs=1).fit(X, Y)
    meta, params = seen[0]
    assert meta == {"input_shape": (12,), "input_dtype": "float32", "n_outputs": 4,
                    "n_labels": 3, "sparse": False}
    assert params == {}


def test_model_params_reach_the_build_function_and_grid_search_over_them(data):
    """GridSearchCV searches model_params like any parameter."""
    X, Y = data
    search = GridSearchCV(_clf(epochs=2), {"loss": ["binary_crossentropy", "focal"],
                                           "model_params": [{"units": 4}, {"units": 8}]},
                          cv=2).fit(X, Y)
    assert len(search.cv_results_["params"]) == 4
    assert search.best_estimator_.model_.layers[1].units in (4, 8)


def test_same_seed_same_predictions_with_dropout_and_batch_norm(data, fitted):
    """random_state alone decides the fit: dropout and batch norm included."""
    X, Y = data
    again = _clf(model_params={"units": 8, "rate": 0.3}).fit(X, Y)
    np.testing.assert_array_equal(fitted.predict_proba(X), again.predict_proba(X))
    other = _clf(model_params={"units": 8, "rate": 0.3}, random_state=1).fit(X, Y)
    assert not np.array_equal(fitted.predict_proba(X), other.predict_proba(X))


def test_a_model_instance_is_copied_and_reinitialised_never_modified(data):
    """A keras.Model parameter keeps its weights; each fit starts from random_state."""
    X, Y = data
    model = small_mlp({"input_shape": (12,), "n_outputs": 3})
    before = [w.copy() for w in model.get_weights()]
    first = _clf(model=model).fit(X, Y)
    second = _clf(model=model).fit(X, Y)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    np.testing.assert_array_equal(first.predict_proba(X), second.predict_proba(X))
    assert first.model_ is not model
    restored = pickle.loads(pickle.dumps(first))
    assert isinstance(restored.model, keras.Model)
    np.testing.assert_array_equal(restored.predict_proba(X), first.predict_proba(X))
    with pytest.raises(ValueError, match="model_params"):
        _clf(model=model, model_params={"units": 3}).fit(X, Y)


def test_images_train_through_a_cnn(data):
    """4-D X reaches a convolutional model; prediction keeps the row shape."""
    _, Y = data
    rng = np.random.default_rng(0)
    images = rng.normal(size=(len(Y), 8, 8, 1)).astype(np.float32)
    images[:, :4, :4, 0] += 2 * Y[:, :1, None]
    clf = _clf(model=small_cnn, epochs=3).fit(images, Y)
    assert clf.n_features_in_ == 8 and clf.input_scale_ is None
    assert clf.predict(images[:5]).shape == (5, 3)
    with pytest.raises(ValueError, match=r"rows of shape \(8, 8\).*\(8, 8, 1\)"):
        clf.predict(images[:, :, :, 0])


def test_token_ids_keep_their_integer_dtype(data):
    """Integer sequences reach an Embedding as integers, never standardised."""
    _, Y = data
    tokens = np.random.default_rng(0).integers(0, 20, size=(len(Y), 6))
    clf = _clf(model=token_bag, epochs=3).fit(tokens, Y)
    assert clf._network.input_dtype == "int64"
    assert clf.input_mean_ is None and clf.input_scale_ is None
    assert clf.predict_proba(tokens[:2]).shape == (2, 3)
    with pytest.raises(ValueError, match="integer X"):
        clf.predict(tokens[:2].astype(float))


def test_standardize_applies_to_2d_float_features(data, fitted):
    """2-D floats are standardised for the user's model; model_ takes the scaled inputs."""
    X, _ = data
    assert fitted.input_mean_.shape == (12,)
    scaled = (X - fitted.input_mean_) / fitted.input_scale_
    np.testing.assert_allclose(fitted.model_(scaled).numpy(), fitted.decision_function(X),
                               rtol=1e-4, atol=1e-5)


def test_sparse_x_trains_dense_and_sparse_input_models(data):
    """CSR X: densified per batch for a dense input, passed as SparseTensor to a sparse one."""
    X, Y = data
    Xs = sp.csr_matrix(np.where(X > 2, X, 0))
    dense = _clf().fit(Xs, Y)
    np.testing.assert_allclose(dense.predict_proba(Xs), dense.predict_proba(Xs.toarray()),
                               rtol=1e-5)
    sparse = _clf(model=sparse_linear, standardize=False).fit(Xs, Y)
    assert sparse._network.sparse_input
    np.testing.assert_allclose(sparse.predict_proba(Xs), sparse.predict_proba(Xs.tocsc()))


def test_regularizers_and_batch_norm_of_the_model_act_in_training(data):
    """kernel_regularizer losses are added; batch-norm moving statistics learn."""
    X, Y = data
    params = {"epochs": 20, "learning_rate": 0.05, "early_stopping": False}
    free = _clf(model_params={"units": 8}, **params).fit(X, Y)
    shrunk = _clf(model_params={"units": 8, "l2": 10.0}, **params).fit(X, Y)
    assert np.abs(shrunk.coefs_[0]).sum() < 0.5 * np.abs(free.coefs_[0]).sum()
    normed = _clf(model_params={"units": 8, "batch_norm": True}).fit(X, Y)
    moving_mean = normed.model_.layers[2].moving_mean.numpy()
    assert np.any(moving_mean != 0)


@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_every_catalogue_loss_trains_a_user_model(data, loss):
    """Each loss's logits count and decision rule work with the user's model."""
    X, Y = data
    clf = _clf(loss=loss, epochs=2).fit(X, Y)
    assert clf.predict(X[:4]).shape == (4, 3)
    proba = clf.predict_proba(X[:4])
    assert proba.shape == (4, 3) and np.all((proba >= 0) & (proba <= 1))


def test_sample_weight_zero_equals_dropping_rows(data):
    """A zero weight removes the row, as for the built-in network."""
    X, Y = data
    weights = np.ones(len(X))
    weights[::4] = 0
    keep = weights > 0
    weighted = _clf(early_stopping=False).fit(X, Y, sample_weight=weights)
    dropped = _clf(early_stopping=False).fit(X[keep], Y[keep])
    np.testing.assert_allclose(weighted.predict_proba(X), dropped.predict_proba(X), rtol=1e-6)


def test_early_stopping_warm_start_partial_fit_and_jit(data):
    """Early stopping keeps the best epoch; warm start and partial_fit continue; XLA runs."""
    X, Y = data
    stopped = _clf(epochs=60, n_iter_no_change=2, learning_rate=0.05).fit(X, Y)
    assert stopped.best_epoch_ <= stopped.n_iter_ < 60
    assert "val_loss" in stopped.history_
    warm = _clf(warm_start=True, early_stopping=False)
    first = [w.copy() for w in warm.fit(X, Y).coefs_]
    warm.fit(X, Y)
    assert not np.array_equal(first[0], warm.coefs_[0])
    partial = _clf().partial_fit(X, Y).partial_fit(X, Y)
    assert partial.n_iter_ == 2
    jit = _clf(jit_compile=True).fit(X, Y)
    assert jit.predict(X[:2]).shape == (2, 3)


def test_decision_rules_threshold_and_threshold_optimizer(data):
    """threshold, ThresholdOptimizer and label-set targets work on a user model."""
    X, Y = data
    low = _clf(threshold=0.1).fit(X, Y)
    high = clone(low).set_params(threshold=0.9).fit(X, Y)
    assert low.predict(X).sum() >= high.predict(X).sum()
    tuned = ThresholdOptimizer(_clf(epochs=2), cv=2).fit(X, Y)
    assert tuned.predict(X[:3]).shape == (3, 3)
    label_sets = [tuple(np.flatnonzero(row)) for row in Y]
    sets = _clf(epochs=2).fit(X, label_sets)
    assert isinstance(sets.predict(X[:2]), list)


def test_persistence_pickle_joblib_deepcopy_clone(data, fitted, tmp_path):
    """Fitted or not, the estimator pickles, dumps, deep-copies and clones."""
    X, _ = data
    expected = fitted.predict_proba(X)
    for copied in (pickle.loads(pickle.dumps(fitted)), copy.deepcopy(fitted)):
        np.testing.assert_array_equal(copied.predict_proba(X), expected)
    joblib.dump(fitted, tmp_path / "clf.joblib")
    np.testing.assert_array_equal(joblib.load(tmp_path / "clf.joblib").predict_proba(X),
                                  expected)
    assert clone(fitted).get_params()["model_params"] == {"units": 8, "rate": 0.3}
    unfitted = pickle.loads(pickle.dumps(_clf()))
    assert unfitted.model is small_mlp
    assert isinstance(fitted._network, KerasModelNetwork)


class Twice(keras.layers.Layer):
    """A custom layer nobody registered with Keras."""

    def call(self, inputs):
        return 2 * inputs


def _with_unregistered_layer(meta):
    inputs = keras.Input(meta["input_shape"])
    return keras.Model(inputs, keras.layers.Dense(meta["n_outputs"])(Twice()(inputs)))


def test_an_unregistered_custom_layer_fails_at_pickling(data):
    """It trains and predicts; pickling names the layer and says to register it."""
    X, Y = data
    clf = _clf(model=_with_unregistered_layer, epochs=1).fit(X, Y)
    assert clf.predict(X[:2]).shape == (2, 3)
    with pytest.raises(TypeError, match="Twice.*register_keras_serializable"):
        pickle.dumps(clf)


def test_a_fresh_process_fits_and_predicts_identically(data, fitted, tmp_path, fresh_python):
    """Same seed in another interpreter: same predictions; the pickle predicts the same too."""
    X, _ = data
    (tmp_path / "clf.pkl").write_bytes(pickle.dumps(fitted))
    script = textwrap.dedent(f"""
        import json, pickle, sys, warnings
        sys.path.insert(0, {HERE!r})
        warnings.simplefilter("ignore")
        import numpy as np
        from sklearn.datasets import make_multilabel_classification
        from skmultinet import MultiLabelNetClassifier
        from _own_models import small_mlp
        X, Y = make_multilabel_classification(n_samples=200, n_features=12, n_classes=3,
                                              random_state=0)
        clf = MultiLabelNetClassifier(model=small_mlp, model_params={{"units": 8, "rate": 0.3}},
                                      epochs=5, random_state=0).fit(X, Y)
        loaded = pickle.load(open({str(tmp_path / "clf.pkl")!r}, "rb"))
        print(json.dumps({{"fit": clf.predict_proba(X).tolist(),
                           "loaded": loaded.predict_proba(X).tolist()}}))
    """)
    result = fresh_python(["-c", script])
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    expected = fitted.predict_proba(X)
    np.testing.assert_array_equal(np.array(out["loaded"]), expected)
    np.testing.assert_array_equal(np.array(out["fit"]), expected)


def test_bad_models_get_clear_errors(data):
    """Wrong width, a sigmoid, a wrong input, a failing build: each error says what to do."""
    X, Y = data

    def wide(meta):
        return keras.Sequential([keras.Input(meta["input_shape"]), keras.layers.Dense(7)])

    def sigmoid(meta):
        return keras.Sequential([keras.Input(meta["input_shape"]),
                                 keras.layers.Dense(meta["n_outputs"], activation="sigmoid")])

    def narrow_input(meta):
        return keras.Sequential([keras.Input((3,)), keras.layers.Dense(meta["n_outputs"])])

    def broken(meta, depth):
        raise RuntimeError(f"depth {depth} is too deep")

    with pytest.raises(ValueError, match="outputs 7 logits.*needs 3"):
        _clf(model=wide).fit(X, Y)
    with pytest.raises(ValueError, match="sigmoid.*logits"):
        _clf(model=sigmoid).fit(X, Y)
    with pytest.raises(ValueError, match=r"shape \(3,\).*shape \(12,\)"):
        _clf(model=narrow_input).fit(X, Y)
    with pytest.raises(ValueError, match="broken raised RuntimeError: depth 9") as caught:
        _clf(model=broken, model_params={"depth": 9}).fit(X, Y)
    assert isinstance(caught.value.__cause__, RuntimeError)
    with pytest.raises(TypeError, match="not a keras.Model"):
        _clf(model=lambda meta: "a model").fit(X, Y)


def test_nd_x_without_a_model_says_to_pass_one(data):
    """The built-in network refuses 3-D X and points to model=; model_params need a model."""
    X, Y = data
    with pytest.raises(ValueError, match="model="):
        MultiLabelNetClassifier(epochs=1).fit(np.zeros((len(Y), 4, 4)), Y)
    with pytest.raises(ValueError, match="model is None"):
        MultiLabelNetClassifier(epochs=1, model_params={"units": 3}).fit(X, Y)


def test_the_safe_model_format_refuses_a_user_model(fitted, tmp_path):
    """skmultinet.save keeps to the built-in network."""
    import skmultinet

    with pytest.raises(Exception, match="built-in network"):
        skmultinet.save(fitted, tmp_path / "clf.skmn")


_DISTRIBUTED = textwrap.dedent("""
    import json, sys, warnings
    sys.path.insert(0, {here!r})
    warnings.simplefilter("ignore")
    import numpy as np
    import tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    from sklearn.datasets import make_multilabel_classification
    from skmultinet import MultiLabelNetClassifier
    from _own_models import small_mlp

    X, Y = make_multilabel_classification(n_samples=150, n_features=12, n_classes=4,
                                          random_state=0)
    strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])

    def fit(params, **options):
        return MultiLabelNetClassifier(model=small_mlp, model_params=params, epochs=4,
                                       batch_size=16, early_stopping=False, random_state=0,
                                       **options).fit(X, Y).predict_proba(X)

    regularized = {{"units": 16, "l2": 0.01}}
    dropout = {{"units": 16, "rate": 0.3}}
    print(json.dumps({{
        "gap": float(np.max(np.abs(fit(regularized) - fit(regularized, distribute=strategy)))),
        "dropout_repeats": bool(np.array_equal(fit(dropout, distribute=strategy),
                                               fit(dropout, distribute=strategy))),
    }}))
""")


def test_distribute_trains_a_user_model_as_one_device_does(fresh_python):
    """Mirrored over two CPUs: the same step as one device (regularizer included), reproducible."""
    result = fresh_python(["-c", _DISTRIBUTED.format(here=HERE)])
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["gap"] < 1e-4
    assert out["dropout_repeats"]


def test_auto_jit_never_compiles_a_user_model(data, monkeypatch):
    """jit_compile="auto" leaves a user's model uncompiled, however many steps the fit may run."""
    import skmultinet.neural.training._session as session

    seen = []
    real = session.train

    def spy(*args, **kwargs):
        seen.append(kwargs["jit_compile"])
        return real(*args, **kwargs)

    monkeypatch.setattr(session, "train", spy)
    X, Y = data
    # 2 000 epochs of 4 batches: "auto" would compile the built-in network. A huge tol
    # stops the fit after its first epoch.
    params = {"epochs": 2000, "batch_size": 50, "early_stopping": False, "tol": 1e9,
              "n_iter_no_change": 1, "random_state": 0}
    MultiLabelNetClassifier(model=small_mlp, **params).fit(X, Y)
    MultiLabelNetClassifier((8,), **params).fit(X, Y)
    assert seen == [False, True]
