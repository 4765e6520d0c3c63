"""What a threshold strategy is: a search, a rule to apply, and a way to describe it.

A strategy is a stateless object. Its :meth:`~ThresholdStrategy.search` returns
a :class:`TunedRule`, which ``ThresholdOptimizer`` keeps as its fitted
``best_thresholds_`` and ``best_k_``; at predict time the strategy is found
again by name and applies that rule. Saved models therefore hold plain arrays
and numbers, never a strategy object.
"""

from collections import namedtuple
from dataclasses import dataclass

import numpy as np

from .._search import (
    _SortedLabels,
    force_top_labels,
    search_global,
    top_k_indicator,
)


@dataclass(frozen=True, eq=False)
class TunedRule:
    """What a strategy's search learned.

    Parameters
    ----------
    thresholds : ndarray of shape (n_labels,) or None, default=None
        One threshold per label (``ThresholdOptimizer.best_thresholds_``); a
        label is predicted when its score is ``>=`` its threshold.
    k : int or None, default=None
        Number of best-scored labels predicted per sample
        (``ThresholdOptimizer.best_k_``).
    """

    thresholds: object = None
    k: object = None


class ThresholdStrategy:
    """Base class of the rules that turn per-label scores into labels.

    Subclasses set :attr:`name` and :attr:`description` and implement
    :meth:`search` and :meth:`apply`; :meth:`summary` and :meth:`rule_text`
    describe a tuned rule (the default says nothing but the name). Make one
    available to ``ThresholdOptimizer(strategy=name)`` with
    :func:`~skmultinet.thresholds.strategies.register_strategy`.

    Attributes
    ----------
    name : str
        The value of ``ThresholdOptimizer``'s ``strategy`` parameter.
    description : str
        One line for help texts.
    multilabel_only : bool
        True for rules that rank the labels of a sample, which a binary
        target (one label) cannot use.
    keeps_a_label : bool
        True for rules that give every sample at least one label by
        themselves, so that ``min_labels=1`` changes nothing (a search over
        ``min_labels``, as ``AutoMultiLabelNet`` runs, tries them once).

    Examples
    --------
    >>> import numpy as np
    >>> from skmultinet.thresholds.strategies import ThresholdStrategy, TunedRule
    >>> class AboveHalfOfBest(ThresholdStrategy):
    ...     name = "above_half_of_best"
    ...     description = "labels scored at least half of the sample's best score"
    ...     def search(self, scores, y, metric, *, thresholds="auto",
    ...                sample_weight=None, min_labels=0):
    ...         return TunedRule(), {}
    ...     def apply(self, scores, rule):
    ...         return scores >= scores.max(axis=1, keepdims=True) / 2
    >>> AboveHalfOfBest().predict(np.array([[0.9, 0.5, 0.1]]), TunedRule())
    array([[ True,  True, False]])
    """

    name = None
    description = ""
    multilabel_only = False
    keeps_a_label = False

    def search(self, scores, y, metric, *, thresholds="auto", sample_weight=None, min_labels=0):
        """Tune the rule for ``metric`` on out-of-fold scores.

        Parameters
        ----------
        scores : ndarray of shape (n_samples, n_labels)
            Out-of-fold scores.
        y : ndarray of shape (n_samples, n_labels)
            0/1 indicator matrix of the true labels.
        metric : CountMetric or GenericMetric
            What to maximise, as resolved by
            :func:`skmultinet.thresholds._metrics.resolve_metric`.
        thresholds : "auto", int or array-like, default="auto"
            Candidate thresholds, see
            :func:`skmultinet.thresholds._search.candidate_thresholds`.
        sample_weight : ndarray of shape (n_samples,) or None, default=None
            Weights of the samples in the metric.
        min_labels : int, default=0
            Every sample will get at least this many labels (its best-scored
            ones) on top of the rule; a search may account for it exactly.

        Returns
        -------
        rule : TunedRule
        curve : dict
            The search curve for ``cv_results_`` (name -> ndarray); may be empty.
        """
        raise NotImplementedError

    def apply(self, scores, rule):
        """0/1 predictions of the tuned ``rule``, before ``min_labels``.

        Parameters
        ----------
        scores : ndarray of shape (n_samples, n_labels)
        rule : TunedRule

        Returns
        -------
        y_pred : ndarray of bool of shape (n_samples, n_labels)
        """
        raise NotImplementedError

    def predict(self, scores, rule, min_labels=0):
        """0/1 predictions of ``rule``, each sample given at least ``min_labels`` labels.

        Parameters
        ----------
        scores : ndarray of shape (n_samples, n_labels)
        rule : TunedRule
        min_labels : int, default=0

        Returns
        -------
        y_pred : ndarray of bool of shape (n_samples, n_labels)
        """
        y_pred = np.asarray(self.apply(scores, rule), dtype=bool)
        if min_labels:
            y_pred |= top_k_indicator(scores, min_labels)
        return y_pred

    def summary(self, rule):
        """The numbers of a tuned ``rule`` worth a column in a results table.

        Parameters
        ----------
        rule : TunedRule

        Returns
        -------
        numbers : dict of str to float
            Empty when the rule has none.
        """
        return {}

    def rule_text(self, summary):
        """A few characters describing a rule from its :meth:`summary`.

        Parameters
        ----------
        summary : mapping
            What :meth:`summary` returned, or a row of a table that averaged
            such summaries over folds (missing or NaN entries allowed).

        Returns
        -------
        text : str
        """
        return self.name

    def __repr__(self):
        return f"{type(self).__name__}()"


