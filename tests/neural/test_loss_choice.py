"""Which loss a fit trains with and predicts with (skmultinet.neural._loss_choice)."""

import numpy as np
import pytest
from sklearn.utils._param_validation import InvalidParameterError

from skmultinet.decision import ThresholdRule
from skmultinet.losses import FocalLoss
from skmultinet.neural._loss_choice import copy_loss, prediction_rule, resolve_loss
from skmultinet.neural._targets import TargetEncoder

Y = np.array([[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 1]])


def _resolve(loss, y=Y):
    encoder = TargetEncoder().fit(y)
    targets = encoder.transform(y)
    return resolve_loss(loss, encoder, targets, np.ones(len(targets), np.float32), "Clf")


def test_multiclass_targets_turn_the_default_into_softmax():
    """The default loss on multiclass targets is softmax cross-entropy."""
    loss = _resolve("binary_crossentropy", np.array([0, 1, 2, 1]))
    assert type(loss).__name__ == "SoftmaxCrossentropy"


def test_a_users_loss_object_is_copied_not_changed():
    """The loss a fit trains with is a copy with the same configuration."""
    mine = FocalLoss(gamma=3.0)
    loss = _resolve(mine)
    assert loss is not mine and loss.get_config() == mine.get_config()


def test_an_unknown_name_lists_the_valid_ones():
    """An unknown name is an InvalidParameterError naming the estimator."""
    with pytest.raises(InvalidParameterError, match="'loss' parameter of Clf"):
        _resolve("no_such_loss")


def test_a_function_is_kept_when_it_cannot_be_copied():
    """copy_loss returns a copy when it can, the object itself otherwise."""
    def squared(y, z):
        return (y - z) ** 2

    assert copy_loss(squared)(1.0, 3.0) == 4.0


def test_losses_without_decision_methods_predict_through_the_sigmoid_rule():
    """A plain function gets a ThresholdRule; a catalogue loss its own rule."""
    assert isinstance(prediction_rule(lambda y, z: z), ThresholdRule)
    assert isinstance(prediction_rule(_resolve("bce")), ThresholdRule)
    assert prediction_rule(_resolve("partition")).decision_rule == "top_count"
