"""Seed averaging: one classifier fitted several times, its probabilities averaged.

The final model of :class:`~skmultinet.AutoMultiLabelNet` averages networks that
differ only in their seeds (a "deep ensemble", Lakshminarayanan et al., 2017);
nothing here is specific to networks.
"""

from numbers import Integral, Real

import numpy as np
from sklearn import config_context
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, _fit_context, clone
from sklearn.pipeline import Pipeline
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted


class SeedAveragedClassifier(ClassifierMixin, MetaEstimatorMixin, BaseEstimator):
    """Average the probabilities of copies of classifiers fitted with different seeds.

    Parameters
    ----------
    estimator : estimator instance or list of estimator instances
        A classifier (or pipeline) with ``predict_proba`` and ``random_state``
        parameters; every ``random_state`` gets the copy's seed. With a list,
        copy ``i`` is made from ``estimator[i % len(estimator)]``, so that
        ``n_estimators`` a multiple of the length weighs them equally.
    n_estimators : int, default=5
        Number of copies.
    threshold : float, default=0.5
        Probability at or above which ``predict`` outputs a label.
    random_state : int, RandomState instance or None, default=None
        Draws the seed of each copy.

    Attributes
    ----------
    estimators_ : list of estimator instance
        The fitted copies.
    classes_ : ndarray
        ``classes_`` of the first copy.
    n_features_in_ : int
        Number of features seen during fit.

    Examples
    --------
    >>> from sklearn.datasets import make_multilabel_classification
    >>> from skmultinet import MultiLabelNetClassifier
    >>> from skmultinet.auto._ensemble import SeedAveragedClassifier
    >>> X, Y = make_multilabel_classification(n_samples=100, n_classes=3, random_state=0)
    >>> net = MultiLabelNetClassifier((16,), epochs=5)
    >>> SeedAveragedClassifier(net, n_estimators=2, random_state=0).fit(X, Y).predict(X[:1]).shape
    (1, 3)
    """

    _parameter_constraints: dict = {
        "estimator": "no_validation",
        "n_estimators": [Interval(Integral, 1, None, closed="left")],
        "threshold": [Interval(Real, 0, 1, closed="both")],
        "random_state": ["random_state"],
    }

    def __init__(self, estimator, *, n_estimators=5, threshold=0.5, random_state=None):
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.threshold = threshold
        self.random_state = random_state

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None):
        """Fit ``n_estimators`` copies of the estimator, each with its own seed.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : {array-like, sparse matrix} of shape (n_samples, n_labels)
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of every copy's fit (of the last step of a pipeline).

        Returns
        -------
        self : object
        """
        seeds = check_random_state(self.random_state).randint(
            np.iinfo(np.int32).max, size=self.n_estimators)
        models = self.estimator if isinstance(self.estimator, list) else [self.estimator]
        self.estimators_ = [
            fit_weighted(clone(model).set_params(**seed_params(model, int(seed))),
                         X, y, sample_weight)
            for model, seed in zip(models * self.n_estimators, seeds)
        ]
        first = self.estimators_[0]
        self.classes_ = first.classes_
        self.n_features_in_ = first.n_features_in_
        if hasattr(first, "feature_names_in_"):
            self.feature_names_in_ = first.feature_names_in_
        return self

    def predict_proba(self, X):
        """Mean of the copies' ``predict_proba``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_labels)
        """
        check_is_fitted(self)
        return np.mean([member.predict_proba(X) for member in self.estimators_], axis=0)

    def predict(self, X):
        """Labels whose mean probability reaches ``threshold``, as an indicator matrix.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples, n_labels)
        """
        return (self.predict_proba(X) >= self.threshold).astype(np.int8)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        tags.classifier_tags.multi_label = True
        return tags


def fit_weighted(estimator, X, y, sample_weight):
    """``estimator.fit(X, y)`` with ``sample_weight`` given to it, or to a pipeline's last step.

    The candidates are networks, or pipelines of a transform and a network;
    the weights are the network's. They are passed the direct way whatever
    scikit-learn's metadata routing switch says: these estimators are built
    here, so there is no request of the user's to honour.

    Parameters
    ----------
    estimator : estimator instance
    X : {array-like, sparse matrix} of shape (n_samples, n_features)
    y : {array-like, sparse matrix} of shape (n_samples, n_labels)
    sample_weight : array-like of shape (n_samples,) or None

    Returns
    -------
    estimator : estimator instance
        The fitted ``estimator``.
    """
    if sample_weight is None:
        return estimator.fit(X, y)
    name = f"{estimator.steps[-1][0]}__" if isinstance(estimator, Pipeline) else ""
    with config_context(enable_metadata_routing=False):
        return estimator.fit(X, y, **{f"{name}sample_weight": sample_weight})


def seed_params(estimator, seed):
    """``set_params`` arguments seeding every ``random_state`` of ``estimator`` (and its steps)."""
    return {name: seed for name in estimator.get_params() if name.endswith("random_state")}
