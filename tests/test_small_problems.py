"""Every estimator fits and predicts on every small problem a user can bring (issue 20).

Held-out data crashed ``AutoMultiLabelNet`` on a 12-label set of 272 rows and a
174-label set of 335 rows: a label whose training-fold scores were all forced to
+inf by ``min_labels`` left the threshold search without a finite score. Here
hypothesis draws small problems of the shapes that break such code (rare labels,
labels with one or two positives, all-zero and all-one label columns, rows without
a label, duplicate rows, a few dozen to a few hundred rows, up to 150 labels) and
scores that break searches (constant, +/-inf, extreme); ``ThresholdOptimizer``
with every registered strategy and ``AutoMultiLabelNet`` must fit them and predict
label matrices of the right shape. Two deterministic tests replay the held-out
shapes.
"""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier

from skmultinet import AutoMultiLabelNet, MultiLabelNetClassifier, ThresholdOptimizer
from skmultinet.thresholds._metrics import SCORINGS, fast_metrics
from skmultinet.thresholds.strategies import strategy_names

pytestmark = [
    pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning"),
    # a label constant in a fold: OneVsRestClassifier says so, then predicts the constant
    pytest.mark.filterwarnings("ignore:Label .* is present in all training examples"),
    pytest.mark.filterwarnings("ignore:Label not .* is present in all training examples"),
    pytest.mark.filterwarnings("ignore::sklearn.exceptions.UndefinedMetricWarning"),
]

SCORE_KINDS = ("constant", "plus_inf", "minus_inf", "mixed_inf", "extreme", "ties")
# The fastest AutoMultiLabelNet: one tiny network, one of it in the final model.
FAST_AUTO = {"candidates": [{}], "n_estimators": 1, "ensemble_size": 1, "cv": 2,
             "base_params": {"hidden_layer_sizes": (4,), "epochs": 1}, "random_state": 0}


class ExtremeScores(ClassifierMixin, BaseEstimator):
    """A multi-label "classifier" whose scores are constant, infinite or extreme.

    Parameters
    ----------
    kind : str
        One of ``SCORE_KINDS``; the scores depend on the row only through its
        first feature, so that different folds see different values.
    """

    def __init__(self, kind="constant"):
        self.kind = kind

    def fit(self, X, y):
        self.n_labels_ = np.asarray(y).shape[1]
        self.classes_ = np.arange(self.n_labels_)
        return self

    def predict_proba(self, X):
        n_rows = X.shape[0]
        shape = (n_rows, self.n_labels_)
        # a generator seeded by the data, so that a fold's scores are reproducible
        rng = np.random.default_rng(np.abs(np.asarray(X)[:, 0] * 1000).astype(int) % 997)
        if self.kind == "constant":
            return np.full(shape, 0.3)
        if self.kind == "plus_inf":
            return np.full(shape, np.inf)
        if self.kind == "minus_inf":
            return np.full(shape, -np.inf)
        if self.kind == "mixed_inf":
            return rng.choice([np.inf, -np.inf, 0.5], size=shape)
        if self.kind == "extreme":
            return rng.choice([np.finfo(float).max, -np.finfo(float).max, 1e-300, 0.0],
                              size=shape)
        return rng.choice([0.0, 1.0], size=shape)  # "ties": two values only

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags


