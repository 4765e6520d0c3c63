"""Fitted models and data shared by the tests of the io wing."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from skmultinet import MultiLabelNetClassifier, ThresholdOptimizer, save


def tiny(**params):
    """A network small and short enough for a test: 8 units, 2 epochs, seed 0."""
    return MultiLabelNetClassifier(**{"hidden_layer_sizes": (8,), "epochs": 2,
                                      "random_state": 0, **params})


def fit_quietly(model, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.filterwarnings("ignore", message="n_quantiles")
        return model.fit(X, y)


@pytest.fixture(scope="session")
def data():
    """60 rows of 5 features and an indicator target of 4 labels."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 5))
    Y = (X[:, :4] + rng.normal(scale=0.7, size=(60, 4)) > 0).astype(int)
    return X, Y


@pytest.fixture(scope="session")
def saved_optimizer(data, tmp_path_factory):
    """The command line's model, fitted and saved: ``(model, path)``."""
    X, Y = data
    model = fit_quietly(ThresholdOptimizer(tiny(), cv=0.2, refit=False), X, Y)
    path = tmp_path_factory.mktemp("saved") / "model.skmn"
    save(model, path, metadata={"feature_names": [f"f{i}" for i in range(5)]})
    return model, path
