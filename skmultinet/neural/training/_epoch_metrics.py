"""Metrics of one epoch: the ``metrics`` parameter's names, computed in NumPy.

Each epoch's metrics are computed from the network's logits on a set of rows
(the early-stopping rows, or the training rows), turned into probabilities
and label decisions by the estimator's decoder at its current decision rule
(thresholds, the top-count rule of ``partition``, argmax for multiclass).

The built-in metrics are written here, vectorised and aware of **unknown
entries**: a ``NaN`` in ``Y_true`` is a label whose value is not known for that
row, and it is left out of every count (per-label metrics use the known rows
of each label, micro averages the known entries, per-row metrics the row's
known entries). scikit-learn's functions would refuse ``NaN`` and cost
milliseconds of input checks per call, too much for a metric computed every
epoch. (The threshold search's vocabulary, :mod:`skmultinet.thresholds._metrics`,
cannot be imported from the network wing, and has no unknown entries.)
"""

import warnings
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class EpochMetric:
    """One entry of ``metrics``: a name, how to compute it, and its direction.

    Parameters
    ----------
    name : str
        The name in ``history_`` after the ``val_`` or ``train_`` prefix.
    function : callable
        ``function(Y_true, proba, Y_pred, target_type)`` -> float, with
        ``Y_true`` of shape (n_samples, n_labels) (``NaN`` for unknown
        entries), ``proba`` the per-label (per-class) probabilities and
        ``Y_pred`` the 0/1 decisions, both of the same shape.
    greater_is_better : bool
    """

    name: str
    function: object
    greater_is_better: bool


# -- the built-in metrics --------------------------------------------------------


def _known_split(Y_true):
    """``(known, positive)`` boolean masks of ``Y_true`` (NaN entries are unknown)."""
    Y_true = np.asarray(Y_true, dtype=float)
    known = ~np.isnan(Y_true)
    return known, known & (np.nan_to_num(Y_true, nan=0.0) > 0.5)


def _f1_from_counts(tp, fp, fn):
    """``2 tp / (2 tp + fp + fn)``, 0 where nothing is positive (scikit-learn's default)."""
    tp, fp, fn = (np.asarray(value, dtype=float) for value in (tp, fp, fn))
    denominator = 2 * tp + fp + fn
    return np.divide(2 * tp, denominator, out=np.zeros_like(denominator),
                     where=denominator > 0)


def f1_known(Y_true, Y_pred, average):
    """F1 over the known entries of ``Y_true``.

    Parameters
    ----------
    Y_true : ndarray of shape (n_samples, n_labels)
        0/1 with ``NaN`` for unknown entries.
    Y_pred : ndarray of shape (n_samples, n_labels)
        0/1 decisions.
    average : {"micro", "macro", "samples"}
        ``"micro"`` counts every known entry; ``"macro"`` averages the labels
        that have at least one known row; ``"samples"`` averages the rows that
        have at least one known entry. A label (row) with no positive and no
        predicted positive scores 0, as in scikit-learn.

    Returns
    -------
    f1 : float
    """
    known, positive = _known_split(Y_true)
    predicted = known & (np.asarray(Y_pred) > 0)
    hits = positive & predicted
    if average == "micro":
        tp = hits.sum()
        return float(_f1_from_counts(tp, predicted.sum() - tp, positive.sum() - tp))
    axis = 0 if average == "macro" else 1
    tp = hits.sum(axis=axis)
    values = _f1_from_counts(tp, predicted.sum(axis=axis) - tp, positive.sum(axis=axis) - tp)
    counted = known.any(axis=axis)
    return float(values[counted].mean()) if counted.any() else float("nan")


def hamming_loss_known(Y_true, Y_pred):
    """Share of the known entries whose decision is wrong."""
    known, positive = _known_split(Y_true)
    wrong = known & (positive != (np.asarray(Y_pred) > 0))
    n_known = known.sum()
    return float(wrong.sum() / n_known) if n_known else float("nan")


def _descending_order(scores, known):
    """Row order per column by decreasing score, unknown entries last."""
    ranked = np.where(known, np.asarray(scores, dtype=float), -np.inf)
    return np.argsort(-ranked, axis=0, kind="stable"), ranked


