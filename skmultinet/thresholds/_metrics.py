"""The metrics vocabulary of the package: what a decision rule is tuned for and judged by.

A metric with an exact fast path is a :class:`CountMetric`, whose value is a
formula of (weighted) true/false positive counts per label or per sample; any
other metric is a :class:`GenericMetric`, which simply calls it.
:func:`resolve_metric` turns ``ThresholdOptimizer``'s ``scoring`` into one
of them.

:func:`fast_metrics` is the one list of names. The label-set scorings of the
comparison and of ``AutoMultiLabelNet`` (:data:`SCORINGS`, :func:`score`)
are the part of it that :func:`comparison_scorings` selects, computed by
scikit-learn's own functions.

Targets may leave entries unknown (``NaN``; partially labelled data). The
count metrics then count the known entries only: an unknown entry is neither
a true nor a false positive nor a false negative, per-label counts run over
the rows where the label is known, per-sample values over the known entries
of a row (rows with no known entry are left out), the Hamming loss is a share
of the known entries. :func:`known_entries` reads them; metrics without a
count formula (:class:`GenericMetric`) cannot skip entries and refuse them.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import (
    f1_score,
    get_scorer,
    hamming_loss,
    jaccard_score,
    precision_score,
    recall_score,
)

_KINDS = ("f1", "precision", "recall", "jaccard")
# this order is also the order of SCORINGS, hence of the command line's choices
_AVERAGES = ("micro", "macro", "samples", "weighted")


@dataclass(frozen=True)
class CountMetric:
    """A metric computed from confusion counts, maximised as ``objective``.

    Parameters
    ----------
    kind : {"f1", "precision", "recall", "jaccard", "hamming", "accuracy"}
        The formula. "accuracy" is subset accuracy (the whole row is right).
    average : {"micro", "macro", "weighted", "samples"}
        How per-label or per-sample values are combined.
    score_sign : {1, -1}
        ``best_score_ = score_sign * objective``: -1 for ``hamming_loss``,
        whose objective is the negated loss.
    """

    kind: str
    average: str
    score_sign: int = 1

    @property
    def per_sample(self):
        """Whether the metric needs per-sample counts rather than per-label ones."""
        return self.average == "samples" or self.kind == "accuracy"


@dataclass(frozen=True)
class GenericMetric:
    """Any ``metric(y_true, y_pred, **kwargs)``, maximised as ``sign * metric``.

    Parameters
    ----------
    func : callable
        ``func(y_true, y_pred, **kwargs)``; receives 0/1 arrays.
    kwargs : dict
        Extra keyword arguments (those of a ``make_scorer`` scorer).
    sign : {1, -1}
        -1 for losses.
    binary : bool
        Pass 1-D vectors instead of ``(n_samples, 1)`` matrices.
    """

    func: object
    kwargs: dict
    sign: int = 1
    binary: bool = False
    score_sign: int = 1
    per_sample = False

    def __call__(self, y, y_pred, sample_weight):
        if self.binary:
            y, y_pred = y[:, 0], y_pred[:, 0]
        kwargs = dict(self.kwargs)
        if sample_weight is not None:
            kwargs["sample_weight"] = sample_weight
        return self.sign * self.func(y, y_pred.astype(y.dtype), **kwargs)


def fast_metrics():
    """Names with an exact vectorised search, mapped to their :class:`CountMetric`."""
    metrics = {
        f"{kind}_{average}": CountMetric(kind, average)
        for kind in _KINDS
        for average in _AVERAGES
    }
    metrics["accuracy"] = CountMetric("accuracy", "samples")
    metrics["hamming_loss"] = CountMetric("hamming", "micro", score_sign=-1)
    metrics["neg_hamming_loss"] = CountMetric("hamming", "micro")
    return metrics


def binary_metrics():
    """Names that only make sense for one label: the positive-class metrics."""
    return {kind: CountMetric(kind, "micro") for kind in _KINDS}


def _ratio(numerator, denominator):
    """``numerator / denominator`` with 0 where the denominator is 0 (sklearn's default)."""
    numerator, denominator = np.broadcast_arrays(numerator, denominator)
    out = np.zeros(numerator.shape, dtype=float)
    return np.divide(numerator, denominator, out=out, where=denominator > 0)


def count_formula(kind, tp, fp, fn):
    """Value of an F1-type metric from (weighted) true/false positive/negative counts."""
    if kind == "f1":
        return _ratio(2 * tp, 2 * tp + fp + fn)
    if kind == "precision":
        return _ratio(tp, tp + fp)
    if kind == "recall":
        return _ratio(tp, tp + fn)
    if kind == "jaccard":
        return _ratio(tp, tp + fp + fn)
    raise ValueError(f"No count formula for {kind!r}.")


def sample_values(metric, n_pred, n_tp, n_true):
    """Per-sample value of a sample-averaged metric from per-row counts."""
    if metric.kind == "accuracy":
        return ((n_tp == n_true) & (n_pred == n_true)).astype(float)
    return count_formula(metric.kind, n_tp, n_pred - n_tp, n_true - n_tp)


def label_contributions(metric, tp, fp, positives, total_weight):
    """Per-label terms whose sum over labels is the objective (non-micro averages).

    Parameters
    ----------
    metric : CountMetric
        A metric with ``average`` in {"macro", "weighted"} or ``kind="hamming"``.
    tp, fp : ndarray of shape (..., n_labels)
        Weighted true and false positives per label.
    positives : ndarray of shape (n_labels,)
        Weighted number of positives per label.
    total_weight : float
        Sum of the sample weights.

    Returns
    -------
    terms : ndarray of shape (..., n_labels)
    """
    n_labels = positives.shape[0]
    if metric.kind == "hamming":
        return -(fp + positives - tp) / (total_weight * n_labels)
    values = count_formula(metric.kind, tp, fp, positives - tp)
    if metric.average == "weighted":
        return values * _ratio(positives, positives.sum())
    return values / n_labels


def objective_from_label_counts(metric, tp, fp, positives, total_weight):
    """Objective from per-label counts ``tp, fp`` of shape (..., n_labels)."""
    if metric.average == "micro" and metric.kind != "hamming":
        tp_total = tp.sum(axis=-1)
        fn_total = positives.sum() - tp_total
        return count_formula(metric.kind, tp_total, fp.sum(axis=-1), fn_total)
    return label_contributions(metric, tp, fp, positives, total_weight).sum(axis=-1)


def evaluate(metric, y, y_pred, sample_weight):
    """Objective of the 0/1 predictions ``y_pred`` (higher is better).

    Parameters
    ----------
    metric : CountMetric or GenericMetric
    y, y_pred : ndarray of shape (n_samples, n_labels)
        True and predicted indicator matrices; ``NaN`` in ``y`` marks an
        unknown entry, left out of the counts (count metrics only).
    sample_weight : ndarray of shape (n_samples,) or None

    Returns
    -------
    objective : float
    """
    y, known, weights = known_entries(y, sample_weight)
    check_countable(metric, known)
    if isinstance(metric, GenericMetric):
        return float(metric(y, y_pred, sample_weight))
    y, y_pred = y.astype(bool), y_pred.astype(bool)
    if known is not None:
        # An unknown entry predicted is no false positive: count only known ones.
        y_pred = y_pred & known
    if metric.per_sample:
        n_true = y.sum(axis=1)
        values = sample_values(metric, y_pred.sum(axis=1), (y & y_pred).sum(axis=1), n_true)
        return float(values @ weights / weights.sum())
    tp = weights @ (y & y_pred)
    fp = weights @ (~y & y_pred)
    total = total_known_weight(weights, known, y.shape[1])
    return float(objective_from_label_counts(metric, tp, fp, weights @ y, total))


def _weights(sample_weight, n_samples):
    if sample_weight is None:
        return np.ones(n_samples)
    return np.asarray(sample_weight, dtype=float)


def known_entries(y, sample_weight=None):
    """Split targets with unknown (``NaN``) entries into what the counts need.

    Parameters
    ----------
    y : ndarray of shape (n_samples, n_labels)
        0/1 targets, ``NaN`` at unknown entries.
    sample_weight : ndarray of shape (n_samples,) or None, default=None

    Returns
    -------
    y : ndarray of shape (n_samples, n_labels)
        The targets with 0 at the unknown entries (``y`` itself when none).
    known : ndarray of bool of shape (n_samples, n_labels) or None
        The known entries; ``None`` when every entry is known, so that the
        fully labelled computations stay exactly what they were.
    weights : ndarray of shape (n_samples,)
        Sample weights (ones for None), 0 for the rows with no known entry.
    """
    y = np.asarray(y)
    weights = _weights(sample_weight, y.shape[0])
    if y.dtype.kind != "f":
        return y, None, weights
    unknown = np.isnan(y)
    if not unknown.any():
        return y, None, weights
    known = ~unknown
    return np.where(known, y, 0.0), known, weights * known.any(axis=1)


def check_countable(metric, known):
    """Refuse unknown entries for a metric without a count formula.

    Raises
    ------
    ValueError
        When ``known`` is not None and ``metric`` is a :class:`GenericMetric`.
    """
    if known is not None and isinstance(metric, GenericMetric):
        raise ValueError(
            "y has unknown (NaN or -1) entries, which only the count metrics can skip "
            f"({', '.join(sorted(fast_metrics()))}); this scoring would read them as "
            "labels. Pass one of those names as scoring, or fill the unknown entries."
        )


def total_known_weight(weights, known, n_labels):
    """Sum of the weights of the known entries, over ``n_labels`` (the Hamming denominator).

    With every entry known this is the sum of the sample weights, so that
    ``total * n_labels`` counts the entries as before.
    """
    if known is None:
        return weights.sum()
    return float(weights @ known.sum(axis=1)) / n_labels


def resolve_metric(scoring, binary):
    """Turn ``ThresholdOptimizer``'s ``scoring`` into a metric object.

    Parameters
    ----------
    scoring : str or callable
        A name of :func:`fast_metrics` (or, for a binary target, of
        :func:`binary_metrics`), any scikit-learn scorer name, a
        ``make_scorer`` scorer, or a callable ``metric(y_true, y_pred)``.
    binary : bool
        Whether the target is binary (one label, passed to the metric as 1-D).

    Returns
    -------
    metric : CountMetric or GenericMetric
    """
    if isinstance(scoring, str):
        if scoring in fast_metrics():
            metric = fast_metrics()[scoring]
            if binary and metric.average == "samples" and metric.kind != "accuracy":
                raise ValueError(
                    f"scoring={scoring!r} averages over the labels of each sample and "
                    f"is not meaningful for a binary target; use e.g. 'f1' instead."
                )
            return metric
        if scoring in binary_metrics():
            if not binary:
                raise ValueError(
                    f"scoring={scoring!r} is a binary metric; for multi-label targets "
                    f"choose an average such as '{scoring}_micro' or '{scoring}_macro'."
                )
            return binary_metrics()[scoring]
        scoring = get_scorer(scoring)
    if hasattr(scoring, "_score_func"):
        if getattr(scoring, "_response_method", "predict") != "predict":
            raise ValueError(
                f"The scorer {scoring!r} reads scores, not predicted labels, so it "
                f"does not depend on the threshold. Choose a metric of predicted "
                f"labels such as 'f1_micro', 'f1_macro' or 'hamming_loss'."
            )
        return GenericMetric(
            scoring._score_func, dict(scoring._kwargs), scoring._sign, binary
        )
    return GenericMetric(scoring, {}, 1, binary)


# scikit-learn's function for each count formula, to score label sets its usual way
_SKLEARN_FUNCTIONS = {
    "f1": f1_score,
    "precision": precision_score,
    "recall": recall_score,
    "jaccard": jaccard_score,
}


def subset_accuracy(y_true, y_pred):
    """Share of samples whose whole label set is predicted exactly."""
    return float(np.all(y_true == y_pred, axis=1).mean())


def comparison_scorings():
    """Names of the fast metrics that models and rules may be compared by.

    F1 and Jaccard (every average), subset accuracy and the Hamming loss:
    precision and recall alone are left out because predicting nothing or
    everything maximises them, and ``neg_hamming_loss`` because
    ``hamming_loss`` says the same.

    Returns
    -------
    names : tuple of str
        In the order of :func:`fast_metrics`: the keys of :data:`SCORINGS`
        and the ``--scoring`` choices of the command line.
    """
    return tuple(
        name
        for name, metric in fast_metrics().items()
        if metric.kind in ("f1", "jaccard", "accuracy") or name == "hamming_loss"
    )


def _label_set_scoring(name):
    """``(function, kwargs, greater_is_better)`` of a comparison scoring."""
    metric = fast_metrics()[name]
    if metric.kind == "accuracy":
        return subset_accuracy, {}, True
    if metric.kind == "hamming":
        return hamming_loss, {}, False
    kwargs = {"average": metric.average, "zero_division": 0}
    return _SKLEARN_FUNCTIONS[metric.kind], kwargs, True


#: Metrics of predicted label sets of the comparison and of AutoMultiLabelNet:
#: name -> (function, kwargs, greater is better), for each of :func:`comparison_scorings`.
SCORINGS = {name: _label_set_scoring(name) for name in comparison_scorings()}


def score(scoring, y_true, y_pred):
    """Value of a ``SCORINGS`` metric on predicted label sets.

    Parameters
    ----------
    scoring : str
        A key of :data:`SCORINGS`.
    y_true, y_pred : array-like of shape (n_samples, n_labels)
        True and predicted 0/1 indicator matrices; ``NaN`` in ``y_true``
        marks an unknown entry, which the value leaves out (see the module's
        notes).

    Returns
    -------
    value : float
        In the metric's own sign (a loss for "hamming_loss").
    """
    y_true = np.asarray(y_true)
    if y_true.dtype.kind == "f" and np.isnan(y_true).any():
        # scikit-learn's functions cannot skip entries; the count formulas give
        # the same values on fully known targets, and skip the unknown ones.
        metric = fast_metrics()[scoring]
        return float(metric.score_sign * evaluate(metric, y_true, np.asarray(y_pred), None))
    function, kwargs, _ = SCORINGS[scoring]
    return float(function(y_true, y_pred, **kwargs))
