"""Pure NumPy search for the decision rule that turns label scores into labels.

Everything here works on a score matrix ``scores`` of shape
``(n_samples, n_labels)``, the 0/1 matrix ``y`` of the same shape and sample
weights ``sample_weight`` of shape ``(n_samples,)``; a label is predicted when
``scores >= threshold``. Searches are sort-based: after one sort per label,
the confusion counts at every candidate threshold are cumulative sums, so
the exact optimum of count-based metrics costs ``O(n log n)`` per label.

The metrics with a fast path are described by :class:`CountMetric`; any other
metric goes through :class:`GenericMetric`, which calls it on a small grid.
``NaN`` in ``y`` marks an unknown entry (partially labelled data): the
searches count the known entries only (see
:func:`~skmultinet.thresholds._metrics.known_entries`), while the scores of
every entry still decide a row's ranking for the per-row rules.
Both, and the arithmetic on confusion counts, live in
:mod:`skmultinet.thresholds._metrics`. The strategies of
:mod:`skmultinet.thresholds.strategies` call these searches.
"""

import numpy as np

from ._metrics import (
    GenericMetric,
    _ratio,
    check_countable,
    count_formula,
    evaluate,
    known_entries,
    objective_from_label_counts,
    sample_values,
    total_known_weight,
)

# candidates kept for a global threshold under "auto" (the metric is evaluated
# on all labels at once for each), and for metrics without a fast path
MAX_GLOBAL_CANDIDATES = 1000
MAX_GENERIC_CANDIDATES = 50
MAX_SWEEPS = 20
_CHUNK_CELLS = 2**22


def _midpoints(descending):
    """Thresholds between consecutive distinct values, plus +inf and -inf.

    +inf predicts nothing (but labels forced by ``min_labels``), -inf
    everything; halving before adding keeps huge scores finite.
    """
    if descending.shape[0] == 0:
        # a label whose scores ``min_labels`` all forced to +inf has no finite score
        return np.array([np.inf, -np.inf])
    distinct = descending[np.r_[True, descending[1:] != descending[:-1]]]
    between = distinct[:-1] / 2 + distinct[1:] / 2
    return np.r_[np.inf, between, -np.inf]


def candidate_thresholds(scores, thresholds, max_candidates=None):
    """Candidate thresholds, in decreasing order, for the scores of one search.

    Parameters
    ----------
    scores : ndarray
        The scores the threshold applies to (any shape); non-finite scores
        (labels forced by ``min_labels``) are ignored.
    thresholds : "auto", int or array-like
        "auto": every midpoint between distinct scores, plus +inf and -inf,
        thinned to ``max_candidates`` evenly spaced ones when there are more.
        int: that many score quantiles. array-like: used as given.
    max_candidates : int or None, default=None
        Cap for "auto"; None keeps all.

    Returns
    -------
    candidates : ndarray of shape (n_candidates,)
    """
    if isinstance(thresholds, str):
        finite = np.sort(scores[np.isfinite(scores)], axis=None)[::-1]
        candidates = _midpoints(finite)
        if max_candidates is not None and candidates.shape[0] > max_candidates:
            keep = np.linspace(0, candidates.shape[0] - 1, max_candidates)
            candidates = candidates[np.unique(np.round(keep).astype(int))]
        return candidates
    if np.ndim(thresholds) == 0:
        finite = scores[np.isfinite(scores)]
        if finite.size == 0:
            return np.array([np.inf, -np.inf])
        candidates = np.quantile(finite, np.linspace(0, 1, int(thresholds)))
        return np.unique(candidates)[::-1]
    return np.unique(np.asarray(thresholds, dtype=float))[::-1]


def force_top_labels(scores, min_labels):
    """Raise the ``min_labels`` best scores of each row to +inf.

    ``scores >= t`` on the result is exactly "``scores >= t`` or among the
    row's ``min_labels`` best" for every finite ``t``, so all searches
    handle ``min_labels`` exactly by running on these scores.
    """
    if min_labels <= 0:
        return scores
    forced = scores.astype(float, copy=True)
    np.put_along_axis(forced, top_k_indices(scores, min_labels), np.inf, axis=1)
    return forced


