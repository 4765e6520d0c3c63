"""ThresholdOptimizer: tune the rule that turns per-label scores into labels.

This module is the scikit-learn face: parameters, cross-validation, and the
hand-over to a strategy of :mod:`skmultinet.thresholds.strategies` for the
search and the prediction. The estimator's scores come from
:mod:`skmultinet.thresholds._scores`, the metrics from
:mod:`skmultinet.thresholds._metrics`, the routing of ``fit``'s metadata from
:mod:`skmultinet.thresholds._routing`.
"""

import warnings
from copy import deepcopy
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    _fit_context,
    clone,
)
from sklearn.exceptions import NotFittedError
from sklearn.metrics import get_scorer_names
from sklearn.model_selection import StratifiedShuffleSplit, check_cv
from sklearn.utils import get_tags, indexable
from sklearn.utils._param_validation import HasMethods, Interval, RealNotInt, StrOptions
from sklearn.utils.metadata_routing import _routing_enabled
from sklearn.utils.metaestimators import available_if
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import (
    _check_sample_weight,
    _estimator_has,
    _num_samples,
    check_is_fitted,
)

from ..model_selection._split import MultilabelStratifiedKFold, MultilabelStratifiedShuffleSplit
from ._metrics import (
    binary_metrics,
    check_countable,
    evaluate,
    fast_metrics,
    known_entries,
    resolve_metric,
)
from ._routing import ThresholdRoutingMixin
from ._scores import (
    fit_and_score,
    label_scores,
    response_method,
    target_type,
    tuning_targets,
)
from .strategies import STRATEGIES, TunedRule, get_strategy


