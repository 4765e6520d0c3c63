"""How a network's logits become label scores, probabilities and label counts.

Each loss of :mod:`skmultinet.losses` comes with a decision rule: how its logits
turn into per-label scores (before any calibration), probabilities and, for
``partition``, a number of labels per row. The rules live here, in NumPy and
apart from the Keras loss classes, so that a fitted estimator predicts, and
unpickles, without importing Keras or TensorFlow.
"""

import numpy as np
from scipy.special import expit, log_softmax, softmax


class ThresholdRule:
    """A label is predicted when its probability reaches a threshold.

    The methods take logits of shape ``(n_samples, n_labels + n_extra_outputs)``
    and follow :class:`~skmultinet.losses.MultiLabelLoss`'s contract.

    Parameters
    ----------
    n_extra_outputs : int, default=0
        Network outputs after the label logits, which are not labels.
    offset_free : bool, default=False
        Whether the loss learns only the differences between a row's logits
        (softmax and ranking losses). The scores are then the row's
        log-softmax, which drops the arbitrary offset.
    """

    decision_rule = "threshold"

    def __init__(self, n_extra_outputs=0, offset_free=False):
        self.n_extra_outputs = n_extra_outputs
        self.offset_free = offset_free

    def get_config(self):
        """The constructor's arguments as plain values (``ThresholdRule(**config)`` rebuilds it)."""
        return {"n_extra_outputs": int(self.n_extra_outputs), "offset_free": bool(self.offset_free)}

    def decision_scores(self, logits):
        """Per-label scores ``(n_samples, n_labels)``, increasing with relevance."""
        logits = np.asarray(logits)
        scores = logits[:, : logits.shape[1] - self.n_extra_outputs]
        return log_softmax(scores, axis=1) if self.offset_free else scores

    def predict_proba(self, logits):
        """Per-label probabilities: the sigmoid of the scores."""
        return expit(self.decision_scores(logits))


class TopCountRule:
    """Each row takes its best-scored labels, as many as a count head predicts.

    The network's last output is the count logit ``c``: the expected number of
    labels is ``softplus(c)`` (Poisson count loss) or ``c`` itself (squared
    count loss). The other logits are a softmax distribution ``Q`` over the
    labels, and a label's probability is ``min(1, Z_hat * Q)``.

    Parameters
    ----------
    count_loss : {"poisson", "squared"}, default="poisson"
        How the count head was trained.
    """

    decision_rule = "top_count"
    n_extra_outputs = 1

    def __init__(self, count_loss="poisson"):
        self.count_loss = count_loss

    def get_config(self):
        """The constructor's arguments as plain values (``TopCountRule(**config)`` rebuilds it)."""
        return {"count_loss": str(self.count_loss)}

    def expected_count(self, logits):
        """``Z_hat``: the count head turned into a (real) number of labels."""
        count_logit = np.asarray(logits, dtype=float)[:, -1]
        if self.count_loss == "poisson":
            return np.logaddexp(0.0, count_logit)  # softplus
        return count_logit

    def _label_logits(self, logits):
        return np.asarray(logits)[:, :-1].astype(float)

    def decision_scores(self, logits):
        """``log(Z_hat) + log Q``: the log of the expected label indicators."""
        expected = np.maximum(self.expected_count(logits), 1e-12)
        return np.log(expected)[:, None] + log_softmax(self._label_logits(logits), axis=1)

    def predict_proba(self, logits):
        """``min(1, Z_hat * Q)`` per label."""
        expected = np.maximum(self.expected_count(logits), 0.0)
        q = softmax(self._label_logits(logits), axis=1)
        return np.clip(expected[:, None] * q, 0.0, 1.0)

    def predict_count(self, logits):
        """``Z_hat`` rounded and clipped to ``[0, n_labels]``, one int per row."""
        n_labels = np.asarray(logits).shape[1] - self.n_extra_outputs
        counts = np.rint(self.expected_count(logits))
        return np.clip(counts, 0, n_labels).astype(int)