def top_k_indices(scores, k):
    """Column indices of the ``k`` best scores of each row (ties: lower index)."""
    k = min(int(k), scores.shape[1])
    return np.argsort(-scores, axis=1, kind="stable")[:, :k]


def top_k_indicator(scores, k):
    """0/1 matrix predicting the ``k`` best-scored labels of each row."""
    y_pred = np.zeros(scores.shape, dtype=bool)
    np.put_along_axis(y_pred, top_k_indices(scores, k), True, axis=1)
    return y_pred


def mcut_indicator(scores):
    """Predict, in each row, the labels above the largest gap between sorted scores.

    References
    ----------
    .. [1] C. Largeron, C. Moulin and M. Géry, "MCut: A Thresholding Strategy
       for Multi-label Classification", IDA 2012, LNCS 7619, pp. 172-183.
    """
    if scores.shape[1] < 2:
        return np.ones(scores.shape, dtype=bool)
    descending = -np.sort(-scores, axis=1)
    higher, lower = descending[:, :-1], descending[:, 1:]
    # Equal neighbours are no gap, infinite ones included: inf - inf is NaN, which
    # argmax would take for the largest gap. Halving first keeps huge gaps finite.
    gaps = np.subtract(higher / 2, lower / 2, out=np.zeros(higher.shape),
                       where=higher != lower)
    n_kept = np.argmax(gaps, axis=1) + 1
    cut = np.take_along_axis(descending, n_kept[:, None] - 1, axis=1)
    return scores >= cut


class _SortedLabels:
    """Each label's scores sorted once, to count the samples above any threshold.

    Parameters
    ----------
    scores : ndarray of shape (n_samples, n_labels)
    """

    def __init__(self, scores):
        negated = np.ascontiguousarray(-scores.T)
        self.order = np.argsort(negated, axis=1, kind="stable")
        self.neg_sorted = np.take_along_axis(negated, self.order, axis=1)

    def n_above(self, label, thresholds):
        """How many samples have ``scores[:, label] >= t`` for each ``t``."""
        return np.searchsorted(self.neg_sorted[label], -thresholds, side="right")

    def cumulative(self, label, values):
        """``out[k]``: sum of ``values`` over the ``k`` best-scored samples of ``label``."""
        return np.r_[0.0, np.cumsum(values[self.order[label]])]

    def descending(self, label, known=None):
        """The scores of ``label``, highest first (only its known entries' when ``known``)."""
        if known is None:
            return -self.neg_sorted[label]
        return -self.neg_sorted[label][known[self.order[label], label]]


def _label_scale(metric, positives, total_weight):
    """Per-label factor turning a label's value into its share of the objective."""
    n_labels = positives.shape[0]
    if metric.kind == "hamming":
        return np.full(n_labels, 1.0 / (total_weight * n_labels))
    if metric.average == "weighted":
        return _ratio(positives, positives.sum())
    return np.full(n_labels, 1.0 / n_labels)


def _label_terms(metric, tp, fp, positives, scale):
    """Share of the objective of labels with counts ``tp, fp`` (non-micro metrics)."""
    if metric.kind == "hamming":
        return -(fp + positives - tp) * scale
    return count_formula(metric.kind, tp, fp, positives - tp) * scale


