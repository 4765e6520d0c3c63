"""Losses that regress each label's output onto its target: squared hinge and MSE."""

import keras
from keras import ops

from ._base import MultiLabelLoss
from ._ops import known_targets, known_terms, prepare


@keras.saving.register_keras_serializable(package="skmultinet")
class SquaredHingeLoss(MultiLabelLoss):
    """Squared hinge loss on +-1 targets.

    With ``t = 2 * y - 1``, per sample::

        loss = mean_j max(0, 1 - t_j * z_j) ** 2

    Parameters
    ----------
    name : str, default="squared_hinge"
    reduction : str, default="sum_over_batch_size"
        Used by ``__call__`` only; :meth:`call` returns one value per sample.
    dtype : str, default=None

    Notes
    -----
    Decision rule: threshold, after calibration (``needs_calibration=True``).
    The margin loss pushes logits beyond +-1 and is indifferent past them, so
    ``sigmoid(z)`` is no probability; as for an SVM, the estimator fits a
    Platt scaling on the logits (uncalibrated, the 0.5 cut is ``sign(z)``).

    Rows with no positive label or only positive labels are ordinary rows.
    Values grow quadratically (``1e8`` at a logit of ``1e4``): computed in
    float32 at least, never in float16.

    References
    ----------
    .. [1] K.-W. Chang, C.-J. Hsieh and C.-J. Lin, "Coordinate Descent Method
       for Large-scale L2-loss Linear Support Vector Machines", JMLR 9, 2008.

    Examples
    --------
    >>> import numpy as np
    >>> from skmultinet.losses import SquaredHingeLoss
    >>> value = SquaredHingeLoss().call(np.array([[1.0, 0.0]]), np.array([[2.0, 0.0]]))
    >>> float(value[0])
    0.5
    """

    needs_calibration = True
    masks_unknown_labels = True

    def __init__(self, *, name="squared_hinge", reduction="sum_over_batch_size",
                 dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)

    def call(self, y_true, y_pred):
        y_true, logits = prepare(y_true, y_pred)
        y_true, known = known_targets(y_true)
        signs = 2.0 * y_true - 1.0
        return ops.mean(known_terms(ops.square(ops.relu(1.0 - signs * logits)), known),
                        axis=-1)


@keras.saving.register_keras_serializable(package="skmultinet")
class MeanSquaredErrorLoss(MultiLabelLoss):
    """Squared error between sigmoid outputs and targets.

    Per sample::

        loss = mean_j (sigmoid(z_j) - y_j) ** 2

    What people try first. It is the Brier score, a proper scoring rule, so
    ``sigmoid(z)`` does estimate a probability; but its gradient
    ``2 (p - y) p (1 - p)`` vanishes for confidently wrong outputs, so it
    learns more slowly than cross-entropy.

    Parameters
    ----------
    name : str, default="mse"
    reduction : str, default="sum_over_batch_size"
        Used by ``__call__`` only; :meth:`call` returns one value per sample.
    dtype : str, default=None

    Notes
    -----
    Decision rule: threshold on ``sigmoid(z)``; no calibration.

    Rows with no positive label or only positive labels are ordinary rows.
    Soft targets in [0, 1] are accepted.

    References
    ----------
    .. [1] G. W. Brier, "Verification of Forecasts Expressed in Terms of
       Probability", Monthly Weather Review 78(1), 1950.

    Examples
    --------
    >>> import numpy as np
    >>> from skmultinet.losses import MeanSquaredErrorLoss
    >>> value = MeanSquaredErrorLoss().call(np.array([[1.0, 0.0]]), np.zeros((1, 2)))
    >>> float(value[0])
    0.25
    """

    masks_unknown_labels = True

    def __init__(self, *, name="mse", reduction="sum_over_batch_size", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)

    def call(self, y_true, y_pred):
        y_true, logits = prepare(y_true, y_pred)
        y_true, known = known_targets(y_true)
        return ops.mean(known_terms(ops.square(ops.sigmoid(logits) - y_true), known), axis=-1)
