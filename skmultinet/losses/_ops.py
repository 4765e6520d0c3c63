"""Numerically stable building blocks shared by the losses (``keras.ops`` only).

Every loss works on logits and must keep finite values *and* gradients at logits
of ``+-1e4`` in half precision. The helpers below are the places where that is
decided once: the compute dtype, masked log-sum-exp over possibly empty sets,
``log(softplus(x))`` and ``p * log(p)``.
"""

import keras
from keras import ops

# Stands in for -inf in masked reductions. ``exp(MASK_FILL - m)`` is exactly 0 in
# float32 for any finite logit m, yet ``MASK_FILL - MASK_FILL`` is 0, not NaN, so a
# reduction over an empty set stays finite in value and gradient. It must dwarf
# any scaled logit (1e4 / temperature) and still fit float32.
MASK_FILL = -1e9

# Below this, ``softplus`` is so close to ``exp`` that ``log(softplus(x)) == x``
# to float32 precision (the error is exp(x) / 2 < 2e-7).
_LOG_SOFTPLUS_CUTOFF = -15.0


def compute_dtype(dtype):
    """Dtype the losses compute in: at least float32.

    Half-precision logits (float16, bfloat16) are cast up because several
    intermediate values (a squared 1e4, an exp of a 1e4 margin turned into a
    sum over labels) do not fit 65504; float64 stays float64.

    Parameters
    ----------
    dtype : str or dtype
        Dtype of the logits.

    Returns
    -------
    dtype : str
        ``"float64"`` for float64 logits, ``"float32"`` otherwise.
    """
    return "float64" if keras.backend.standardize_dtype(dtype) == "float64" else "float32"


def prepare(y_true, y_pred):
    """Turn ``(y_true, y_pred)`` into tensors of the compute dtype.

    Parameters
    ----------
    y_true : tensor-like of shape (batch, n_labels)
        0/1 indicator (soft targets in [0, 1] are accepted where a loss says so).
    y_pred : tensor-like of shape (batch, n_outputs)
        Logits.

    Returns
    -------
    y_true, logits : tensors of the compute dtype (see :func:`compute_dtype`).
    """
    logits = ops.convert_to_tensor(y_pred)
    dtype = compute_dtype(logits.dtype)
    logits = ops.cast(logits, dtype)
    y_true = ops.cast(ops.convert_to_tensor(y_true), dtype)
    return y_true, logits


def masked_logsumexp(x, mask, axis=-1):
    """``log(sum(exp(x[mask])))`` along ``axis``; about ``MASK_FILL`` when empty.

    Parameters
    ----------
    x : tensor
    mask : bool tensor of the shape of ``x``
    axis : int, default=-1

    Returns
    -------
    tensor
        Reduced along ``axis``. Finite, with finite gradients, even when the
        mask selects nothing.
    """
    # ``where`` on the *input* rather than adding a mask: the untaken branch is
    # the constant fill, so no gradient flows from masked entries.
    return ops.logsumexp(ops.where(mask, x, MASK_FILL), axis=axis)


def log1p_sum_exp(x, mask, axis=-1):
    """``log(1 + sum(exp(x[mask])))`` along ``axis``; exactly 0 when empty.

    Written as ``softplus(logsumexp)``: ``log(1 + e^s)`` never overflows, and
    the "1 +" makes the empty set give 0 with a zero gradient.

    Parameters
    ----------
    x : tensor
    mask : bool tensor of the shape of ``x``
    axis : int, default=-1

    Returns
    -------
    tensor
    """
    return ops.softplus(masked_logsumexp(x, mask, axis=axis))


def log_softplus(x):
    """``log(softplus(x))`` without the ``log(0)`` of an underflowed softplus.

    Parameters
    ----------
    x : tensor

    Returns
    -------
    tensor
        Tends to ``x`` as ``x -> -inf`` (gradient 1), to ``log(x)`` as
        ``x -> +inf``.
    """
    # The clamped input keeps the untaken branch's gradient finite (no log(0)).
    safe = ops.maximum(x, _LOG_SOFTPLUS_CUTOFF)
    return ops.where(x < _LOG_SOFTPLUS_CUTOFF, x, ops.log(ops.softplus(safe)))


def xlogx(p):
    """``p * log(p)`` with the convention ``0 * log(0) = 0``.

    Parameters
    ----------
    p : tensor of non-negative values

    Returns
    -------
    tensor
    """
    positive = p > 0
    safe = ops.where(positive, p, ops.ones_like(p))
    return ops.where(positive, p * ops.log(safe), ops.zeros_like(p))


def pos_neg_masks(y_true):
    """Boolean masks of the positive and negative labels of 0/1 targets.

    Parameters
    ----------
    y_true : tensor of 0/1 values

    Returns
    -------
    positive, negative : bool tensors of the shape of ``y_true``
    """
    positive = y_true > 0.5
    return positive, ops.logical_not(positive)