class ThresholdOptimizer(
    ThresholdRoutingMixin, ClassifierMixin, MetaEstimatorMixin, BaseEstimator
):
    """Tune the decision rule of a multi-label classifier by cross-validation.

    Fits clones of ``estimator`` on cross-validation folds, gathers their
    out-of-fold scores once, searches the rule that turns scores into labels
    and maximises ``scoring`` on them, then refits ``estimator`` on all the
    data. Works with any classifier whose ``predict_proba`` (or
    ``decision_function``) gives one score per label, and with binary
    targets, like :class:`~sklearn.model_selection.TunedThresholdClassifierCV`.

    Parameters
    ----------
    estimator : estimator instance
        The classifier, fitted or not. Pass a fitted one wrapped in
        :class:`~sklearn.frozen.FrozenEstimator` (or with ``cv="prefit"``) to
        tune the rule on the data given to ``fit`` without refitting.
    strategy : str, default="per_label"
        The rule, by its name in
        :data:`skmultinet.thresholds.strategies.STRATEGIES` (a strategy added
        with :func:`~skmultinet.thresholds.strategies.register_strategy` is
        accepted too). The built-in ones:

        - "global": one threshold for all labels;
        - "per_label": one threshold per label (SCut), by coordinate ascent
          from the best global threshold; exact for metrics that are sums
          over labels (macro, weighted, hamming);
        - "top_k": the ``k`` best-scored labels of each sample (RCut),
          ``k`` tuned;
        - "cardinality": one threshold chosen so that the mean number of
          predicted labels per sample matches the training data's (PCut);
          ``scoring`` only gives ``best_score_``;
        - "mcut": cut each sample's sorted scores at their largest gap
          (MCut); nothing is tuned.
    scoring : str or callable, default="f1_micro"
        Metric to maximise. Exact vectorised searches exist for
        ``{f1, precision, recall, jaccard}_{micro, macro, weighted, samples}``,
        ``"accuracy"`` (subset accuracy), ``"hamming_loss"`` (minimised) and
        ``"neg_hamming_loss"``; for binary targets also ``"f1"``,
        ``"precision"``, ``"recall"``, ``"jaccard"`` (the positive class, as
        are the ``_micro`` names). Any other scorer name, a ``make_scorer``
        scorer, or a callable ``metric(y_true, y_pred)`` (greater is better)
        is evaluated on a grid of at most 50 candidates per search step.
    thresholds : "auto", int or array-like, default="auto"
        Candidate thresholds. "auto": every midpoint between distinct scores
        (exact), at most 1000 for the global search. int: that many score
        quantiles. array-like: those values.
    cv : int, float, cross-validation generator, iterable or "prefit", default=5
        Folds for the out-of-fold scores. An int uses
        :class:`~skmultinet.model_selection.MultilabelStratifiedKFold` for
        multi-label targets and ``StratifiedKFold`` otherwise; a float in
        (0, 1) one stratified validation split of that size; "prefit" uses
        the fitted ``estimator`` on the data given to ``fit`` (needs
        ``refit=False``).
    refit : bool, default=True
        Refit ``estimator`` on all the data after the search. False is only
        allowed with a single split (the model of that split is kept) or
        ``cv="prefit"``.
    n_jobs : int, default=None
        Folds fitted in parallel. ``None`` means 1.
    random_state : int, RandomState instance or None, default=None
        Randomness of the split when ``cv`` is a float.
    store_cv_results : bool, default=False
        Keep the out-of-fold scores and the search curve in ``cv_results_``.
    min_labels : int, default=0
        Every sample gets at least this many labels (its best-scored ones);
        the search accounts for it exactly.

    Attributes
    ----------
    estimator_ : estimator instance
        The fitted classifier whose scores ``predict`` thresholds.
    best_thresholds_ : ndarray of shape (n_labels,) or None
        Tuned threshold of each label (one entry for binary targets); None for
        "top_k", "mcut" and multiclass targets.
    best_k_ : int or None
        Number of labels predicted per sample by "top_k"; None otherwise.
    best_score_ : float or None
        ``scoring`` of the tuned rule on the out-of-fold scores, in the
        metric's own sign (a loss for "hamming_loss", the scorer's sign for
        scorers); None for multiclass targets.
    cv_results_ : dict
        Only with ``store_cv_results=True``: ``"scores"`` (the out-of-fold
        score matrix) plus the search curve: ``"thresholds"`` and
        ``"objectives"`` of the global search for "global", "per_label" and
        "cardinality", ``"k"`` and ``"objectives"`` for "top_k"; objectives
        are maximised (negated losses).
    classes_ : ndarray or list of ndarray
        The estimator's ``classes_`` (for indicator targets, ``arange(n_labels)``
        when the estimator has none).
    n_features_in_ : int
        Number of features seen during fit, when the estimator exposes it.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Feature names seen during fit, when the estimator exposes them.

    See Also
    --------
    sklearn.model_selection.TunedThresholdClassifierCV : The binary case.
    skmultinet.model_selection.MultilabelStratifiedKFold : Default splitter.

    Notes
    -----
    Multiclass targets need no threshold: the estimator's ``predict`` is used
    and ``best_thresholds_``, ``best_k_`` and ``best_score_`` are None.
    A label is predicted when its score is ``>=`` its threshold; +inf means
    "never" and -inf "always".

    Metadata routing: ``fit(X, y, groups=g)`` with a group splitter such as
    ``cv=GroupKFold(5)`` keeps every group on one side of each split that
    tunes the rule (``groups`` goes to ``cv.split``, as in
    :func:`~sklearn.model_selection.cross_validate`). With
    ``sklearn.set_config(enable_metadata_routing=True)``, ``fit``'s metadata
    go to ``estimator.fit``, ``cv.split`` and the ``scoring`` scorer as each
    requests, like :class:`~sklearn.model_selection.TunedThresholdClassifierCV`:
    ``estimator.set_fit_request(sample_weight=False)`` keeps the weights out
    of the fits, a scorer made with ``make_scorer(...).set_score_request(
    sample_weight=True)`` weights the search, and metadata nobody requested
    raise an error.

    References
    ----------
    .. [1] Y. Yang, "A study of thresholding strategies for text
       categorization", SIGIR 2001, pp. 137-145 (SCut, RCut, PCut).
    .. [2] R.-E. Fan and C.-J. Lin, "A Study on Threshold Selection for
       Multi-label Classification", National Taiwan University, 2007.
    .. [3] C. Largeron, C. Moulin and M. Géry, "MCut: A Thresholding Strategy
       for Multi-label Classification", IDA 2012, pp. 172-183.
    .. [4] J. Read, B. Pfahringer, G. Holmes and E. Frank, "Classifier chains
       for multi-label classification", Machine Learning 85(3), 2011.

    Examples
    --------
    >>> from sklearn.datasets import make_multilabel_classification
    >>> from sklearn.neighbors import KNeighborsClassifier
    >>> from skmultinet import ThresholdOptimizer
    >>> X, y = make_multilabel_classification(n_samples=200, random_state=0)
    >>> model = ThresholdOptimizer(KNeighborsClassifier(), cv=3).fit(X, y)
    >>> model.best_thresholds_.shape
    (5,)
    >>> model.predict(X[:2]).shape
    (2, 5)
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit"])],
        # a live view of the registry: strategies registered later are accepted
        "strategy": [StrOptions(STRATEGIES.keys())],
        "scoring": [
            StrOptions(
                set(get_scorer_names())
                | set(fast_metrics())
                | set(binary_metrics())
            ),
            callable,
        ],
        "thresholds": [
            StrOptions({"auto"}),
            Interval(Integral, 2, None, closed="left"),
            "array-like",
        ],
        "cv": [
            "cv_object",
            StrOptions({"prefit"}),
            Interval(RealNotInt, 0.0, 1.0, closed="neither"),
        ],
        "refit": ["boolean"],
        "n_jobs": [Integral, None],
        "random_state": ["random_state"],
        "store_cv_results": ["boolean"],
        "min_labels": [Interval(Integral, 0, None, closed="left")],
    }

    def __init__(
        self,
        estimator,
        *,
        strategy="per_label",
        scoring="f1_micro",
        thresholds="auto",
        cv=5,
        refit=True,
        n_jobs=None,
        random_state=None,
        store_cv_results=False,
        min_labels=0,
    ):
        self.estimator = estimator
        self.strategy = strategy
        self.scoring = scoring
        self.thresholds = thresholds
        self.cv = cv
        self.refit = refit
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.store_cv_results = store_cv_results
        self.min_labels = min_labels

    @_fit_context(
        # the inner estimator is validated by its own fit
        prefer_skip_nested_validation=False
    )
    def fit(self, X, y, sample_weight=None, **fit_params):
        """Fit the estimator on folds, tune the decision rule, refit.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data, in any form ``estimator`` accepts.
        y : {array-like, sparse matrix} of shape (n_samples, n_labels) or (n_samples,)
            0/1 indicator matrix, or binary / multiclass class labels. An
            indicator matrix may mark unknown entries (``NaN``, or ``-1`` in
            an integer matrix): ``y`` goes to ``estimator.fit`` as it is, and
            the search counts the known entries only (each label's threshold
            from the rows where it is known; micro and Hamming counts over the
            known entries; per-row rules rank every score but count the known
            entries). ``scoring`` must then be a name with a count formula.
        sample_weight : array-like of shape (n_samples,), default=None
            Without metadata routing: weights the metric in the search, and
            is passed to ``estimator.fit`` when it accepts it. With
            ``sklearn.set_config(enable_metadata_routing=True)``: passed to
            ``estimator.fit`` and to the ``scoring`` scorer as each requests
            (``set_fit_request`` / ``set_score_request``).
        **fit_params : dict
            Without metadata routing: ``groups`` goes to ``cv.split`` (as in
            :func:`~sklearn.model_selection.cross_validate`), the rest to
            ``estimator.fit``. With routing: metadata for ``estimator.fit``,
            ``cv.split`` and the scorer, routed as they request.

        Returns
        -------
        self : object
            Fitted meta-estimator.
        """
        response_method(self.estimator)
        X, y = indexable(X, y)
        if _num_samples(X) == 0:
            raise ValueError("Found array with 0 sample(s): fit needs at least one sample.")
        y_type = target_type(y)  # unknown entries (NaN, -1) read as 0
        if y_type not in ("binary", "multiclass", "multilabel-indicator"):
            raise ValueError(
                f"Unknown label type: {y_type!r}. ThresholdOptimizer needs binary or "
                f"multiclass labels, or a 0/1 indicator matrix (binarize label sets "
                f"with sklearn.preprocessing.MultiLabelBinarizer)."
            )
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, X)
        self._target_type = y_type
        self._sparse_target = sp.issparse(y)
        if self._sparse_target:
            # few estimators handle sparse targets (KNN mangles them): densify
            y = y.toarray()
        self.__dict__.pop("cv_results_", None)
        routed = self._route_metadata(sample_weight, fit_params)
        # From here on: the weights of the search's metric, and estimator.fit's parameters.
        sample_weight = routed.scorer.score.get("sample_weight")
        fit_params = routed.estimator.fit
        if y_type == "multiclass":
            self._fit_multiclass(X, y, fit_params)
        else:
            self._fit_tuned(X, y, y_type, sample_weight, fit_params, routed.splitter.split)
        for name in ("n_features_in_", "feature_names_in_"):
            if hasattr(self.estimator_, name):
                setattr(self, name, getattr(self.estimator_, name))
        return self

    def _fit_multiclass(self, X, y, fit_params):
        """Multiclass targets: one label per sample, nothing to tune."""
        self.estimator_ = clone(self.estimator).fit(X, y, **fit_params)
        self.classes_ = self.estimator_.classes_
        self.best_thresholds_ = self.best_k_ = self.best_score_ = None

    def _indicator(self, y, y_type):
        """Targets as an (n_samples, n_labels) 0/1 matrix; remembers the classes."""
        if y_type == "binary":
            labels = np.asarray(y).ravel()
            self.classes_ = np.unique(labels)
            if self.classes_.shape[0] < 2:
                raise ValueError(
                    f"y contains only one class ({self.classes_[0]!r}); "
                    f"ThresholdOptimizer needs samples of at least two classes."
                )
            return (labels == self.classes_[1]).astype(int).reshape(-1, 1)
        return tuning_targets(y)  # NaN at unknown entries, which the searches skip

    def _fit_tuned(self, X, y, y_type, sample_weight, fit_params, split_params):
        """Binary and multi-label targets: out-of-fold scores, search, refit.

        ``sample_weight`` weights the search's metric; ``fit_params`` go to
        ``estimator.fit`` (weights included, when routed there) and
        ``split_params`` to ``cv.split``.
        """
        binary = y_type == "binary"
        indicator = self._indicator(y, y_type)
        self._n_labels = indicator.shape[1]
        metric = resolve_metric(self.scoring, binary)
        check_countable(metric, known_entries(indicator)[1])
        if binary and get_strategy(self.strategy).multilabel_only:
            raise ValueError(
                f"strategy={self.strategy!r} ranks the labels of a sample and needs a "
                f"multi-label target; use strategy='global' for a binary target."
            )
        cv = self._check_cv(X, y, y_type, split_params)
        scores, rows = self._out_of_fold_scores(
            X, y, sample_weight, fit_params, split_params, cv, binary
        )
        if not binary:
            self.classes_ = getattr(self.estimator_, "classes_", np.arange(self._n_labels))
        weights = None if sample_weight is None else sample_weight[rows]
        self._search(scores, indicator[rows], metric, weights)
        if self.store_cv_results:
            self.cv_results_["scores"] = scores

    def _check_cv(self, X, y, y_type, split_params):
        """Resolve ``cv`` into a splitter, or "prefit"; check it against ``refit``."""
        if isinstance(self.cv, str):
            if self.refit:
                raise ValueError(
                    "When cv='prefit', refit cannot be True: pass refit=False, or wrap "
                    "the fitted model in sklearn.frozen.FrozenEstimator instead."
                )
            try:
                check_is_fitted(self.estimator)
            except NotFittedError as exc:
                raise NotFittedError(
                    "When cv='prefit', estimator must be fitted; fit it first or use "
                    "an integer cv."
                ) from exc
            return "prefit"
        multilabel = y_type == "multilabel-indicator"
        cv = 5 if self.cv is None else self.cv
        if isinstance(cv, Real) and not isinstance(cv, Integral):
            splitter = MultilabelStratifiedShuffleSplit if multilabel else StratifiedShuffleSplit
            cv = splitter(n_splits=1, test_size=cv, random_state=self.random_state)
        elif isinstance(cv, Integral) and multilabel:
            cv = MultilabelStratifiedKFold(cv)
        else:
            cv = check_cv(cv, y, classifier=True)
        # LeaveOneGroupOut and the like count their splits from the groups
        if not self.refit and cv.get_n_splits(X, y, **split_params) > 1:
            raise ValueError(
                "When cv has several folds, refit cannot be False: there would be "
                "several fitted models. Use refit=True or a float cv (one split)."
            )
        return cv

    def _out_of_fold_scores(self, X, y, sample_weight, fit_params, split_params, cv, binary):
        """Scores of every sample from a model that did not see it; sets ``estimator_``.

        Returns the scores and the indices of the rows they cover (all rows,
        except for a single validation split).
        """
        if cv == "prefit":
            self.estimator_ = self.estimator
            scores = label_scores(self.estimator_, X, self._n_labels, binary)
            return scores, np.arange(scores.shape[0])
        if (sample_weight is not None and "sample_weight" not in fit_params
                and not _routing_enabled()):
            # with routing on, leaving the weights out of estimator.fit is the user's request
            warnings.warn(
                f"{type(self.estimator).__name__}.fit does not accept sample_weight: "
                f"the weights only weight the metric of the threshold search.",
                UserWarning,
            )
        splits = list(cv.split(X, y, **split_params))
        fitted = Parallel(n_jobs=self.n_jobs)(
            # fit_params carry the weights (indexed per fold) when they go to the estimator
            delayed(fit_and_score)(
                clone(self.estimator), X, y, None, fit_params, train, test,
                self._n_labels, binary,
            )
            for train, test in splits
        )
        if self.refit:
            self.estimator_ = clone(self.estimator).fit(X, y, **fit_params)
        else:
            self.estimator_ = fitted[0][0]
        rows = np.concatenate([test for _, test in splits])
        order = np.argsort(rows, kind="stable")  # back to the order of X
        return np.concatenate([scores for _, scores in fitted])[order], rows[order]

    def _search(self, scores, indicator, metric, sample_weight):
        """Tune the rule of ``strategy`` on out-of-fold ``scores``."""
        strategy = get_strategy(self.strategy)
        rule, curve = strategy.search(
            scores, indicator, metric, thresholds=self.thresholds,
            sample_weight=sample_weight, min_labels=self.min_labels,
        )
        self.best_thresholds_, self.best_k_ = rule.thresholds, rule.k
        y_pred = strategy.predict(scores, rule, self.min_labels)
        objective = evaluate(metric, indicator, y_pred, sample_weight)
        self.best_score_ = metric.score_sign * objective
        if self.store_cv_results:
            self.cv_results_ = dict(curve)

    def _apply_rule(self, scores):
        """0/1 predictions of the tuned rule for a score matrix."""
        rule = TunedRule(thresholds=self.best_thresholds_, k=self.best_k_)
        return get_strategy(self.strategy).predict(scores, rule, self.min_labels)

    def predict(self, X):
        """Predict labels by applying the tuned rule to the estimator's scores.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples, in any form ``estimator_`` accepts.

        Returns
        -------
        y_pred : ndarray of shape (n_samples, n_labels) or (n_samples,)
            0/1 indicator matrix (sparse if ``y`` was) for multi-label
            targets, class labels otherwise.
        """
        check_is_fitted(self, "estimator_")
        if self._target_type == "multiclass":
            return self.estimator_.predict(X)
        binary = self._target_type == "binary"
        scores = label_scores(self.estimator_, X, self._n_labels, binary)
        y_pred = self._apply_rule(scores)
        if binary:
            return self.classes_[y_pred[:, 0].astype(int)]
        y_pred = y_pred.astype(int)
        return sp.csr_matrix(y_pred) if self._sparse_target else y_pred

    @available_if(_estimator_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities of ``X`` from the fitted estimator.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        proba : ndarray or list of ndarray
            Whatever ``estimator_.predict_proba`` returns.
        """
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict_proba(X)

    @available_if(_estimator_has("predict_log_proba"))
    def predict_log_proba(self, X):
        """Log of the class probabilities of ``X`` from the fitted estimator.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        log_proba : ndarray or list of ndarray
            Whatever ``estimator_.predict_log_proba`` returns.
        """
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict_log_proba(X)

    @available_if(_estimator_has("decision_function"))
    def decision_function(self, X):
        """Decision function of ``X`` from the fitted estimator.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        scores : ndarray
            Whatever ``estimator_.decision_function`` returns.
        """
        check_is_fitted(self, "estimator_")
        return self.estimator_.decision_function(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = get_tags(self.estimator)
        tags.input_tags = deepcopy(inner.input_tags)
        tags.classifier_tags.multi_label = inner.classifier_tags.multi_label
        tags.classifier_tags.multi_class = inner.classifier_tags.multi_class
        # Indicator matrices are tuned label by label whenever the estimator
        # takes them, whatever its own multi-output tag says.
        tags.target_tags.multi_output = inner.classifier_tags.multi_label
        return tags
