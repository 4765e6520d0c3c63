"""Losses that treat a row's labels as a distribution over labels.

``softmax_crossentropy`` normalises the targets to sum 1; ``partition`` writes
the target as ``y = Z * P`` (a count times a distribution) and learns both;
``symmetric_kl`` compares the targets and sigmoid outputs as unnormalised
pseudo-distributions.

Unknown target entries (``NaN``) are left out of the row's distribution: out
of the target normalisation ``y / sum(y)`` and out of the softmax normaliser,
so the row teaches how its known labels share the mass among themselves.
"""

import keras
from keras import ops

from ..decision._rules import ThresholdRule, TopCountRule
from ._base import MultiLabelLoss
from ._ops import (
    known_targets,
    known_terms,
    log_softplus,
    masked_log_softmax,
    prepare,
    xlogx,
)


def _target_distribution(y_true):
    """Row-normalised targets ``y / sum(y)``; all-zero rows stay all zero.

    ``y_true`` holds 0 at unknown entries (see :func:`._ops.known_targets`),
    so they add nothing to the sum and get no mass.
    """
    totals = ops.sum(y_true, axis=-1, keepdims=True)
    return y_true / ops.where(totals > 0, totals, ops.ones_like(totals))


@keras.saving.register_keras_serializable(package="skmultinet")
class SoftmaxCrossentropy(MultiLabelLoss):
    """Softmax cross-entropy on targets normalised to sum 1.

    With ``t = y / sum(y)``, per sample::

        loss = -sum_j t_j * log_softmax(z)_j

    Parameters
    ----------
    name : str, default="softmax_crossentropy"
    reduction : str, default="sum_over_batch_size"
        Used by ``__call__`` only; :meth:`call` returns one value per sample.
    dtype : str, default=None

    Notes
    -----
    Decision rule: threshold, after calibration (``needs_calibration=True``).
    The softmax splits one unit of mass among a row's labels, so
    ``softmax(z)_j`` is about ``1 / n_positives`` for a positive label, not a
    probability that label j is present. :meth:`decision_scores` returns
    ``log_softmax(z)`` (logits themselves have an arbitrary per-row offset);
    the estimator fits a Platt scaling on them.

    A row with no positive label has no target distribution: its loss is 0 and
    it teaches nothing. All-positive rows ask for the uniform distribution.
    With one label the softmax is constant, hence ``min_labels = 2``.

    References
    ----------
    .. [1] D. Mahajan, R. Girshick, V. Ramanathan, K. He, M. Paluri, Y. Li,
       A. Bharambe and L. van der Maaten, "Exploring the Limits of Weakly
       Supervised Pretraining", ECCV 2018. arXiv:1805.00932.

    Examples
    --------
    >>> import numpy as np
    >>> from skmultinet.losses import SoftmaxCrossentropy
    >>> loss = SoftmaxCrossentropy()
    >>> value = loss.call(np.array([[1.0, 1.0, 0.0]]), np.zeros((1, 3)))
    >>> bool(np.isclose(value[0], np.log(3)))
    True
    """

    needs_calibration = True
    min_labels = 2
    masks_unknown_labels = True

    def __init__(self, *, name="softmax_crossentropy", reduction="sum_over_batch_size",
                 dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)

    def call(self, y_true, y_pred):
        y_true, logits = prepare(y_true, y_pred)
        y_true, known = known_targets(y_true)
        targets = _target_distribution(y_true)
        log_proba = masked_log_softmax(logits, known, axis=-1)
        return -ops.sum(known_terms(targets * log_proba, known), axis=-1)

    def prediction_rule(self):
        # Only within-row differences are learned: the rule drops the arbitrary offset.
        return ThresholdRule(self.n_extra_outputs, offset_free=True)