def summary_number(summary, key):
    """``summary[key]`` as a float, or None when it is missing or NaN."""
    value = summary.get(key)
    if value is None:
        return None
    value = float(value)
    return None if np.isnan(value) else value


# what every strategy made of thresholds starts from
GlobalSearch = namedtuple("GlobalSearch", "threshold curve forced sorted_labels")


class LabelThresholdStrategy(ThresholdStrategy):
    """Base class of the rules that are one threshold per label (possibly shared).

    :meth:`global_search` is the common first step of their searches; the
    rule predicts a label when its score is ``>=`` its threshold.
    """

    @staticmethod
    def global_search(scores, y, metric, thresholds, sample_weight, min_labels):
        """The best threshold shared by all labels, with ``min_labels`` forced.

        Parameters
        ----------
        scores, y, metric, thresholds, sample_weight, min_labels
            As in :meth:`ThresholdStrategy.search`.

        Returns
        -------
        result : GlobalSearch
            ``threshold``; ``curve`` (``"thresholds"`` and ``"objectives"``);
            ``forced``, the scores with each row's ``min_labels`` best raised
            to +inf, on which searches account for ``min_labels`` exactly; and
            ``sorted_labels``, their per-label sort, for reuse.
        """
        forced = force_top_labels(scores, min_labels)
        sorted_labels = _SortedLabels(forced)
        threshold, _, candidates, objectives = search_global(
            forced, y, metric, thresholds, sample_weight, sorted_labels
        )
        curve = {"thresholds": candidates, "objectives": objectives}
        return GlobalSearch(threshold, curve, forced, sorted_labels)

    def apply(self, scores, rule):
        """Predict each label whose score reaches its threshold."""
        return scores >= rule.thresholds

    def summary(self, rule):
        """Median, smallest and largest of the finite thresholds."""
        if rule.thresholds is None:
            return {}
        finite = rule.thresholds[np.isfinite(rule.thresholds)]
        if finite.size == 0:
            return {}
        return {
            "threshold_median": float(np.median(finite)),
            "threshold_min": float(finite.min()),
            "threshold_max": float(finite.max()),
        }

    def rule_text(self, summary):
        """The median threshold, e.g. ``"0.45"``."""
        median = summary_number(summary, "threshold_median")
        return self.name if median is None else f"{median:.2f}"
