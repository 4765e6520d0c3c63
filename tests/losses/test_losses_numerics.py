"""Numerical tests of skmultinet.losses: paper formulas, extreme logits, edge rows.

Each loss is checked against an independent float64 NumPy reference written
directly from its paper's formula (explicit pair sums, no log-sum-exp tricks),
so the stable rewrites in the package are tested, not copied.
"""

import numpy as np
import pytest
import tensorflow as tf
from scipy.special import expit, log_softmax

from skmultinet.losses import (
    LOSSES,
    AsymmetricLoss,
    BinaryCrossentropy,
    FocalLoss,
    HillLoss,
    LSEPLoss,
    PartitionLoss,
    TwoWayLoss,
    ZLPRLoss,
)

# --------------------------------------------------------------------------
# float64 references, one per loss, straight from the formulas
# --------------------------------------------------------------------------


def ref_bce(y, z, pos_weight=1.0, label_smoothing=0.0):
    y = y * (1 - label_smoothing) + 0.5 * label_smoothing
    p = expit(z)
    return np.mean(-(pos_weight * y * np.log(p) + (1 - y) * np.log(1 - p)), axis=1)


def ref_focal(y, z, gamma=2.0, alpha=None):
    p = expit(z)
    p_t = np.where(y == 1, p, 1 - p)
    alpha_t = 1.0 if alpha is None else np.where(y == 1, alpha, 1 - alpha)
    return np.mean(-alpha_t * (1 - p_t) ** gamma * np.log(p_t), axis=1)


def ref_asymmetric(y, z, gamma_pos=0.0, gamma_neg=4.0, clip=0.05):
    p = expit(z)
    p_m = np.maximum(p - clip, 0.0)
    positive = (1 - p) ** gamma_pos * np.log(p)
    negative = p_m ** gamma_neg * np.log(1 - p_m)
    return np.mean(-(y * positive + (1 - y) * negative), axis=1)


def ref_hill(y, z, lamb=1.5, margin=1.0, gamma=2.0):
    p = expit(z)
    p_m = expit(z - margin)
    positive = -((1 - p_m) ** gamma) * np.log(p_m)
    negative = (lamb - p) * p ** 2
    return np.mean(y * positive + (1 - y) * negative, axis=1)


def ref_softmax_crossentropy(y, z):
    out = np.zeros(len(y))
    for i in range(len(y)):
        if y[i].sum() > 0:
            t = y[i] / y[i].sum()
            q = np.exp(z[i]) / np.exp(z[i]).sum()
            out[i] = -np.sum(t * np.log(q))
    return out


def ref_partition(y, z, count_loss="poisson", count_weight=1.0):
    label_logits, count_logit = z[:, :-1], z[:, -1]
    out = np.zeros(len(y))
    for i in range(len(y)):
        n = y[i].sum()
        q = np.exp(label_logits[i]) / np.exp(label_logits[i]).sum()
        kl = 0.0
        for j in np.flatnonzero(y[i]):
            kl += (1 / n) * np.log((1 / n) / q[j])
        if count_loss == "poisson":
            lam = np.log1p(np.exp(count_logit[i]))
            count = lam - n + (n * np.log(n / lam) if n > 0 else 0.0)
        else:
            count = (count_logit[i] - n) ** 2
        out[i] = kl + count_weight * count
    return out


def ref_symmetric_kl(y, z, smoothing=0.05):
    p = y * (1 - smoothing) + smoothing / 2
    q = expit(z)
    return np.sum(np.abs((p - q) * np.log(p / q)), axis=1)


def ref_zlpr(y, z):
    out = np.zeros(len(y))
    for i in range(len(y)):
        neg = sum(np.exp(z[i, j]) for j in range(y.shape[1]) if y[i, j] == 0)
        pos = sum(np.exp(-z[i, j]) for j in range(y.shape[1]) if y[i, j] == 1)
        out[i] = np.log(1 + neg) + np.log(1 + pos)
    return out


