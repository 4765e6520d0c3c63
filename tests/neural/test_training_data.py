"""Training data resident on the device (skmultinet.neural.training._data)."""

import numpy as np
import scipy.sparse as sp

from skmultinet.neural.training._data import ResidentData, gather_features


def test_sparse_rows_are_gathered_without_densifying():
    """Sparse batches are SparseTensors whose rows equal the CSR rows."""
    X = sp.random(30, 8, density=0.3, format="csr", random_state=0, dtype=np.float32)
    data = ResidentData(X, np.zeros((30, 2)), None)
    import tensorflow as tf

    batch = gather_features(data.tensors, tf.constant([4, 0, 17], dtype=tf.int32), 8)
    assert isinstance(batch, tf.SparseTensor)
    np.testing.assert_allclose(tf.sparse.to_dense(batch).numpy(), X[[4, 0, 17]].toarray())


def test_sets_of_rows_share_the_tensors_of_x():
    """Training and validation rows index one copy of X on the device; integer X stays integer."""
    X = np.arange(40, dtype=np.float32).reshape(10, 2, 2)
    data = ResidentData(X, np.zeros((10, 2)), None)
    validation = data.rows_of([7, 2])
    assert validation.tensors[0] is data.tensors[0]
    assert validation.n_samples == 2 and list(validation.rows) == [7, 2]
    assert data.rows_of(np.arange(10)) is data and data.rows is None
    assert data.tensors[0].shape == (10, 2, 2)
    tokens = ResidentData(np.arange(6).reshape(3, 2), np.zeros((3, 1)), None)
    assert tokens.tensors[0].dtype.name == "int64"
