"""Fitted models and data shared by the tests of the io wing."""

import numpy as np
import pytest

from _helpers import fit_quietly, tiny

from skmultinet import ThresholdOptimizer, save


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
