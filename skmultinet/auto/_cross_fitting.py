"""Cross-fitting: scores of rows by models that never saw them, and rules tuned likewise.

A candidate network is fitted once per fold, which gives an out-of-fold score
for every training row (:func:`out_of_fold_scores`). A decision rule is then
tuned on the out-of-fold scores of the other folds and applied to the held-out
one (:func:`cross_fitted_rule_score`), so the rule is never scored on the rows
it was tuned on.
"""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone

from ..thresholds import ThresholdOptimizer
from ..thresholds._metrics import score


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


def cross_fitted_rule_score(scores, Y, folds, *, strategy, scoring, min_labels=0):
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

    Returns
    -------
    value : float
    """
    Y_pred = np.zeros(Y.shape, dtype=np.int8)
    for train, test in folds:
        rule = ThresholdOptimizer(_FixedScores().fit(scores[train]), strategy=strategy,
                                  scoring=scoring, cv="prefit", refit=False,
                                  min_labels=min_labels)
        rule.fit(scores[train], Y[train])
        Y_pred[test] = rule.predict(scores[test])
    return score(scoring, Y, Y_pred)


def out_of_fold_scores(estimator, X, Y, folds):
    """``predict_proba`` of every row by a clone of ``estimator`` that did not see it.

    Parameters
    ----------
    estimator : estimator instance
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    Y : ndarray of shape (n_samples, n_labels)
    folds : list of (train, test) index arrays

    Returns
    -------
    scores : ndarray of shape (n_samples, n_labels)
    """
    scores = np.zeros(Y.shape, dtype=float)
    for train, test in folds:
        fitted = clone(estimator).fit(X[train], Y[train])
        scores[test] = fitted.predict_proba(X[test])
    return scores
