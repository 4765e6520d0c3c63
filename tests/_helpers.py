"""Small networks and data shared by several test modules (not a test module itself)."""

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from skmultinet import MultiLabelNetClassifier


def tiny(**params):
    """A network small and short enough for a test: 8 units, 3 epochs, seed 0."""
    return MultiLabelNetClassifier(**{"hidden_layer_sizes": (8,), "epochs": 3,
                                      "random_state": 0, **params})


def noisy_multilabel(n_samples, seed=0):
    """``n_samples`` rows of 5 normal features; 3 labels, each a noisy sign of one feature."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, 5))
    Y = (X[:, :3] + rng.normal(scale=0.5, size=(n_samples, 3)) > 0).astype(int)
    return X, Y


def fit_quietly(model, X, y):
    """``model.fit(X, y)`` without the warnings of a few-epoch fit on a few rows."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.filterwarnings("ignore", message="n_quantiles")
        return model.fit(X, y)
