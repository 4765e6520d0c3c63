"""Loss and optimizer identified by value (skmultinet.neural.training._keys)."""

import copy

from skmultinet.losses import FocalLoss
from skmultinet.neural.training._keys import loss_key, optimizer_key


def test_copies_of_a_loss_share_a_key_and_other_settings_do_not():
    """A copied loss has the same key; another hyperparameter gives another one."""
    loss = FocalLoss(gamma=3.0)
    assert loss_key(copy.deepcopy(loss)) == loss_key(loss)
    assert loss_key(FocalLoss(gamma=2.0)) != loss_key(loss)


def test_a_plain_function_is_known_by_identity():
    """A function has no configuration: only the same function shares a key."""
    def first(y, z):
        return z

    def second(y, z):
        return z

    assert loss_key(first) == loss_key(first) != loss_key(second)


def test_optimizer_key_ignores_the_auto_numbered_name():
    """Two optimizers that differ only by name share a key; a learning rate does not."""
    import keras

    adam = keras.optimizers.Adam(0.01)
    again = keras.optimizers.Adam(0.01)
    assert optimizer_key(type(adam), adam.get_config()) == optimizer_key(
        type(again), {**again.get_config(), "name": "other"})
    slower = keras.optimizers.Adam(0.001)
    assert optimizer_key(type(adam), adam.get_config()) != optimizer_key(
        type(slower), slower.get_config())
