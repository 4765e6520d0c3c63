"""A "classifier" whose scores are its input, shared by the benchmark scripts.

``ThresholdOptimizer(StoredScores().fit(scores), cv="prefit", refit=False)``
tunes a decision rule on scores computed beforehand (out-of-fold scores, or
synthetic ones), through the public API alone.
"""

from sklearn.base import BaseEstimator, ClassifierMixin


class StoredScores(ClassifierMixin, BaseEstimator):
    """Its ``predict_proba`` returns what it is given."""

    def fit(self, scores, y=None):
        self.n_labels_ = scores.shape[1]
        return self

    def predict_proba(self, scores):
        return scores

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags
