"""Saved and loaded models predict bit-identically and give back equal parameters."""

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from _helpers import fit_quietly, tiny
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import QuantileTransformer, SplineTransformer, StandardScaler

from skmultinet import AutoMultiLabelNet, ThresholdOptimizer, load, save
from skmultinet.auto._ensemble import SeedAveragedClassifier
from skmultinet.io import load_with_metadata
from skmultinet.io._losses import CATALOGUE_NAMES

_METHODS = ("predict", "predict_proba", "decision_function")


def _same_value(a, b):
    """Equality that reads estimators by their parameters and losses by their config."""
    if hasattr(a, "get_params") and not isinstance(a, type):
        return type(a) is type(b) and _same_value(a.get_params(deep=False),
                                                  b.get_params(deep=False))
    if hasattr(a, "get_config") and not isinstance(a, type):
        return type(a) is type(b) and _same_value(a.get_config(), b.get_config())
    if isinstance(a, dict):
        return (isinstance(b, dict) and a.keys() == b.keys()
                and all(_same_value(a[k], b[k]) for k in a))
    if isinstance(a, (list, tuple)):
        return (type(a) is type(b) and len(a) == len(b)
                and all(_same_value(x, y) for x, y in zip(a, b)))
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    return type(a) is type(b) and a == b


def _predictions(model, X):
    return {name: getattr(model, name)(X) for name in _METHODS if hasattr(model, name)}


def _check_roundtrip(model, X, tmp_path, name="model.skmn"):
    """Save, load, and compare predictions (exactly) and parameters."""
    path = tmp_path / name
    save(model, path)
    loaded = load(path)
    assert type(loaded) is type(model)
    expected, found = _predictions(model, X), _predictions(loaded, X)
    for method, values in expected.items():
        if sp.issparse(values):
            values, found[method] = values.toarray(), found[method].toarray()
        if isinstance(values, list):
            assert values == found[method], method
        else:
            assert values.dtype == found[method].dtype, method
            assert np.array_equal(values, found[method]), method
    assert _same_value(model.get_params(deep=False), loaded.get_params(deep=False))
    return loaded


@pytest.mark.parametrize("loss", CATALOGUE_NAMES)
def test_every_catalogue_loss_by_name_round_trips(loss, data, tmp_path):
    """Each catalogue loss, named, round-trips with its rule, calibration and loss_ config."""
    X, Y = data
    model = fit_quietly(tiny(loss=loss), X, Y)
    loaded = _check_roundtrip(model, X, tmp_path)
    assert _same_value(loaded.calibration_, model.calibration_)
    assert _same_value(loaded.loss_, model.loss_)


def test_loss_instances_and_adapted_arrays_round_trip(data, tmp_path):
    """A loss instance with settings, and what adapt() learned, come back equal."""
    from skmultinet.losses import BinaryCrossentropy, FocalLoss

    X, Y = data
    model = fit_quietly(tiny(loss=BinaryCrossentropy(pos_weight="balanced")), X, Y)
    loaded = _check_roundtrip(model, X, tmp_path)
    assert np.array_equal(loaded.loss_._balanced_pos_weight, model.loss_._balanced_pos_weight)
    _check_roundtrip(fit_quietly(tiny(loss=FocalLoss(gamma=3.0), optimizer="rmsprop"), X, Y),
                     X, tmp_path, "focal.skmn")
    _check_roundtrip(fit_quietly(tiny(loss=FocalLoss), X, Y), X, tmp_path, "class.skmn")


@pytest.mark.parametrize("kind", ["indicator", "label_sets", "binary", "multiclass",
                                  "dataframe", "sparse"])
def test_every_target_kind_round_trips(kind, data, tmp_path):
    """Indicator, label sets, binary, multiclass, DataFrame and sparse targets round-trip."""
    X, Y = data
    names = np.array(["sport", "news", "art", "tech"])
    y = {"indicator": Y,
         "label_sets": [list(names[row.astype(bool)]) for row in Y],
         "binary": np.where(Y[:, 0], "yes", "no"),
         "multiclass": Y[:, 0] + 2 * Y[:, 1],
         "dataframe": pd.DataFrame(Y, columns=names),
         "sparse": sp.csr_matrix(Y)}[kind]
    features = pd.DataFrame(X, columns=[f"x{i}" for i in range(5)]) if kind == "dataframe" else X
    model = fit_quietly(tiny(threshold=[0.3, 0.4, 0.5, 0.6] if kind == "indicator" else 0.5),
                        features, y)
    loaded = _check_roundtrip(model, features, tmp_path)
    assert np.array_equal(loaded.classes_, model.classes_)


