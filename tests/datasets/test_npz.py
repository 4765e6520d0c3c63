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


def test_finding_7_x_and_y_of_different_lengths(tmp_path):
    # X and Y must describe the same samples.
    path = tmp_path / "d.npz"
    np.savez(path, X=np.ones((3, 2)), Y=np.ones((2, 2), dtype=np.uint8))
    with pytest.raises(DataError, match="X has 3 rows but Y has 2"):
        load_npz(str(path))


@pytest.mark.parametrize("X, message", [
    (np.ones(3), r"X has shape \(3,\); expected a 2-D"),
    (np.array([[{"a": 1}], [None]], dtype=object), "X holds object values; expected numbers"),
])
def test_finding_8_bad_x_is_an_error_and_never_unpickled(tmp_path, X, message):
    # A 1-D X or an object array (a pickle) is a DataError; nothing is unpickled.
    path = tmp_path / "d.npz"
    np.savez(path, X=X, Y=np.ones((len(X), 1), dtype=np.uint8))
    with pytest.raises(DataError, match=message):
        load_npz(str(path))


def test_finding_8_a_file_that_is_not_an_archive(tmp_path):
    # A pickle or a lone .npy array is a DataError, not a traceback or an unpickling.
    import pickle

    path = tmp_path / "d.npz"
    path.write_bytes(pickle.dumps({"X": 1}))
    with pytest.raises(DataError, match="not a NumPy .npz archive"):
        load_npz(str(path))
    with open(path, "wb") as stream:
        np.save(stream, np.ones((2, 2)))
    with pytest.raises(DataError, match="a single NumPy array"):
        load_npz(str(path))


def test_finding_10_npz_width_is_checked_before_reading_x(tmp_path):
    # X wider than max_features is refused from its header; read_options say how it was read.
    path = tmp_path / "d.npz"
    np.savez(path, X=np.ones((2, 5)), Y=np.eye(2, dtype=np.uint8))
    with pytest.raises(DataError, match="5 feature columns, more than the limit of 4"):
        load_npz(str(path), max_features=4)
    assert load_npz(str(path)).read_options == {"format": "npz", "n_features": 5,
                                                "max_features": 2**20}
