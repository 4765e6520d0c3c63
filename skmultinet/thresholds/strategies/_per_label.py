"""One threshold per label (SCut)."""

from .._search import search_per_label
from ._base import LabelThresholdStrategy, TunedRule, summary_number


class PerLabelThresholds(LabelThresholdStrategy):
    """One threshold per label, by coordinate ascent from the best global one.

    Exact for metrics that are sums over labels (macro, weighted, hamming);
    for micro- and sample-averaged metrics a coordinate-wise optimum never
    worse than the global threshold. ``cv_results_`` holds the curve of the
    global search it starts from.

    References
    ----------
    .. [1] Y. Yang, "A study of thresholding strategies for text
       categorization", SIGIR 2001, pp. 137-145 (SCut).
    .. [2] R.-E. Fan and C.-J. Lin, "A Study on Threshold Selection for
       Multi-label Classification", National Taiwan University, 2007.
    """

    name = "per_label"
    description = "one threshold per label (SCut)"

    def search(self, scores, y, metric, *, thresholds="auto", sample_weight=None, min_labels=0):
        """Per-label thresholds, starting from the best shared one."""
        start = self.global_search(scores, y, metric, thresholds, sample_weight, min_labels)
        label_thresholds, _ = search_per_label(
            start.forced, y, metric, thresholds, sample_weight, start.threshold,
            start.sorted_labels,
        )
        return TunedRule(thresholds=label_thresholds), start.curve

    def rule_text(self, summary):
        """Median and range of the thresholds, e.g. ``"med 0.42 [0.10-0.80]"``."""
        median = summary_number(summary, "threshold_median")
        if median is None:
            return self.name
        low = summary_number(summary, "threshold_min")
        high = summary_number(summary, "threshold_max")
        return f"med {median:.2f} [{low:.2f}-{high:.2f}]"
