"""Tests of the automatic selection (skmultinet.auto._estimator).

The `data` fixture lives in ``conftest.py``.
"""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.estimator_checks import (
    check_get_params_invariance,
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_set_params,
)

from skmultinet import MultiLabelNetClassifier, ThresholdOptimizer
from skmultinet.auto import AutoMultiLabelNet, default_candidates
from skmultinet.auto._cross_fitting import cross_fitted_rule_score
from skmultinet.auto._ensemble import SeedAveragedClassifier
from skmultinet.model_selection._split import multilabel_folds as outer_folds

# Networks of 3 epochs do not converge, on purpose: the tests stay fast.
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

TINY = {"hidden_layer_sizes": (8,), "epochs": 3}
CANDIDATES = [{}, {"dropout": 0.5}]


def make_auto(**params):
    options = {"candidates": CANDIDATES, "n_estimators": 2, "cv": 2, "base_params": TINY,
               "random_state": 0}
    return AutoMultiLabelNet(**{**options, **params})


@pytest.fixture(scope="module")
def fitted(data):
    X, Y, _ = data
    return make_auto().fit(X, Y)


def test_result_types(fitted, data):
    # The fitted search exposes its choice, results and a working final model.
    _, Y, X_test = data
    assert isinstance(fitted.estimator_, ThresholdOptimizer)
    ensemble = fitted.estimator_.estimator_
    assert isinstance(ensemble, SeedAveragedClassifier) and len(ensemble.estimators_) == 2
    assert fitted.best_params_ in CANDIDATES
    assert fitted.best_strategy_ in ("per_label", "global", "mcut")
    assert len(fitted.cv_results_["score"]) == len(CANDIDATES) * 5  # 2 x 2 rules + mcut
    assert fitted.best_min_labels_ in (0, 1)
    assert fitted.ensemble_params_[0] == fitted.best_params_
    assert fitted.best_score_ >= max(fitted.cv_results_["score"])
    assert fitted.n_features_in_ == 6 and list(fitted.classes_) == [0, 1, 2]
    y_pred = fitted.predict(X_test)
    assert y_pred.shape == (20, 3) and set(np.unique(y_pred)) <= {0, 1}
    proba = fitted.predict_proba(X_test)
    assert proba.shape == (20, 3) and np.all((proba >= 0) & (proba <= 1))


def test_reproducible_with_random_state(fitted, data):
    # The same random_state gives the same search and the same predictions.
    X, Y, X_test = data
    again = make_auto().fit(X, Y)
    assert again.cv_results_["score"] == fitted.cv_results_["score"]
    np.testing.assert_allclose(again.predict_proba(X_test), fitted.predict_proba(X_test))


def test_only_training_rows_are_fitted(data, monkeypatch):
    # Every network of the search and of the final model trains on rows given to fit.
    X, Y, X_test = data
    seen = []
    original = MultiLabelNetClassifier.fit

    def spy(self, X_fit, y, *args, **kwargs):
        seen.append(np.asarray(X_fit))
        return original(self, X_fit, y, *args, **kwargs)

    monkeypatch.setattr(MultiLabelNetClassifier, "fit", spy)
    make_auto(candidates=[{}]).fit(X, Y)
    training_rows = {row.tobytes() for row in X}
    assert len(seen) == 2 + 2 * 3  # search folds, then (cv + 1) x n_estimators
    assert all(row.tobytes() in training_rows for X_fit in seen for row in X_fit)
    assert not any(row.tobytes() in training_rows for row in X_test)


def test_clone_and_params():
    # Parameters round-trip through get_params / clone; __init__ only stores them.
    auto = make_auto(scoring="f1_macro")
    copy = clone(auto)
    assert copy.get_params() == auto.get_params()
    assert copy.candidates == auto.candidates


@pytest.mark.parametrize("check", [
    check_no_attributes_set_in_init,
    check_parameters_default_constructible,
    check_get_params_invariance,
    check_set_params,
])
def test_sklearn_api_checks(check):
    # scikit-learn's parameter conventions hold (the fit checks need binary targets).
    check("AutoMultiLabelNet", AutoMultiLabelNet())


def test_not_fitted_raises(data):
    # Predicting before fit raises NotFittedError.
    with pytest.raises(NotFittedError):
        make_auto().predict(data[2])


def test_invalid_input_messages(data):
    # Bad parameters and non multi-label targets fail with an explanation.
    X, Y, _ = data
    with pytest.raises(InvalidParameterError):
        make_auto(scoring="roc_auc").fit(X, Y)
    with pytest.raises(ValueError, match="strategies"):
        make_auto(strategies=("nope",)).fit(X, Y)
    with pytest.raises(ValueError, match="min_labels"):
        make_auto(min_labels=(-1,)).fit(X, Y)
    with pytest.raises(ValueError, match="indicator matrix"):
        make_auto().fit(X, Y[:, 0])


