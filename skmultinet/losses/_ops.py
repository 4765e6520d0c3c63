"""Numerically stable building blocks shared by the losses (``keras.ops`` only).

Every loss works on logits and must keep finite values *and* gradients at logits
of ``+-1e4`` in half precision. The helpers below are the places where that is
decided once: the compute dtype, masked log-sum-exp over possibly empty sets,
``log(softplus(x))`` and ``p * log(p)``, and the reading of unknown target
entries (``NaN``, see :func:`known_targets`).
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


def known_targets(y_true):
    """Targets with unknown entries set to 0, and the mask of the known ones.

    A partially labelled target marks an entry nobody observed with ``NaN``
    (any non-finite value counts). Every loss computes its terms on the
    returned targets, where an unknown entry is an ordinary 0 and so keeps
    every intermediate value finite, and then leaves the unknown entries out
    with ``known``: a per-label term is replaced by 0 through ``where`` (no
    gradient reaches its logit), a pairwise or softmax loss leaves the entry
    out of its pairs and normalisers.

    Parameters
    ----------
    y_true : tensor of shape (batch, n_labels)
        0/1 targets (soft targets where a loss accepts them), ``NaN`` where
        unknown.

    Returns
    -------
    targets : tensor of the shape and dtype of ``y_true``
        ``y_true`` with 0 at the unknown entries; ``y_true`` itself (the same
        values) when every entry is known.
    known : bool tensor of the same shape
    """
    known = ops.isfinite(y_true)
    return ops.where(known, y_true, ops.zeros_like(y_true)), known


def known_terms(terms, known):
    """Per-entry loss terms with the unknown entries' replaced by an exact 0.

    ``where`` rather than a product: a known term comes back bit for bit, so
    a fully known target gives exactly the loss of plain 0/1 targets.
    """
    return ops.where(known, terms, ops.zeros_like(terms))


def masked_log_softmax(logits, known, axis=-1):
    """``log_softmax`` over the known entries only; unknown entries get about ``MASK_FILL``.

    An unknown logit is replaced by ``MASK_FILL`` before the softmax, so its
    ``exp`` is exactly 0 in the normaliser and no gradient reaches it. Where
    every entry is known the input is the logits themselves, so the value is
    exactly ``log_softmax(logits)``.
    """
    return ops.log_softmax(ops.where(known, logits, MASK_FILL), axis=axis)


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


def pos_neg_masks(y_true, known=None):
    """Boolean masks of the positive and negative labels of 0/1 targets.

    Parameters
    ----------
    y_true : tensor of 0/1 values
    known : bool tensor of the shape of ``y_true``, default=None
        Entries that are known (see :func:`known_targets`); an unknown entry
        is in neither mask. ``None``: every entry is known.

    Returns
    -------
    positive, negative : bool tensors of the shape of ``y_true``
    """
    positive = y_true > 0.5
    negative = ops.logical_not(positive)
    if known is not None:
        positive = ops.logical_and(positive, known)
        negative = ops.logical_and(negative, known)
    return positive, negative
