"""Tests of the ``.npz`` loader (skmultinet.datasets._npz)."""

import numpy as np
import pytest

from skmultinet.datasets import DataError, load_npz


def test_npz_splits(tmp_path):
    # The npz layout gives the train, test or both splits.
    path = tmp_path / "d.npz"
    np.savez(path, X_train=np.ones((3, 2)), Y_train=np.eye(3, 2, dtype=np.uint8),
             X_test=np.zeros((2, 2)), Y_test=np.ones((2, 2), dtype=np.uint8),
             label_names=np.array(["p", "q"]))
    assert load_npz(str(path)).data.shape == (3, 2)
    assert load_npz(str(path), subset="test").target.tolist() == [[1, 1], [1, 1]]
    assert load_npz(str(path), subset="all").target_names == ["p", "q"]


def test_npz_missing_arrays(tmp_path):
    # An archive without the split's arrays names what it has.
    path = tmp_path / "d.npz"
    np.savez(path, A=np.ones(2))
    with pytest.raises(DataError, match="no array X_train, Y_train.*it has A"):
        load_npz(str(path))
