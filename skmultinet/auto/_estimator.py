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
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn import config_context
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, _fit_context, clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import label_ranking_loss
from sklearn.model_selection import GroupKFold, check_cv
from sklearn.pipeline import make_pipeline
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.metadata_routing import (
    MetadataRouter,
    MethodMapping,
    _routing_enabled,
    process_routing,
)
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import (
    _check_sample_weight,
    check_consistent_length,
    check_is_fitted,
    column_or_1d,
    validate_data,
)

from .._persistence import DeferredUnpicklingMixin
from ..model_selection._split import multilabel_folds
from ..neural import MultiLabelNetClassifier
from ..thresholds import ThresholdOptimizer
from ..thresholds._metrics import SCORINGS
from ..thresholds.strategies import STRATEGIES, strategy_names
from ._candidates import SearchBudget, choose_candidates
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
    cv : int, cross-validation splitter, iterable or None, default=3
        Folds of the search and of the final threshold tuning. An int (None:
        5) uses
        shuffled multi-label stratified folds, or ``GroupKFold(cv,
        shuffle=True)`` when ``fit`` is given ``groups``; a splitter (such as
        :class:`~sklearn.model_selection.GroupKFold`, which gets ``groups`` in
        ``split``) or an iterable of (train, test) index pairs gives the same
        folds to both.
    base_params : dict, default=None
        Parameters shared by every candidate (e.g. ``{"epochs": 50}``).
    random_state : int, RandomState instance or None, default=None
        Seeds the folds and every network.
    verbose : int, default=0
        Print one line per candidate, and what ``time_budget`` cut from the
        final model, when positive.
    time_budget : float or None, default=300
        Seconds that ``fit`` aims to take in all (wall clock). Candidates
        are tried in order (the default ones most promising first) until,
        at the mean cost of those tried, one more would leave too little
        time for the final model. The final model then averages only as
        many of the best candidates as the rest of the budget pays one
        final network each for (``affordable_ensemble_size_``), and fewer
        than ``n_estimators`` networks (a multiple of the candidates
        averaged) if it cannot pay for them all. A final network is
        estimated from its candidate's search: ``cv`` fold fits cost about
        ``(cv - 1) / cv`` of the network's ``cv + 1`` final fits. The
        budget cannot bound what every fit pays: the first candidate's
        search and one final network of the best candidate, so a budget
        shorter than those is exceeded, as it is when the estimates fall
        short (a slower machine or a busier one during the final fits).
        None: no limit. The default rarely binds on data of a few thousand
        rows.

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
    affordable_ensemble_size_ : int
        Most candidates the final model could average, which
        ``ensemble_params_`` does not exceed: ``ensemble_size`` or the
        number of candidates tried, whichever is smaller, unless
        ``time_budget`` left time for one final network of each of fewer of
        the best candidates only (at least 1: the best candidate is always
        fitted).
    cv_results_ : dict of list
        One entry per (candidate, strategy, min_labels): ``"params"``,
        ``"strategy"``, ``"min_labels"``, ``"score"``, ``"ranking_loss"`` (of
        the out-of-fold scores), ``"fit_time"`` (seconds for the
        candidate's folds) and ``"skipped_for_time"`` (True for the
        candidates that ``time_budget`` left untried, whose score, ranking
        loss and fit time are NaN).
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
    ``(cv + 1) * n_estimators`` (rounded up as above). Given ``random_state``,
    the result is reproducible as long as ``time_budget`` does not bind (no
    True in ``cv_results_["skipped_for_time"]``, ``affordable_ensemble_size_``
    equal to ``ensemble_size`` or to the number of candidates, and
    ``n_estimators`` networks in the final model); a binding budget makes it
    depend on the machine's speed and load. Pass ``time_budget=None`` for results that never do.

    Metadata routing: ``fit``'s ``sample_weight`` and ``groups`` are
    consumed by ``AutoMultiLabelNet`` itself, since the networks, the
    splits and the metric inside are its own: the weights weight every
    network's loss and every score of the search, the groups keep each group
    on one side of every split. With
    ``sklearn.set_config(enable_metadata_routing=True)`` a parent such as
    ``GridSearchCV`` passes them when asked with
    ``set_fit_request(sample_weight=True, groups=True)``, and a splitter
    ``cv`` gets ``groups`` as it requests (``GroupKFold`` does). Averaging the best
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
        "cv": ["cv_object"],
        "base_params": [dict, None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "time_budget": [Interval(Real, 0, None, closed="neither"), None],
    }

    # Candidate settings may hold loss objects; prediction needs none of them, so a
    # saved model loads without Keras (see DeferredUnpicklingMixin).
    _deferred = ("candidates", "base_params", "cv_results_", "best_params_",
                 "ensemble_params_")

    def __init__(self, *, scoring="f1_micro", candidates=None,
                 strategies=("per_label", "global", "mcut"), min_labels=(0, 1), ensemble_size=3,
                 n_estimators=5, cv=3, base_params=None, random_state=None, verbose=0,
                 time_budget=300):
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
        self.time_budget = time_budget

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None, groups=None):
        """Compare the candidates on folds of ``(X, y)``, then fit the winner.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : {array-like, sparse matrix} of shape (n_samples, n_labels)
            0/1 indicator matrix.
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the rows: in every network's training loss and in
            every score that ranks candidates and tunes the rule.
        groups : array-like of shape (n_samples,), default=None
            Group of each row (a patient, a source): no group is split across
            the folds of the search and of the final threshold tuning. With an
            int ``cv`` the folds are ``GroupKFold(cv, shuffle=True)``; a
            splitter ``cv`` gets them in ``split`` (with metadata routing
            enabled, as it requests).

        Returns
        -------
        self : object
        """
        self._check_rule_grid()
        self._check_candidates()
        X, Y = self._check_data(X, y)
        sample_weight, groups, split_params = self._check_metadata(X, sample_weight, groups)
        # Three seeds drawn in this order: the search folds, the search
        # networks, then the final model (its networks and its folds).
        fold_seed, net_seed, final_seed = (
            int(seed) for seed in check_random_state(self.random_state).randint(
                np.iinfo(np.int32).max, size=3))
        folds = self._folds(X, Y, fold_seed, groups, split_params)
        final_folds = self._folds(X, Y, final_seed, groups, split_params)
        budget = SearchBudget(self.time_budget, len(folds))
        # The metadata were routed above; the estimators inside are built here and get
        # theirs the direct way, whatever the routing switch says.
        with _quiet_search_warnings(), config_context(enable_metadata_routing=False):
            candidates = self.candidates if self.candidates is not None else choose_candidates(X)
            self.cv_results_, oof_scores = self._search(X, Y, folds, net_seed, candidates,
                                                        sample_weight, budget=budget)
            self.best_params_ = dict(self.cv_results_["params"][self._best_index()])
            # the weights are passed only when given, keeping the four-argument call
            weights = {} if sample_weight is None else {"sample_weight": sample_weight}
            ensemble, rule, self.best_score_ = self._choose_ensemble(
                candidates, oof_scores, Y, folds, budget=budget, **weights)
            self.ensemble_params_ = [dict(candidates[i]) for i in ensemble]
            self.best_strategy_, self.best_min_labels_ = rule
            # what is left of the budget pays for the final networks (see time_budget)
            n_networks = budget.final_networks(self._n_final(len(ensemble)), ensemble)
            if n_networks < self._n_final(len(ensemble)):
                self._log(f"time_budget={self.time_budget}s pays for {n_networks} of "
                          f"{self._n_final(len(ensemble))} final networks")
            self.estimator_ = self._fit_final(X, Y, final_seed, sample_weight, final_folds,
                                              n_networks=n_networks)
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

    def _check_metadata(self, X, sample_weight, groups):
        """Validated ``sample_weight`` and ``groups``, and the metadata ``cv.split`` gets.

        Without metadata routing a splitter gets ``groups`` when given (as in
        :func:`~sklearn.model_selection.cross_validate`); with routing, as it
        requests.
        """
        if sample_weight is not None:
            # also refuses negative weights and all-zero ones, which no network can train on
            sample_weight = _check_sample_weight(sample_weight, X, ensure_non_negative=True)
        if groups is not None:
            groups = column_or_1d(groups)
            check_consistent_length(X, groups)
        if _routing_enabled():
            routed = process_routing(self, "fit", sample_weight=sample_weight, groups=groups)
            return sample_weight, groups, routed.splitter.split
        return sample_weight, groups, {} if groups is None else {"groups": groups}

    def _folds(self, X, Y, seed, groups, split_params):
        """(train, test) pairs of ``cv``: multi-label stratified, or by group with ``groups``."""
        n_splits = 5 if self.cv is None else self.cv  # None: scikit-learn's 5 folds
        if not isinstance(n_splits, Integral):
            return list(check_cv(self.cv, Y, classifier=True).split(X, Y, **split_params))
        if groups is None:
            return multilabel_folds(Y, n_splits, seed)
        return list(GroupKFold(n_splits, shuffle=True, random_state=seed).split(X, Y, groups))

    def _rules(self):
        """(strategy, min_labels) pairs to compare; a rule that keeps a label is tried once."""
        return [(strategy, min_labels) for strategy in self.strategies
                for min_labels in (self.min_labels if not STRATEGIES[strategy].keeps_a_label
                                   else (0,))]

    def _search(self, X, Y, folds, seed, candidates, sample_weight, budget=None):
        """Out-of-fold scores of each candidate, then every rule cross-fitted on them.

        Candidates that ``budget`` (a :class:`SearchBudget`) cannot afford,
        from the first one it refuses on, get rows of NaN marked
        ``"skipped_for_time"``; ``oof_scores`` covers the others only.
        """
        budget = budget or SearchBudget(None, len(folds))
        results = {"params": [], "strategy": [], "min_labels": [], "score": [],
                   "ranking_loss": [], "fit_time": [], "skipped_for_time": []}
        oof_scores = []
        for index, params in enumerate(candidates):
            if len(oof_scores) < index or not budget.affords_candidate(
                    self._n_final(min(self.ensemble_size, index or 1))):
                for strategy, min_labels in self._rules():
                    row = (params, strategy, min_labels, np.nan, np.nan, np.nan, True)
                    for key, item in zip(results, row):
                        results[key].append(item)
                self._log(f"{params}: skipped, time_budget={self.time_budget}s would not "
                          f"leave time for the final model")
                continue
            network = self._network(params)
            network.set_params(**seed_params(network, seed))
            started = time.perf_counter()
            scores = out_of_fold_scores(network, X, Y, folds, sample_weight)
            fit_time = time.perf_counter() - started
            oof_scores.append(scores)
            candidate_started = started
            ranking = float(label_ranking_loss(Y, scores, sample_weight=sample_weight))
            for strategy, min_labels in self._rules():
                value = cross_fitted_rule_score(scores, Y, folds, strategy=strategy,
                                                scoring=self.scoring, min_labels=min_labels,
                                                sample_weight=sample_weight)
                row = (params, strategy, min_labels, value, ranking, fit_time, False)
                for key, item in zip(results, row):
                    results[key].append(item)
                self._log(f"{params} {strategy} min_labels={min_labels}: {self.scoring} "
                          f"{value:.4f}, ranking loss {ranking:.4f} ({fit_time:.1f}s)")
            budget.record(time.perf_counter() - candidate_started, fit_time)
        return results, oof_scores

    def _n_final(self, n_members):
        """``n_estimators`` rounded up to a multiple of ``n_members`` (equal weights)."""
        return -(-self.n_estimators // n_members) * n_members

    def _choose_ensemble(self, candidates, oof_scores, Y, folds, sample_weight=None,
                         budget=None):
        """How many of the best candidates to average, and the rule, by cross-fitted score.

        Candidates are ranked by their best score in ``cv_results_``; the
        mean out-of-fold scores of the best ``k`` are scored with every rule,
        for ``k`` up to ``ensemble_size``, and up to what ``budget`` (a
        :class:`SearchBudget`; None: no limit) pays for. A larger ``k`` must
        do strictly better. Sets ``affordable_ensemble_size_``; returns the
        candidate indices, the rule and its score.
        """
        sign = 1 if SCORINGS[self.scoring][2] else -1
        n_rules = len(self._rules())
        per_candidate = sign * np.reshape(self.cv_results_["score"], (len(candidates), n_rules))
        # candidates skipped for time come last and have no out-of-fold scores
        n_tried = len(oof_scores)
        ranked = np.argsort(-per_candidate[:n_tried].max(axis=1), kind="stable")
        self.affordable_ensemble_size_ = self._affordable_members(
            ranked[:min(self.ensemble_size, n_tried)], budget)
        best = None
        for k in range(1, self.affordable_ensemble_size_ + 1):
            scores = np.mean([oof_scores[i] for i in ranked[:k]], axis=0)
            for rule in self._rules():
                value = sign * cross_fitted_rule_score(scores, Y, folds, strategy=rule[0],
                                                       scoring=self.scoring,
                                                       min_labels=rule[1],
                                                       sample_weight=sample_weight)
                if best is None or value > best[2]:
                    best = (list(ranked[:k]), rule, value)
            self._log(f"best {k} averaged: {self.scoring} {sign * best[2]:.4f} so far")
        return best[0], best[1], sign * best[2]

    def _affordable_members(self, ranked, budget):
        """How many of the candidates ``ranked`` (best first) the final model may average.

        All of them without ``budget``; with one, as many as it pays for.
        """
        if budget is None:
            return len(ranked)
        n_members = budget.ensemble_limit(list(ranked))
        if n_members < len(ranked):
            # the final model pays for at least one network per member (see time_budget)
            self._log(f"time_budget={self.time_budget}s pays for the final networks of the "
                      f"best {n_members} of {len(ranked)} candidates: averaging at most "
                      f"{n_members}")
        return n_members

    def _fit_final(self, X, Y, seed, sample_weight, folds, n_networks=None):
        """The chosen candidates, seed-averaged, inside a ThresholdOptimizer of the chosen rule.

        ``n_estimators`` is rounded up to a multiple of the number of
        candidates so that each weighs the same in the average; ``n_networks``
        (such a multiple, from the time budget) replaces it when given.
        """
        networks = [self._network(params) for params in self.ensemble_params_]
        n_estimators = n_networks or self._n_final(len(networks))
        return ThresholdOptimizer(
            SeedAveragedClassifier(networks, n_estimators=n_estimators, random_state=seed),
            strategy=self.best_strategy_, scoring=self.scoring,
            min_labels=self.best_min_labels_,
            cv=folds, store_cv_results=True,
        ).fit(X, Y, sample_weight=sample_weight)

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
        values = np.asarray(self.cv_results_["score"], dtype=float)
        greater_is_better = SCORINGS[self.scoring][2]
        # NaN rows are candidates skipped for time; the first one is always tried
        return int(np.nanargmax(values) if greater_is_better else np.nanargmin(values))

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

    def get_metadata_routing(self):
        """Get the metadata routing of this object.

        ``fit`` consumes ``sample_weight`` and ``groups`` itself (a parent
        routes them here when asked with ``set_fit_request``) and routes
        ``groups`` to a splitter ``cv`` as it requests. See the scikit-learn
        User Guide on metadata routing.

        Returns
        -------
        routing : MetadataRouter
            The routing information.
        """
        return MetadataRouter(owner=self).add_self_request(self).add(
            splitter=self.cv, method_mapping=MethodMapping().add(caller="fit", callee="split"))

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