class _LabelCountObjective:
    """Objective of per-label or micro metrics while one label's threshold moves.

    Keeps the weighted confusion counts of every label at the current
    thresholds; ``curve(label, candidates)`` gives the objective for each
    candidate of one label, the others fixed, from cumulative sums.
    """

    def __init__(self, metric, sorted_labels, y, weights, thresholds, known=None):
        self.metric, self.sorted = metric, sorted_labels
        self.weighted_y = np.ascontiguousarray((weights[:, None] * y).T)
        self.weights = weights
        # per label, an unknown entry weighs 0: it is no false positive
        self.label_weights = (None if known is None
                              else np.ascontiguousarray((weights[:, None] * known).T))
        self.positives = weights @ y
        self.total_weight = total_known_weight(weights, known, y.shape[1])
        self.scale = _label_scale(metric, self.positives, self.total_weight)
        counts = [self._counts(j, thresholds[j : j + 1]) for j in range(y.shape[1])]
        self.tp = np.array([tp[0] for tp, _ in counts], dtype=float)
        self.fp = np.array([fp[0] for _, fp in counts], dtype=float)

    def _counts(self, label, thresholds):
        n_above = self.sorted.n_above(label, thresholds)
        tp = self.sorted.cumulative(label, self.weighted_y[label])[n_above]
        weights = self.weights if self.label_weights is None else self.label_weights[label]
        return tp, self.sorted.cumulative(label, weights)[n_above] - tp

    def value(self):
        return float(
            objective_from_label_counts(
                self.metric, self.tp, self.fp, self.positives, self.total_weight
            )
        )

    def curve(self, label, candidates):
        tp, fp = self._counts(label, candidates)
        if self.metric.average == "micro" and self.metric.kind != "hamming":
            tp_total = self.tp.sum() - self.tp[label] + tp
            fp_total = self.fp.sum() - self.fp[label] + fp
            fn_total = self.positives.sum() - tp_total
            return count_formula(self.metric.kind, tp_total, fp_total, fn_total)
        terms = _label_terms(self.metric, self.tp, self.fp, self.positives, self.scale)
        moved = _label_terms(
            self.metric, tp, fp, self.positives[label], self.scale[label]
        )
        return terms.sum() - terms[label] + moved

    def set(self, label, threshold):
        tp, fp = self._counts(label, np.array([threshold]))
        self.tp[label], self.fp[label] = tp[0], fp[0]


class _SampleCountObjective:
    """Objective of sample-averaged metrics while one label's threshold moves.

    Moving a label's threshold down past a sample's score adds that label to
    the sample's prediction; the change of that sample's value does not
    depend on the threshold, so the curve is a cumulative sum of changes.
    """

    def __init__(self, metric, sorted_labels, scores, y, weights, thresholds, known=None):
        self.metric, self.sorted = metric, sorted_labels
        self.scores, self.y, self.weights = scores, y.astype(bool), weights
        # only known entries count as predicted
        self.known = np.ones(y.shape, dtype=bool) if known is None else known
        self.y_pred = (scores >= thresholds) & self.known
        self.n_pred = self.y_pred.sum(axis=1)
        self.n_tp = (self.y_pred & self.y).sum(axis=1)
        self.n_true = self.y.sum(axis=1)

    def value(self):
        values = sample_values(self.metric, self.n_pred, self.n_tp, self.n_true)
        return float(values @ self.weights / self.weights.sum())

    def curve(self, label, candidates):
        predicted, relevant = self.y_pred[:, label], self.y[:, label]
        n_pred = self.n_pred - predicted
        n_tp = self.n_tp - (predicted & relevant)
        without = sample_values(self.metric, n_pred, n_tp, self.n_true)
        with_label = sample_values(self.metric, n_pred + self.known[:, label], n_tp + relevant,
                                   self.n_true)
        gains = self.sorted.cumulative(label, self.weights * (with_label - without))
        base = without @ self.weights
        return (base + gains[self.sorted.n_above(label, candidates)]) / self.weights.sum()

    def set(self, label, threshold):
        predicted = (self.scores[:, label] >= threshold) & self.known[:, label]
        change = predicted.astype(int) - self.y_pred[:, label]
        self.n_pred += change
        self.n_tp += change * self.y[:, label]
        self.y_pred[:, label] = predicted


class _GenericObjective:
    """Objective of any metric, re-evaluated for every candidate (the slow path)."""

    def __init__(self, metric, scores, y, weights, thresholds):
        self.metric, self.scores, self.y, self.weights = metric, scores, y, weights
        self.y_pred = scores >= thresholds

    def value(self):
        return evaluate(self.metric, self.y, self.y_pred, self.weights)

    def curve(self, label, candidates):
        saved = self.y_pred[:, label].copy()
        values = []
        for threshold in candidates:
            self.y_pred[:, label] = self.scores[:, label] >= threshold
            values.append(self.value())
        self.y_pred[:, label] = saved
        return np.array(values)

    def set(self, label, threshold):
        self.y_pred[:, label] = self.scores[:, label] >= threshold


