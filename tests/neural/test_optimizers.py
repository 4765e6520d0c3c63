"""Optimizer recipe, per-epoch learning rates and the XLA rule (skmultinet.neural._optimizers)."""

import numpy as np
import pytest

from skmultinet.neural._optimizers import (
    AUTO_BATCH_MAX,
    AUTO_BATCH_MIN,
    JIT_MIN_STEPS,
    OPTIMIZERS,
    auto_batch_size,
    epoch_learning_rates,
    optimizer_recipe,
    use_jit_compile,
)


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_every_name_gives_a_keras_optimizer_class_and_its_config(name):
    """A name maps to its Keras class; learning_rate overrides; no name in the config."""
    optimizer_class, config = optimizer_recipe(name, 0.25)
    assert optimizer_class.__name__ == OPTIMIZERS[name]
    assert config["learning_rate"] == 0.25 and "name" not in config


def test_an_optimizer_instance_is_read_not_used():
    """An instance gives its own class and configuration; it takes no step."""
    import keras

    optimizer = keras.optimizers.SGD(0.3, momentum=0.5)
    optimizer_class, config = optimizer_recipe(optimizer, None)
    assert optimizer_class is keras.optimizers.SGD
    assert config["momentum"] == 0.5 and config["learning_rate"] == pytest.approx(0.3)


def test_learning_rates_per_epoch():
    """Constant and cosine give one rate per epoch; partial_fit one constant rate."""
    config = {"learning_rate": 0.1}
    np.testing.assert_array_equal(epoch_learning_rates("constant", "adam", config, 3), [0.1] * 3)
    assert epoch_learning_rates("cosine", "adam", config, 4)[0] == pytest.approx(0.1)
    np.testing.assert_array_equal(
        epoch_learning_rates("cosine", "adam", config, 4, incremental=True), [0.1])


def test_a_keras_schedule_refuses_a_cosine_schedule():
    """An optimizer with its own schedule keeps it, and cannot take another."""
    config = {"learning_rate": {"class_name": "ExponentialDecay"}}
    assert epoch_learning_rates("constant", "adam", config, 3) is None
    with pytest.raises(ValueError, match="learning_rate_schedule='constant'"):
        epoch_learning_rates("cosine", "adam", config, 3)


def test_auto_jit_compiles_long_fits_only():
    """'auto' compiles from JIT_MIN_STEPS steps; True and False are kept as given."""
    assert use_jit_compile("auto", epochs=JIT_MIN_STEPS, n_samples=10, batch_size=200)
    assert not use_jit_compile("auto", epochs=JIT_MIN_STEPS - 1, n_samples=10, batch_size=200)
    assert use_jit_compile("auto", epochs=10, n_samples=2000, batch_size=10)
    assert use_jit_compile(True, 1, 1, 1) is True and use_jit_compile(False, 10**6, 10, 1) is False


def test_auto_jit_counts_the_steps_of_the_fit():
    """500 epochs x 20 batches compile; one epoch or 500 steps do not; bools force."""
    assert use_jit_compile("auto", 500, 200, 10)
    assert not use_jit_compile("auto", 1, 200, 10)  # partial_fit: one epoch
    assert not use_jit_compile("auto", 500, 200, 200)
    assert use_jit_compile(True, 1, 200, 200)
    assert not use_jit_compile(False, 500, 200, 10)


@pytest.mark.parametrize(("n_samples", "expected"), [
    (10, AUTO_BATCH_MIN), (900, AUTO_BATCH_MIN), (6_400, 64), (19_999, 199),
    (20_000, AUTO_BATCH_MAX), (10**6, AUTO_BATCH_MAX)])
def test_auto_batch_gives_about_100_steps_within_bounds(n_samples, expected):
    """'auto' is n // 100 clipped to [32, 200]; an int is kept as given."""
    assert auto_batch_size("auto", n_samples) == expected
    assert auto_batch_size(7, n_samples) == 7
