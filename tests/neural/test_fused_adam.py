"""Adam through the fused kernel (skmultinet.neural.training._fused_adam)."""

import numpy as np

from skmultinet.neural.training._data import ResidentData
from skmultinet.neural.training._fused_adam import FusedAdam
from skmultinet.neural.training._loop import train

from _training_toys import toy_problem, toy_trainer


def test_fused_adam_matches_keras_adam():
    """The fused Adam kernel takes the same steps as keras.optimizers.Adam."""
    import keras

    X, Y = toy_problem()
    assert FusedAdam.handles(keras.optimizers.Adam(0.01))
    assert not FusedAdam.handles(keras.optimizers.Adam(0.01, weight_decay=0.1))
    assert not FusedAdam.handles(keras.optimizers.AdamW(0.01))
    weights = []
    # global_clipnorm=1e9 never clips but sends Adam down Keras's own path.
    for optimizer in (keras.optimizers.Adam(0.01), keras.optimizers.Adam(0.01, global_clipnorm=1e9)):
        trainer = toy_trainer(optimizer)
        assert isinstance(trainer.optimizer, FusedAdam) == (optimizer.global_clipnorm is None)
        train(trainer, ResidentData(X, Y, None), epochs=3, batch_size=16, n_iter_no_change=10,
              tol=0, rng=np.random.default_rng(0))
        weights.append(trainer.weights()[0])
    for fused, reference in zip(*weights):
        np.testing.assert_allclose(fused, reference, atol=1e-5)