@keras.saving.register_keras_serializable(package="skmultinet")
class PartitionLoss(MultiLabelLoss):
    """Count times distribution: ``y = Z * P``, learned by a softmax and a count head.

    The network has one extra output, the LAST column of the logits: ``c``, the
    count logit. With ``Z = sum(y)``, ``P = y / Z`` and ``Q = softmax(z)`` over
    the label logits, per sample::

        loss = KL(P || Q) + count_weight * count_loss(Z, c)
        KL(P || Q) = sum_j P_j * (log P_j - log Q_j)           (0 when Z = 0)

    ``count_loss="poisson"``: Poisson half deviance with a softplus link,
    ``lam - Z - Z * log(lam / Z)`` with ``lam = softplus(c)`` (the usual ``exp``
    link overflows at large logits; ``log(lam)`` is computed without
    underflow). ``count_loss="squared"``: ``(c - Z) ** 2``, predicted count
    ``c``.

    Parameters
    ----------
    count_loss : {"poisson", "squared"}, default="poisson"
        Loss of the count head.
    count_weight : float, default=1.0
        Weight of the count term against the KL term.
    name : str, default="partition"
    reduction : str, default="sum_over_batch_size"
        Used by ``__call__`` only; :meth:`call` returns one value per sample.
    dtype : str, default=None

    Notes
    -----
    Decision rule: ``"top_count"``. Each row predicts its ``round(Z_hat)``
    labels of highest ``Q``, where ``Z_hat`` is ``softplus(c)`` (Poisson) or
    ``c`` (squared), clipped to ``[0, n_labels]`` (:meth:`predict_count`).
    :meth:`predict_proba` is ``clip(Z_hat * Q, 0, 1)``, the expected indicator,
    and :meth:`decision_scores` its logarithm ``log(Z_hat) + log Q``.

    A row with no positive label has no distribution: only the count term
    (which learns ``Z = 0``) applies. All-positive rows ask for the uniform
    distribution and ``Z = n_labels``. With one label the KL term is 0 but the
    count head still learns, so ``min_labels = 1``.

    Unknown (``NaN``) entries: ``P`` and ``Q`` are distributions over the
    row's known labels, and the count is interval-censored, since ``Z`` lies
    between the known positives ``Z_lo`` and ``Z_hi = Z_lo + n_unknown``: the
    count term is the deviance from the nearer end when the prediction is
    outside ``[Z_lo, Z_hi]`` and 0 inside (exactly the term above when every
    entry is known). A row with no known entry contributes 0.

    References
    ----------
    .. [1] The answer factorising the target as a count times a distribution in
       "What loss function for multi-class, multi-label classification tasks
       in neural networks?", Cross Validated,
       https://stats.stackexchange.com/q/207794.
    .. [2] L. Tang, S. Rajan and V. K. Narayanan, "Large Scale Multi-Label
       Classification via MetaLabeler", WWW 2009 (predicting the label count,
       then taking the top-scored labels).

    Examples
    --------
    >>> import numpy as np
    >>> from skmultinet.losses import PartitionLoss
    >>> loss = PartitionLoss(count_loss="squared")
    >>> loss.predict_count(np.array([[2.0, 1.0, 0.0, 1.7]]))
    array([2])
    """

    n_extra_outputs = 1
    decision_rule = "top_count"
    masks_unknown_labels = True

    def __init__(self, *, count_loss="poisson", count_weight=1.0, name="partition",
                 reduction="sum_over_batch_size", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.count_loss = count_loss
        self.count_weight = count_weight

    def call(self, y_true, y_pred):
        if self.count_loss not in ("poisson", "squared"):
            raise ValueError(
                f"count_loss must be 'poisson' or 'squared'; got {self.count_loss!r}."
            )
        y_true, logits = prepare(y_true, y_pred)
        y_true, known = known_targets(y_true)
        label_logits, count_logit = logits[:, :-1], logits[:, -1]
        targets = _target_distribution(y_true)
        log_proba = masked_log_softmax(label_logits, known, axis=-1)
        kl = ops.sum(known_terms(xlogx(targets) - targets * log_proba, known), axis=-1)
        # The row's count is only known to lie between its known positives and
        # those plus its unknown entries: an interval-censored count.
        low = ops.sum(y_true, axis=-1)
        high = low + ops.sum(ops.cast(ops.logical_not(known), low.dtype), axis=-1)
        if self.count_loss == "poisson":
            rate = ops.softplus(count_logit)
            log_rate = log_softplus(count_logit)
            below, above = (_poisson_deviance(rate, log_rate, count) for count in (low, high))
            predicted = rate
        else:
            below, above = (ops.square(count_logit - count) for count in (low, high))
            predicted = count_logit
        # Deviance from the nearer end of the interval, 0 inside it. With no
        # unknown entry low == high, and the first two branches cover every
        # prediction: exactly the uncensored term.
        count_term = ops.where(predicted <= low, below,
                               ops.where(predicted >= high, above, ops.zeros_like(below)))
        any_known = ops.cast(ops.any(known, axis=-1), count_term.dtype)
        return kl + self.count_weight * count_term * any_known

    def prediction_rule(self):
        return TopCountRule(self.count_loss)

    def predict_proba(self, logits):
        return self.prediction_rule().predict_proba(logits)

    def predict_count(self, logits):
        return self.prediction_rule().predict_count(logits)

    def get_config(self):
        config = super().get_config()
        config.update(count_loss=self.count_loss, count_weight=self.count_weight)
        return config


@keras.saving.register_keras_serializable(package="skmultinet")
class SymmetricKLLoss(MultiLabelLoss):
    """Symmetrised KL divergence between unnormalised pseudo-distributions.

    With smoothed targets ``P = y * (1 - smoothing) + smoothing / 2`` (so that
    ``log P`` is defined) and the sigmoid outputs ``Q = sigmoid(z)``, per
    sample::

        loss = sum_j | (P_j - Q_j) * (log P_j - log Q_j) |

    Each term is already non-negative (``log`` is increasing), so the absolute
    value changes nothing; ``log Q = log_sigmoid(z)`` keeps it finite at any
    logit. Neither ``P`` nor ``Q`` sums to 1: this is the symmetrised
    (Jeffreys) divergence of unnormalised measures.

    Parameters
    ----------
    smoothing : float in (0, 1), default=0.05
        Target smoothing; 0 would make ``log P`` infinite.
    name : str, default="symmetric_kl"
    reduction : str, default="sum_over_batch_size"
        Used by ``__call__`` only; :meth:`call` returns one value per sample.
    dtype : str, default=None

    Notes
    -----
    Decision rule: threshold, after calibration (``needs_calibration=True``):
    the divergence is not a proper scoring rule, so ``sigmoid(z)`` is only a
    monotone score.

    Rows with no positive label or only positive labels are ordinary rows
    (each label contributes its own term).

    References
    ----------
    .. [1] The answer suggesting ``sum |(P - Q) log(P / Q)|`` on unnormalised
       outputs in "What loss function for multi-class, multi-label
       classification tasks in neural networks?", Cross Validated,
       https://stats.stackexchange.com/q/207794.
    .. [2] H. Jeffreys, "An Invariant Form for the Prior Probability in
       Estimation Problems", Proc. R. Soc. A 186, 1946.

    Examples
    --------
    >>> from skmultinet.losses import SymmetricKLLoss
    >>> SymmetricKLLoss(smoothing=0.1).get_config()["smoothing"]
    0.1
    """

    needs_calibration = True
    masks_unknown_labels = True

    def __init__(self, *, smoothing=0.05, name="symmetric_kl",
                 reduction="sum_over_batch_size", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.smoothing = smoothing

    def call(self, y_true, y_pred):
        if not 0.0 < self.smoothing < 1.0:
            raise ValueError(
                f"smoothing must be in (0, 1) so that log(targets) is finite; "
                f"got {self.smoothing!r}."
            )
        y_true, logits = prepare(y_true, y_pred)
        y_true, known = known_targets(y_true)
        targets = y_true * (1.0 - self.smoothing) + 0.5 * self.smoothing
        outputs = ops.sigmoid(logits)
        terms = (targets - outputs) * (ops.log(targets) - ops.log_sigmoid(logits))
        return ops.sum(known_terms(ops.abs(terms), known), axis=-1)

    def get_config(self):
        config = super().get_config()
        config.update(smoothing=self.smoothing)
        return config


def _poisson_deviance(rate, log_rate, count):
    """Poisson half deviance ``rate - count - count * log(rate / count)`` (0 at ``rate == count``)."""
    return rate - count * log_rate + xlogx(count) - count
