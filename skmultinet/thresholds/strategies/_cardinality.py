"""One threshold that reproduces the training label cardinality (PCut)."""

import numpy as np

from .._search import cardinality_threshold
from ._base import LabelThresholdStrategy, TunedRule


class CardinalityThreshold(LabelThresholdStrategy):
    """One threshold for all labels, chosen to predict as many labels as ``y`` has.

    The mean number of predicted labels per sample matches the training
    data's; the metric only gives ``best_score_``. ``cv_results_`` still
    holds the curve of the global search, for comparison.

    References
    ----------
    .. [1] Y. Yang, "A study of thresholding strategies for text
       categorization", SIGIR 2001, pp. 137-145 (PCut).
    .. [2] J. Read, B. Pfahringer, G. Holmes and E. Frank, "Classifier chains
       for multi-label classification", Machine Learning 85(3), 2011.
    """

    name = "cardinality"
    description = "one threshold matching the training label cardinality (PCut)"

    def search(self, scores, y, metric, *, thresholds="auto", sample_weight=None, min_labels=0):
        """The shared threshold whose predicted cardinality is closest to ``y``'s."""
        start = self.global_search(scores, y, metric, thresholds, sample_weight, min_labels)
        cut = cardinality_threshold(start.forced, y, sample_weight)
        return TunedRule(thresholds=np.full(scores.shape[1], cut)), start.curve