def test_float32_inputs_and_linear_network_round_trip(data, tmp_path):
    """float32 inputs predict identically; a network without hidden layers too."""
    X, Y = data
    model = fit_quietly(tiny(hidden_layer_sizes=(), standardize=False, activation="tanh"), X, Y)
    _check_roundtrip(model, X.astype(np.float32), tmp_path)


def test_optimizer_pipeline_and_ensemble_round_trip(data, tmp_path):
    """ThresholdOptimizer, Pipelines of the three transformers and seed ensembles round-trip."""
    X, Y = data
    pipeline = make_pipeline(StandardScaler(), QuantileTransformer(n_quantiles=20),
                             SplineTransformer(n_knots=4, knots="quantile",
                                               extrapolation="constant"), tiny())
    model = ThresholdOptimizer(SeedAveragedClassifier([pipeline, tiny(loss="partition")],
                                                      n_estimators=2, random_state=0),
                               cv=0.25, refit=False, strategy="global", store_cv_results=True)
    loaded = _check_roundtrip(fit_quietly(model, X, Y), X, tmp_path)
    assert loaded.cv_results_.keys() == model.cv_results_.keys()


def test_auto_model_round_trips_with_its_search_results(data, tmp_path):
    """AutoMultiLabelNet round-trips, candidate losses and transformers included."""
    from skmultinet.losses import BinaryCrossentropy

    X, Y = data
    candidates = [{"loss": BinaryCrossentropy(label_smoothing=0.1)},
                  {"preprocessing": QuantileTransformer(n_quantiles=10)}]
    model = AutoMultiLabelNet(candidates=candidates, n_estimators=1, cv=2, ensemble_size=2,
                              base_params={"epochs": 2, "hidden_layer_sizes": (4,)},
                              random_state=0)
    loaded = _check_roundtrip(fit_quietly(model, X, Y), X, tmp_path)
    assert _same_value(loaded.cv_results_, model.cv_results_)
    assert _same_value(loaded.ensemble_params_, model.ensemble_params_)
    assert loaded.best_strategy_ == model.best_strategy_


def test_unfitted_models_round_trip(tmp_path):
    """An unfitted model saves its parameters only."""
    model = ThresholdOptimizer(tiny(loss="zlpr", threshold=0.3), cv=3, min_labels=1)
    save(model, tmp_path / "unfitted.skmn")
    assert _same_value(load(tmp_path / "unfitted.skmn").get_params(), model.get_params())


def test_metadata_comes_back(saved_optimizer):
    """load_with_metadata gives back the metadata dict as saved."""
    _, path = saved_optimizer
    _, metadata = load_with_metadata(path)
    assert metadata == {"feature_names": [f"f{i}" for i in range(5)]}


_FRESH = """
import sys, numpy as np
import skmultinet
model = skmultinet.load(sys.argv[1])
X = np.random.default_rng(0).normal(size=(3, 5))
model.predict(X); model.predict_proba(X); model.decision_function(X)
assert "tensorflow" not in sys.modules and "keras" not in sys.modules, "Keras imported"
print("ok")
"""


def test_loading_and_predicting_import_no_keras(saved_optimizer, fresh_python):
    """In a fresh process, load + predict never imports TensorFlow or Keras."""
    _, path = saved_optimizer
    result = fresh_python(["-W", "ignore", "-c", _FRESH, path], timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_reading_the_loss_builds_it_from_the_catalogue(saved_optimizer):
    """loss_ is restored from its catalogue name and config when first read."""
    model, path = saved_optimizer
    loaded = load(path)
    assert "_pickled" in vars(loaded.estimator_)
    assert _same_value(loaded.estimator_.loss_, model.estimator_.loss_)