def _two_way_term(pos_logits, neg_logits, Tp, Tn):
    if len(pos_logits) == 0 or len(neg_logits) == 0:
        return 0.0
    inner = (Tn * np.log(np.sum(np.exp(neg_logits / Tn)))
             + Tp * np.log(np.sum(np.exp(-pos_logits / Tp))))
    return np.log1p(np.exp(inner))


def ref_two_way(y, z, Tp=4.0, Tn=1.0):
    sample = np.array([_two_way_term(z[i][y[i] == 1], z[i][y[i] == 0], Tp, Tn)
                       for i in range(len(y))])
    classes = [c for c in range(y.shape[1]) if y[:, c].any()]
    class_values = [_two_way_term(z[:, c][y[:, c] == 1], z[:, c][y[:, c] == 0], Tp, Tn)
                    for c in classes]
    class_term = np.mean(class_values) if classes else 0.0
    return sample + class_term


def ref_lsep(y, z):
    out = np.zeros(len(y))
    for i in range(len(y)):
        total = 0.0
        for p in np.flatnonzero(y[i] == 1):
            for n in np.flatnonzero(y[i] == 0):
                total += np.exp(z[i, n] - z[i, p])
        out[i] = np.log(1 + total)
    return out


def ref_bp_mll(y, z):
    c = np.tanh(z)
    out = np.zeros(len(y))
    for i in range(len(y)):
        positives, negatives = np.flatnonzero(y[i] == 1), np.flatnonzero(y[i] == 0)
        if len(positives) and len(negatives):
            total = sum(np.exp(-(c[i, k] - c[i, l])) for k in positives for l in negatives)
            out[i] = total / (len(positives) * len(negatives))
    return out


def ref_squared_hinge(y, z):
    t = 2 * y - 1
    return np.mean(np.maximum(0, 1 - t * z) ** 2, axis=1)


def ref_mse(y, z):
    return np.mean((expit(z) - y) ** 2, axis=1)


REFERENCES = {
    "binary_crossentropy": ref_bce,
    "focal": ref_focal,
    "asymmetric": ref_asymmetric,
    "softmax_crossentropy": ref_softmax_crossentropy,
    "partition": ref_partition,
    "symmetric_kl": ref_symmetric_kl,
    "zlpr": ref_zlpr,
    "two_way": ref_two_way,
    "lsep": ref_lsep,
    "bp_mll": ref_bp_mll,
    "hill": ref_hill,
    "squared_hinge": ref_squared_hinge,
    "mse": ref_mse,
}

# Non-default hyperparameters, to check they reach the maths.
NON_DEFAULT = {
    "binary_crossentropy": dict(pos_weight=[0.5, 2.0, 1.0, 3.0], label_smoothing=0.1),
    "focal": dict(gamma=1.5, alpha=0.25),
    "asymmetric": dict(gamma_pos=1.0, gamma_neg=2.0, clip=0.1),
    "partition": dict(count_loss="squared", count_weight=0.5),
    "symmetric_kl": dict(smoothing=0.2),
    "two_way": dict(Tp=2.0, Tn=0.5),
    "hill": dict(lamb=1.2, margin=0.5, gamma=1.0),
}

N_LABELS = 4


def make_batch(loss_cls, n_samples=6, seed=0, scale=3.0):
    """Random logits and targets, with an empty and an all-positive row."""
    rng = np.random.default_rng(seed)
    y = (rng.random((n_samples, N_LABELS)) < 0.4).astype(float)
    y[0] = 0.0
    y[1] = 1.0
    y[2] = [1, 0, 0, 0]
    z = rng.normal(scale=scale, size=(n_samples, N_LABELS + loss_cls.n_extra_outputs))
    return y, z


def values(loss, y, z, dtype="float64"):
    return np.asarray(loss.call(tf.constant(y, dtype), tf.constant(z, dtype)), float)


