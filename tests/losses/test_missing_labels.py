"""Every catalogue loss leaves unknown (NaN) target entries out: no value, no gradient.

The convention (see ``MultiLabelLoss``): per-label losses drop the entry's
term and keep their mean over all labels; pairwise losses leave the entry out
of their pairs; softmax-type losses out of the softmax and of the target
normalisation; a row with no known entry gives 0; a fully known target gives
exactly the values of plain 0/1 targets.
"""

import numpy as np
import pytest
import tensorflow as tf

from skmultinet.losses import LOSSES, BinaryCrossentropy
from skmultinet.losses._bce import balanced_pos_weight

NAMES = sorted(LOSSES)
# Per-label losses whose row value is a mean over all labels: an unknown entry's
# term is dropped from the numerator, the denominator stays n_labels.
MEAN_PER_LABEL = {"binary_crossentropy", "focal", "asymmetric", "hill", "squared_hinge", "mse"}
# Losses whose row value, with an entry unknown, is the loss of the row without it.
ROW_WITHOUT_ENTRY = {"symmetric_kl", "zlpr", "lsep", "bp_mll", "softmax_crossentropy"}
# two_way (its class-wise term couples the rows of a batch) and partition (its count
# is interval-censored) have no smaller problem to compare with: they are checked by
# gradients and invariances only.
assert MEAN_PER_LABEL | ROW_WITHOUT_ENTRY | {"two_way", "partition"} == set(NAMES)

N_LABELS = 5


def make_problem(name, seed=0, scale=2.0, dtype="float32"):
    """Targets (3 positives per row at least once, some empty rows) and logits."""
    rng = np.random.default_rng(seed)
    Y = (rng.random((8, N_LABELS)) < 0.45).astype(np.float32)
    Y[0] = [1, 0, 1, 0, 0]
    Y[1] = [0, 1, 1, 0, 1]
    n_outputs = N_LABELS + LOSSES[name].n_extra_outputs
    logits = (rng.normal(size=(8, n_outputs)) * scale).astype(dtype)
    return Y, logits


def values_and_gradients(loss, Y, logits):
    """Per-row loss values and the gradient of their sum with respect to the logits."""
    logits = tf.Variable(logits)
    with tf.GradientTape() as tape:
        values = loss.call(tf.constant(Y, dtype=tf.float32), logits)
        total = tf.reduce_sum(values)
    return np.asarray(values, dtype=np.float64), np.asarray(tape.gradient(total, logits),
                                                            dtype=np.float64)


def with_unknown(Y, entries):
    masked = Y.copy()
    for row, label in entries:
        masked[row, label] = np.nan
    return masked


# The entries hidden in the tests: a positive and a negative of row 0 (so that
# row 0 keeps a known positive and a known negative, and every pairwise loss keeps
# a pair), and a positive of row 1.
UNKNOWN = [(0, 2), (0, 4), (1, 1)]


@pytest.mark.parametrize("name", NAMES)
def test_masked_entries_get_exactly_zero_gradient(name):
    """The gradient of the loss with respect to an unknown entry's logit is exactly 0."""
    loss = LOSSES[name]()
    Y, logits = make_problem(name)
    _, gradients = values_and_gradients(loss, with_unknown(Y, UNKNOWN), logits)
    for row, label in UNKNOWN:
        assert gradients[row, label] == 0.0, (row, label)
    # ... while the same entries, known, do get a gradient (the check can fail).
    _, known_gradients = values_and_gradients(loss, Y, logits)
    assert any(known_gradients[row, label] != 0.0 for row, label in UNKNOWN)