@st.composite
def small_problems(draw, max_labels=150, max_rows=300):
    """(X, Y): a small problem with rare, constant and nearly empty labels.

    Label columns are drawn with power-law frequencies; a few are then set to all
    zeros, all ones, or exactly one or two positives; some rows lose all their
    labels and some rows (features and labels) are repeated.
    """
    n_rows = draw(st.integers(24, max_rows))
    n_labels = draw(st.integers(2, max_labels))
    seed = draw(st.integers(0, 2**16))
    binary_features = draw(st.booleans())
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_rows, 5))
    if binary_features:
        X = (X > 1).astype(float)
    frequencies = rng.pareto(1.5, size=n_labels) * draw(st.sampled_from([0.005, 0.05, 0.3]))
    Y = (rng.random((n_rows, n_labels)) < np.minimum(frequencies, 1)).astype(int)
    Y[rng.random(n_rows) < draw(st.sampled_from([0.0, 0.3, 0.9]))] = 0
    for label, shape in zip(rng.permutation(n_labels), draw(st.lists(
            st.sampled_from(["zeros", "ones", "one", "two"]), max_size=4))):
        Y[:, label] = 1 if shape == "ones" else 0
        if shape in ("one", "two"):
            Y[rng.choice(n_rows, 1 if shape == "one" else 2, replace=False), label] = 1
    n_copies = draw(st.integers(0, n_rows // 3))
    X[:n_copies], Y[:n_copies] = X[-1], Y[-1]
    return X, Y


def _check_fits_and_predicts(model, X, Y):
    """``model`` fits ``(X, Y)`` and predicts a 0/1 matrix of ``Y``'s shape."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="n_quantiles")
        model.fit(X, Y)
    y_pred = np.asarray(model.predict(X[:7]))
    assert y_pred.shape == (min(7, X.shape[0]), Y.shape[1])
    assert set(np.unique(y_pred)) <= {0, 1}
    return model


@pytest.mark.parametrize("strategy", strategy_names())
@pytest.mark.parametrize("kind", SCORE_KINDS)
def test_every_strategy_and_metric_survives_degenerate_scores(strategy, kind):
    # Constant, infinite and extreme scores, with and without min_labels, on a label
    # set with empty, full and one-positive columns: every strategy tunes and predicts
    # for every metric (constant scores with min_labels=1 force label 0 to +inf on
    # every row: the held-out crash).
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    Y = (rng.random((40, 6)) < 0.2).astype(int)
    Y[:, 1], Y[:, 2], Y[:, 3] = 0, 1, 0
    Y[5, 3] = 1
    # two fixed folds: the label with one positive has none in the second one
    folds = [(np.arange(10, 40), np.arange(10)), (np.arange(10), np.arange(10, 40))]
    for index, scoring in enumerate(sorted(fast_metrics())):
        # min_labels alternates so that each metric runs fast and both values are seen
        model = ThresholdOptimizer(ExtremeScores(kind), strategy=strategy, scoring=scoring,
                                   cv=folds, min_labels=index % 2)
        _check_fits_and_predicts(model, X, Y)


@settings(max_examples=8, deadline=None)
@given(problem=small_problems(), kind=st.sampled_from(SCORE_KINDS),
       scoring=st.sampled_from(sorted(fast_metrics())), min_labels=st.integers(0, 2))
def test_threshold_optimizer_on_small_problems_with_degenerate_scores(
        problem, kind, scoring, min_labels):
    # Random small problems, degenerate scores: every strategy fits and predicts.
    X, Y = problem
    for strategy in strategy_names():
        model = ThresholdOptimizer(ExtremeScores(kind), strategy=strategy, scoring=scoring,
                                   cv=3, min_labels=min_labels)
        _check_fits_and_predicts(model, X, Y)


@settings(max_examples=3, deadline=None)
@given(problem=small_problems(max_labels=30, max_rows=100),
       strategy=st.sampled_from(strategy_names()),
       scoring=st.sampled_from(sorted(fast_metrics())), min_labels=st.integers(0, 1))
def test_threshold_optimizer_around_logistic_regression(problem, strategy, scoring, min_labels):
    # One-vs-rest logistic regression (constant labels in a fold included) behind
    # any strategy fits and predicts on small problems.
    X, Y = problem
    model = ThresholdOptimizer(OneVsRestClassifier(LogisticRegression(max_iter=50)),
                               strategy=strategy, scoring=scoring, cv=3,
                               min_labels=min_labels)
    _check_fits_and_predicts(model, X, Y)


@settings(max_examples=3, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(problem=small_problems(max_labels=150, max_rows=100),
       strategy=st.sampled_from(strategy_names()),
       scoring=st.sampled_from(sorted(fast_metrics())), min_labels=st.integers(0, 1))
def test_threshold_optimizer_around_a_tiny_network(problem, strategy, scoring, min_labels):
    # A one-epoch network behind any strategy fits and predicts on small problems.
    X, Y = problem
    network = MultiLabelNetClassifier((4,), epochs=1, random_state=0)
    model = ThresholdOptimizer(network, strategy=strategy, scoring=scoring, cv=2,
                               min_labels=min_labels)
    _check_fits_and_predicts(model, X, Y)


@settings(max_examples=2, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(problem=small_problems(max_labels=60, max_rows=120),
       scoring=st.sampled_from(sorted(SCORINGS)))
def test_auto_on_small_problems(problem, scoring):
    # AutoMultiLabelNet, every strategy and min_labels 0-2 in its grid, fits and
    # predicts on small problems.
    X, Y = problem
    auto = AutoMultiLabelNet(scoring=scoring, strategies=strategy_names(),
                             min_labels=(0, 1, 2), **FAST_AUTO)
    _check_fits_and_predicts(auto, X, Y)


def _held_out_shape(n_rows, n_labels, seed):
    """Synthetic data of a held-out set's shape: many rare labels, some rows without any."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_rows, 20))
    # label j has about 0.9 n_rows / j**1.5 positives (at least one): a long tail
    # behind label 0, which nearly every row has; a trained network scores it first
    # in every row, so min_labels=1 forces all of its scores to +inf
    n_positives = np.maximum(1, np.round(0.9 * n_rows / np.arange(1, n_labels + 1) ** 1.5))
    logits = X[:, rng.integers(0, 20, n_labels)] + rng.normal(scale=2, size=(n_rows, n_labels))
    ranks = np.argsort(np.argsort(-logits, axis=0), axis=0)
    Y = (ranks < n_positives).astype(int)
    Y[:, 0] = rng.random(n_rows) < 0.95  # whatever the features say
    Y[rng.random(n_rows) < 0.1] = 0
    return X, Y


@pytest.mark.parametrize("n_rows, n_labels", [(272, 12), (335, 174)])
def test_held_out_shapes_fit_through_auto(n_rows, n_labels):
    # The two held-out shapes that crashed: 272 rows x 12 labels and 335 rows x 174
    # labels (most of them with a handful of positives, one on nearly every row) fit
    # and predict through AutoMultiLabelNet's default rule grid (per_label, global,
    # mcut; min_labels 0, 1).
    X, Y = _held_out_shape(n_rows, n_labels, seed=n_labels)
    # A network trained long enough to learn label 0's prevalence (the tiny one-epoch
    # network does not, and never forces a whole label); this one crashed before the fix.
    network = {"epochs": 10, "learning_rate": 0.01, "early_stopping": False}
    auto = AutoMultiLabelNet(**{**FAST_AUTO, "cv": 3, "base_params": network})
    auto = _check_fits_and_predicts(auto, X, Y)
    assert auto.predict_proba(X).shape == Y.shape