def _objective(metric, sorted_labels, scores, y, weights, thresholds, known=None):
    if isinstance(metric, GenericMetric):
        return _GenericObjective(metric, scores, y, weights, thresholds)
    if metric.per_sample:
        return _SampleCountObjective(metric, sorted_labels, scores, y, weights, thresholds,
                                     known)
    return _LabelCountObjective(metric, sorted_labels, y, weights, thresholds, known)


def search_per_label(scores, y, metric, thresholds, sample_weight, start, sorted_labels=None):
    """One threshold per label, by coordinate ascent from a common ``start``.

    Each step sets one label's threshold to the candidate that maximises the
    whole objective with the other thresholds fixed; sweeps over the labels
    repeat until none improves. For metrics that are sums over labels
    (macro, weighted, hamming) the first sweep already finds the exact
    optimum ("SCut"); for micro- and sample-averaged metrics the result is a
    coordinate-wise optimum that is never worse than ``start``.

    Parameters
    ----------
    scores : ndarray of shape (n_samples, n_labels)
    y : ndarray of shape (n_samples, n_labels)
    metric : CountMetric or GenericMetric
    thresholds : "auto", int or array-like
        Candidates per label, see :func:`candidate_thresholds`.
    sample_weight : ndarray of shape (n_samples,) or None
    start : float
        Initial threshold of every label, usually the best global one.
    sorted_labels : _SortedLabels, default=None
        Reused when the caller already sorted the scores.

    Returns
    -------
    best_thresholds : ndarray of shape (n_labels,)
    best_objective : float

    References
    ----------
    .. [1] R.-E. Fan and C.-J. Lin, "A Study on Threshold Selection for
       Multi-label Classification", Technical report, National Taiwan
       University, 2007.
    """
    y, known, weights = known_entries(y, sample_weight)
    check_countable(metric, known)
    sorted_labels = sorted_labels or _SortedLabels(scores)
    current = np.full(scores.shape[1], start, dtype=float)
    objective = _objective(metric, sorted_labels, scores, y, weights, current, known)
    best = objective.value()
    cap = MAX_GENERIC_CANDIDATES if isinstance(metric, GenericMetric) else None
    label_candidates = [
        candidate_thresholds(sorted_labels.descending(label, known), thresholds, cap)
        for label in range(scores.shape[1])
    ]
    for _ in range(MAX_SWEEPS):
        improved = False
        for label, candidates in enumerate(label_candidates):
            values = objective.curve(label, candidates)
            best_index = int(np.argmax(values))
            # strict improvement only, so that ties keep the common threshold
            if values[best_index] > best + 1e-12:
                current[label] = candidates[best_index]
                objective.set(label, current[label])
                best = float(values[best_index])
                improved = True
        if not improved:
            break
    return current, best