@pytest.mark.parametrize("candidates", [[], [{}, "wide"]])
def test_finding_12_empty_candidates_are_refused(data, candidates):
    """candidates=[] (or a non-dict candidate) is a clear error at fit, not an empty argmax."""
    X, Y, _ = data
    with pytest.raises(ValueError, match="candidates must be a non-empty list of dicts"):
        make_auto(candidates=candidates).fit(X, Y)


def test_wrong_feature_count_at_predict(fitted):
    # Predict checks the number of features seen in fit.
    with pytest.raises(ValueError, match="features"):
        fitted.predict(np.zeros((2, 5)))


def test_sparse_input_and_hamming_scoring(data):
    # Sparse X is accepted and a loss (hamming) is minimised by the search.
    X, Y, X_test = data
    auto = make_auto(scoring="hamming_loss", candidates=[{}], strategies=("global",),
                     min_labels=(0,)).fit(sp.csr_matrix(X), Y)
    assert auto.best_score_ == min(auto.cv_results_["score"])
    assert auto.predict(sp.csr_matrix(X_test)).shape == (20, 3)


def test_candidate_with_preprocessing(data):
    # A candidate's "preprocessing" transformer runs before the network, seeded too.
    from sklearn.preprocessing import QuantileTransformer

    X, Y, X_test = data
    auto = make_auto(candidates=[{"preprocessing": QuantileTransformer(n_quantiles=20)}],
                     strategies=("global",), min_labels=(0,)).fit(X, Y)
    member = auto.estimator_.estimator_.estimators_[0]
    assert member.steps[0][1].random_state == member.steps[1][1].random_state
    assert auto.predict(X_test).shape == (20, 3)


def test_single_candidate_when_ensemble_size_is_one(data):
    # ensemble_size=1 keeps the best candidate alone, with its own search score.
    X, Y, _ = data
    auto = make_auto(ensemble_size=1).fit(X, Y)
    assert auto.ensemble_params_ == [auto.best_params_]
    assert auto.best_score_ == max(auto.cv_results_["score"])
    assert len(auto.estimator_.estimator_.estimators_) == 2


def test_ensemble_of_best_candidates(data, monkeypatch):
    # The final model averages the chosen candidates equally, n_estimators rounded up.
    import skmultinet.auto._estimator as auto_module

    X, Y, _ = data
    candidates = [{}, {"dropout": 0.5}, {"dropout": 0.1}]

    def choose_two(self, candidates, oof_scores, Y, folds, budget=None):
        return [2, 0], ("global", 0), 0.5

    monkeypatch.setattr(auto_module.AutoMultiLabelNet, "_choose_ensemble", choose_two)
    auto = make_auto(candidates=candidates, n_estimators=3).fit(X, Y)
    assert auto.ensemble_params_ == [{"dropout": 0.1}, {}]
    members = auto.estimator_.estimator_.estimators_
    default = MultiLabelNetClassifier().dropout  # {} keeps the classifier's default
    assert [m.dropout for m in members] == [0.1, default, 0.1, default]
    assert len({m.random_state for m in members}) == 4


def test_choose_ensemble_averages_when_it_scores_better():
    # Two candidates, each right on a different label, are averaged; a useless one is not.
    rng = np.random.RandomState(0)
    Y = (rng.rand(90, 2) < 0.5).astype(np.int8)
    noise = rng.rand(90, 2)
    half_right = [np.column_stack([Y[:, 0], noise[:, 1]]),
                  np.column_stack([noise[:, 0], Y[:, 1]]), noise]
    auto = AutoMultiLabelNet(strategies=("per_label",), min_labels=(0,), ensemble_size=3)
    folds = outer_folds(Y, 3, 0)
    auto.cv_results_ = {"score": [cross_fitted_rule_score(s, Y, folds, strategy="per_label",
                                                           scoring="f1_micro")
                                  for s in half_right]}
    chosen, rule, value = auto._choose_ensemble([{}] * 3, half_right, Y, folds)
    assert sorted(chosen) == [0, 1] and rule == ("per_label", 0)
    assert value > max(auto.cv_results_["score"])
    auto.ensemble_size = 1
    assert len(auto._choose_ensemble([{}] * 3, half_right, Y, folds)[0]) == 1


