"""Tests of multi-label ARFF files: label discovery (skmultinet.datasets._arff_files)."""

import os

import numpy as np
import pytest
import scipy.sparse as sp

from skmultinet.datasets import DataError, load_arff
from skmultinet.datasets._arff_files import read_arff_features

from _paths import SHARED_DATA as DATA  # noqa: E402
MULAN = os.path.join(DATA, "mulan")
needs_data = pytest.mark.skipif(not os.path.isdir(MULAN), reason="MULAN data not available")
NAMES = ["emotions", "yeast", "scene", "medical", "enron", "birds"]


@needs_data
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("split", ["train", "test"])
def test_arff_equals_npz(name, split):
    # ARFF + XML give the npz arrays exactly: shapes, values, names, label order.
    bunch = load_arff(os.path.join(MULAN, name, f"{name}-{split}.arff"))
    with np.load(os.path.join(DATA, f"{name}.npz")) as npz:
        X, Y = npz[f"X_{split}"], npz[f"Y_{split}"]
        assert bunch.target_names == list(npz["label_names"])
        assert bunch.feature_names == list(npz["feature_names"])
    assert sp.issparse(bunch.data) == (name in ("medical", "enron"))
    data = bunch.data.toarray() if sp.issparse(bunch.data) else bunch.data
    assert data.shape == X.shape and bunch.target.shape == Y.shape
    np.testing.assert_allclose(data.astype(np.float32), X)
    np.testing.assert_array_equal(bunch.target, Y)


def _meka_file(tmp_path, count):
    text = (f"@relation 'toy: -C {count}'\n@attribute y1 {{0,1}}\n@attribute y2 {{0,1}}\n"
            "@attribute x numeric\n@data\n1,0,0.5\n0,1,1.5\n")
    path = tmp_path / "toy.arff"
    path.write_text(text)
    return str(path)


def test_meka_relation_option(tmp_path):
    # MEKA's -C n in @relation marks the first n attributes as labels.
    bunch = load_arff(_meka_file(tmp_path, 2))
    assert bunch.target_names == ["y1", "y2"] and bunch.feature_names == ["x"]
    np.testing.assert_array_equal(bunch.target, [[1, 0], [0, 1]])


def test_arff_labels_argument_and_no_labels(tmp_path):
    # Explicit labels override; none found is a DataError that says what to do.
    path = tmp_path / "plain.arff"
    path.write_text("@relation r\n@attribute x numeric\n@attribute y {0,1}\n@data\n1,1\n2,0\n")
    assert load_arff(str(path), labels=-1).target_names == ["y"]
    assert load_arff(str(path), labels=["y"]).feature_names == ["x"]
    with pytest.raises(DataError, match="no label columns found"):
        load_arff(str(path))
    with pytest.raises(DataError, match="not have"):
        load_arff(str(path), labels=["nope"])


def test_read_arff_features_by_name(tmp_path):
    # New data: the named attributes in the order asked, labels and their discovery ignored.
    path = tmp_path / "new.arff"
    path.write_text("@relation r\n@attribute b numeric\n@attribute y {0,1}\n"
                    "@attribute a numeric\n@data\n1,1,10\n2,0,20\n")
    np.testing.assert_array_equal(read_arff_features(str(path), ["a", "b"]), [[10, 1], [20, 2]])
    with pytest.raises(DataError, match="lacks feature attribute"):
        read_arff_features(str(path), ["a", "c"])


def test_read_arff_features_keeps_sparse_files_sparse(tmp_path):
    # A sparse ARFF file gives a CSR matrix of the named columns.
    path = tmp_path / "sparse.arff"
    path.write_text("@relation r\n@attribute a numeric\n@attribute b numeric\n@data\n"
                    "{1 3}\n{0 2}\n")
    data = read_arff_features(str(path), ["b"])
    assert sp.isspmatrix_csr(data)
    np.testing.assert_array_equal(data.toarray(), [[3], [0]])


@pytest.mark.parametrize("declared", ["{0,1}", "{1,0}", "{yes,no}", "{no,yes}", "{true,false}",
                                      "{TRUE,FALSE}", "{y,n}", "{N,Y}"])
def test_finding_5_label_declarations_are_read_by_value(tmp_path, declared):
    # 1/yes/true/y are positive whatever their position in the declaration.
    positive, negative = sorted(declared.strip("{}").split(","),
                                key=lambda v: v.lower() in ("0", "no", "false", "n"))
    path = tmp_path / "toy.arff"
    path.write_text(f"@relation 'toy: -C 1'\n@attribute y {declared}\n@attribute x numeric\n"
                    f"@data\n{positive},1\n{negative},2\n{negative},3\n")
    np.testing.assert_array_equal(load_arff(str(path)).target, [[1], [0], [0]])


def test_finding_5_sparse_yes_no_labels_and_unknown_declarations(tmp_path):
    # An omitted sparse label is its first declared value, read by value; {a,b} is an error.
    path = tmp_path / "toy.arff"
    path.write_text("@relation 'toy: -C 1'\n@attribute y {no,yes}\n@attribute x numeric\n"
                    "@data\n{0 yes,1 2}\n{1 3}\n")
    np.testing.assert_array_equal(load_arff(str(path)).target, [[1], [0]])
    path.write_text("@relation 'toy: -C 1'\n@attribute y {a,b}\n@attribute x numeric\n"
                    "@data\na,1\nb,2\n")
    with pytest.raises(DataError, match=r"label attribute 'y' is declared \{a,b\}"):
        load_arff(str(path))


def test_finding_6_duplicate_attributes_are_data_errors(tmp_path):
    # load_arff and read_arff_features refuse a repeated attribute name.
    path = tmp_path / "dup.arff"
    path.write_text("@relation 'r: -C 1'\n@attribute y {0,1}\n@attribute a numeric\n"
                    "@attribute a numeric\n@data\n1,1,2\n0,3,4\n")
    for read in (load_arff, lambda p: read_arff_features(p, ["a"])):
        with pytest.raises(DataError, match="'a' is declared again"):
            read(str(path))


def test_finding_12_no_data_rows(tmp_path):
    # A file with a header and no rows says so, instead of "never positive" labels.
    path = tmp_path / "empty.arff"
    path.write_text("@relation 'r: -C 1'\n@attribute y {0,1}\n@attribute a numeric\n@data\n")
    with pytest.raises(DataError, match="no data rows"):
        load_arff(str(path))
    with pytest.raises(DataError, match="no data rows"):
        read_arff_features(str(path), ["a"])


def test_finding_4_nominal_features_keep_their_fit_codes(tmp_path):
    # New data declaring {green,red} instead of {red,green} read with the training codes.
    train = tmp_path / "train.arff"
    train.write_text("@relation 'r: -C 1'\n@attribute y {0,1}\n@attribute c {red,green}\n"
                     "@data\n1,red\n0,green\n")
    dataset = load_arff(str(train))
    assert dataset.read_options["nominal"] == {"c": ["red", "green"]}
    new = tmp_path / "new.arff"
    new.write_text("@relation r\n@attribute c {green,red,blue}\n@data\nred\ngreen\n?\n")
    nominal = dataset.read_options["nominal"]
    data = read_arff_features(str(new), ["c"], nominal=nominal)
    np.testing.assert_array_equal(data[:2], [[0], [1]])
    assert np.isnan(data[2, 0])
    new.write_text("@relation r\n@attribute c {green,red,blue}\n@data\nblue\n")
    with pytest.raises(DataError, match="value 'blue'.* did not declare"):
        read_arff_features(str(new), ["c"], nominal=nominal)
