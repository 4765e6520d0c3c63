"""Tests of the data loaders (skmultinet.datasets)."""

import os

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.utils import Bunch

from skmultinet import datasets
from skmultinet.datasets._loaders import constant_labels
from skmultinet.datasets import (
    DataError,
    iter_libsvm_chunks,
    load_arff,
    load_csv,
    load_data,
    load_dataset,
    load_libsvm,
    load_npz,
)

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


def test_npz_splits(tmp_path):
    # The npz layout gives the train, test or both splits.
    path = tmp_path / "d.npz"
    np.savez(path, X_train=np.ones((3, 2)), Y_train=np.eye(3, 2, dtype=np.uint8),
             X_test=np.zeros((2, 2)), Y_test=np.ones((2, 2), dtype=np.uint8),
             label_names=np.array(["p", "q"]))
    assert load_npz(str(path)).data.shape == (3, 2)
    assert load_npz(str(path), subset="test").target.tolist() == [[1, 1], [1, 1]]
    assert load_npz(str(path), subset="all").target_names == ["p", "q"]


def test_libsvm_multilabel(tmp_path):
    # LIBSVM multi-label text gives CSR features and one column per label id.
    path = tmp_path / "d.svm"
    path.write_text("0,2 1:0.5 3:1\n1 2:2\n 1:1\n")
    bunch = load_libsvm(str(path))
    assert sp.issparse(bunch.data) and bunch.target_names == ["0", "1", "2"]
    np.testing.assert_array_equal(bunch.target, [[1, 0, 1], [0, 1, 0], [0, 0, 0]])


def _write_svmlight(path, X, Y, zero_based=True):
    from sklearn.datasets import dump_svmlight_file

    dump_svmlight_file(X, Y, path, multilabel=True, zero_based=zero_based)


def test_libsvm_chunks_stack_to_the_whole_file(tmp_path):
    # Chunks of a file (plain or gzip) stack back to the whole data, columns fixed.
    import gzip

    rng = np.random.default_rng(0)
    X = sp.random(23, 40, density=0.1, format="csr", random_state=0)
    Y = (rng.random((23, 5)) < 0.3).astype(int)
    Y[:, 4] = 0  # a label no row has still gets its column
    plain = tmp_path / "d.svm"
    _write_svmlight(str(plain), X, Y)
    packed = tmp_path / "d.svm.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    for path in (plain, packed):
        chunks = list(iter_libsvm_chunks(str(path), n_features=40, labels=range(5),
                                         zero_based=True, chunk_size=7))
        assert [c[0].shape for c in chunks] == [(7, 40), (7, 40), (7, 40), (2, 40)]
        assert all(sp.isspmatrix_csr(c[0]) and c[1].dtype == np.uint8 for c in chunks)
        np.testing.assert_allclose(sp.vstack([c[0] for c in chunks]).toarray(), X.toarray())
        np.testing.assert_array_equal(np.vstack([c[1] for c in chunks]), Y)


def test_libsvm_chunks_one_based_and_label_order(tmp_path):
    # LIBSVM's own one-based files, labels in the order asked for.
    path = tmp_path / "d.svm"
    path.write_text("7,2 1:0.5 3:1\n2 2:2\n 1:1\n")
    (X, Y), = iter_libsvm_chunks(str(path), n_features=3, labels=[7, 2], zero_based=False)
    np.testing.assert_allclose(X.toarray(), [[0.5, 0, 1], [0, 2, 0], [1, 0, 0]])
    np.testing.assert_array_equal(Y, [[1, 1], [0, 1], [0, 0]])


def test_libsvm_chunks_errors_name_the_rows(tmp_path):
    # Unknown labels, indices past n_features and junk say where and what to do.
    path = tmp_path / "d.svm"
    path.write_text("0 1:1\n" * 5 + "9 1:1\n")
    with pytest.raises(DataError, match=r"row 6: label 9 is not among the 2 labels"):
        list(iter_libsvm_chunks(str(path), n_features=3, labels=[0, 1], zero_based=True,
                                chunk_size=4))
    path.write_text("0 1:1\n0 8:1\n")
    with pytest.raises(DataError, match="rows 1-2: not LIBSVM multi-label text with 3 features"):
        list(iter_libsvm_chunks(str(path), n_features=3, labels=[0], zero_based=True))
    with pytest.raises(DataError, match="no such file"):
        list(iter_libsvm_chunks(str(tmp_path / "missing.svm"), n_features=3, labels=[0],
                                zero_based=True))
    with pytest.raises(ValueError, match="chunk_size"):
        list(iter_libsvm_chunks(str(path), n_features=3, labels=[0], zero_based=True,
                                chunk_size=0))


@needs_data
def test_load_dataset_local_splits():
    # Benchmark names read the official split from data_home, or both stacked.
    train = load_dataset("emotions", DATA, subset="train")
    everything = load_dataset("emotions", DATA)
    assert train.data.shape == (391, 72)
    assert everything.target.shape == (593, 6)


def test_load_dataset_openml_fallback(tmp_path, monkeypatch):
    # Without local files the name is fetched from OpenML and checked by shape.
    calls = {}

    def fake_fetch_openml(**kwargs):
        calls.update(kwargs)
        rng = np.random.default_rng(0)
        return Bunch(data=rng.normal(size=(10, 72)),
                     target=np.where(rng.random((10, 6)) < 0.5, "TRUE", "FALSE"),
                     feature_names=[f"f{j}" for j in range(72)],
                     target_names=[f"l{j}" for j in range(6)])

    monkeypatch.setattr("sklearn.datasets.fetch_openml", fake_fetch_openml)
    bunch = load_dataset("emotions", tmp_path)
    assert calls["data_id"] == datasets.MULAN_DATASETS["emotions"]["openml_id"]
    assert bunch.target.shape == (10, 6) and set(np.unique(bunch.target)) <= {0, 1}
    with pytest.raises(DataError, match="official train split"):
        load_dataset("emotions", tmp_path, subset="train")


def test_load_dataset_offline_message(tmp_path, monkeypatch):
    # Offline with no local files: a DataError that names both places tried.
    def offline(**kwargs):
        raise OSError("network is unreachable")

    monkeypatch.setattr("sklearn.datasets.fetch_openml", offline)
    with pytest.raises(DataError, match="offline"):
        load_dataset("yeast", tmp_path)
    with pytest.raises(DataError, match="unknown dataset"):
        load_dataset("nope", tmp_path)


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


def test_constant_labels():
    # Never- and always-positive label columns are found by name.
    target = np.array([[0, 1, 1], [0, 1, 0]])
    assert constant_labels(target, ["a", "b", "c"]) == (["a"], ["b"])
