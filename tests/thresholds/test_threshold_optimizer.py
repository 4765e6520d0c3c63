"""Tests of ThresholdOptimizer with scikit-learn and skmultinet classifiers."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.datasets import make_classification, make_multilabel_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.exceptions import NotFittedError
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, hamming_loss
from sklearn.model_selection import GridSearchCV
from sklearn.multiclass import OneVsRestClassifier
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from skmultinet import MultiLabelNetClassifier, ThresholdOptimizer
from skmultinet.thresholds._metrics import evaluate, fast_metrics

STRATEGIES = ["global", "per_label", "top_k", "cardinality", "mcut"]
ESTIMATORS = {
    "ovr-logistic": OneVsRestClassifier(LogisticRegression()),
    "forest": RandomForestClassifier(n_estimators=10, random_state=0),
    "knn": KNeighborsClassifier(),
    "mlp": MLPClassifier((8,), max_iter=60, random_state=0),
}
@pytest.fixture(autouse=True)
def quiet():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning)
        warnings.filterwarnings("ignore", message=".*ill-defined.*")
        warnings.filterwarnings("ignore", message=".*Stochastic Optimizer.*")
        yield


@pytest.fixture(scope="module")
def data():
    return make_multilabel_classification(
        n_samples=240, n_features=10, n_classes=6, n_labels=2, random_state=0
    )


@pytest.mark.parametrize("name", sorted(ESTIMATORS))
@pytest.mark.parametrize("scoring", ["f1_micro", "f1_macro", "f1_samples", "hamming_loss"])
def test_never_worse_than_default_threshold_on_tuning_data(data, name, scoring):
    # on its out-of-fold scores the tuned rule beats or ties the 0.5 threshold
    X, y = data
    model = ThresholdOptimizer(
        ESTIMATORS[name], scoring=scoring, cv=3, store_cv_results=True
    ).fit(X, y)
    metric = fast_metrics()[scoring]
    oof_scores = model.cv_results_["scores"]
    default = metric.score_sign * evaluate(metric, y, oof_scores >= 0.5, None)
    if metric.score_sign > 0:
        assert model.best_score_ >= default - 1e-12
    else:
        assert model.best_score_ <= default + 1e-12
    assert model.best_thresholds_.shape == (y.shape[1],)
    assert model.predict(X).shape == y.shape


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("min_labels", [0, 1, 2])
def test_every_strategy_and_min_labels(data, strategy, min_labels):
    # each rule predicts at least min_labels labels and reports its own score
    X, y = data
    model = ThresholdOptimizer(
        KNeighborsClassifier(), strategy=strategy, cv=3, min_labels=min_labels,
        store_cv_results=True,
    ).fit(X, y)
    y_pred = model.predict(X)
    assert set(np.unique(y_pred)) <= {0, 1}
    assert (y_pred.sum(axis=1) >= min_labels).all()
    oof_pred = model._apply_rule(model.cv_results_["scores"])
    assert model.best_score_ == pytest.approx(f1_score(y, oof_pred, average="micro"))
    if strategy == "top_k":
        assert model.best_k_ >= min_labels and model.best_thresholds_ is None
        assert (y_pred.sum(axis=1) == model.best_k_).all()
    elif strategy == "mcut":
        assert model.best_thresholds_ is None and model.best_k_ is None
    else:
        assert model.best_thresholds_.shape == (y.shape[1],)


def test_cardinality_matches_training_cardinality(data):
    # PCut predicts, out of fold, as many labels per sample as y has
    X, y = data
    model = ThresholdOptimizer(
        OneVsRestClassifier(LogisticRegression()), strategy="cardinality", cv=3,
        store_cv_results=True,
    ).fit(X, y)
    oof_pred = model._apply_rule(model.cv_results_["scores"])
    assert abs(oof_pred.sum() - y.sum()) <= 2


def test_hamming_loss_is_reported_as_a_loss(data):
    # "hamming_loss" is minimised and best_score_ is the loss itself
    X, y = data
    model = ThresholdOptimizer(KNeighborsClassifier(), scoring="hamming_loss", cv=3,
                               store_cv_results=True).fit(X, y)
    oof_pred = model._apply_rule(model.cv_results_["scores"])
    assert model.best_score_ == pytest.approx(hamming_loss(y, oof_pred))
    negated = clone(model).set_params(scoring="neg_hamming_loss").fit(X, y)
    assert negated.best_score_ == pytest.approx(-model.best_score_)
    np.testing.assert_allclose(negated.best_thresholds_, model.best_thresholds_)


def test_cv_results_keys(data):
    # cv_results_ holds the out-of-fold scores and the search curve, only on request
    X, y = data
    model = ThresholdOptimizer(KNeighborsClassifier(), strategy="global", cv=3,
                               store_cv_results=True).fit(X, y)
    results = model.cv_results_
    assert results["scores"].shape == y.shape
    assert results["thresholds"].shape == results["objectives"].shape
    assert results["objectives"].max() == pytest.approx(model.best_score_)
    top_k = clone(model).set_params(strategy="top_k").fit(X, y)
    assert set(top_k.cv_results_) == {"scores", "k", "objectives"}
    assert not hasattr(clone(model).set_params(store_cv_results=False).fit(X, y), "cv_results_")


def test_default_cv_stratifies_rare_labels():
    # with the default splitter every fold sees the rare label, so it gets a finite threshold
    X, y = make_multilabel_classification(n_samples=200, n_classes=4, random_state=1)
    y = np.c_[y, np.zeros(200, dtype=int)]
    y[np.arange(0, 200, 40), -1] = 1  # 5 positives, one per fold if stratified
    X[y[:, -1] == 1] += 5
    model = ThresholdOptimizer(KNeighborsClassifier(3), scoring="f1_macro",
                               store_cv_results=True).fit(X, y)
    assert (model.cv_results_["scores"][y[:, -1] == 1, -1] > 0).all()
    assert np.isfinite(model.best_thresholds_[-1])


def test_binary_target_works_like_tuned_threshold_classifier():
    # one threshold on P(class 1), labels returned as the original classes
    X, y = make_classification(n_samples=300, weights=[0.85], random_state=0)
    labels = np.array(["no", "yes"])[y]
    model = ThresholdOptimizer(LogisticRegression(), scoring="f1", store_cv_results=True)
    model.fit(X, labels)
    assert model.best_thresholds_.shape == (1,)
    np.testing.assert_array_equal(model.classes_, ["no", "yes"])
    proba = model.predict_proba(X)[:, 1]
    expected = np.where(proba >= model.best_thresholds_[0], "yes", "no")
    np.testing.assert_array_equal(model.predict(X), expected)
    oof = model.cv_results_["scores"][:, 0]
    brute = max(f1_score(y, oof >= t) for t in np.unique(oof))
    assert model.best_score_ == pytest.approx(brute)
    with pytest.raises(ValueError, match="strategy='global'"):
        ThresholdOptimizer(LogisticRegression(), strategy="top_k").fit(X, y)


def test_multiclass_target_uses_the_estimator_predict():
    # nothing to tune for multiclass: predictions are the estimator's
    X, y = make_classification(n_samples=150, n_classes=3, n_informative=4, random_state=0)
    model = ThresholdOptimizer(LogisticRegression()).fit(X, y)
    np.testing.assert_array_equal(model.predict(X), model.estimator_.predict(X))
    assert model.best_thresholds_ is None and model.best_score_ is None


def test_decision_function_scores(data):
    # estimators without predict_proba are thresholded on decision_function
    X, y = data
    model = ThresholdOptimizer(OneVsRestClassifier(LinearSVC()), strategy="global", cv=3)
    model.fit(X, y)
    assert not hasattr(model, "predict_proba")
    expected = (model.decision_function(X) >= model.best_thresholds_).astype(int)
    np.testing.assert_array_equal(model.predict(X), expected)


def test_prefit_and_frozen_estimators(data):
    # a fitted model is tuned on the data passed to fit, without refitting
    X, y = data
    fitted = KNeighborsClassifier().fit(X[:120], y[:120])
    frozen = ThresholdOptimizer(FrozenEstimator(fitted), cv=3).fit(X[120:], y[120:])
    prefit = ThresholdOptimizer(fitted, cv="prefit", refit=False).fit(X[120:], y[120:])
    np.testing.assert_allclose(frozen.best_thresholds_, prefit.best_thresholds_)
    assert prefit.estimator_ is fitted
    with pytest.raises(ValueError, match="refit=False"):
        ThresholdOptimizer(fitted, cv="prefit").fit(X, y)
    with pytest.raises(NotFittedError, match="must be fitted"):
        ThresholdOptimizer(KNeighborsClassifier(), cv="prefit", refit=False).fit(X, y)


def test_single_split_without_refit(data):
    # a float cv tunes on one validation split and can keep that split's model
    X, y = data
    model = ThresholdOptimizer(KNeighborsClassifier(), cv=0.3, refit=False,
                               random_state=0).fit(X, y)
    assert model.estimator_.n_samples_fit_ == 168
    with pytest.raises(ValueError, match="refit cannot be False"):
        ThresholdOptimizer(KNeighborsClassifier(), cv=3, refit=False).fit(X, y)


def test_sample_weight_reaches_estimator_and_metric(data):
    # zero weights remove samples from both the fit and the search
    X, y = data
    weights = np.ones(len(y))
    weights[::2] = 0
    tuned = ThresholdOptimizer(OneVsRestClassifier(LogisticRegression()), cv=3,
                               store_cv_results=True).fit(X, y, sample_weight=weights)
    oof_pred = tuned._apply_rule(tuned.cv_results_["scores"])
    assert tuned.best_score_ == pytest.approx(
        f1_score(y, oof_pred, average="micro", sample_weight=weights)
    )


def test_sparse_target_gives_sparse_predictions(data):
    # predictions come back in the indicator format of y
    X, y = data
    model = ThresholdOptimizer(KNeighborsClassifier(), cv=3).fit(X, sp.csr_matrix(y))
    assert sp.issparse(model.predict(X))


def test_pipeline_and_grid_search(data):
    # it works inside a Pipeline and GridSearchCV over the inner estimator's parameters
    X, y = data
    model = make_pipeline(
        StandardScaler(),
        ThresholdOptimizer(OneVsRestClassifier(LogisticRegression()), cv=3),
    )
    grid = GridSearchCV(
        model, {"thresholdoptimizer__estimator__estimator__C": [0.1, 1.0]},
        scoring="f1_micro", cv=2,
    ).fit(X, y)
    assert grid.best_estimator_.predict(X).shape == y.shape


def test_errors_say_what_to_do(data):
    # estimators without scores and non-label metrics are refused with advice
    X, y = data
    class NoScores(ClassifierMixin, BaseEstimator):
        def fit(self, X, y):
            return self

    with pytest.raises(TypeError, match="CalibratedClassifierCV"):
        ThresholdOptimizer(NoScores()).fit(X, y)
    with pytest.raises(ValueError, match="does not depend on the threshold"):
        ThresholdOptimizer(KNeighborsClassifier(), scoring="roc_auc").fit(X, y)
    with pytest.raises(ValueError, match="f1_micro"):
        ThresholdOptimizer(KNeighborsClassifier(), scoring="f1").fit(X, y)


def test_generic_callable_metric(data):
    # a plain metric(y_true, y_pred) callable is maximised on a candidate grid
    X, y = data

    def subset_accuracy(y_true, y_pred, sample_weight=None):
        return np.average((y_true == y_pred).all(axis=1), weights=sample_weight)

    generic = ThresholdOptimizer(KNeighborsClassifier(), strategy="global", cv=3,
                                 scoring=subset_accuracy).fit(X, y)
    fast = clone(generic).set_params(scoring="accuracy").fit(X, y)
    assert generic.best_score_ == pytest.approx(fast.best_score_)


def test_multilabel_net_classifier_inside():
    # the package's own network is tuned by cross-validation and grid-searched over losses
    X, y = make_multilabel_classification(n_samples=120, n_classes=4, random_state=0)
    net = MultiLabelNetClassifier(hidden_layer_sizes=(16,), epochs=5, random_state=0)
    model = ThresholdOptimizer(net, cv=2).fit(X, y)
    assert model.predict(X).shape == y.shape
    # one validation split inside keeps the grid at a handful of network fits
    grid = GridSearchCV(
        ThresholdOptimizer(net, cv=0.5, refit=False, random_state=0),
        {"estimator__loss": ["binary_crossentropy", "focal"]},
        scoring="f1_micro", cv=2,
    ).fit(X, y)
    assert grid.best_params_["estimator__loss"] in ("binary_crossentropy", "focal")


class _FixedScores(ClassifierMixin, BaseEstimator):
    """Scores read from a table by sample index: X holds the row numbers."""

    def __init__(self, scores=None):
        self.scores = scores

    def fit(self, X, y):
        self.classes_ = np.arange(self.scores.shape[1])
        return self

    def predict_proba(self, X):
        return self.scores[np.asarray(X, dtype=int).ravel()]


@pytest.mark.parametrize("strategy", ["global", "per_label", "cardinality"])
def test_label_that_always_ranks_first_with_min_labels(strategy):
    """A label among every sample's min_labels best has no finite score left, and fits (issue 20)."""
    scores = np.array([[0.9, 0.2], [0.8, 0.6], [0.7, 0.1], [0.95, 0.5]])
    y = np.array([[1, 0], [1, 1], [0, 0], [1, 1]])
    X = np.arange(4).reshape(-1, 1)
    for min_labels in (1, 2):
        fitted = _FixedScores(scores).fit(X, y)
        model = ThresholdOptimizer(fitted, strategy=strategy, cv="prefit", refit=False,
                                   min_labels=min_labels).fit(X, y)
        assert (model.predict(X).sum(axis=1) >= min_labels).all()
