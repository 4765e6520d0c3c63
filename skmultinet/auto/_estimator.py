"""AutoMultiLabelNet: pick the network, loss and decision rule from the training data.

The search follows the protocol of ``skmultinet compare``
(:mod:`skmultinet.cli._protocol`): the same outer multi-label stratified folds and
the same metrics of predicted label sets. Each candidate network is scored by
cross-fitting (:mod:`._cross_fitting`), so no decision rule is scored on the
rows it was tuned on. The winner is refitted as an average of a few networks
that differ only in their seeds (:mod:`._ensemble`), wrapped in
:class:`~skmultinet.ThresholdOptimizer`.
"""

import time
import warnings
from contextlib import contextmanager
from numbers import Integral

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, _fit_context, clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import label_ranking_loss
from sklearn.pipeline import make_pipeline
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted, validate_data

from .._persistence import DeferredUnpicklingMixin
from ..model_selection._split import multilabel_folds
from ..neural import MultiLabelNetClassifier
from ..thresholds import ThresholdOptimizer
from ..thresholds._metrics import SCORINGS
from ..thresholds.strategies import STRATEGIES, strategy_names
from ._candidates import choose_candidates
from ._cross_fitting import cross_fitted_rule_score, out_of_fold_scores
from ._ensemble import SeedAveragedClassifier, seed_params



