"""Tests of the CSV loader (skmultinet.datasets._csv)."""

import numpy as np
import pytest

from skmultinet.datasets import DataError, load_csv
from skmultinet.datasets._csv import read_csv_features


def test_csv_by_columns_and_prefix(tmp_path):
    # CSV labels come from named columns or a prefix; bad values and no labels are errors.
    path = tmp_path / "d.csv"
    path.write_text("a,b,y_1,y_2\n1,2,1,0\n3,4,true,false\n")
    by_prefix = load_csv(str(path), label_prefix="y_")
    by_name = load_csv(str(path), label_columns=["y_1", "y_2"])
    for bunch in (by_prefix, by_name):
        assert bunch.feature_names == ["a", "b"]
        np.testing.assert_array_equal(bunch.target, [[1, 0], [1, 0]])
    with pytest.raises(DataError, match="no label columns found"):
        load_csv(str(path))
    with pytest.raises(DataError, match="not 0/1"):
        load_csv(str(path), label_columns=["a"])


def test_csv_read_errors_are_data_errors(tmp_path):
    # An empty or ragged file is a DataError that says what is wrong.
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(DataError, match="the file is empty"):
        load_csv(str(empty), label_prefix="y_")
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("a,y_1\n1,0\n1,0,3,4\n")
    with pytest.raises(DataError, match="not a readable CSV file"):
        load_csv(str(ragged), label_prefix="y_")


def test_read_csv_features_by_name(tmp_path):
    # New data: the named columns in the order asked; non-numeric ones are an error.
    path = tmp_path / "new.csv"
    path.write_text("b,y_1,a,note\n1,0,10,x\n2,1,20,y\n")
    np.testing.assert_array_equal(read_csv_features(str(path), ["a", "b"]), [[10, 1], [20, 2]])
    with pytest.raises(DataError, match="'note'.* not numeric"):
        read_csv_features(str(path), ["a", "note"])
