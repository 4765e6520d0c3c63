"""The process-wide trainer cache (skmultinet.neural.training._cache)."""

from skmultinet.neural.training import _cache
from skmultinet.neural.training._cache import borrow_trainer, clear_trainer_cache, return_trainer

from _training_toys import toy_trainer


def test_trainers_are_reused_and_bounded():
    """A returned trainer is handed out again for the same spec; the cache stays bounded."""
    import keras

    clear_trainer_cache()
    first = toy_trainer(keras.optimizers.Adam(0.01))
    return_trainer(first)
    assert borrow_trainer(first.spec, None, None) is first
    for i in range(_cache.MAX_CACHED_TRAINERS + 3):
        return_trainer(toy_trainer(keras.optimizers.Adam(0.001 * (i + 1))))
    assert len(_cache._trainers) == _cache.MAX_CACHED_TRAINERS
    clear_trainer_cache()


def test_equal_networks_share_a_trainer():
    """Two MLPNetwork objects of the same architecture are one cache key."""
    import keras

    clear_trainer_cache()
    trainer = toy_trainer(keras.optimizers.Adam(0.01))
    return_trainer(trainer)
    spec = trainer.spec
    twin = type(spec)(**{**vars(spec), "network": type(spec.network)(
        5, 2, hidden_layer_sizes=[8], activation="relu", dropout=0.0)})
    assert twin == spec and twin.network is not spec.network
    assert borrow_trainer(twin, None, None) is trainer
    clear_trainer_cache()