def average_precision_known(Y_true, scores):
    """Mean over labels of the average precision of each label's known rows.

    scikit-learn's step-wise definition (``sum_n (R_n - R_{n-1}) P_n`` over the
    distinct scores, ties counted together). Labels with no known positive
    are skipped, since their average precision is undefined.

    Returns
    -------
    mean_average_precision : float
        ``NaN`` when no label has a positive.
    """
    known, positive = _known_split(Y_true)
    n_positives = positive.sum(axis=0)
    counted = n_positives > 0
    if not counted.any():
        return float("nan")
    order, ranked = _descending_order(scores, known)
    sorted_scores = np.take_along_axis(ranked, order, axis=0)
    true_positives = np.cumsum(np.take_along_axis(positive, order, axis=0), axis=0)
    seen = np.cumsum(np.take_along_axis(known, order, axis=0), axis=0)
    # A threshold sits after the last row of each group of tied scores.
    last_of_tie = np.ones_like(sorted_scores, dtype=bool)
    last_of_tie[:-1] = sorted_scores[:-1] != sorted_scores[1:]
    at_threshold = np.where(last_of_tie, true_positives, 0)
    before = np.zeros_like(at_threshold)
    before[1:] = np.maximum.accumulate(at_threshold, axis=0)[:-1]
    new_hits = np.where(last_of_tie, true_positives - before, 0)
    precision = np.divide(true_positives, seen, out=np.zeros(seen.shape), where=seen > 0)
    per_label = (new_hits * precision).sum(axis=0)[counted] / n_positives[counted]
    return float(per_label.mean())


def roc_auc_known(Y_true, scores):
    """Mean over labels of the ROC AUC of each label's known rows.

    The Mann-Whitney statistic with tied scores counted half, which equals
    scikit-learn's trapezoidal area. Labels without both a known positive and
    a known negative are skipped, since their AUC is undefined.

    Returns
    -------
    mean_roc_auc : float
        ``NaN`` when no label has both classes.
    """
    from scipy.stats import rankdata

    known, positive = _known_split(Y_true)
    n_positives = positive.sum(axis=0)
    n_negatives = known.sum(axis=0) - n_positives
    counted = (n_positives > 0) & (n_negatives > 0)
    if not counted.any():
        return float("nan")
    ranked = np.where(known, np.asarray(scores, dtype=float), -np.inf)
    # Unknown entries tie at -inf below every known one: each known rank is
    # shifted by the label's number of unknown rows.
    n_unknown = (~known).sum(axis=0)
    ranks = rankdata(ranked, axis=0) - n_unknown
    rank_sums = np.where(positive, ranks, 0.0).sum(axis=0)
    u = rank_sums - n_positives * (n_positives + 1) / 2.0
    auc = u[counted] / (n_positives[counted] * n_negatives[counted])
    return float(auc.mean())


def label_ranking_loss_known(Y_true, scores):
    """scikit-learn's ranking loss over each row's known entries.

    Per row, the share of (positive, negative) pairs of known labels where the
    negative scores at least as high as the positive; a row without a known
    positive or a known negative counts as 0, as in scikit-learn.
    """
    known, positive = _known_split(Y_true)
    negative = known & ~positive
    scores = np.asarray(scores, dtype=float)
    # Ascending scores, positives first among ties: the negatives after a
    # positive are exactly those scoring at least as high.
    order = np.lexsort((negative, scores), axis=1)
    sorted_positive = np.take_along_axis(positive, order, axis=1)
    sorted_negative = np.take_along_axis(negative, order, axis=1)
    n_negatives = sorted_negative.sum(axis=1)
    negatives_after = n_negatives[:, None] - np.cumsum(sorted_negative, axis=1)
    misordered = np.where(sorted_positive, negatives_after, 0).sum(axis=1)
    n_positives = positive.sum(axis=1)
    pairs = n_positives * n_negatives
    loss = np.divide(misordered, pairs, out=np.zeros(len(pairs)), where=pairs > 0)
    return float(loss.mean()) if len(loss) else float("nan")


BUILTIN_METRICS = {
    "f1_micro": (lambda Y, proba, pred, kind: f1_known(Y, pred, "micro"), True),
    "f1_macro": (lambda Y, proba, pred, kind: f1_known(Y, pred, "macro"), True),
    "f1_samples": (lambda Y, proba, pred, kind: f1_known(Y, pred, "samples"), True),
    "average_precision": (lambda Y, proba, pred, kind: average_precision_known(Y, proba), True),
    "roc_auc": (lambda Y, proba, pred, kind: roc_auc_known(Y, proba), True),
    "label_ranking_loss": (lambda Y, proba, pred, kind: label_ranking_loss_known(Y, proba),
                           False),
    "hamming_loss": (lambda Y, proba, pred, kind: hamming_loss_known(Y, pred), False),
}


# -- scikit-learn scorers and callables ------------------------------------------


