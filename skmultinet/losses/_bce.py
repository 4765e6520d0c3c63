"""Sigmoid + binary cross-entropy from logits, with positive weights and smoothing."""

import numpy as np

import keras
from keras import ops

from ._base import MultiLabelLoss
from ._ops import known_targets, known_terms, prepare


def balanced_pos_weight(y_true, sample_weight=None):
    """Per-label ``n_negatives / n_positives`` of an indicator matrix.

    Parameters
    ----------
    y_true : array-like of shape (n_samples, n_labels)
        0/1 indicator matrix; ``NaN`` entries are unknown and counted neither
        as positives nor as negatives.
    sample_weight : array-like of shape (n_samples,), default=None
        Counts become sums of sample weights.

    Returns
    -------
    pos_weight : ndarray of shape (n_labels,)
        ``n_neg / n_pos`` per label. A label with no positive (or no negative)
        example gets weight 1: there is no balance to restore, and 0 or inf
        would silence or blow up its loss.
    """
    y_true = np.asarray(y_true, dtype=float)
    if sample_weight is None:
        sample_weight = np.ones(y_true.shape[0])
    sample_weight = np.asarray(sample_weight, dtype=float)
    known = np.isfinite(y_true)
    n_pos = sample_weight @ np.where(known, y_true, 0.0)
    n_neg = sample_weight @ np.where(known, 1.0 - y_true, 0.0)
    both = (n_pos > 0) & (n_neg > 0)
    return np.where(both, n_neg / np.where(both, n_pos, 1.0), 1.0)


@keras.saving.register_keras_serializable(package="skmultinet")
class BinaryCrossentropy(MultiLabelLoss):
    """Sigmoid + binary cross-entropy computed from logits (alias ``"bce"``).

    For logits ``z`` and targets ``y`` (after smoothing), per sample::

        loss = mean_j [ w_j * y_j * softplus(-z_j) + (1 - y_j) * softplus(z_j) ]

    where ``softplus(-z) = -log(sigmoid(z))``; with ``w = 1`` this is the
    ``tf.nn.sigmoid_cross_entropy_with_logits`` form, finite for any logit.

    Parameters
    ----------
    pos_weight : float, array-like of shape (n_labels,) or "balanced", default=None
        Weight ``w`` of the positive term (``None`` means 1). ``"balanced"``
        uses ``n_negatives / n_positives`` of each label, learned by
        :meth:`adapt` from the training targets (the estimator does this in
        ``fit``); labels with no positive or no negative example get 1.
    label_smoothing : float, default=0.0
        Targets become ``y * (1 - label_smoothing) + 0.5 * label_smoothing``.
    name : str, default="binary_crossentropy"
    reduction : str, default="sum_over_batch_size"
        Used by ``__call__`` only; :meth:`call` returns one value per sample.
    dtype : str, default=None
        Dtype of ``__call__``'s inputs (Keras's ``floatx`` by default).

    Notes
    -----
    Decision rule: threshold. ``sigmoid(z_j)`` estimates ``P(y_j = 1 | x)``
    (a proper scoring rule; ``pos_weight`` and smoothing shift it, so tune the
    threshold when using them). No calibration needed.

    Rows with no positive label, or only positive labels, are ordinary rows:
    each label is its own binary problem.

    Soft targets in [0, 1] are accepted. Unknown (``NaN``) entries are left
    out of the mean's numerator, not of its denominator (see
    :class:`MultiLabelLoss`), and out of ``"balanced"``'s counts.

    References
    ----------
    The numerically stable ``max(z, 0) - z * y + log(1 + exp(-|z|))`` form of
    ``tf.nn.sigmoid_cross_entropy_with_logits``;
    ``tf.nn.weighted_cross_entropy_with_logits`` for ``pos_weight``.

    Examples
    --------
    >>> import numpy as np
    >>> from skmultinet.losses import BinaryCrossentropy
    >>> loss = BinaryCrossentropy(pos_weight=2.0)
    >>> values = loss.call(np.array([[1.0, 0.0]]), np.array([[0.0, 0.0]]))
    >>> round(float(values[0]), 4)  # (2 * log 2 + log 2) / 2
    1.0397
    """

    masks_unknown_labels = True

    def __init__(self, *, pos_weight=None, label_smoothing=0.0,
                 name="binary_crossentropy", reduction="sum_over_batch_size",
                 dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.pos_weight = pos_weight
        self.label_smoothing = label_smoothing

    def adapt(self, y_true, sample_weight=None):
        """Learn ``n_negatives / n_positives`` per label if ``pos_weight="balanced"``.

        Parameters
        ----------
        y_true : ndarray of shape (n_samples, n_labels)
        sample_weight : ndarray of shape (n_samples,), default=None

        Returns
        -------
        self : BinaryCrossentropy
        """
        if _is_balanced(self.pos_weight):
            self._balanced_pos_weight = balanced_pos_weight(y_true, sample_weight)
        return self

    def _resolved_pos_weight(self):
        """The positive weights as an array, or ``None`` for no weighting."""
        if self.pos_weight is None:
            return None
        if isinstance(self.pos_weight, str):
            if not _is_balanced(self.pos_weight):
                raise ValueError(
                    f"pos_weight must be a number, an array of per-label weights or "
                    f"'balanced'; got {self.pos_weight!r}."
                )
            if not hasattr(self, "_balanced_pos_weight"):
                raise RuntimeError(
                    "pos_weight='balanced' needs the label frequencies of the training "
                    "targets: call loss.adapt(y_train) before using the loss "
                    "(MultiLabelNetClassifier.fit does this for you)."
                )
            return self._balanced_pos_weight
        return np.asarray(self.pos_weight, dtype=float)

    def call(self, y_true, y_pred):
        y_true, logits = prepare(y_true, y_pred)
        y_true, known = known_targets(y_true)
        pos_weight = self._resolved_pos_weight()
        if self.label_smoothing:
            y_true = y_true * (1.0 - self.label_smoothing) + 0.5 * self.label_smoothing
        positive = y_true * ops.softplus(-logits)
        if pos_weight is not None:
            positive = positive * ops.cast(pos_weight, logits.dtype)
        negative = (1.0 - y_true) * ops.softplus(logits)
        return ops.mean(known_terms(positive + negative, known), axis=-1)

    def get_config(self):
        config = super().get_config()
        pos_weight = self.pos_weight
        if isinstance(pos_weight, np.ndarray):
            pos_weight = pos_weight.tolist()  # JSON-serialisable for Keras saving
        config.update(pos_weight=pos_weight, label_smoothing=self.label_smoothing)
        return config


def _is_balanced(pos_weight):
    return isinstance(pos_weight, str) and pos_weight == "balanced"