@pytest.mark.parametrize("name", NAMES)
def test_masked_entry_value_and_logit_change_nothing(name):
    """Whatever the hidden entry was (0 or 1) and whatever its logit, the loss is the same."""
    loss = LOSSES[name]()
    Y, logits = make_problem(name)
    results = []
    for hidden_value in (0.0, 1.0):
        for hidden_logit in (-30.0, 0.0, 30.0):
            Y_case, logits_case = Y.copy(), logits.copy()
            Y_case[0, 2] = hidden_value
            logits_case[0, 2] = hidden_logit
            results.append(values_and_gradients(loss, with_unknown(Y_case, [(0, 2)]),
                                                logits_case))
    values, gradients = results[0]
    for other_values, other_gradients in results[1:]:
        np.testing.assert_array_equal(other_values, values)
        other_gradients[0, 2] = gradients[0, 2]  # the masked logit's own (0) entry
        np.testing.assert_allclose(other_gradients, gradients, rtol=1e-6, atol=1e-7)
    # Reading the entry as 0 or as 1 instead gives other values: masking is not either.
    logits_read = logits.copy()
    logits_read[0, 2] = 0.0  # where every loss still has something to learn either way
    for reading in (0.0, 1.0):
        Y_read = Y.copy()
        Y_read[0, 2] = reading
        read_values, _ = values_and_gradients(loss, Y_read, logits_read)
        assert read_values[0] != values[0], reading


@pytest.mark.parametrize("name", sorted(MEAN_PER_LABEL | ROW_WITHOUT_ENTRY))
def test_masked_value_is_the_loss_without_the_entry(name):
    """Per-row losses: the row's value is the loss of the row with the entry removed."""
    loss = LOSSES[name]()
    Y, logits = make_problem(name)
    values, _ = values_and_gradients(loss, with_unknown(Y, UNKNOWN), logits)
    for row in (0, 1):
        hidden = [label for r, label in UNKNOWN if r == row]
        keep = [label for label in range(N_LABELS) if label not in hidden]
        reduced, _ = values_and_gradients(loss, Y[row : row + 1, keep],
                                          logits[row : row + 1, keep])
        expected = reduced[0]
        if name in MEAN_PER_LABEL:
            # mean over all labels: the known terms' sum over N_LABELS
            expected = reduced[0] * len(keep) / N_LABELS
        np.testing.assert_allclose(values[row], expected, rtol=2e-6)
    # Rows without an unknown entry keep their value.
    full, _ = values_and_gradients(loss, Y, logits)
    if name != "two_way":
        np.testing.assert_array_equal(values[2:], full[2:])


@pytest.mark.parametrize("name", NAMES)
def test_row_with_every_entry_unknown_contributes_nothing(name):
    """A fully unknown row has value exactly 0 and sends no gradient to its logits."""
    loss = LOSSES[name]()
    Y, logits = make_problem(name)
    Y_masked = Y.copy()
    Y_masked[3] = np.nan
    values, gradients = values_and_gradients(loss, Y_masked, logits)
    assert values[3] == 0.0
    assert np.all(gradients[3] == 0.0)
    assert np.all(np.isfinite(values)) and np.all(np.isfinite(gradients))


@pytest.mark.parametrize("dtype", ["float32", "float16"])
@pytest.mark.parametrize("name", NAMES)
def test_masks_keep_extreme_logits_finite(name, dtype):
    """Logits of +-1e4 (float16 too) with unknown entries: finite values and gradients."""
    loss = LOSSES[name]()
    Y, logits = make_problem(name, scale=1.0, dtype=dtype)
    logits[:, :] = np.where(np.arange(logits.shape[1]) % 2 == 0, 1e4, -1e4).astype(dtype)
    logits[5] = -1e4
    logits[6] = 1e4
    Y_masked = with_unknown(Y, UNKNOWN + [(5, 0), (6, 3)])
    Y_masked[7] = np.nan
    values, gradients = values_and_gradients(loss, Y_masked, logits)
    assert np.all(np.isfinite(values)) and np.all(np.isfinite(gradients))
    for row, label in UNKNOWN + [(5, 0), (6, 3)]:
        assert gradients[row, label] == 0.0
    assert values[7] == 0.0 and np.all(gradients[7] == 0.0)


