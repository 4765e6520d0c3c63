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
