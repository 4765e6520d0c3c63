"""Tests of the one entry for every format (skmultinet.datasets._dispatch)."""

import numpy as np
import pytest
import scipy.sparse as sp

from skmultinet.datasets import DataError, load_data
from skmultinet.datasets._dispatch import load_features


def test_load_data_dispatch_and_errors(tmp_path):
    # load_data picks the loader from the extension; missing files are DataErrors.
    path = tmp_path / "d.csv"
    path.write_text("a,y_1\n1,1\n2,0\n")
    assert load_data(str(path), label_prefix="y_").target_names == ["y_1"]
    with pytest.raises(DataError, match="no such file"):
        load_data(str(tmp_path / "missing.arff"))
    with pytest.raises(DataError, match="not a benchmark name"):
        load_data("not_a_dataset")
    (tmp_path / "d.xyz").write_text("x")
    with pytest.raises(DataError, match="unknown format"):
        load_data(str(tmp_path / "d.xyz"))


def test_load_features_csv_by_name_ignores_labels(tmp_path):
    # CSV features are matched by name, in the model's order; label columns are ignored.
    train = tmp_path / "train.csv"
    train.write_text("a,b,y_1\n1,2,1\n3,4,0\n")
    feature_names = load_data(str(train), label_prefix="y_").feature_names
    new = tmp_path / "new.csv"
    new.write_text("y_1,b,extra,a\n0,20,7,10\n1,40,8,30\n")
    np.testing.assert_array_equal(load_features(str(new), feature_names), [[10, 20], [30, 40]])
    without_labels = tmp_path / "unlabelled.csv"
    without_labels.write_text("b,a\n2,1\n")
    np.testing.assert_array_equal(load_features(str(without_labels), feature_names), [[1, 2]])


def test_load_features_arff_by_name(tmp_path):
    # ARFF features are matched by attribute name; the new file needs no labels at all.
    train = tmp_path / "train.arff"
    train.write_text("@relation 'r: -C 1'\n@attribute y {0,1}\n@attribute a numeric\n"
                     "@attribute b numeric\n@data\n1,1,2\n0,3,4\n")
    feature_names = load_data(str(train)).feature_names
    assert feature_names == ["a", "b"]
    new = tmp_path / "new.arff"
    new.write_text("@relation plain\n@attribute b numeric\n@attribute a numeric\n"
                   "@data\n20,10\n")
    np.testing.assert_array_equal(load_features(str(new), feature_names), [[10, 20]])


def test_load_features_npz_by_position(tmp_path):
    # npz features are taken by position from the test split; the count must agree.
    path = tmp_path / "d.npz"
    np.savez(path, X_train=np.ones((3, 2)), Y_train=np.eye(3, 2, dtype=np.uint8),
             X_test=np.arange(4.0).reshape(2, 2), Y_test=np.ones((2, 2), dtype=np.uint8))
    np.testing.assert_array_equal(load_features(str(path), ["p", "q"]), [[0, 1], [2, 3]])
    with pytest.raises(DataError, match="2 features, the model expects 3"):
        load_features(str(path), ["p", "q", "r"])


def test_load_features_libsvm_by_position_to_the_model_width(tmp_path):
    # LIBSVM rows are widened to the model's feature count even if the last columns are empty.
    path = tmp_path / "new.svm"
    path.write_text("0 1:0.5\n1 2:2\n")
    data = load_features(str(path), ["x0", "x1", "x2", "x3"])
    assert sp.issparse(data) and data.shape == (2, 4)
    with pytest.raises(DataError, match="not LIBSVM multi-label text"):
        load_features(str(path), ["x0"])


@pytest.mark.parametrize("suffix, content, message", [
    (".csv", "a,y_1\n1,0\n", "lacks feature column(s) b, c"),
    (".arff", "@relation r\n@attribute a numeric\n@data\n1\n",
     "lacks feature attribute(s) b, c"),
])
def test_load_features_missing_columns_are_named(tmp_path, suffix, content, message):
    # A feature the new data lack is a DataError naming it, the file first.
    path = tmp_path / f"new{suffix}"
    path.write_text(content)
    with pytest.raises(DataError) as raised:
        load_features(str(path), ["a", "b", "c"])
    assert str(raised.value) == f"{path}: {message}"


def test_load_features_missing_file_and_unknown_format(tmp_path):
    # The errors of load_data reach the caller unchanged.
    with pytest.raises(DataError, match="missing.csv: no such file"):
        load_features(str(tmp_path / "missing.csv"), ["a"])
    (tmp_path / "d.xyz").write_text("x")
    with pytest.raises(DataError, match="unknown format"):
        load_features(str(tmp_path / "d.xyz"), ["a"])
