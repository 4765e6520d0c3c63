"""The ``calibration`` parameter: per-label Platt and isotonic maps, fitted, saved, predicted."""

import pickle
import warnings

import numpy as np
import pytest
from _helpers import noisy_multilabel, tiny
from scipy.special import expit
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils._param_validation import InvalidParameterError

from skmultinet import MultiLabelNetClassifier, ThresholdOptimizer, load, save
from skmultinet.io import ModelFileError


def _fit(X, Y, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.filterwarnings("ignore", message=".*calibration")
        return tiny(**params).fit(X, Y)


@pytest.fixture(scope="module")
def data():
    return noisy_multilabel(300)


@pytest.fixture(scope="module")
def platt(data):
    return _fit(*data, loss="lsep", epochs=10)


@pytest.fixture(scope="module")
def isotonic(data):
    return _fit(*data, loss="lsep", epochs=10, calibration="isotonic")


def test_calibration_parameter_is_validated(data):
    """An unknown method is refused by name, in fit, and __init__ stores it as given."""
    clf = tiny(calibration="sigmoid")
    assert clf.calibration == "sigmoid"
    with pytest.raises(InvalidParameterError, match="'calibration' parameter"):
        clf.fit(*data)


@pytest.mark.parametrize("loss, calibration, method", [
    ("binary_crossentropy", "auto", None),
    ("lsep", "auto", "platt"),
    ("softmax_crossentropy", "auto", "platt"),
    ("lsep", None, None),
    ("binary_crossentropy", "platt", "platt"),
    ("binary_crossentropy", "isotonic", "isotonic"),
])
def test_auto_calibrates_the_losses_whose_scores_are_not_probabilities(data, loss, calibration,
                                                                       method):
    """"auto" is per-label Platt for needs_calibration losses and nothing for the others."""
    clf = _fit(*data, loss=loss, calibration=calibration, epochs=1)
    if method is None:
        assert clf.calibration_ is None
    else:
        assert clf.calibration_["method"] == method
        assert clf.calibration_["slope"].shape == (3,) and np.all(clf.calibration_["slope"] > 0)


def test_multiclass_targets_are_never_calibrated(data):
    """The softmax is the probability: calibration="platt" leaves it alone."""
    X, Y = data
    clf = _fit(X, Y.argmax(axis=1), calibration="platt", epochs=1)
    assert clf.calibration_ is None
    np.testing.assert_allclose(clf.predict_proba(X).sum(axis=1), 1.0)


def test_under_trained_lsep_network_still_ranks_and_predicts():
    """The issue's case: one global pair gave a constant predict_proba and empty predict."""
    X, Y = noisy_multilabel(200)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clf = tiny(loss="lsep", epochs=3).fit(X, Y)
    proba = clf.predict_proba(X)
    assert np.all(np.ptp(proba, axis=0) > 0), "a label's probability is constant"
    assert clf.predict(X).sum() > 0
    # Labels whose scores do not rank their rows are named, in one warning.
    messages = [str(w.message) for w in caught if "calibration rows" in str(w.message)]
    assert len(messages) == 1 and "slope near 0" in messages[0]


def test_decision_function_predict_proba_and_predict_agree(platt, isotonic, data):
    """expit(decision_function) is predict_proba, and predict is predict_proba >= threshold."""
    X, _ = data
    for clf in (platt, isotonic):
        proba = clf.predict_proba(X)
        np.testing.assert_allclose(expit(clf.decision_function(X)), proba, rtol=1e-12)
        np.testing.assert_array_equal(clf.predict(X), (proba >= 0.5).astype(int))
        assert np.all((proba > 0) & (proba < 1))


def test_isotonic_probabilities_never_decrease_with_the_score(isotonic, data):
    """Per label, a higher raw score never gets a lower probability."""
    X, _ = data
    raw = isotonic.loss_.decision_scores(
        isotonic._network.forward(isotonic._prediction_input(X), isotonic._forward_weights[False]))
    proba = isotonic.predict_proba(X)
    for label in range(proba.shape[1]):
        order = np.argsort(raw[:, label], kind="stable")
        assert np.all(np.diff(proba[order, label]) >= 0)


def test_the_map_is_fitted_on_the_early_stopping_rows(platt, data):
    """calibration_ is fit_label_platt of the network's scores on the held-out rows."""
    from skmultinet.decision import fit_label_platt
    from skmultinet.neural._splitting import validation_split

    X, Y = data
    raw = _fit(X, Y, loss="lsep", epochs=10, calibration=None)  # the same network
    np.testing.assert_array_equal(raw.coefs_[0], platt.coefs_[0])
    _, held_out = validation_split("multilabel-indicator", Y, 0.1, raw._fit_rng())
    slopes, intercepts, _ = fit_label_platt(raw.decision_function(X[held_out]), Y[held_out])
    np.testing.assert_allclose(platt.calibration_["slope"], slopes, rtol=1e-6)
    np.testing.assert_allclose(platt.calibration_["intercept"], intercepts, rtol=1e-6, atol=1e-9)
    on_all_rows = fit_label_platt(raw.decision_function(X), Y)[0]
    assert not np.allclose(platt.calibration_["slope"], on_all_rows, rtol=1e-3)


def test_without_held_out_rows_fit_warns_and_partial_fit_does_not(data):
    """early_stopping=False calibrates on training rows with a warning; partial_fit refits quietly."""
    X, Y = data
    loud = tiny(loss="lsep", epochs=2, early_stopping=False)
    with pytest.warns(UserWarning, match="fitted its calibration on the training rows"):
        loud.fit(X, Y)
    assert loud.calibration_["method"] == "platt"
    clf = tiny(loss="lsep")
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        warnings.filterwarnings("ignore", message=".*could not fit a calibration")
        clf.partial_fit(X[:150], Y[:150])
        first = clf.calibration_["slope"].copy()
        clf.partial_fit(X[150:], Y[150:])
    # Each call refits the map on the batch it trained on.
    assert not np.array_equal(first, clf.calibration_["slope"])


def test_pickle_round_trip_predicts_identically(platt, isotonic, data):
    """Pickled and unpickled, both kinds of calibration give the same bits."""
    X, _ = data
    for clf in (platt, isotonic):
        loaded = pickle.loads(pickle.dumps(clf))
        np.testing.assert_array_equal(loaded.predict_proba(X), clf.predict_proba(X))
        assert loaded.calibration == clf.calibration


def test_old_pickles_keep_their_global_pair(platt, data):
    """A state with a global pair and no calibration parameter predicts with that pair."""
    X, _ = data
    state = platt.__getstate__()
    del state["calibration"]
    state["calibration_"] = (0.5, -0.25)
    old = MultiLabelNetClassifier.__new__(MultiLabelNetClassifier)
    old.__setstate__(state)
    assert old.calibration == "auto"
    scores = old.loss_.decision_scores(
        old._network.forward(old._prediction_input(X), old._forward_weights[False]))
    np.testing.assert_array_equal(old.decision_function(X), 0.5 * scores - 0.25)


def test_safe_model_format_round_trip(platt, isotonic, data, tmp_path):
    """skmultinet.save / load keep per-label Platt and isotonic maps and their predictions."""
    X, _ = data
    for name, clf in (("platt", platt), ("isotonic", isotonic)):
        path = tmp_path / f"{name}.skmn"
        save(clf, path)
        loaded = load(path)
        np.testing.assert_array_equal(loaded.predict_proba(X), clf.predict_proba(X))
        assert loaded.calibration_["method"] == name


@pytest.mark.parametrize("damage, message", [
    (lambda c: c.update(slope=c["slope"][:2]), "shape"),
    (lambda c: c.update(intercept=np.array([0.0, np.nan, 0.0])), "finite"),
    (lambda c: c.update(slope=-c["slope"]), "positive"),
    (lambda c: c["knots"].__setitem__(0, c["knots"][0][::-1].copy()), "increasing"),
    (lambda c: c["values"].__setitem__(0, c["values"][0][::-1].copy()), "non-decreasing"),
    (lambda c: c.update(method="beta"), "expected one of"),
])
def test_safe_model_format_refuses_a_damaged_calibration(isotonic, damage, message):
    """Shapes, finiteness, positive slopes, increasing knots, monotone values are checked."""
    from skmultinet.io._neural import _check_calibration

    calibration = {key: (list(value) if isinstance(value, list) else value)
                   for key, value in isotonic.calibration_.items()}
    _check_calibration(calibration, 3, "calibration_")  # intact: accepted
    damage(calibration)
    with pytest.raises(ModelFileError, match=message):
        _check_calibration(calibration, 3, "calibration_")


def test_threshold_optimizer_tunes_on_calibrated_probabilities(data):
    """ThresholdOptimizer on a calibrated lsep network fits and predicts from its probabilities."""
    X, Y = data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        opt = ThresholdOptimizer(tiny(loss="lsep", epochs=5), cv=2).fit(X, Y)
    assert opt.estimator_.calibration_["method"] == "platt"
    assert opt.predict(X).shape == Y.shape
    np.testing.assert_array_equal(opt.predict_proba(X), opt.estimator_.predict_proba(X))
