"""Cross-fitting: scores of rows by models that never saw them, and rules tuned likewise.

A candidate network is fitted once per fold, which gives an out-of-fold score
for every training row (:func:`out_of_fold_scores`). A decision rule is then
tuned on the out-of-fold scores of the other folds and applied to the held-out
one (:func:`cross_fitted_rule_score`), so the rule is never scored on the rows
it was tuned on. Sample weights, when given, weight every fit, every rule's
tuning and every score.
"""

import numpy as np
from sklearn import config_context
from sklearn.base import BaseEstimator, ClassifierMixin, clone

from ..thresholds import ThresholdOptimizer
from ..thresholds._metrics import SCORINGS, score
from ._ensemble import fit_weighted


class _FixedScores(ClassifierMixin, BaseEstimator):
    """An "estimator" whose scores are its input, to tune a rule on stored scores."""

    def fit(self, scores, y=None):
        self.n_labels_ = scores.shape[1]
        return self

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags

    def predict_proba(self, scores):
        return scores


def cross_fitted_rule_score(scores, Y, folds, *, strategy, scoring, min_labels=0,
                            sample_weight=None):
    """``scoring`` of a decision rule tuned on other folds' out-of-fold scores.

    For each fold, ``ThresholdOptimizer`` tunes the rule on the scores of
    the other folds; the rule then labels the fold's rows. The metric is
    computed once on all rows.

    Parameters
    ----------
    scores : ndarray of shape (n_samples, n_labels)
        Out-of-fold scores.
    Y : ndarray of shape (n_samples, n_labels)
        0/1 indicator matrix.
    folds : list of (train, test) index arrays
    strategy : str
        A ``ThresholdOptimizer`` strategy.
    scoring : str
        A key of :data:`skmultinet.thresholds._metrics.SCORINGS`.
    min_labels : int, default=0
        ``ThresholdOptimizer``'s ``min_labels``.
    sample_weight : ndarray of shape (n_samples,), default=None
        Weights of the rows in the tuning and in the score.

    Returns
    -------
    value : float
    """
    Y_pred = np.zeros(Y.shape, dtype=np.int8)
    for train, test in folds:
        rule = ThresholdOptimizer(_FixedScores().fit(scores[train]), strategy=strategy,
                                  scoring=scoring, cv="prefit", refit=False,
                                  min_labels=min_labels)
        weights = None if sample_weight is None else sample_weight[train]
        # The rule's metric takes the weights: a choice made here, not a routing request.
        with config_context(enable_metadata_routing=False):
            rule.fit(scores[train], Y[train], sample_weight=weights)
        Y_pred[test] = rule.predict(scores[test])
    return weighted_score(scoring, Y, Y_pred, sample_weight)


def weighted_score(scoring, Y, Y_pred, sample_weight=None):
    """Value of a ``SCORINGS`` metric on predicted label sets, rows weighted.

    Parameters
    ----------
    scoring : str
        A key of :data:`skmultinet.thresholds._metrics.SCORINGS`.
    Y, Y_pred : ndarray of shape (n_samples, n_labels)
        True and predicted 0/1 indicator matrices.
    sample_weight : ndarray of shape (n_samples,), default=None

    Returns
    -------
    value : float
        In the metric's own sign (a loss for "hamming_loss").
    """
    if sample_weight is None:
        return score(scoring, Y, Y_pred)
    if scoring == "accuracy":
        # subset accuracy: the weighted share of rows whose whole label set is right
        return float(np.average(np.all(Y == Y_pred, axis=1), weights=sample_weight))
    function, kwargs, _ = SCORINGS[scoring]
    return float(function(Y, Y_pred, sample_weight=sample_weight, **kwargs))


def out_of_fold_scores(estimator, X, Y, folds, sample_weight=None):
    """``predict_proba`` of every row by a clone of ``estimator`` that did not see it.

    Parameters
    ----------
    estimator : estimator instance
        A network, or a pipeline ending in one.
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    Y : ndarray of shape (n_samples, n_labels)
    folds : list of (train, test) index arrays
    sample_weight : ndarray of shape (n_samples,), default=None
        Weights of the network's training rows.

    Returns
    -------
    scores : ndarray of shape (n_samples, n_labels)
    """
    scores = np.zeros(Y.shape, dtype=float)
    for train, test in folds:
        weights = None if sample_weight is None else sample_weight[train]
        fitted = fit_weighted(clone(estimator), X[train], Y[train], weights)
        scores[test] = fitted.predict_proba(X[test])
    return scores
