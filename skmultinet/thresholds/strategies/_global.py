"""One threshold shared by all labels."""

import numpy as np

from ._base import LabelThresholdStrategy, TunedRule


class GlobalThreshold(LabelThresholdStrategy):
    """One threshold for all labels, the one that maximises the metric.

    The search is exact for the count-based metrics (every distinct score is
    a candidate, thinned to 1000 under ``thresholds="auto"``). For a binary
    target this is the rule of
    :class:`~sklearn.model_selection.TunedThresholdClassifierCV`.

    References
    ----------
    .. [1] R.-E. Fan and C.-J. Lin, "A Study on Threshold Selection for
       Multi-label Classification", National Taiwan University, 2007.
    """

    name = "global"
    description = "one threshold for all labels"

    def search(self, scores, y, metric, *, thresholds="auto", sample_weight=None, min_labels=0):
        """The best shared threshold; the curve is the objective at each candidate."""
        start = self.global_search(scores, y, metric, thresholds, sample_weight, min_labels)
        return TunedRule(thresholds=np.full(scores.shape[1], start.threshold)), start.curve