class AutoMultiLabelNet(DeferredUnpicklingMixin, ClassifierMixin, MetaEstimatorMixin,
                        BaseEstimator):
    """A multi-label network whose settings and decision rule are chosen by cross-validation.

    ``fit`` compares a few :class:`~skmultinet.MultiLabelNetClassifier`
    settings (loss, width, dropout, ...) and decision rules (threshold
    strategy, at least one label per sample or not) on multi-label
    stratified folds of the training data. It then averages the
    out-of-fold scores of the best 1, 2, ... ``ensemble_size`` candidates
    and keeps the number of candidates and the rule with the best
    cross-fitted ``scoring``; the final model averages about
    ``n_estimators`` networks of those candidates (different seeds) inside
    a :class:`~skmultinet.ThresholdOptimizer` that tunes the rule on
    ``cv``-fold out-of-fold scores. Nothing but the data given to ``fit``
    is used.

    Parameters
    ----------
    scoring : str, default="f1_micro"
        Metric of predicted label sets to maximise: ``"f1_micro"``,
        ``"f1_macro"``, ``"f1_samples"``, ``"f1_weighted"``, the same with
        ``jaccard_``, ``"accuracy"`` or ``"hamming_loss"`` (minimised).
    candidates : list of dict, default=None
        Parameters of ``MultiLabelNetClassifier`` to compare, at least one (each on top of
        ``base_params``); the key ``"preprocessing"`` may hold a transformer
        (cloned) to put before the network. None uses
        :func:`default_candidates` (without the quantile and spline transforms
        when every feature is 0/1, and with the spline transforms only for
        dense inputs of at most 1000 features and 10 million values).
    strategies : tuple of str, default=("per_label", "global", "mcut")
        ``ThresholdOptimizer`` strategies to compare.
    min_labels : tuple of int, default=(0, 1)
        ``ThresholdOptimizer`` ``min_labels`` values to compare with each
        strategy (a strategy that keeps a label by itself, such as "mcut", is
        tried once).
    ensemble_size : int, default=3
        Most candidates averaged in the final model (1: the best one only).
    n_estimators : int, default=5
        Networks averaged in the final model (1 for a single network),
        rounded up to a multiple of the number of candidates averaged.
    cv : int, default=3
        Folds of the search and of the final threshold tuning.
    base_params : dict, default=None
        Parameters shared by every candidate (e.g. ``{"epochs": 50}``).
    random_state : int, RandomState instance or None, default=None
        Seeds the folds and every network.
    verbose : int, default=0
        Print one line per candidate when positive.

    Attributes
    ----------
    estimator_ : ThresholdOptimizer
        The final model: tuned rule around the seed-averaged networks.
    best_params_ : dict
        The best single candidate (``MultiLabelNetClassifier`` parameters
        and, maybe, ``"preprocessing"``).
    ensemble_params_ : list of dict
        The candidates averaged in the final model, best first
        (``ensemble_params_[0]`` is ``best_params_``).
    best_strategy_ : str
        The winning threshold strategy.
    best_min_labels_ : int
        The winning ``min_labels`` (labels every sample gets at least).
    best_score_ : float
        Cross-fitted ``scoring`` of the averaged ``ensemble_params_`` with
        the winning rule, on the training folds.
    cv_results_ : dict of list
        One entry per (candidate, strategy, min_labels): ``"params"``,
        ``"strategy"``, ``"min_labels"``, ``"score"``, ``"ranking_loss"`` (of
        the out-of-fold scores) and ``"fit_time"`` (seconds for the
        candidate's folds).
    classes_ : ndarray
        ``arange(n_labels)``.
    n_features_in_ : int
        Number of features seen during fit.

    See Also
    --------
    skmultinet.ThresholdOptimizer : Tunes the rule of one given model.

    Notes
    -----
    The search costs ``len(candidates) * cv`` network fits, the final model
    ``(cv + 1) * n_estimators`` (rounded up as above). Averaging the best
    candidates' out-of-fold scores is a small case of ensemble selection
    from a library of models [3]_.

    References
    ----------
    .. [1] B. Lakshminarayanan, A. Pritzel and C. Blundell, "Simple and
       Scalable Predictive Uncertainty Estimation using Deep Ensembles",
       NeurIPS 2017 (averaging networks that differ in their seeds).
    .. [2] R.-E. Fan and C.-J. Lin, "A Study on Threshold Selection for
       Multi-label Classification", National Taiwan University, 2007
       (thresholds tuned on held-out scores).
    .. [3] R. Caruana, A. Niculescu-Mizil, G. Crew and A. Ksikes, "Ensemble
       Selection from Libraries of Models", ICML 2004.

    Examples
    --------
    >>> from sklearn.datasets import make_multilabel_classification
    >>> from skmultinet import AutoMultiLabelNet
    >>> X, Y = make_multilabel_classification(n_samples=120, n_classes=3, random_state=0)
    >>> auto = AutoMultiLabelNet(candidates=[{}], n_estimators=2, cv=2,
    ...                          base_params={"epochs": 5}, random_state=0).fit(X, Y)
    >>> auto.predict(X[:2]).shape
    (2, 3)
    """

    _parameter_constraints: dict = {
        "scoring": [StrOptions(set(SCORINGS))],
        "candidates": [list, None],
        "strategies": [tuple, list],
        "min_labels": [tuple, list],
        "ensemble_size": [Interval(Integral, 1, None, closed="left")],
        "n_estimators": [Interval(Integral, 1, None, closed="left")],
        "cv": [Interval(Integral, 2, None, closed="left")],
        "base_params": [dict, None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    # Candidate settings may hold loss objects; prediction needs none of them, so a
    # saved model loads without Keras (see DeferredUnpicklingMixin).
    _deferred = ("candidates", "base_params", "cv_results_", "best_params_",
                 "ensemble_params_")

    def __init__(self, *, scoring="f1_micro", candidates=None,
                 strategies=("per_label", "global", "mcut"), min_labels=(0, 1), ensemble_size=3,
                 n_estimators=5, cv=3, base_params=None, random_state=None, verbose=0):
        self.scoring = scoring
        self.candidates = candidates
        self.strategies = strategies
        self.min_labels = min_labels
        self.ensemble_size = ensemble_size
        self.n_estimators = n_estimators
        self.cv = cv
        self.base_params = base_params
        self.random_state = random_state
        self.verbose = verbose

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y):
        """Compare the candidates on folds of ``(X, y)``, then fit the winner.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : {array-like, sparse matrix} of shape (n_samples, n_labels)
            0/1 indicator matrix.

        Returns
        -------
        self : object
        """
        self._check_rule_grid()
        self._check_candidates()
        X, Y = self._check_data(X, y)
        # Three seeds drawn in this order: the search folds, the search
        # networks, then the final model (its networks and its folds).
        fold_seed, net_seed, final_seed = (
            int(seed) for seed in check_random_state(self.random_state).randint(
                np.iinfo(np.int32).max, size=3))
        folds = multilabel_folds(Y, self.cv, fold_seed)
        with _quiet_search_warnings():
            candidates = self.candidates if self.candidates is not None else choose_candidates(X)
            self.cv_results_, oof_scores = self._search(X, Y, folds, net_seed, candidates)
            self.best_params_ = dict(self.cv_results_["params"][self._best_index()])
            ensemble, rule, self.best_score_ = self._choose_ensemble(
                candidates, oof_scores, Y, folds)
            self.ensemble_params_ = [dict(candidates[i]) for i in ensemble]
            self.best_strategy_, self.best_min_labels_ = rule
            self.estimator_ = self._fit_final(X, Y, final_seed)
        self.classes_ = np.arange(Y.shape[1])
        return self

    def _check_rule_grid(self):
        """Check ``strategies`` and ``min_labels``, which the constraints only type-check."""
        unknown = [s for s in self.strategies if s not in STRATEGIES]
        if unknown or not self.strategies:
            raise ValueError(f"strategies must be a non-empty subset of {strategy_names()}; "
                             f"got {self.strategies!r}.")
        if not self.min_labels or any(
                not isinstance(m, Integral) or m < 0 for m in self.min_labels):
            raise ValueError(f"min_labels must be a non-empty tuple of non-negative ints, "
                             f"e.g. (0, 1); got {self.min_labels!r}.")

    def _check_candidates(self):
        """Check ``candidates``, which the constraints only type-check."""
        if self.candidates is not None and (
                not self.candidates or not all(isinstance(c, dict) for c in self.candidates)):
            raise ValueError(
                "candidates must be a non-empty list of dicts of MultiLabelNetClassifier "
                "parameters (e.g. [{}, {'dropout': 0.5}]), or None for the default "
                f"candidates; got {self.candidates!r}.")

    def _check_data(self, X, y):
        """Validated ``X`` and ``y`` as a dense int8 indicator matrix of two labels or more."""
        X, Y = validate_data(self, X, y, accept_sparse="csr", multi_output=True,
                             dtype=(np.float64, np.float32))
        Y = Y.toarray() if sp.issparse(Y) else np.asarray(Y)
        if type_of_target(Y) != "multilabel-indicator":
            raise ValueError(
                f"{type(self).__name__} needs a 0/1 indicator matrix with at least two "
                f"labels, got a {type_of_target(Y)!r} target. For binary or multiclass "
                f"targets use ThresholdOptimizer(MultiLabelNetClassifier()).")
        return X, Y.astype(np.int8)

    def _rules(self):
        """(strategy, min_labels) pairs to compare; a rule that keeps a label is tried once."""
        return [(strategy, min_labels) for strategy in self.strategies
                for min_labels in (self.min_labels if not STRATEGIES[strategy].keeps_a_label
                                   else (0,))]

    def _search(self, X, Y, folds, seed, candidates):
        """Out-of-fold scores of each candidate, then every rule cross-fitted on them."""
        results = {"params": [], "strategy": [], "min_labels": [], "score": [],
                   "ranking_loss": [], "fit_time": []}
        oof_scores = []
        for params in candidates:
            network = self._network(params)
            network.set_params(**seed_params(network, seed))
            started = time.perf_counter()
            scores = out_of_fold_scores(network, X, Y, folds)
            fit_time = time.perf_counter() - started
            oof_scores.append(scores)
            ranking = float(label_ranking_loss(Y, scores))
            for strategy, min_labels in self._rules():
                value = cross_fitted_rule_score(scores, Y, folds, strategy=strategy,
                                                scoring=self.scoring, min_labels=min_labels)
                row = (params, strategy, min_labels, value, ranking, fit_time)
                for key, item in zip(results, row):
                    results[key].append(item)
                self._log(f"{params} {strategy} min_labels={min_labels}: {self.scoring} "
                          f"{value:.4f}, ranking loss {ranking:.4f} ({fit_time:.1f}s)")
        return results, oof_scores

    def _choose_ensemble(self, candidates, oof_scores, Y, folds):
        """How many of the best candidates to average, and the rule, by cross-fitted score.

        Candidates are ranked by their best score in ``cv_results_``; the
        mean out-of-fold scores of the best ``k`` are scored with every rule,
        for ``k`` up to ``ensemble_size``. A larger ``k`` must do strictly
        better. Returns the candidate indices, the rule and its score.
        """
        sign = 1 if SCORINGS[self.scoring][2] else -1
        n_rules = len(self._rules())
        per_candidate = sign * np.reshape(self.cv_results_["score"], (len(candidates), n_rules))
        ranked = np.argsort(-per_candidate.max(axis=1), kind="stable")
        best = None
        for k in range(1, min(self.ensemble_size, len(candidates)) + 1):
            scores = np.mean([oof_scores[i] for i in ranked[:k]], axis=0)
            for rule in self._rules():
                value = sign * cross_fitted_rule_score(scores, Y, folds, strategy=rule[0],
                                                       scoring=self.scoring,
                                                       min_labels=rule[1])
                if best is None or value > best[2]:
                    best = (list(ranked[:k]), rule, value)
            self._log(f"best {k} averaged: {self.scoring} {sign * best[2]:.4f} so far")
        return best[0], best[1], sign * best[2]

    def _fit_final(self, X, Y, seed):
        """The chosen candidates, seed-averaged, inside a ThresholdOptimizer of the chosen rule.

        ``n_estimators`` is rounded up to a multiple of the number of
        candidates so that each weighs the same in the average.
        """
        networks = [self._network(params) for params in self.ensemble_params_]
        n_estimators = -(-self.n_estimators // len(networks)) * len(networks)
        return ThresholdOptimizer(
            SeedAveragedClassifier(networks, n_estimators=n_estimators, random_state=seed),
            strategy=self.best_strategy_, scoring=self.scoring,
            min_labels=self.best_min_labels_,
            cv=list(multilabel_folds(Y, self.cv, seed)), store_cv_results=True,
        ).fit(X, Y)

    def _log(self, message):
        """Print one progress line when ``verbose``."""
        if self.verbose:
            print(f"[AutoMultiLabelNet] {message}")

    def _network(self, params):
        """The candidate ``params`` as an unfitted estimator."""
        params = {**(self.base_params or {}), **params}
        preprocessing = params.pop("preprocessing", None)
        network = MultiLabelNetClassifier(**params)
        return network if preprocessing is None else make_pipeline(clone(preprocessing), network)

    def _best_index(self):
        """Row of ``cv_results_`` with the best score (the lowest for a loss)."""
        values = np.asarray(self.cv_results_["score"])
        greater_is_better = SCORINGS[self.scoring][2]
        return int(np.argmax(values) if greater_is_better else np.argmin(values))

    def predict(self, X):
        """Label sets of the tuned rule, as a 0/1 indicator matrix.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples, n_labels)
        """
        check_is_fitted(self)
        return self.estimator_.predict(X)

    def predict_proba(self, X):
        """Mean probability of each label over the averaged networks.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_labels)
        """
        check_is_fitted(self)
        return self.estimator_.predict_proba(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = False
        tags.classifier_tags.multi_label = True
        tags.non_deterministic = self.random_state is None
        return tags


@contextmanager
def _quiet_search_warnings():
    """Silence the warnings that a search of small networks raises by design."""
    with warnings.catch_warnings():
        # Search networks train for few epochs on purpose.
        warnings.simplefilter("ignore", ConvergenceWarning)
        # The default quantile candidates ask for 200 quantiles; on fewer rows
        # the transform uses one per row, which is what they should do.
        warnings.filterwarnings("ignore", message="n_quantiles .* is greater than",
                                category=UserWarning)
        yield
