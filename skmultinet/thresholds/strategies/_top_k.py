"""The k best-scored labels of each sample (RCut)."""

from .._search import search_top_k, top_k_indicator
from ._base import ThresholdStrategy, TunedRule, summary_number


class TopK(ThresholdStrategy):
    """Predict the ``k`` best-scored labels of each sample, ``k`` tuned.

    Every ``k`` from ``min_labels`` to the number of labels is tried; the
    curve of ``cv_results_`` is ``"k"`` and ``"objectives"``.

    References
    ----------
    .. [1] Y. Yang, "A study of thresholding strategies for text
       categorization", SIGIR 2001, pp. 137-145 (RCut).
    """

    name = "top_k"
    description = "the k best-scored labels of each sample, k tuned (RCut)"
    multilabel_only = True

    def search(self, scores, y, metric, *, thresholds="auto", sample_weight=None, min_labels=0):
        """The best ``k``; ``thresholds`` plays no part."""
        k, _, ks, objectives = search_top_k(scores, y, metric, sample_weight, min_labels)
        return TunedRule(k=k), {"k": ks, "objectives": objectives}

    def apply(self, scores, rule):
        """Predict the ``rule.k`` best-scored labels of each sample."""
        return top_k_indicator(scores, rule.k)

    def summary(self, rule):
        """``{"k": k}``."""
        return {} if rule.k is None else {"k": rule.k}

    def rule_text(self, summary):
        """``"top 3"`` (an average over folds shows up to 3 digits)."""
        k = summary_number(summary, "k")
        return self.name if k is None else f"top {k:.3g}"
