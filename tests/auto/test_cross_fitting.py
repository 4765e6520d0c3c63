"""Tests of cross-fitting (skmultinet.auto._cross_fitting)."""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from skmultinet.auto._cross_fitting import cross_fitted_rule_score, out_of_fold_scores
from skmultinet.model_selection._split import multilabel_folds as outer_folds


def test_cross_fitted_rule_is_tuned_on_other_folds():
    # Perfect scores give a perfect rule; scores that flip between folds are penalised.
    rng = np.random.RandomState(0)
    Y = (rng.rand(60, 3) < 0.4).astype(int)
    folds = outer_folds(Y, 2, 0)
    perfect = cross_fitted_rule_score(Y.astype(float), Y, folds, strategy="per_label",
                                      scoring="f1_micro")
    assert perfect == 1.0
    flipped = Y.astype(float)
    flipped[folds[0][1]] = 1 - flipped[folds[0][1]]  # one fold's scores are inverted
    assert cross_fitted_rule_score(flipped, Y, folds, strategy="global",
                                   scoring="f1_micro") < 0.8


class _RowMemory(ClassifierMixin, BaseEstimator):
    """Scores 1 for a row it was fitted on and 0 for any other."""

    def fit(self, X, Y):
        self.seen_ = {row.tobytes() for row in X}
        self.n_labels_ = Y.shape[1]
        return self

    def predict_proba(self, X):
        seen = np.array([row.tobytes() in self.seen_ for row in X], dtype=float)
        return np.repeat(seen[:, None], self.n_labels_, axis=1)


def test_out_of_fold_scores_come_from_models_that_did_not_see_the_row():
    # Each row is scored by a clone fitted on the other folds only.
    rng = np.random.RandomState(0)
    X, Y = rng.rand(30, 4), (rng.rand(30, 3) < 0.5).astype(int)
    folds = outer_folds(Y, 3, 0)
    scores = out_of_fold_scores(_RowMemory(), X, Y, folds)
    assert scores.shape == (30, 3) and not scores.any()
    assert _RowMemory().fit(X, Y).predict_proba(X).all()  # the memory itself works
