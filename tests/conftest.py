"""Shared by the test wings: this folder is on ``sys.path``, so ``_helpers`` imports everywhere."""

import os
import warnings

import pytest

from _forking import ForkedPython


@pytest.fixture(scope="session")
def fresh_python():
    """``python ARGV`` in a fresh process forked from a preloaded interpreter (_forking.py)."""
    forked = ForkedPython()
    yield forked
    forked.close()


@pytest.fixture(scope="session")
def mulan_default_predictions():
    """Test-split predictions of ``MultiLabelNetClassifier(loss=..., random_state=seed)``.

    Fitted once per session on a MULAN set's training split, with every other setting at
    its default: the loss-quality test and the yeast defaults test share the fits they
    both make (binary cross-entropy, seed 0, on yeast).
    """
    import numpy as np
    from sklearn.exceptions import ConvergenceWarning

    from _paths import SHARED_DATA
    from skmultinet import MultiLabelNetClassifier

    fitted = {}

    def predict(dataset, loss="binary_crossentropy", seed=0):
        if (dataset, loss, seed) not in fitted:
            data = np.load(os.path.join(SHARED_DATA, f"{dataset}.npz"))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                model = MultiLabelNetClassifier(loss=loss, random_state=seed)
                fitted[dataset, loss, seed] = model.fit(data["X_train"], data["Y_train"]).predict(
                    data["X_test"])
        return fitted[dataset, loss, seed]

    return predict
