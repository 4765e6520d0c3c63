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


def test_finding_6_duplicate_column_names_are_errors(tmp_path):
    # pandas would rename the second 'a' to 'a.1'; the header is checked as written.
    path = tmp_path / "dup.csv"
    path.write_text("a,a,y_1\n1,2,1\n3,4,0\n")
    with pytest.raises(DataError, match="column name.*'a' appear more than once"):
        load_csv(str(path), label_prefix="y_")
    with pytest.raises(DataError, match="'a' appear more than once"):
        read_csv_features(str(path), ["a"])


def test_finding_8_csv_errors_are_one_line(tmp_path):
    # Only label columns, a header without rows, non-UTF-8 text, extra fields: DataErrors.
    path = tmp_path / "d.csv"
    path.write_text("y_1,y_2\n1,0\n0,1\n")
    with pytest.raises(DataError, match="every column is a label column"):
        load_csv(str(path), label_prefix="y_")
    path.write_text("a,y_1\n")
    with pytest.raises(DataError, match="no data rows"):
        read_csv_features(str(path), ["a"])
    path.write_bytes("a,y_1\ncaf\xe9,1\n".encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8 text.*save it as UTF-8"):
        read_csv_features(str(path), ["a"])
    path.write_text("a,y_1\n1,2,1\n")
    with pytest.raises(DataError, match="more fields than the header"):
        load_csv(str(path), label_prefix="y_")


def test_finding_10_csv_width_is_checked_on_the_header(tmp_path):
    # More columns than max_features are refused; read_options name the label columns.
    path = tmp_path / "d.csv"
    path.write_text("a,b,y_1\n1,2,1\n")
    with pytest.raises(DataError, match="3 columns, more than the limit of 2"):
        load_csv(str(path), label_prefix="y_", max_features=2)
    assert load_csv(str(path), label_prefix="y_").read_options == {
        "format": "csv", "label_columns": ["y_1"], "max_features": 2**20}