@pytest.mark.parametrize("kind, n_features, expected", [
    ("dense", 6, True), ("dense", 1001, False), ("sparse", 6, False), ("binary", 6, False),
])
def test_auto_chooses_spline_candidates_from_the_data(kind, n_features, expected, monkeypatch):
    # Dense, non-binary inputs of at most 1000 features get the spline candidates.
    import skmultinet.auto._candidates as candidates_module

    seen = {}

    def record(binary_inputs=False, spline_inputs=False):
        seen.update(binary=binary_inputs, spline=spline_inputs)
        return [{}]

    monkeypatch.setattr(candidates_module, "default_candidates", record)
    rng = np.random.RandomState(0)
    X = rng.rand(40, n_features) if kind != "binary" else (rng.rand(40, n_features) < 0.5) * 1.0
    X = sp.csr_matrix(X) if kind == "sparse" else X
    Y = np.eye(2, dtype=int)[np.arange(40) % 2]
    make_auto(candidates=None, n_estimators=1, ensemble_size=1, strategies=("global",),
              min_labels=(0,), base_params={"hidden_layer_sizes": (2,), "epochs": 1}).fit(X, Y)
    assert seen["spline"] is expected and seen["binary"] is (kind == "binary")


def test_small_data_hides_the_quantile_count_warning(data):
    # Fewer rows than the default 200 quantiles: the fit stays quiet about it.
    import warnings

    from sklearn.preprocessing import QuantileTransformer

    X, Y, _ = data
    candidate = {"preprocessing": QuantileTransformer(n_quantiles=200), **TINY}
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        make_auto(candidates=[candidate], strategies=("global",), min_labels=(0,)).fit(X, Y)


def test_spline_candidate_fits_and_predicts(data):
    # A spline candidate runs end to end, including values outside the training range.
    X, Y, X_test = data
    candidate = [c for c in default_candidates(spline_inputs=True)
                 if type(c.get("preprocessing")).__name__ == "SplineTransformer"][0]
    candidate = {**candidate, **TINY}
    auto = make_auto(candidates=[candidate], strategies=("global",), min_labels=(0,)).fit(X, Y)
    proba = auto.predict_proba(np.vstack([X_test, X_test[:1] * 100]))
    assert proba.shape == (21, 3) and np.isfinite(proba).all()


AUTO_LOAD_SCRIPT = """
import pickle, sys, numpy as np
auto = pickle.load(open(sys.argv[1], "rb"))
auto.predict(np.load(sys.argv[2]))
print(not any(m in sys.modules for m in ("keras", "tensorflow")),
      repr(auto.cv_results_["params"][0]["loss"]))
"""


def test_saved_search_loads_and_predicts_without_keras(data, tmp_path, fresh_python):
    # Candidates holding loss objects (the label-smoothing ones of 0/1 inputs) stay
    # pickled until read: a saved search loads and predicts without Keras, and its
    # results are all there when asked for.
    import pickle

    from skmultinet.losses import BinaryCrossentropy

    X, Y, X_test = data
    smoothing = {"loss": BinaryCrossentropy(label_smoothing=0.1)}
    auto = make_auto(candidates=[smoothing, {}]).fit(X, Y)
    with open(tmp_path / "auto.pkl", "wb") as stream:
        pickle.dump(auto, stream)
    np.save(tmp_path / "X.npy", X_test)
    out = fresh_python(["-W", "ignore", "-c", AUTO_LOAD_SCRIPT, tmp_path / "auto.pkl",
                        tmp_path / "X.npy"])
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "BinaryCrossentropy(label_smoothing=0.1)"]


def test_tiny_time_budget_stops_the_search_and_still_predicts(data):
    # A budget that the first candidate already spends: the others are skipped (and
    # say so in cv_results_), the final model keeps one network, and it predicts.
    X, Y, X_test = data
    candidates = [{}, {"dropout": 0.5}, {"dropout": 0.1}]
    auto = make_auto(candidates=candidates, time_budget=1e-3, n_estimators=3).fit(X, Y)
    skipped = np.asarray(auto.cv_results_["skipped_for_time"])
    assert len(skipped) == 3 * 5 and not skipped[:5].any() and skipped[5:].all()
    assert np.isnan(auto.cv_results_["score"][5:]).all()
    assert np.isfinite(auto.cv_results_["score"][:5]).all()
    assert auto.best_params_ == {} and auto.ensemble_params_ == [{}]
    assert len(auto.estimator_.estimator_.estimators_) == 1
    assert auto.predict(X_test).shape == (20, 3)


def test_no_time_budget_tries_every_candidate(data):
    # time_budget=None never skips a candidate nor trims the final model.
    X, Y, _ = data
    candidates = [{}, {"dropout": 0.5}, {"dropout": 0.1}]
    auto = make_auto(candidates=candidates, time_budget=None, ensemble_size=1,
                     n_estimators=3).fit(X, Y)
    assert not any(auto.cv_results_["skipped_for_time"])
    assert np.isfinite(auto.cv_results_["score"]).all()
    assert len(auto.estimator_.estimator_.estimators_) == 3


