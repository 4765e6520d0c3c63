"""A toy problem and a small trainer shared by the tests of the training engine."""

import numpy as np

from skmultinet.losses import BinaryCrossentropy
from skmultinet.neural.networks import MLPNetwork
from skmultinet.neural.training._keys import TrainerSpec, loss_key, optimizer_key
from skmultinet.neural.training._trainer import Trainer


def toy_problem(n=120, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5)).astype(np.float32)
    Y = np.column_stack([X[:, 0] > 0, X[:, 1] + X[:, 2] > 0]).astype(np.float32)
    return X, Y


def toy_spec(optimizer, loss, dropout=0.0, sparse=False, hidden=(8,)):
    network = MLPNetwork(5, 2, hidden_layer_sizes=hidden, activation="relu", dropout=dropout)
    return TrainerSpec(
        network=network, alpha=1e-4, sparse=sparse, loss_key=loss_key(loss),
        optimizer_key=optimizer_key(type(optimizer), optimizer.get_config()),
    )


def toy_trainer(optimizer, loss=None, dropout=0.0, sparse=False, hidden=(8,)):
    """A trainer of a 5 -> hidden -> 2 MLP, loaded with seeded initial weights."""
    loss = loss or BinaryCrossentropy()
    spec = toy_spec(optimizer, loss, dropout, sparse, hidden)
    trainer = Trainer(spec, loss, optimizer)
    trainer.load(spec.network.initial_weights(np.random.default_rng(0)))
    return trainer