class _GivenResponses:
    """A stand-in classifier whose predictions are already computed, for a scorer.

    scikit-learn's scorers call ``predict``, ``predict_proba`` or
    ``decision_function`` of an estimator; this one returns the epoch's.
    """

    _estimator_type = "classifier"

    def __init__(self, proba, decisions, classes):
        self._proba = proba
        self._decisions = decisions
        self.classes_ = classes

    def __sklearn_tags__(self):
        from sklearn.base import BaseEstimator, ClassifierMixin

        class _Tagged(ClassifierMixin, BaseEstimator):
            pass

        return _Tagged().__sklearn_tags__()

    def predict(self, X):
        return self._decisions

    def predict_proba(self, X):
        return self._proba

    def decision_function(self, X):
        proba = self._proba
        return proba[:, 1] if proba.ndim == 2 and proba.shape[1] == 2 and len(
            self.classes_) == 2 and self._decisions.ndim == 1 else proba


def _scorer_metric(name):
    """The :class:`EpochMetric` of a scikit-learn scorer name (greater is better)."""
    from sklearn.metrics import get_scorer

    scorer = get_scorer(name)

    def score(Y_true, proba, Y_pred, target_type):
        # A scorer takes no unknown entries: only the fully known rows.
        rows = ~np.isnan(Y_true).any(axis=1)
        Y_true, proba, Y_pred = Y_true[rows], proba[rows], Y_pred[rows]
        if target_type == "multiclass":
            y, decisions = Y_true.argmax(axis=1), Y_pred.argmax(axis=1)
            responses = _GivenResponses(proba, decisions, np.arange(proba.shape[1]))
        elif target_type == "binary":
            y, decisions = Y_true[:, 0].astype(int), Y_pred[:, 0].astype(int)
            responses = _GivenResponses(np.column_stack([1.0 - proba[:, 0], proba[:, 0]]),
                                        decisions, np.arange(2))
        else:
            y, decisions = Y_true.astype(int), Y_pred.astype(int)
            responses = _GivenResponses(proba, decisions, np.arange(proba.shape[1]))
        with warnings.catch_warnings():
            # An undefined score (a label without positives) is the epoch's
            # fact, not a warning each epoch.
            warnings.simplefilter("ignore")
            return float(scorer(responses, np.zeros((len(y), 1)), y))

    return EpochMetric(name, score, True)


def _callable_metric(function):
    """The :class:`EpochMetric` of a user's ``metric(Y_true, scores_or_proba)``.

    Greater is better unless the function says otherwise through a
    ``greater_is_better`` attribute, or its name ends with ``loss`` or
    ``error``.
    """
    name = getattr(function, "__name__", None)
    if not name or name == "<lambda>":
        raise ValueError(
            "A metric callable needs a name for history_ (a def function, or set "
            "metric.__name__ = 'my_metric'); lambdas have none."
        )
    greater = getattr(function, "greater_is_better", None)
    if greater is None:
        greater = not name.endswith(("loss", "error"))

    def score(Y_true, proba, Y_pred, target_type):
        return float(function(Y_true, proba))

    return EpochMetric(name, score, bool(greater))


def resolve_metrics(metrics):
    """The :class:`EpochMetric` of each entry of the ``metrics`` parameter.

    Parameters
    ----------
    metrics : list of str or callable, or None

    Returns
    -------
    resolved : list of EpochMetric

    Raises
    ------
    ValueError
        For an unknown name, a nameless callable or two metrics of one name.
    TypeError
        For an entry that is neither a name nor a callable, or a bare name.
    """
    if metrics is None:
        return []
    if isinstance(metrics, str) or callable(metrics):
        raise TypeError(f"metrics must be a list of names or callables, got {metrics!r}: "
                         f"write metrics=[{metrics!r}].")
    from sklearn.metrics import get_scorer_names

    resolved = []
    for metric in metrics:
        if isinstance(metric, str):
            if metric in BUILTIN_METRICS:
                function, greater = BUILTIN_METRICS[metric]
                resolved.append(EpochMetric(metric, function, greater))
            elif metric in get_scorer_names():
                resolved.append(_scorer_metric(metric))
            else:
                raise ValueError(
                    f"Unknown metric {metric!r}: use one of {sorted(BUILTIN_METRICS)}, a "
                    "scikit-learn scorer name (sklearn.metrics.get_scorer_names()) or a "
                    "callable metric(Y_true, proba)."
                )
        elif callable(metric):
            resolved.append(_callable_metric(metric))
        else:
            raise TypeError(f"A metric must be a name or a callable, got {metric!r}.")
    names = [metric.name for metric in resolved]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"metrics names {repeated} more than once: give each metric once.")
    return resolved