def call_with_gradient(loss, y, z, dtype):
    logits = tf.constant(z, dtype)
    with tf.GradientTape() as tape:
        tape.watch(logits)
        per_sample = loss.call(tf.constant(y, dtype), logits)
        total = tf.reduce_sum(tf.cast(per_sample, tf.float32))
    return per_sample, tape.gradient(total, logits)


# --------------------------------------------------------------------------
# agreement with the references
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_matches_reference_with_defaults(name):
    """Each loss equals its float64 paper-formula reference, default settings."""
    loss_cls = LOSSES[name]
    y, z = make_batch(loss_cls)
    np.testing.assert_allclose(values(loss_cls(), y, z), REFERENCES[name](y, z),
                               rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", sorted(NON_DEFAULT))
def test_matches_reference_with_hyperparameters(name):
    """Non-default hyperparameters set on the instance reach the computation."""
    loss_cls, params = LOSSES[name], NON_DEFAULT[name]
    y, z = make_batch(loss_cls, seed=1)
    expected = REFERENCES[name](y, z, **{k: np.asarray(v) if isinstance(v, list) else v
                                         for k, v in params.items()})
    np.testing.assert_allclose(values(loss_cls(**params), y, z), expected, rtol=1e-9)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_gradient_matches_finite_differences_of_reference(name):
    """TensorFlow's gradient equals central differences of the NumPy reference."""
    loss_cls = LOSSES[name]
    y, z = make_batch(loss_cls, n_samples=4, seed=2, scale=1.5)
    _, gradient = call_with_gradient(loss_cls(), y, z, "float64")
    numeric = np.zeros_like(z)
    step = 1e-6
    for index in np.ndindex(*z.shape):
        up, down = z.copy(), z.copy()
        up[index] += step
        down[index] -= step
        reference = REFERENCES[name]
        numeric[index] = (reference(y, up).sum() - reference(y, down).sum()) / (2 * step)
    np.testing.assert_allclose(np.asarray(gradient), numeric, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", sorted(LOSSES))
@pytest.mark.parametrize("dtype", ["float32", "float16", "bfloat16"])
def test_low_precision_close_to_float64(name, dtype):
    """Moderate logits in float32 / half precision give the float64 values."""
    loss_cls = LOSSES[name]
    y, z = make_batch(loss_cls, seed=3, scale=2.0)
    z64 = np.asarray(tf.cast(tf.constant(z, dtype), tf.float64))  # same rounded logits
    low = loss_cls().call(tf.constant(y, dtype), tf.constant(z, dtype))
    assert low.dtype == tf.float32  # computed and returned in float32 at least
    np.testing.assert_allclose(np.asarray(low, float), REFERENCES[name](y, z64),
                               rtol=1e-4, atol=1e-5)


# --------------------------------------------------------------------------
# extreme logits and edge rows
# --------------------------------------------------------------------------

EXTREME_TARGETS = np.array([
    [1, 0, 1, 0],   # confident and right
    [0, 1, 0, 1],   # confident and wrong
    [0, 0, 0, 0],   # no positive label
    [1, 1, 1, 1],   # all labels positive
    [1, 0, 0, 0],
], dtype=float)


@pytest.mark.parametrize("name", sorted(LOSSES))
@pytest.mark.parametrize("dtype", ["float32", "float16", "bfloat16"])
@pytest.mark.parametrize("magnitude", [1e4, 30.0])
def test_finite_value_and_gradient_at_extreme_logits(name, dtype, magnitude):
    """Values and gradients stay finite at logits of +-1e4 (and +-30) in low precision."""
    loss_cls = LOSSES[name]
    signs = np.array([1.0, -1.0, 1.0, -1.0] + [1.0] * loss_cls.n_extra_outputs)
    z = np.tile(signs * magnitude, (len(EXTREME_TARGETS), 1))
    z[4] = -z[4]
    per_sample, gradient = call_with_gradient(loss_cls(), EXTREME_TARGETS, z, dtype)
    assert per_sample.shape == (len(EXTREME_TARGETS),)
    assert np.all(np.isfinite(np.asarray(tf.cast(per_sample, tf.float64))))
    assert gradient.dtype == tf.as_dtype(dtype)
    assert np.all(np.isfinite(np.asarray(tf.cast(gradient, tf.float64))))


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_confident_and_right_costs_less_than_confident_and_wrong(name):
    """At large logits a correct row is cheaper than the same row mislabelled."""
    loss_cls = LOSSES[name]
    extra = [0.0] * loss_cls.n_extra_outputs
    z = np.array([[20.0, -20.0, 20.0, -20.0] + extra])
    right = values(loss_cls(), EXTREME_TARGETS[:1], z)
    wrong = values(loss_cls(), EXTREME_TARGETS[1:2], z)
    assert right[0] < wrong[0]


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_batch_of_one_row(name):
    """A single-row batch (also with no positive label) gives one finite value."""
    loss_cls = LOSSES[name]
    for y in (EXTREME_TARGETS[4:5], EXTREME_TARGETS[2:3], EXTREME_TARGETS[3:4]):
        z = np.linspace(-2, 2, N_LABELS + loss_cls.n_extra_outputs)[None, :]
        per_sample, gradient = call_with_gradient(loss_cls(), y, z, "float32")
        assert per_sample.shape == (1,)
        assert np.isfinite(per_sample.numpy()).all()
        assert np.isfinite(gradient.numpy()).all()


@pytest.mark.parametrize("loss_cls", [LSEPLoss, ZLPRLoss, TwoWayLoss, LOSSES["bp_mll"]])
def test_pair_losses_ignore_rows_without_pairs(loss_cls):
    """Rows with no positive or no negative label contribute no pair term."""
    z = np.array([[3.0, -1.0, 0.5, 2.0], [3.0, -1.0, 0.5, 2.0]])
    y = np.array([[0.0, 0, 0, 0], [1.0, 1, 1, 1]])
    expected = {
        LSEPLoss: [0.0, 0.0],
        ZLPRLoss: [np.log1p(np.exp(z[0]).sum()), np.log1p(np.exp(-z[1]).sum())],
        # No sample-wise term; each class compares the two rows' equal logits,
        # so the class-wise term is softplus(z - z) = log 2 for every row.
        TwoWayLoss: [np.log(2.0), np.log(2.0)],
        LOSSES["bp_mll"]: [0.0, 0.0],
    }[loss_cls]
    np.testing.assert_allclose(values(loss_cls(), y, z), expected, atol=1e-12)


# --------------------------------------------------------------------------
# known special cases
# --------------------------------------------------------------------------


def test_focal_with_gamma_zero_is_bce():
    """Focal loss with gamma=0 and no alpha is binary cross-entropy."""
    y, z = make_batch(FocalLoss, seed=4)
    np.testing.assert_allclose(values(FocalLoss(gamma=0.0), y, z),
                               values(BinaryCrossentropy(), y, z), rtol=1e-12)


def test_asymmetric_with_zero_gammas_and_clip_is_bce():
    """ASL with gamma_pos = gamma_neg = 0 and clip = 0 is binary cross-entropy."""
    y, z = make_batch(AsymmetricLoss, seed=5)
    loss = AsymmetricLoss(gamma_pos=0.0, gamma_neg=0.0, clip=0.0)
    np.testing.assert_allclose(values(loss, y, z), values(BinaryCrossentropy(), y, z),
                               rtol=1e-12)


def test_asymmetric_bounds_confident_negatives():
    """ASL's clip caps a confident negative's loss at -(1-clip)**gamma * log(clip)."""
    loss = AsymmetricLoss(gamma_neg=4.0, clip=0.05)
    value = values(loss, np.zeros((1, 1)), np.array([[1e4]]))
    np.testing.assert_allclose(value, [-(0.95 ** 4) * np.log(0.05)], rtol=1e-12)


def test_hill_bounds_confident_negatives():
    """Hill's negative term tends to lamb - 1 for a very confident negative."""
    value = values(HillLoss(lamb=1.5), np.zeros((1, 1)), np.array([[1e4]]))
    np.testing.assert_allclose(value, [0.5])


@pytest.mark.parametrize("pos_weight", [None, 1.0, [1.0, 1.0, 1.0, 1.0]])
def test_unit_pos_weight_is_plain_bce(pos_weight):
    """pos_weight of one (scalar or per label) leaves BCE unchanged."""
    y, z = make_batch(BinaryCrossentropy, seed=6)
    np.testing.assert_allclose(values(BinaryCrossentropy(pos_weight=pos_weight), y, z),
                               ref_bce(y, z), rtol=1e-12)


def test_pos_weight_scales_only_the_positive_term():
    """Doubling pos_weight doubles the loss of an all-positive row, not of an empty row."""
    z = np.array([[0.3, -1.0, 2.0, 0.1], [0.3, -1.0, 2.0, 0.1]])
    y = np.array([[1.0, 1, 1, 1], [0.0, 0, 0, 0]])
    plain = values(BinaryCrossentropy(), y, z)
    doubled = values(BinaryCrossentropy(pos_weight=2.0), y, z)
    np.testing.assert_allclose(doubled, [2 * plain[0], plain[1]], rtol=1e-12)


def test_full_label_smoothing_ignores_targets():
    """With label_smoothing=1 every target is 0.5, whatever y is."""
    z = np.array([[0.3, -1.0, 2.0, 0.1]])
    loss = BinaryCrossentropy(label_smoothing=1.0)
    np.testing.assert_allclose(values(loss, np.ones((1, 4)), z),
                               values(loss, np.zeros((1, 4)), z), rtol=1e-12)


def test_balanced_pos_weight_uses_adapted_frequencies():
    """After adapt, pos_weight='balanced' equals the explicit n_neg / n_pos weights."""
    y, z = make_batch(BinaryCrossentropy, n_samples=8, seed=7)
    y[:, 3] = 0.0  # a label with no positive gets weight 1
    loss = BinaryCrossentropy(pos_weight="balanced").adapt(y)
    n_pos = y.sum(axis=0)
    expected_weight = np.where(n_pos > 0, (len(y) - n_pos) / np.maximum(n_pos, 1), 1.0)
    np.testing.assert_allclose(values(loss, y, z), ref_bce(y, z, expected_weight),
                               rtol=1e-12)


def test_zlpr_is_its_logsumexp_definition():
    """ZLPR equals logsumexp([0, z_neg]) + logsumexp([0, -z_pos]) at large logits."""
    rng = np.random.default_rng(8)
    z = rng.normal(scale=300.0, size=(5, N_LABELS))  # exp() would overflow float64
    y = (rng.random((5, N_LABELS)) < 0.5).astype(float)
    expected = [np.logaddexp.reduce(np.r_[0.0, z[i][y[i] == 0]])
                + np.logaddexp.reduce(np.r_[0.0, -z[i][y[i] == 1]]) for i in range(5)]
    np.testing.assert_allclose(values(ZLPRLoss(), y, z), expected, rtol=1e-12)


def test_zlpr_with_one_label_is_bce():
    """With a single label ZLPR reduces to binary cross-entropy."""
    z = np.array([[1.3], [-0.4], [2.0]])
    y = np.array([[1.0], [0.0], [0.0]])
    np.testing.assert_allclose(values(ZLPRLoss(), y, z), ref_bce(y, z), rtol=1e-12)


def test_lsep_matches_pairs_at_large_logits():
    """LSEP's factorised form equals the log-sum-exp over explicit pairs."""
    rng = np.random.default_rng(9)
    z = rng.normal(scale=300.0, size=(4, N_LABELS))
    y = np.array([[1.0, 0, 1, 0], [0, 1, 1, 1], [1, 0, 0, 0], [0, 0, 1, 1]])
    expected = []
    for i in range(len(y)):
        diffs = [z[i, n] - z[i, p] for p in np.flatnonzero(y[i]) for n in np.flatnonzero(1 - y[i])]
        expected.append(np.logaddexp.reduce(np.r_[0.0, diffs]))
    np.testing.assert_allclose(values(LSEPLoss(), y, z), expected, rtol=1e-12)


def test_partition_perfect_prediction_costs_nothing():
    """KL and Poisson deviance vanish when softmax and count match the target."""
    y = np.array([[1.0, 1.0, 0.0, 0.0]])
    count_logit = np.log(np.expm1(2.0))  # softplus(c) == 2 labels
    z = np.array([[50.0, 50.0, -50.0, -50.0, count_logit]])
    np.testing.assert_allclose(values(PartitionLoss(), y, z), [0.0], atol=1e-12)


def test_softmax_rows_without_positives_cost_nothing():
    """softmax_crossentropy gives 0 (and no gradient) for a row with no label."""
    loss = LOSSES["softmax_crossentropy"]()
    per_sample, gradient = call_with_gradient(loss, np.zeros((1, 4)),
                                              np.array([[1.0, 2.0, 3.0, 4.0]]), "float32")
    assert per_sample.numpy()[0] == 0.0
    assert np.all(gradient.numpy() == 0.0)


def test_keras_call_reduces_per_sample_values():
    """__call__ applies Keras's sample weighting and mean reduction to call()."""
    loss = FocalLoss()
    y, z = make_batch(FocalLoss, seed=10)
    weights = np.linspace(0.5, 2.0, len(y))
    per_sample = values(loss, y, z, "float32")
    reduced = float(loss(y.astype("float32"), z.astype("float32"), sample_weight=weights))
    np.testing.assert_allclose(reduced, np.mean(per_sample * weights), rtol=1e-5)


def test_two_way_class_term_is_shared_by_rows():
    """Two-way: the class-wise term is the same for every row of the batch."""
    y, z = make_batch(TwoWayLoss, seed=11)
    with_class = values(TwoWayLoss(), y, z)
    sample_only = np.array([_two_way_term(z[i][y[i] == 1], z[i][y[i] == 0], 4.0, 1.0)
                            for i in range(len(y))])
    difference = with_class - sample_only
    np.testing.assert_allclose(difference, np.full(len(y), difference[0]), rtol=1e-12)
    assert difference[0] > 0


def test_predict_side_reference_for_softmax_scores():
    """softmax_crossentropy's decision scores are the row-wise log-softmax."""
    z = np.array([[1.0, 2.0, 3.0], [10.0, 10.0, 10.0]])
    scores = LOSSES["softmax_crossentropy"]().decision_scores(z)
    np.testing.assert_allclose(scores, log_softmax(z, axis=1))


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_traces_in_tf_function_with_unknown_batch_size(name):
    """call() works inside a tf.function whose batch dimension is unknown."""
    loss_cls = LOSSES[name]
    n_outputs = N_LABELS + loss_cls.n_extra_outputs
    loss = loss_cls()
    traced = tf.function(loss.call, input_signature=[
        tf.TensorSpec([None, N_LABELS], tf.float32),
        tf.TensorSpec([None, n_outputs], tf.float32),
    ])
    y, z = make_batch(loss_cls, seed=12)
    np.testing.assert_allclose(traced(y.astype("float32"), z.astype("float32")).numpy(),
                               REFERENCES[name](y, z), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("loss", [BinaryCrossentropy(), FocalLoss(gamma=2.0)])
def test_confidently_wrong_logits_keep_their_gradient(loss):
    """At a logit of -1e4 on a positive the gradient is -1/n_labels, not clipped to 0."""
    _, gradient = call_with_gradient(loss, np.array([[1.0, 0.0]]),
                                     np.array([[-1e4, -1e4]]), "float32")
    np.testing.assert_allclose(gradient.numpy(), [[-0.5, 0.0]], atol=1e-6)