# Values of each loss on a fixed fully known problem, written by the code before
# unknown entries existed (git HEAD cc1e1e1, float64 logits); a script compared
# values and gradients of all losses bit for bit in float32 and float16 too.
_PROBLEM_Y = np.array([[1, 0, 1, 0], [0, 0, 0, 0], [1, 1, 1, 1], [0, 1, 0, 0]], dtype=float)
_PROBLEM_LOGITS = np.array([[2.0, -1.0, 0.5, -3.0, 1.2], [0.3, -0.2, 1.5, -0.7, -0.4],
                            [4.0, 0.1, -2.5, 0.9, 2.2], [-1.1, 3.3, 0.0, -0.6, 0.8]])
_VALUES_BEFORE = {
    "binary_crossentropy": [0.240713508578761, 0.8892733601795824, 0.8956475492540046,
                            0.36354742875798024],
    "focal": [0.023036098546427082, 0.39619976913094535, 0.5940960444812594,
              0.06154612002626543],
    "asymmetric": [0.15039319818524438, 0.14448376545424166, 0.8956475492540046,
                   0.01605060840519982],
    "softmax_crossentropy": [0.9965906475097994, -0.0, 3.439658407418742,
                             0.0671000053123496],
    "partition": [0.39165594050065483, 0.5130152523999526, 2.5631575177455734,
                  0.08025662454282932],
    "symmetric_kl": [0.7616485222441022, 6.508684521910344, 2.6580686218188125,
                     2.8135559272045176],
    "zlpr": [0.9039691364101771, 2.0976330599227375, 2.6749908241715117, 1.0945936601003454],
    "two_way": [3.3138182423575873, 2.1976135524654254, 2.1976135524654254,
                2.264713557777775],
    "lsep": [0.269914580449547, 0.0, 0.0, 0.06710000531234966],
    "bp_mll": [0.21152013651889406, 0.0, 0.0, 0.25004860816342467],
    "hill": [0.123094661118678, 0.2757341689232516, 1.039615264863071, 0.1181550181252049],
    "squared_hinge": [0.0625, 2.1675, 3.2675, 0.29000000000000004],
    "mse": [0.057831248697582466, 0.32779025343965273, 0.2908891423858373,
            0.10979869442029469],
}


@pytest.mark.parametrize("name", NAMES)
def test_fully_known_targets_give_the_values_of_before(name):
    """No regression: without unknown entries every loss gives the values it gave before."""
    loss = LOSSES[name]()
    n_outputs = 4 + loss.n_extra_outputs
    values = np.asarray(loss.call(_PROBLEM_Y, _PROBLEM_LOGITS[:, :n_outputs]))
    np.testing.assert_allclose(values, _VALUES_BEFORE[name], rtol=1e-12, atol=1e-15)


def test_balanced_pos_weight_counts_known_entries_only():
    """adapt(): "balanced" positive weights count neither positives nor negatives among unknowns."""
    Y = np.array([[1, 0], [0, 0], [np.nan, 1], [np.nan, np.nan], [0, 1]], dtype=float)
    weights = np.array([1.0, 2.0, 1.0, 5.0, 1.0])
    # label 0: known rows 0, 1, 4 -> positives 1, negatives 2 + 1 = 3
    # label 1: known rows 0, 1, 2, 4 -> positives 1 + 1 = 2, negatives 1 + 2 = 3
    np.testing.assert_allclose(balanced_pos_weight(Y, weights), [3.0, 1.5])
    loss = BinaryCrossentropy(pos_weight="balanced").adapt(Y, weights)
    np.testing.assert_allclose(loss._balanced_pos_weight, [3.0, 1.5])


def test_keras_call_reduction_averages_masked_rows():
    """``loss(y, logits)`` (Keras's reduction) is the mean of the masked per-row values."""
    loss = LOSSES["binary_crossentropy"]()
    Y, logits = make_problem("binary_crossentropy")
    Y_masked = with_unknown(Y, UNKNOWN)
    values, _ = values_and_gradients(loss, Y_masked, logits)
    assert np.isclose(float(loss(Y_masked, logits)), values.mean(), rtol=1e-6)
