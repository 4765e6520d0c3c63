"""Count-based multi-label metrics evaluated from confusion counts, used by the threshold searches.

A metric with an exact fast path is a :class:`CountMetric`, whose value is a
formula of (weighted) true/false positive counts per label or per sample; any
other metric is a :class:`GenericMetric`, which simply calls it.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import f1_score, hamming_loss, jaccard_score

_KINDS = ("f1", "precision", "recall", "jaccard")
_AVERAGES = ("micro", "macro", "weighted", "samples")


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
        True and predicted indicator matrices.
    sample_weight : ndarray of shape (n_samples,) or None

    Returns
    -------
    objective : float
    """
    if isinstance(metric, GenericMetric):
        return float(metric(y, y_pred, sample_weight))
    weights = _weights(sample_weight, y.shape[0])
    y, y_pred = y.astype(bool), y_pred.astype(bool)
    if metric.per_sample:
        n_true = y.sum(axis=1)
        values = sample_values(metric, y_pred.sum(axis=1), (y & y_pred).sum(axis=1), n_true)
        return float(values @ weights / weights.sum())
    tp = weights @ (y & y_pred)
    fp = weights @ (~y & y_pred)
    return float(objective_from_label_counts(metric, tp, fp, weights @ y, weights.sum()))


def _weights(sample_weight, n_samples):
    if sample_weight is None:
        return np.ones(n_samples)
    return np.asarray(sample_weight, dtype=float)


#: Metrics of predicted label sets of the comparison and of AutoMultiLabelNet: (function, kwargs,
#: greater is better).
SCORINGS = {
    **{
        f"{kind}_{average}": (function, {"average": average, "zero_division": 0}, True)
        for kind, function in (("f1", f1_score), ("jaccard", jaccard_score))
        for average in ("micro", "macro", "samples", "weighted")
    },
    "accuracy": (lambda y_true, y_pred: float(np.all(y_true == y_pred, axis=1).mean()), {}, True),
    "hamming_loss": (hamming_loss, {}, False),
}


def score(scoring, y_true, y_pred):
    """Value of a ``SCORINGS`` metric on predicted label sets."""
    function, kwargs, _ = SCORINGS[scoring]
    return float(function(y_true, y_pred, **kwargs))
