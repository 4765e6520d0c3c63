"""The NumPy decision rules of the losses (skmultinet.decision._rules)."""

import numpy as np
import pytest
from scipy.special import expit, softmax

from skmultinet.decision._rules import ThresholdRule, TopCountRule


@pytest.fixture(scope="module")
def logits():
    return np.random.RandomState(0).normal(scale=3.0, size=(50, 6))


def test_module_imports_no_keras(fresh_python):
    """The rules load without Keras or TensorFlow, so a pickled model predicts without them."""
    code = ("import sys, skmultinet.decision._rules; "
            "print(any(m in sys.modules for m in ('keras', 'tensorflow')))")
    out = fresh_python(["-c", code])
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_threshold_rule_scores_are_the_label_logits(logits):
    """Scores are the logits before the extra outputs; probabilities their sigmoid."""
    rule = ThresholdRule(n_extra_outputs=2)
    np.testing.assert_array_equal(rule.decision_scores(logits), logits[:, :4])
    np.testing.assert_allclose(rule.predict_proba(logits), expit(logits[:, :4]))
    assert rule.decision_rule == "threshold"


def test_offset_free_scores_ignore_a_row_offset(logits):
    """Offset-free scores are the row's log-softmax: adding a constant to a row changes nothing."""
    rule = ThresholdRule(offset_free=True)
    shifted = logits + np.arange(len(logits))[:, None] * 100.0
    np.testing.assert_allclose(rule.decision_scores(shifted), rule.decision_scores(logits),
                               atol=1e-10)
    np.testing.assert_allclose(np.exp(rule.decision_scores(logits)).sum(axis=1), 1.0)


@pytest.mark.parametrize("count_loss", ["poisson", "squared"])
def test_top_count_rule(logits, count_loss):
    """Counts round the count head (softplus for Poisson) and stay within [0, n_labels]."""
    rule = TopCountRule(count_loss)
    head = logits[:, -1]
    expected = np.logaddexp(0.0, head) if count_loss == "poisson" else head
    np.testing.assert_allclose(rule.expected_count(logits), expected)
    np.testing.assert_array_equal(rule.predict_count(logits),
                                  np.clip(np.rint(expected), 0, 5).astype(int))
    proba = rule.predict_proba(logits)
    assert proba.shape == (50, 5) and proba.min() >= 0.0 and proba.max() <= 1.0
    unclipped = np.maximum(expected, 0.0)[:, None] * softmax(logits[:, :-1], axis=1)
    np.testing.assert_allclose(proba, np.minimum(unclipped, 1.0))
    # The scores are log(Z_hat * Q): the same order as the probabilities within a row.
    scores = rule.decision_scores(logits)
    np.testing.assert_array_equal(np.argsort(scores, axis=1),
                                  np.argsort(np.maximum(expected, 1e-12)[:, None]
                                             * softmax(logits[:, :-1], axis=1), axis=1))


def test_huge_count_logits_stay_finite():
    """A count logit of 1e4 gives a finite count, clipped to the number of labels."""
    extreme = np.array([[1e4, -1e4, 0.0, 1e4], [0.0, 0.0, 0.0, -1e4]])
    rule = TopCountRule()
    assert np.isfinite(rule.decision_scores(extreme)).all()
    np.testing.assert_array_equal(rule.predict_count(extreme), [3, 0])


def test_every_catalogue_loss_predicts_through_its_rule(logits):
    """Each catalogue loss's own methods agree with the rule it hands to the estimator."""
    from skmultinet.losses import LOSSES

    for name, cls in LOSSES.items():
        loss = cls()
        rule = loss.prediction_rule()
        assert rule.decision_rule == loss.decision_rule, name
        assert rule.n_extra_outputs == loss.n_extra_outputs, name
        np.testing.assert_array_equal(rule.decision_scores(logits),
                                      loss.decision_scores(logits), err_msg=name)
        np.testing.assert_array_equal(rule.predict_proba(logits), loss.predict_proba(logits),
                                      err_msg=name)
        if rule.decision_rule == "top_count":
            np.testing.assert_array_equal(rule.predict_count(logits),
                                          loss.predict_count(logits))
