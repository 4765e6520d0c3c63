"""Logits to scores, probabilities and decisions (skmultinet.decision._decoder)."""

import numpy as np
import pytest
from scipy.special import expit, softmax

from skmultinet.decision import (
    LabelDecoder,
    ThresholdRule,
    TopCountRule,
    top_count_indicator,
)

LOGITS = np.array([[2.0, -1.0, 0.5], [-0.5, 1.5, -3.0], [0.0, 0.2, 1.0]])


def test_the_decoder_imports_no_keras(fresh_python):
    """Decoding is NumPy only: a saved model predicts without TensorFlow."""
    code = ("import sys, skmultinet.decision._decoder; "
            "print('tensorflow' in sys.modules, 'keras' in sys.modules)")
    out = fresh_python(["-c", code])
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]


def test_multilabel_scores_are_logits_and_probabilities_their_sigmoid():
    """Multi-label: scores are the label logits, proba their sigmoid, decisions at thresholds."""
    decoder = LabelDecoder("multilabel-indicator", 3, ThresholdRule(), np.array([0.5, 0.5, 0.9]))
    np.testing.assert_array_equal(decoder.decision_function(LOGITS), LOGITS)
    np.testing.assert_allclose(decoder.predict_proba(LOGITS), expit(LOGITS))
    expected = (expit(LOGITS) >= [0.5, 0.5, 0.9]).astype(np.int8)
    decisions = decoder.predict_encoded(LOGITS)
    assert decisions.dtype == np.int8
    np.testing.assert_array_equal(decisions, expected)


def test_binary_outputs_are_one_score_and_two_probability_columns():
    """Binary: a 1-D score, [1 - p, p] columns and 0/1 decisions."""
    logits = LOGITS[:, :1]
    decoder = LabelDecoder("binary", 1, ThresholdRule(), 0.5)
    np.testing.assert_array_equal(decoder.decision_function(logits), logits[:, 0])
    proba = decoder.predict_proba(logits)
    np.testing.assert_allclose(proba[:, 1], expit(logits[:, 0]))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(decoder.predict_encoded(logits), [1, 0, 1])


def test_multiclass_is_softmax_and_argmax_over_the_class_logits():
    """Multiclass: extra logits are ignored; softmax probabilities; argmax decisions."""
    decoder = LabelDecoder("multiclass", 2, ThresholdRule())
    np.testing.assert_array_equal(decoder.decision_function(LOGITS), LOGITS[:, :2])
    np.testing.assert_allclose(decoder.predict_proba(LOGITS), softmax(LOGITS[:, :2], axis=1))
    np.testing.assert_array_equal(decoder.predict_encoded(LOGITS), [0, 1, 1])


def test_calibration_maps_the_scores_before_the_sigmoid():
    """With a Platt scaling, scores are a*s + b and proba their sigmoid."""
    decoder = LabelDecoder("multilabel-indicator", 3, ThresholdRule(offset_free=True),
                           0.5, calibration=(2.0, -1.0))
    scores = ThresholdRule(offset_free=True).decision_scores(LOGITS)
    np.testing.assert_allclose(decoder.decision_function(LOGITS), 2.0 * scores - 1.0)
    np.testing.assert_allclose(decoder.predict_proba(LOGITS), expit(2.0 * scores - 1.0))


def test_top_count_rule_takes_as_many_labels_as_it_predicts():
    """The top-count rule picks each row's predicted number of best labels."""
    rule = TopCountRule("squared")
    logits = np.column_stack([LOGITS, [2.0, 0.0, 1.0]])  # last column: the count
    decisions = LabelDecoder("multilabel-indicator", 3, rule, 0.99).predict_encoded(logits)
    np.testing.assert_array_equal(decisions.sum(axis=1), [2, 0, 1])
    np.testing.assert_array_equal(decisions[0], [1, 0, 1])


def test_a_rule_without_methods_reads_the_label_logits():
    """A rule of None (or one without decision methods) scores with the first n_outputs logits."""
    decoder = LabelDecoder("multilabel-indicator", 2, None)
    np.testing.assert_array_equal(decoder.decision_function(LOGITS), LOGITS[:, :2])


@pytest.mark.parametrize("counts", [[0, 3, 1], [5, -1, 2]])
def test_top_count_indicator_clips_counts_and_keeps_order(counts):
    """Counts are clipped to [0, n_labels]; the chosen labels are the best-scored."""
    indicator = top_count_indicator(LOGITS, counts)
    clipped = np.clip(counts, 0, 3)
    np.testing.assert_array_equal(indicator.sum(axis=1), clipped)
    for row, count in zip(range(3), clipped):
        best = np.argsort(-LOGITS[row], kind="stable")[:count]
        assert set(np.flatnonzero(indicator[row])) == set(best)
