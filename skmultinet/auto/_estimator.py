"""AutoMultiLabelNet: pick the network, loss and decision rule from the training data.

The search follows the protocol of ``skmultinet compare``
(:mod:`skmultinet.cli._protocol`): the same outer multi-label stratified folds and
the same metrics of predicted label sets. Each candidate network is fitted
once per fold, which gives an out-of-fold score for every training row; each
decision rule is then tuned on the out-of-fold scores of the other folds and
applied to the held-out one ("cross-fitting"), so the rule is never scored on
the rows it was tuned on. The winner is refitted as an average of a few
networks that differ only in their seeds, wrapped in
:class:`~skmultinet.ThresholdOptimizer`.
"""

import time
import warnings
from numbers import Integral, Real

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

from ..model_selection._split import multilabel_folds
from ..neural import MultiLabelNetClassifier
from .._persistence import DeferredUnpicklingMixin
from ..thresholds import ThresholdOptimizer
from ..thresholds._metrics import SCORINGS, score

_STRATEGIES = ("global", "per_label", "top_k", "cardinality", "mcut")
# The spline candidates turn each feature into 10 dense float64 columns: at most
# 1000 features, and at most 10 million input cells (an 800 MB expansion).
_MAX_SPLINE_FEATURES = 1000
_MAX_SPLINE_CELLS = 10_000_000


