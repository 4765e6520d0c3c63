"""From logits to what a classifier returns: scores, probabilities and label decisions.

:class:`LabelDecoder` composes, in NumPy, everything between a network's
logits and a prediction: the loss's decision rule (:mod:`._rules`), the
calibration of its scores (:mod:`._calibration`), the thresholds or the predicted
label count, and the output shape of each kind of target (binary, multiclass,
multi-label). It never imports Keras, so a saved model predicts without it.
"""

import numpy as np
from scipy.special import expit, softmax

from ._calibration import apply_calibration


class LabelDecoder:
    """Turns one network's logits into decision scores, probabilities and decisions.

    Parameters
    ----------
    target_type : {"binary", "multiclass", "multilabel-indicator", "label-sets"}
        The kind of target the network was fitted on. Multiclass logits go
        through a softmax and an argmax; the others are per-label decisions.
    n_outputs : int
        Logits that are labels (or classes); any further ones (a count head)
        are read only by the rule. 1 for binary targets.
    rule : object or None
        The loss's decision rule (:class:`~._rules.ThresholdRule`,
        :class:`~._rules.TopCountRule`, or a loss object with the same
        methods): ``decision_scores``, ``predict_proba`` and, for the
        ``"top_count"`` rule, ``predict_count``, each optional. ``None`` reads
        the label logits as scores.
    thresholds : float or ndarray of shape (n_outputs,), default=0.5
        Probability at or above which a label is predicted.
    calibration : tuple, dict or None, default=None
        The calibration of the scores (see
        :func:`~._calibration.apply_calibration`): the global Platt pair
        ``(slope, intercept)``, or a per-label Platt or isotonic map.
    """

    def __init__(self, target_type, n_outputs, rule=None, thresholds=0.5, calibration=None):
        self.target_type = target_type
        self.n_outputs = n_outputs
        self.rule = rule
        self.thresholds = thresholds
        self.calibration = calibration

    def decision_function(self, logits):
        """Scores: per label (multi-label), per class (multiclass), or one (binary).

        With a calibration, the calibrated logits, so that ``expit`` of them
        is :meth:`predict_proba`.
        """
        if self.target_type == "multiclass":
            return logits[:, : self.n_outputs]
        scores = self._label_scores(logits)
        return scores[:, 0] if self.target_type == "binary" else scores

    def predict_proba(self, logits):
        """Per-label (multi-label) or per-class (binary, multiclass) probabilities."""
        if self.target_type == "multiclass":
            return softmax(logits[:, : self.n_outputs], axis=1)
        proba = self._label_proba(logits)
        if self.target_type == "binary":
            return np.column_stack([1.0 - proba[:, 0], proba[:, 0]])
        return proba

    def predict_encoded(self, logits):
        """Decisions as the target encoder codes them.

        Returns
        -------
        decisions : ndarray
            Class indices of shape (n_samples,) for multiclass targets, 0/1
            of shape (n_samples,) for binary targets, and a 0/1 ``int8``
            indicator of shape (n_samples, n_outputs) for multi-label ones.
        """
        if self.target_type == "multiclass":
            return np.argmax(logits[:, : self.n_outputs], axis=1)
        if getattr(self.rule, "decision_rule", "threshold") == "top_count":
            indicator = top_count_indicator(
                self._label_proba(logits), self.rule.predict_count(logits)
            )
        else:
            indicator = self._label_proba(logits) >= self.thresholds
        if self.target_type == "binary":
            return indicator[:, 0].astype(int)
        return indicator.astype(np.int8)

    def _label_scores(self, logits):
        """Per-label scores before the sigmoid (calibrated when needed)."""
        if hasattr(self.rule, "decision_scores"):
            scores = self.rule.decision_scores(logits)
        else:
            scores = logits[:, : self.n_outputs]
        if self.calibration is not None:
            scores = apply_calibration(scores, self.calibration)
        return scores

    def _label_proba(self, logits):
        # A calibration maps the rule's scores; without one, the rule's own
        # probabilities (TopCountRule's are not the sigmoid of its scores).
        if self.calibration is None and hasattr(self.rule, "predict_proba"):
            return self.rule.predict_proba(logits)
        return expit(self._label_scores(logits))


def top_count_indicator(proba, counts):
    """Each row's ``counts[i]`` best-scored labels.

    Parameters
    ----------
    proba : ndarray of shape (n_samples, n_labels)
    counts : array-like of int of shape (n_samples,)
        Clipped to ``[0, n_labels]``; ties go to the first label.

    Returns
    -------
    indicator : ndarray of bool of shape (n_samples, n_labels)
    """
    n_samples, n_labels = proba.shape
    counts = np.clip(np.asarray(counts, dtype=int), 0, n_labels)
    ranks = np.argsort(np.argsort(-proba, axis=1, kind="stable"), axis=1, kind="stable")
    return ranks < counts[:, None]
