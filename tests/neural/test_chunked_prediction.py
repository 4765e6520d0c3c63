"""Prediction streams its rows in chunks: the same bits as one block, bounded memory."""

import tracemalloc
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.datasets import make_multilabel_classification
from sklearn.exceptions import ConvergenceWarning

import skmultinet.neural._chunks as chunks_module
from skmultinet import MultiLabelNetClassifier

METHODS = ("predict", "predict_proba", "predict_log_proba", "decision_function")


def fit_quietly(X, y, **params):
    defaults = dict(hidden_layer_sizes=(16,), epochs=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return MultiLabelNetClassifier(**{**defaults, **params}).fit(X, y)


@pytest.fixture(scope="module")
def data():
    # Small enough that BLAS multiplies the one block and the chunks with the
    # same kernels (it switches kernels by matrix size, which changes rounding).
    X, Y = make_multilabel_classification(n_samples=500, n_features=10, n_classes=4,
                                          random_state=0)
    return X, Y


def targets(kind, Y):
    if kind == "indicator":
        return Y
    if kind == "sparse":
        return sp.csr_matrix(Y)
    if kind == "label-sets":
        return [tuple(np.flatnonzero(row)) for row in Y]
    if kind == "binary":
        return Y[:, 0]
    return Y.argmax(axis=1)  # multiclass


def tiny_chunks(monkeypatch):
    """Make every prediction run in chunks of _CHUNK_ALIGN (64) rows."""
    monkeypatch.setattr(chunks_module, "MIN_CHUNK_ROWS", 1)
    monkeypatch.setattr(chunks_module, "CHUNK_BYTES", 1)


def count_forward_calls(monkeypatch, clf):
    calls = []
    forward = clf._network.forward
    monkeypatch.setattr(clf._network, "forward",
                        lambda X, weights: calls.append(X.shape[0]) or forward(X, weights))
    return calls


def assert_same_predictions(chunked, whole):
    """Bit-identical, except float32 scores: see ``test_float32_scores_may_differ_by_rounding``."""
    if sp.issparse(whole):
        assert (chunked != whole).nnz == 0
    elif isinstance(whole, list):
        assert chunked == whole
    elif whole.dtype == np.float32:
        assert chunked.dtype == whole.dtype and chunked.shape == whole.shape
        np.testing.assert_allclose(chunked, whole, rtol=1e-6, atol=1e-6)
    else:
        assert chunked.dtype == whole.dtype and chunked.shape == whole.shape
        np.testing.assert_array_equal(chunked, whole, strict=True)


def test_float32_scores_may_differ_by_rounding_float64_ones_never():
    """Why float32 scores are compared to a few ulps: BLAS's own row results depend on M.

    OpenBLAS (0.3.31, NumPy 2.4) multiplies a float32 row with different
    kernels by the matrix's row count, so ``(A @ W)[:m]`` and ``A[:m] @ W``
    differ in the last bit for some ``m``, whatever the chunking; its
    float64 kernels do not (above one row). The float64 path, the default
    for float64 inputs, is the one whose chunks are bit-identical.
    """
    rng = np.random.default_rng(0)
    A, W = rng.random((2048, 100)), rng.random((100, 256))
    full = A @ W
    for m in (64, 512, 1024):
        np.testing.assert_array_equal(A[m : 2 * m] @ W, full[m : 2 * m])


@pytest.mark.parametrize("kind", ["indicator", "sparse", "label-sets", "binary", "multiclass"])
@pytest.mark.parametrize("x_form", ["dense", "float32", "csr", "csc"])
def test_finding_11_chunks_give_the_bits_of_one_block(data, kind, x_form, monkeypatch):
    """Every prediction method, chunked, returns exactly what one block returns."""
    X, Y = data
    X = {"dense": X, "float32": X.astype(np.float32), "csr": sp.csr_matrix(X),
         "csc": sp.csc_matrix(X)}[x_form]
    clf = fit_quietly(X, targets(kind, Y))
    whole = {method: getattr(clf, method)(X) for method in METHODS}
    tiny_chunks(monkeypatch)
    calls = count_forward_calls(monkeypatch, clf)
    for method in METHODS:
        assert_same_predictions(getattr(clf, method)(X), whole[method])
    # 500 rows: 7 chunks of 64 rows, the last one taking the remaining 52.
    assert calls == ([64] * 7 + [52]) * len(METHODS)


def test_finding_11_chunks_decode_with_the_count_head(data, monkeypatch):
    """A loss with a count head (top-count rule) and one with a calibration decode per chunk too."""
    X, Y = data
    for loss in ("partition", "lsep"):
        clf = fit_quietly(X, Y, loss=loss)
        whole = {method: getattr(clf, method)(X) for method in METHODS}
        with monkeypatch.context() as patch:
            tiny_chunks(patch)
            calls = count_forward_calls(patch, clf)
            for method in METHODS:
                assert_same_predictions(getattr(clf, method)(X), whole[method])
        assert len(calls) == 8 * len(METHODS)


def test_finding_11_chunk_rule_follows_the_widest_layer():
    """Chunk rows: a byte budget over the widest computed layer, aligned, no sliver at the end."""
    bounds = chunks_module.chunk_bounds
    network = MultiLabelNetClassifier()._mlp((20, 256, 10))
    rows = chunks_module.CHUNK_BYTES // (8 * 256)
    assert rows % chunks_module.CHUNK_ALIGN == 0
    assert bounds(1, network) == [0, 1]
    assert bounds(rows + rows // 2 - 1, network) == [0, rows + rows // 2 - 1]
    assert bounds(rows + rows // 2, network) == [0, rows, rows + rows // 2]
    assert bounds(10 * rows + 7, network) == [*range(0, 10 * rows, rows), 10 * rows + 7]
    # The input width does not count (a wide sparse input is only read); a
    # wider hidden layer makes smaller chunks, never under _MIN_CHUNK_ROWS.
    assert bounds(rows, MultiLabelNetClassifier()._mlp((5_000_000, 256, 10))) == [0, rows]
    assert bounds(rows, MultiLabelNetClassifier()._mlp((20, 64, 4096, 10)))[1] == rows // 16
    huge = MultiLabelNetClassifier()._mlp((20, 2**20, 10))
    assert bounds(10**6, huge)[1] == chunks_module.MIN_CHUNK_ROWS


@pytest.mark.parametrize("x_form", ["dense", "csr"])
def test_finding_11_predict_proba_memory_is_bounded_by_the_chunk(x_form, monkeypatch):
    """predict_proba's peak memory is its result plus a few chunks, not rows x widest layer."""
    n_rows, n_features, n_labels, width = 200_000, 8, 3, 64
    X_small, Y_small = make_multilabel_classification(
        n_samples=200, n_features=n_features, n_classes=n_labels, random_state=0)
    clf = fit_quietly(X_small, Y_small, hidden_layer_sizes=(width,))
    X = np.random.default_rng(0).standard_normal((n_rows, n_features))
    X = sp.csr_matrix(X) if x_form == "csr" else X
    clf.predict_proba(X[:5])  # builds the prediction weights outside the measure
    monkeypatch.setattr(chunks_module, "CHUNK_BYTES", 2**20)
    chunk_rows = 1.5 * max(2**20 // (8 * width), 1024)
    tracemalloc.start()
    try:
        proba = clf.predict_proba(X)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    result_bytes = proba.nbytes
    # A chunk's input slice (sparse), activations, logits and probabilities,
    # a few times over, plus slack for Python objects; the old one-block
    # predict peaked at n_rows x width x 8 bytes (100 MiB) on top of the result.
    bound = result_bytes + 8 * chunk_rows * (width + n_features) * 8 + 2**20
    assert peak < bound, (peak, bound)
    assert peak < result_bytes + n_rows * width * 8 / 4