def default_candidates(binary_inputs=False, spline_inputs=False):
    """The networks :class:`AutoMultiLabelNet` compares by default.

    Settings that won somewhere on 3-fold cross-validation of the training
    splits of the six MULAN benchmarks (``benchmarks/bench_quality.py``):
    binary cross-entropy (it beat focal, asymmetric, ZLPR, softmax and
    ``pos_weight="balanced"`` on all six), the default network, wide and
    two-layer networks with strong dropout trained for a fixed number of
    epochs (with a constant or a cosine-annealed learning rate), behind a
    normal-output quantile transform (it helped the
    heavy-tailed audio features of birds) or a cubic B-spline expansion of
    each feature (scene, birds), and unscaled inputs with small batches for
    bag-of-words (more steps than the default batch of 200 gives a few
    hundred rows), with label smoothing when the words are 0/1.

    Parameters
    ----------
    binary_inputs : bool, default=False
        Whether every feature is 0/1. The quantile and spline candidates are
        then left out: they add nothing to a binary feature but map a 1 in a
        feature that was always 0 in training to the transform's extreme;
        the bag-of-words candidates get ``label_smoothing=0.1``.
    spline_inputs : bool, default=False
        Whether to add the spline candidates (ignored with
        ``binary_inputs``). Each feature becomes 10 columns, which suits a
        dense matrix of up to about a thousand features.

    Returns
    -------
    candidates : list of dict
        Parameters of :class:`~skmultinet.MultiLabelNetClassifier`, plus
        optionally ``"preprocessing"``: a transformer put before it.

    Notes
    -----
    The spline expansion (``SplineTransformer(n_knots=8, degree=3,
    knots="quantile")``) gives each feature a learned piecewise-polynomial
    response, in the spirit of the piecewise-linear encodings of [1]_: on
    training-split cross-validation it raised scene's micro-F1 from 0.766 to
    0.791 and birds' macro-F1 from 0.402 to 0.436. Label smoothing [2]_
    raised medical's micro-F1 from 0.732 to 0.775 and enron's from 0.605
    to 0.607; on dense features it lowered scene, birds and yeast. Cosine
    annealing of the learning rate (``learning_rate_schedule="cosine"``)
    raised the two-layer network's micro-F1 on yeast (0.666 to 0.671), scene
    (spline inputs, 0.791 to 0.803) and emotions (0.675 to 0.681) and lowered
    it on birds (0.410 to 0.362).

    References
    ----------
    .. [1] Y. Gorishniy, I. Rubachev and A. Babenko, "On Embeddings for
       Numerical Features in Tabular Deep Learning", NeurIPS 2022.
    .. [2] C. Szegedy et al., "Rethinking the Inception Architecture for
       Computer Vision", CVPR 2016 (label smoothing).
    """
    from sklearn.preprocessing import QuantileTransformer, SplineTransformer

    from ..losses import BinaryCrossentropy

    fixed = {"early_stopping": False, "epochs": 60}
    wide = {"hidden_layer_sizes": (1024,), "dropout": 0.6}
    deep = {"hidden_layer_sizes": (512, 256), "dropout": 0.5}
    # Rare words and rare labels: softer targets keep the logits of a few
    # hundred rows from saturating (tested on medical and enron).
    words = {"loss": BinaryCrossentropy(label_smoothing=0.1)} if binary_inputs else {}
    # Cosine annealing helped the two-layer network on yeast, scene and
    # emotions and hurt it on birds: both versions stay in the running.
    cosine = {"learning_rate_schedule": "cosine"}
    candidates = [
        {},
        {"hidden_layer_sizes": (512,), "dropout": 0.5, **fixed},
        {**wide, **fixed},
        {**deep, **fixed},
        {**deep, **fixed, **cosine},
        {"standardize": False, "batch_size": 16, "learning_rate": 1e-3, **words},
        {"standardize": False, "hidden_layer_sizes": (512,), "dropout": 0.5, "batch_size": 32,
         "learning_rate": 1e-3, **words},
    ]
    if not binary_inputs:
        quantile = QuantileTransformer(n_quantiles=200, output_distribution="normal")
        short = {"early_stopping": False, "epochs": 30, "batch_size": 32}
        candidates += [{"preprocessing": quantile, **wide, **short},
                       {"preprocessing": clone(quantile), **deep, **short}]
    if spline_inputs and not binary_inputs:
        spline = SplineTransformer(n_knots=8, degree=3, knots="quantile",
                                   extrapolation="constant")
        candidates += [{"preprocessing": spline, **deep, **fixed},
                       {"preprocessing": clone(spline), **deep, **fixed, **cosine},
                       {"preprocessing": clone(spline), **wide, **fixed}]
    return candidates


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
    >>> from skmultinet._auto import SeedAveragedClassifier
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
    def fit(self, X, y):
        """Fit ``n_estimators`` copies of the estimator, each with its own seed.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : {array-like, sparse matrix} of shape (n_samples, n_labels)

        Returns
        -------
        self : object
        """
        seeds = check_random_state(self.random_state).randint(
            np.iinfo(np.int32).max, size=self.n_estimators)
        models = self.estimator if isinstance(self.estimator, list) else [self.estimator]
        self.estimators_ = [
            clone(model).set_params(**_seed_params(model, int(seed))).fit(X, y)
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


def _is_binary(X):
    """Whether every entry of ``X`` (dense or sparse) is 0 or 1."""
    values = X.data if sp.issparse(X) else X
    return bool(np.isin(values, (0, 1)).all())


def _spline_fits(X):
    """Whether a dense spline expansion of ``X`` (10 columns per feature) is affordable."""
    n_samples, n_features = X.shape
    return (not sp.issparse(X) and n_features <= _MAX_SPLINE_FEATURES
            and n_samples * n_features <= _MAX_SPLINE_CELLS)


def _seed_params(estimator, seed):
    """``set_params`` arguments seeding every ``random_state`` of ``estimator`` (and its steps)."""
    return {name: seed for name in estimator.get_params() if name.endswith("random_state")}


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
        Parameters of ``MultiLabelNetClassifier`` to compare (each on top of
        ``base_params``); the key ``"preprocessing"`` may hold a transformer
        (cloned) to put before the network. None uses
        :func:`default_candidates` (without the quantile and spline transforms
        when every feature is 0/1, and with the spline transforms only for
        dense inputs of at most 1000 features and 10 million values).
    strategies : tuple of str, default=("per_label", "global", "mcut")
        ``ThresholdOptimizer`` strategies to compare.
    min_labels : tuple of int, default=(0, 1)
        ``ThresholdOptimizer`` ``min_labels`` values to compare with each
        strategy ("mcut" always keeps one label and is tried once).
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
        unknown = [s for s in self.strategies if s not in _STRATEGIES]
        if unknown or not self.strategies:
            raise ValueError(f"strategies must be a non-empty subset of {_STRATEGIES}; "
                             f"got {self.strategies!r}.")
        if not self.min_labels or any(
                not isinstance(m, Integral) or m < 0 for m in self.min_labels):
            raise ValueError(f"min_labels must be a non-empty tuple of non-negative ints, "
                             f"e.g. (0, 1); got {self.min_labels!r}.")
        X, Y = validate_data(self, X, y, accept_sparse="csr", multi_output=True,
                             dtype=(np.float64, np.float32))
        Y = Y.toarray() if sp.issparse(Y) else np.asarray(Y)
        if type_of_target(Y) != "multilabel-indicator":
            raise ValueError(
                f"{type(self).__name__} needs a 0/1 indicator matrix with at least two "
                f"labels, got a {type_of_target(Y)!r} target. For binary or multiclass "
                f"targets use ThresholdOptimizer(MultiLabelNetClassifier()).")
        Y = Y.astype(np.int8)
        rng = check_random_state(self.random_state)
        fold_seed, net_seed, final_seed = (int(s) for s in rng.randint(np.iinfo(np.int32).max,
                                                                          size=3))
        folds = multilabel_folds(Y, self.cv, fold_seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            # The default quantile candidates ask for 200 quantiles; on fewer rows
            # the transform uses one per row, which is what they should do.
            warnings.filterwarnings("ignore", message="n_quantiles .* is greater than",
                                    category=UserWarning)
            candidates = self.candidates
            if candidates is None:
                binary = _is_binary(X)
                candidates = default_candidates(
                    binary_inputs=binary, spline_inputs=not binary and _spline_fits(X))
            self.cv_results_, oof_scores = self._search(X, Y, folds, net_seed, candidates)
            self.best_params_ = dict(self.cv_results_["params"][self._best_index()])
            ensemble, rule, self.best_score_ = self._choose_ensemble(
                candidates, oof_scores, Y, folds)
            self.ensemble_params_ = [dict(candidates[i]) for i in ensemble]
            self.best_strategy_, self.best_min_labels_ = rule
            networks = [self._network(params) for params in self.ensemble_params_]
            n_estimators = -(-self.n_estimators // len(networks)) * len(networks)
            self.estimator_ = ThresholdOptimizer(
                SeedAveragedClassifier(networks, n_estimators=n_estimators,
                                       random_state=final_seed),
                strategy=self.best_strategy_, scoring=self.scoring,
                min_labels=self.best_min_labels_,
                cv=list(multilabel_folds(Y, self.cv, final_seed)), store_cv_results=True,
            ).fit(X, Y)
        self.classes_ = np.arange(Y.shape[1])
        return self

    def _rules(self):
        """(strategy, min_labels) pairs to compare; MCut always keeps one label."""
        return [(strategy, min_labels) for strategy in self.strategies
                for min_labels in (self.min_labels if strategy != "mcut" else (0,))]

    def _search(self, X, Y, folds, seed, candidates):
        """Out-of-fold scores of each candidate, then every strategy cross-fitted on them."""
        results = {"params": [], "strategy": [], "min_labels": [], "score": [],
                   "ranking_loss": [], "fit_time": []}
        oof_scores = []
        for params in candidates:
            network = self._network(params).set_params(**_seed_params(
                self._network(params), seed))
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
                if self.verbose:
                    print(f"[AutoMultiLabelNet] {params} {strategy} min_labels={min_labels}: "
                          f"{self.scoring} "
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
            if self.verbose:
                print(f"[AutoMultiLabelNet] best {k} averaged: {self.scoring} "
                      f"{sign * best[2]:.4f} so far")
        return best[0], best[1], sign * best[2]

    def _network(self, params):
        """The candidate ``params`` as an unfitted estimator."""
        params = {**(self.base_params or {}), **params}
        preprocessing = params.pop("preprocessing", None)
        network = MultiLabelNetClassifier(**params)
        return network if preprocessing is None else make_pipeline(clone(preprocessing), network)

    def _best_index(self):
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
