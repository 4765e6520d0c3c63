"""The early-stopping split: stratified, reproducible, never empty."""

import numpy as np

from skmultinet.neural._splitting import validation_split


def test_multilabel_split_keeps_rare_labels_on_both_sides():
    """A label with a handful of positives reaches the training and validation parts."""
    rng = np.random.default_rng(0)
    Y = (rng.random((200, 6)) < 0.3).astype(np.float32)
    Y[:, 5] = 0
    Y[rng.choice(200, 6, replace=False), 5] = 1  # rare label: 6 positives
    train_rows, validation_rows = validation_split("multilabel-indicator", Y, 0.2, rng)
    assert len(validation_rows) == 40 and len(train_rows) == 160
    assert not set(train_rows) & set(validation_rows)
    assert Y[validation_rows, 5].sum() >= 1 and Y[train_rows, 5].sum() >= 1


def test_class_split_is_stratified_and_reproducible():
    """Binary/multiclass targets are split by class, the same way for the same seed."""
    Y = np.eye(3, dtype=np.float32)[np.repeat([0, 1, 2], [60, 30, 10])]
    first = validation_split("multiclass", Y, 0.1, np.random.default_rng(1))
    again = validation_split("multiclass", Y, 0.1, np.random.default_rng(1))
    np.testing.assert_array_equal(first[1], again[1])
    np.testing.assert_array_equal(Y[first[1]].sum(axis=0), [6, 3, 1])


def test_too_small_to_split():
    """With too few rows to hold one out, there is no split."""
    Y = np.ones((1, 2), dtype=np.float32)
    assert validation_split("multilabel-indicator", Y, 0.1, np.random.default_rng(0)) is None