def _sample_count_curve(metric, scores, y, weights, candidates, known=None):
    """Objective of a sample-averaged metric at each global candidate threshold.

    Each score falls between two consecutive candidates; a per-row histogram
    of those positions, accumulated, gives every row's predicted and true
    positive counts at every candidate.
    """
    n_samples, n_candidates = scores.shape[0], candidates.shape[0]
    ascending = -candidates
    n_true = y.sum(axis=1)
    totals = np.zeros(n_candidates)
    chunk = max(1, _CHUNK_CELLS // (n_candidates + 1))
    for start in range(0, n_samples, chunk):
        rows = slice(start, start + chunk)
        first = np.searchsorted(ascending, -scores[rows], side="left")
        n_rows = first.shape[0]
        cells = (np.arange(n_rows)[:, None] * (n_candidates + 1) + first).ravel()
        shape, size = (n_rows, n_candidates + 1), n_rows * (n_candidates + 1)
        known_rows = None if known is None else known[rows].ravel()
        n_pred = np.bincount(cells, weights=known_rows, minlength=size)
        n_pred = n_pred.reshape(shape).cumsum(axis=1)
        n_tp = np.bincount(cells, weights=y[rows].ravel(), minlength=size)
        n_tp = n_tp.reshape(shape).cumsum(axis=1)
        values = sample_values(
            metric, n_pred[:, :-1], n_tp[:, :-1], n_true[rows, None]
        )
        totals += weights[rows] @ values
    return totals / weights.sum()


def global_curve(metric, scores, y, weights, candidates, sorted_labels=None, known=None):
    """Objective when every label uses the same threshold, for each candidate.

    Parameters
    ----------
    metric : CountMetric or GenericMetric
    scores, y : ndarray of shape (n_samples, n_labels)
    weights : ndarray of shape (n_samples,)
    candidates : ndarray of shape (n_candidates,)
    sorted_labels : _SortedLabels, default=None
    known : ndarray of bool of shape (n_samples, n_labels) or None, default=None
        Known entries (``y`` holding 0 at the others), from
        :func:`~skmultinet.thresholds._metrics.known_entries`.

    Returns
    -------
    objectives : ndarray of shape (n_candidates,)
    """
    if isinstance(metric, GenericMetric):
        return np.array([evaluate(metric, y, scores >= t, weights) for t in candidates])
    if metric.per_sample:
        return _sample_count_curve(metric, scores, y, weights, candidates, known)
    sorted_labels = sorted_labels or _SortedLabels(scores)
    objective = _LabelCountObjective(
        metric, sorted_labels, y, weights, np.full(scores.shape[1], np.inf), known
    )
    counts = [objective._counts(j, candidates) for j in range(scores.shape[1])]
    tp = np.stack([tp for tp, _ in counts], axis=1)
    fp = np.stack([fp for _, fp in counts], axis=1)
    return objective_from_label_counts(
        metric, tp, fp, objective.positives, objective.total_weight
    )


def search_global(scores, y, metric, thresholds, sample_weight, sorted_labels=None):
    """The single threshold, shared by all labels, that maximises the objective.

    Parameters
    ----------
    scores, y : ndarray of shape (n_samples, n_labels)
    metric : CountMetric or GenericMetric
    thresholds : "auto", int or array-like
        Candidates, see :func:`candidate_thresholds`; "auto" keeps at most
        ``MAX_GLOBAL_CANDIDATES`` (``MAX_GENERIC_CANDIDATES`` for metrics
        without a fast path).
    sample_weight : ndarray of shape (n_samples,) or None
    sorted_labels : _SortedLabels, default=None

    Returns
    -------
    best_threshold : float
    best_objective : float
    candidates : ndarray of shape (n_candidates,)
    objectives : ndarray of shape (n_candidates,)
    """
    y, known, weights = known_entries(y, sample_weight)
    check_countable(metric, known)
    generic = isinstance(metric, GenericMetric)
    cap = MAX_GENERIC_CANDIDATES if generic else MAX_GLOBAL_CANDIDATES
    # an unknown entry's score is no candidate: it changes no count
    candidates = candidate_thresholds(scores if known is None else scores[known], thresholds, cap)
    objectives = global_curve(metric, scores, y, weights, candidates, sorted_labels, known)
    best_index = int(np.argmax(objectives))
    return candidates[best_index], float(objectives[best_index]), candidates, objectives


def search_top_k(scores, y, metric, sample_weight, min_k=0):
    """The number ``k`` of best-scored labels to predict per sample ("RCut").

    Parameters
    ----------
    scores, y : ndarray of shape (n_samples, n_labels)
    metric : CountMetric or GenericMetric
    sample_weight : ndarray of shape (n_samples,) or None
    min_k : int, default=0
        Smallest ``k`` considered (``min_labels``).

    Returns
    -------
    best_k : int
    best_objective : float
    ks : ndarray of shape (n_candidates,)
    objectives : ndarray of shape (n_candidates,)

    References
    ----------
    .. [1] Y. Yang, "A study of thresholding strategies for text
       categorization", SIGIR 2001, pp. 137-145.
    """
    n_labels = scores.shape[1]
    y, known, weights = known_entries(y, sample_weight)
    check_countable(metric, known)
    ks = np.arange(min(min_k, n_labels), n_labels + 1)
    if isinstance(metric, GenericMetric):
        objectives = np.array(
            [evaluate(metric, y, top_k_indicator(scores, k), weights) for k in ks]
        )
    else:
        order = np.argsort(-scores, axis=1, kind="stable")
        y_ranked = np.take_along_axis(y, order, axis=1).astype(float)
        objectives = _top_k_curve(metric, order, y, y_ranked, weights, ks, known)
    best_index = int(np.argmax(objectives))
    return int(ks[best_index]), float(objectives[best_index]), ks, objectives


def _top_k_curve(metric, order, y, y_ranked, weights, ks, known=None):
    """Objective of predicting the ``k`` best labels, for each ``k`` in ``ks``.

    With unknown entries the ranking is still that of all the scores (what
    predict does), but only the known entries among the ``k`` best count.
    """
    n_samples, n_labels = y.shape
    if metric.per_sample:
        zeros = np.zeros((n_samples, 1))
        n_tp = np.concatenate([zeros, y_ranked.cumsum(axis=1)], axis=1)
        n_pred = ks[None, :]
        if known is not None:
            known_ranked = np.take_along_axis(known, order, axis=1)
            n_pred = np.concatenate([zeros, known_ranked.cumsum(axis=1)], axis=1)[:, ks]
        values = sample_values(metric, n_pred, n_tp[:, ks], y.sum(axis=1)[:, None])
        return weights @ values / weights.sum()
    # rank_hist[j, r]: weight of samples ranking label j r-th, split by relevance
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(n_labels)[None, :], axis=1)
    cells = (np.arange(n_labels)[None, :] * n_labels + ranks).ravel()
    size, shape = n_labels * n_labels, (n_labels, n_labels)
    positive_hist = np.bincount(cells, (weights[:, None] * y).ravel(), size).reshape(shape)
    entry_weights = (np.repeat(weights, n_labels) if known is None
                     else (weights[:, None] * known).ravel())
    all_hist = np.bincount(cells, entry_weights, size).reshape(shape)
    zeros = np.zeros((n_labels, 1))
    tp = np.concatenate([zeros, positive_hist.cumsum(axis=1)], axis=1)[:, ks].T
    predicted = np.concatenate([zeros, all_hist.cumsum(axis=1)], axis=1)[:, ks].T
    return objective_from_label_counts(
        metric, tp, predicted - tp, weights @ y, total_known_weight(weights, known, n_labels)
    )