def indicator_responses(decoder, logits):
    """``(proba, Y_pred)`` as per-label matrices, whatever the target type.

    Parameters
    ----------
    decoder : LabelDecoder
        The estimator's logits -> labels rule (thresholds or top-count rule).
    logits : ndarray of shape (n_samples, n_outputs)

    Returns
    -------
    proba, Y_pred : ndarray of shape (n_samples, n_labels)
        Binary targets give one column (the positive class), multiclass
        targets one column per class (``Y_pred`` one-hot).
    """
    proba = decoder.predict_proba(logits)
    decisions = decoder.predict_encoded(logits)
    if decoder.target_type == "multiclass":
        Y_pred = np.zeros_like(proba)
        Y_pred[np.arange(len(decisions)), decisions] = 1.0
        return proba, Y_pred
    if decoder.target_type == "binary":
        return proba[:, 1:], decisions[:, None]
    return proba, decisions


def metric_values(metrics, decoder, logits, Y_true):
    """``{name: value}`` of ``metrics`` for rows of ``logits`` and ``Y_true``.

    Parameters
    ----------
    metrics : list of EpochMetric
    decoder : LabelDecoder
    logits : ndarray of shape (n_samples, n_outputs)
    Y_true : ndarray of shape (n_samples, n_labels)
        ``NaN`` for unknown entries.
    """
    proba, Y_pred = indicator_responses(decoder, logits)
    Y_true = np.asarray(Y_true, dtype=float)
    return {metric.name: metric.function(Y_true, proba, Y_pred, decoder.target_type)
            for metric in metrics}


class EpochScoring:
    """Computes a fit's metrics at the end of each epoch, on one or two sets of rows.

    Parameters
    ----------
    metrics : list of EpochMetric
    decoder : LabelDecoder
        The estimator's logits -> labels rule, without calibration.
    validation, train : tuple of (ResidentData, ndarray) or None
        Rows to score and their targets (``NaN`` for unknown entries); the
        values are named ``val_<name>`` and ``train_<name>``.
    """

    def __init__(self, metrics, decoder, validation=None, train=None):
        self.metrics = metrics
        self.decoder = decoder
        self.sets = [(prefix, rows[0], np.asarray(rows[1], dtype=float))
                     for prefix, rows in (("val_", validation), ("train_", train))
                     if rows is not None]

    def __call__(self, trainer):
        """``{"val_<name>": value, ...}`` of the trainer's current weights."""
        values = {}
        for prefix, data, Y_true in self.sets:
            rows = data.rows
            if rows is None:
                rows = np.arange(data.n_samples, dtype=np.int32)
            logits = trainer.logits(data.tensors, np.asarray(rows, dtype=np.int32))
            scores = metric_values(self.metrics, self.decoder, logits, Y_true)
            values.update((prefix + name, value) for name, value in scores.items())
        return values


def monitored_key(monitor, metrics, *, has_validation, metrics_on_train):
    """The history key early stopping watches, and whether greater is better.

    Parameters
    ----------
    monitor : str
        ``"val_loss"``, ``"loss"``, ``"val_<name>"`` or ``"train_<name>"``
        for a ``<name>`` of ``metrics``.
    metrics : list of EpochMetric
    has_validation : bool
        Whether the fit holds rows out. Without, ``"val_loss"`` watches
        ``"loss"`` and ``"val_<name>"`` watches ``"train_<name>"``: the same
        quantity on the training rows, where the metrics are then computed.
    metrics_on_train : bool
        Whether the metrics are computed on the training rows as well.

    Returns
    -------
    key : str
    greater_is_better : bool

    Raises
    ------
    ValueError
        When ``monitor`` names a value the fit does not compute.
    """
    directions = {metric.name: metric.greater_is_better for metric in metrics}
    if monitor in ("loss", "val_loss"):
        return ("val_loss" if has_validation and monitor == "val_loss" else "loss"), False
    prefix, _, name = monitor.partition("_")
    if prefix not in ("val", "train") or name not in directions:
        computed = ["val_loss", "loss"] + [f"val_{name}" for name in directions] + (
            [f"train_{name}" for name in directions])
        raise ValueError(
            f"monitor={monitor!r} names nothing this fit computes: use one of {computed}, "
            "after adding the metric to metrics (e.g. metrics=['f1_micro'], "
            "monitor='val_f1_micro')."
        )
    if prefix == "train" and has_validation and not metrics_on_train:
        raise ValueError(
            f"monitor={monitor!r} needs the metrics on the training rows: set "
            "metrics_on_train=True, or monitor the validation rows "
            f"(monitor='val_{name}')."
        )
    return (f"val_{name}" if has_validation else f"train_{name}"), directions[name]
