"""Fixtures shared by the tests of the auto wing."""

import pytest
from sklearn.datasets import make_multilabel_classification


@pytest.fixture(scope="module")
def data():
    """70 training rows of 6 features and 3 labels, and 20 rows to predict."""
    X, Y = make_multilabel_classification(n_samples=90, n_features=6, n_classes=3,
                                          random_state=0)
    return X[:70], Y[:70], X[70:]
