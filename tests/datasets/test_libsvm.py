"""Tests of the LIBSVM loaders (skmultinet.datasets._libsvm)."""

import numpy as np
import pytest
import scipy.sparse as sp

from skmultinet.datasets import DataError, iter_libsvm_chunks, load_libsvm


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


def test_finding_4_libsvm_base_is_reported_and_can_be_fixed(tmp_path):
    # The base "auto" chose is in read_options; a given base is used, never guessed.
    path = tmp_path / "d.svm"
    path.write_text("0 1:1\n1 2:2\n")
    guessed = load_libsvm(str(path))
    assert guessed.read_options == {"format": "libsvm", "zero_based": False, "n_features": 2,
                                    "max_features": 2**20}
    fixed = load_libsvm(str(path), zero_based=True, n_features=4)
    np.testing.assert_array_equal(fixed.data.toarray(), [[0, 1, 0, 0], [0, 0, 2, 0]])
    path.write_text("0 0:1\n")
    with pytest.raises(DataError, match="feature index 0 in a file read as one-based"):
        load_libsvm(str(path), zero_based=False)


def test_finding_7_fractional_libsvm_labels_are_errors(tmp_path):
    # Label ids 1.7 and 2.2 are not truncated to 1 and 2, in whole files and in chunks.
    path = tmp_path / "d.svm"
    path.write_text("1 1:1\n1.7,2.2 2:1\n")
    with pytest.raises(DataError, match=r"row 2: label 1.7 is not a whole number"):
        load_libsvm(str(path))
    with pytest.raises(DataError, match=r"row 2: label 1.7 is not a whole number"):
        list(iter_libsvm_chunks(str(path), n_features=3, labels=[1, 2], zero_based=True))


def test_finding_10_a_huge_libsvm_index_is_refused_before_allocating(tmp_path):
    # One index of 50 000 000 in a tiny file is an error, not a 50-million-column matrix.
    path = tmp_path / "d.svm"
    path.write_text("0 1:1 2:1\n1 3:1 50000000:1\n")
    with pytest.raises(DataError, match=r"50000000 feature columns.*max_features="):
        load_libsvm(str(path))
    # Under the limit, a width over 100 000 needs one stored value per 10 columns...
    path.write_text("0 1:1 2:1\n1 3:1 400000:1\n")
    with pytest.raises(DataError, match=r"400000 feature columns, but it stores only 4 values"):
        load_libsvm(str(path))
    # ... or its width given.
    assert load_libsvm(str(path), n_features=400_000).data.shape == (2, 400_000)