def cardinality_threshold(scores, y, sample_weight):
    """The global threshold whose predicted label cardinality is closest to ``y``'s.

    Parameters
    ----------
    scores, y : ndarray of shape (n_samples, n_labels)
    sample_weight : ndarray of shape (n_samples,) or None

    Returns
    -------
    threshold : float
        Ties go to the higher threshold.

    References
    ----------
    .. [1] J. Read, B. Pfahringer, G. Holmes and E. Frank, "Classifier chains
       for multi-label classification", Machine Learning 85(3), 2011.
    .. [2] Y. Yang, "A study of thresholding strategies for text
       categorization", SIGIR 2001 (PCut).
    """
    n_labels = scores.shape[1]
    y, known, weights = known_entries(y, sample_weight)
    pooled = -scores.ravel()
    order = np.argsort(pooled, kind="stable")
    neg_sorted = pooled[order]
    # with unknown entries, the known ones' predicted count against their true one
    entry_weights = (np.repeat(weights, n_labels) if known is None
                     else (weights[:, None] * known).ravel())
    predicted = np.r_[0.0, np.cumsum(entry_weights[order])]
    descending = -neg_sorted
    candidates = _midpoints(descending[np.isfinite(descending)
                                       & (True if known is None else known.ravel()[order])])
    predicted = predicted[np.searchsorted(neg_sorted, -candidates, side="right")]
    target = weights @ y.sum(axis=1)
    return float(candidates[int(np.argmin(np.abs(predicted - target)))])
