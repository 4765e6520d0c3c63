"""Tests of the one entry for every format (skmultinet.datasets._dispatch)."""

import json

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


def _dump(path, X, Y, zero_based=True):
    from sklearn.datasets import dump_svmlight_file

    dump_svmlight_file(sp.csr_matrix(X), Y, str(path), multilabel=True, zero_based=zero_based)


def test_finding_4_libsvm_new_data_use_the_fit_base(tmp_path):
    # New rows without index 0 are not shifted: the base of the training file is kept.
    train = tmp_path / "train.svm"
    _dump(train, [[1.0, 0, 0], [0, 2.0, 3.0]], [[0], [1]])
    dataset = load_data(str(train))
    assert dataset.read_options["zero_based"] is True
    options = json.loads(json.dumps(dataset.read_options))  # stored with the model as JSON
    new = tmp_path / "new.svm"
    _dump(new, [[0, 5.0, 0], [0, 0, 7.0]], [[0], [1]])
    data = load_features(str(new), dataset.feature_names, read_options=options)
    np.testing.assert_array_equal(data.toarray(), [[0, 5, 0], [0, 0, 7]])


def test_finding_4_read_options_are_plain_json_for_every_format(tmp_path):
    # Every loader's read_options survive a JSON round trip and name their format.
    csv = tmp_path / "d.csv"
    csv.write_text("a,y_1\n1,1\n2,0\n")
    arff = tmp_path / "d.arff"
    arff.write_text("@relation 'r: -C 1'\n@attribute y {no,yes}\n@attribute c {u,v}\n"
                    "@data\nyes,u\nno,v\n")
    npz = tmp_path / "d.npz"
    np.savez(npz, X=np.ones((2, 1)), Y=np.eye(2, dtype=np.uint8))
    svm = tmp_path / "d.svm"
    svm.write_text("0 1:1\n1 2:1\n")
    for path, fmt in ((csv, "csv"), (arff, "arff"), (npz, "npz"), (svm, "libsvm")):
        options = load_data(str(path), label_prefix="y_").read_options
        assert options["format"] == fmt and json.loads(json.dumps(options)) == options


def test_finding_4_another_format_than_at_fit_is_an_error(tmp_path):
    # A model fitted on LIBSVM text does not read a CSV file (or the reverse).
    new = tmp_path / "new.csv"
    new.write_text("x0,x1\n1,2\n")
    options = {"format": "libsvm", "zero_based": True, "n_features": 2}
    with pytest.raises(DataError, match="csv data, but the model was fitted on libsvm data"):
        load_features(str(new), ["x0", "x1"], read_options=options)


def test_finding_8_load_features_csv_errors(tmp_path):
    # An empty or Latin-1 CSV at predict is a DataError from read_csv_features.
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(DataError, match="the file is empty"):
        load_features(str(empty), ["a"], read_options={"format": "csv"})
    latin = tmp_path / "latin.csv"
    latin.write_bytes("a\n\xe9\n".encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8 text"):
        load_features(str(latin), ["a"])


def test_finding_10_load_data_passes_max_features(tmp_path):
    # The limit reaches every loader through load_data.
    path = tmp_path / "d.svm"
    path.write_text("0 1:1 5:1\n1 2:1\n")
    with pytest.raises(DataError, match="more than the limit of 4"):
        load_data(str(path), max_features=4)
