"""Cut each sample's sorted scores at their largest gap (MCut)."""

from .._search import mcut_indicator
from ._base import ThresholdStrategy, TunedRule


class MCut(ThresholdStrategy):
    """Predict, in each sample, the labels above the largest gap between sorted scores.

    Nothing is tuned: the metric only gives ``best_score_``.

    References
    ----------
    .. [1] C. Largeron, C. Moulin and M. Géry, "MCut: A Thresholding Strategy
       for Multi-label Classification", IDA 2012, pp. 172-183.
    """

    name = "mcut"
    description = "each sample's labels above the largest gap in its scores (MCut)"
    multilabel_only = True
    keeps_a_label = True

    def search(self, scores, y, metric, *, thresholds="auto", sample_weight=None, min_labels=0):
        """Nothing to tune."""
        return TunedRule(), {}

    def apply(self, scores, rule):
        """Cut each row at its largest gap."""
        return mcut_indicator(scores)