def test_time_budget_must_be_positive(data):
    # A zero or negative budget is refused with the parameter's name.
    X, Y, _ = data
    with pytest.raises(InvalidParameterError, match="time_budget"):
        make_auto(time_budget=0).fit(X, Y)


class _Clock:
    """A stand-in for the ``time`` module whose ``perf_counter`` moves only when told."""

    def __init__(self):
        self.now = 0.0

    def perf_counter(self):
        return self.now


def _one_label_each(monkeypatch):
    """Fake the search: each of {"dropout": 0.1 / 0.2 / 0.3} knows only label 0 / 1 / 2.

    Every candidate's fold fits take 10 s on a fake clock (20 s per final
    network with 2 folds); averaging all three candidates scores best.
    """
    import skmultinet.auto._candidates as candidates_module
    import skmultinet.auto._estimator as auto_module

    clock = _Clock()
    monkeypatch.setattr(candidates_module, "time", clock)
    monkeypatch.setattr(auto_module, "time", clock)

    def out_of_fold_scores(network, X, Y, folds, sample_weight=None):
        clock.now += 10.0
        label = round(network.dropout * 10) - 1
        scores = 0.5 + 0.01 * np.random.RandomState(label).rand(*Y.shape)
        scores[:, label] = Y[:, label]
        return scores

    monkeypatch.setattr(auto_module, "out_of_fold_scores", out_of_fold_scores)
    return [{"dropout": 0.1}, {"dropout": 0.2}, {"dropout": 0.3}]


def test_time_budget_limits_the_ensemble_to_what_it_pays_for(data, monkeypatch, capsys):
    # The search takes 30 s of an 80 s budget: the 50 s left pay for one final network
    # (20 s) of each of the best two candidates, not three, though three score best.
    X, Y, _ = data
    candidates = _one_label_each(monkeypatch)
    unbounded = make_auto(candidates=candidates, time_budget=None, ensemble_size=3).fit(X, Y)
    assert len(unbounded.ensemble_params_) == unbounded.affordable_ensemble_size_ == 3
    auto = make_auto(candidates=candidates, time_budget=80, ensemble_size=3,
                     verbose=1).fit(X, Y)
    assert not any(auto.cv_results_["skipped_for_time"])
    assert auto.affordable_ensemble_size_ == 2
    assert auto.ensemble_params_ == unbounded.ensemble_params_[:2]
    assert len(auto.estimator_.estimator_.estimators_) == 2
    assert "best 2 of 3 candidates" in capsys.readouterr().out


@pytest.mark.parametrize("time_budget", [90, 1e6])
def test_budget_that_does_not_bind_changes_nothing(data, monkeypatch, time_budget):
    # 90 s pays exactly for the 30 s search and one round of three 20 s final
    # networks: the same candidates, rule, networks and predictions as no budget.
    X, Y, X_test = data
    candidates = _one_label_each(monkeypatch)
    unbounded = make_auto(candidates=candidates, time_budget=None, ensemble_size=3).fit(X, Y)
    auto = make_auto(candidates=candidates, time_budget=time_budget, ensemble_size=3).fit(X, Y)
    assert auto.affordable_ensemble_size_ == 3
    assert auto.ensemble_params_ == unbounded.ensemble_params_
    assert (auto.best_strategy_, auto.best_min_labels_) == (
        unbounded.best_strategy_, unbounded.best_min_labels_)
    assert len(auto.estimator_.estimator_.estimators_) == 3
    np.testing.assert_array_equal(auto.predict_proba(X_test), unbounded.predict_proba(X_test))


def test_default_budget_on_small_data_matches_no_budget(data):
    # Real networks on 70 rows: the default 300 s budget binds nowhere, so the
    # search, the ensemble and the predictions are those of time_budget=None.
    X, Y, X_test = data
    candidates = [{}, {"dropout": 0.5}, {"dropout": 0.1}]
    unbounded = make_auto(candidates=candidates, time_budget=None, ensemble_size=3).fit(X, Y)
    auto = make_auto(candidates=candidates, ensemble_size=3).fit(X, Y)
    np.testing.assert_array_equal(auto.cv_results_["score"], unbounded.cv_results_["score"])
    assert auto.ensemble_params_ == unbounded.ensemble_params_
    assert auto.affordable_ensemble_size_ == 3
    np.testing.assert_array_equal(auto.predict_proba(X_test), unbounded.predict_proba(X_test))
