"""Training data held on the device as tensors, and the gathering of a batch's rows.

The compiled epoch reads rows by index from these tensors, so the data are
copied to the device once per fit, never per batch.
"""

import copy

import numpy as np
import scipy.sparse as sp

from ..._backend import import_keras


class ResidentData:
    """Features, targets and weights held as tensors, read by row indices.

    Dense ``X`` is one float32 tensor of any rank, or an integer tensor
    for integer ``X`` (token ids, which an ``Embedding`` takes as they are). Sparse ``X`` is kept as CSR pieces and a
    batch is gathered row-wise in the graph into a ``tf.SparseTensor``, so the
    dense matrix is never built.

    Several sets of rows of one array (training and validation rows) share
    its tensors (:meth:`rows_of`): the rows travel as indices, so ``X`` is
    copied to the device once, never split into copies first.

    Parameters
    ----------
    X : ndarray of shape (n_samples, ...) or sparse matrix of shape (n_samples, n_features)
    Y : ndarray of shape (n_samples, n_outputs)
    sample_weight : ndarray of shape (n_samples,) or None

    Attributes
    ----------
    rows : ndarray of int32 or None
        The rows of the tensors this data set holds; ``None`` for all of them.
    n_samples : int
        Number of those rows.
    """

    rows = None

    def rows_of(self, rows):
        """The same tensors restricted to ``rows`` (all rows, in order, give ``self``)."""
        rows = np.asarray(rows, dtype=np.int32)
        if len(rows) == self.n_samples and np.array_equal(rows, np.arange(len(rows))):
            return self
        subset = copy.copy(self)
        subset.rows = rows
        subset.n_samples = len(rows)
        return subset

    def __init__(self, X, Y, sample_weight):
        tf, _ = import_keras()
        self.n_samples, self.n_features = X.shape[:2]
        self.sparse = sp.issparse(X)
        if self.sparse:
            X = X.tocsr()
            X.sort_indices()
            self.tensors = (
                tf.constant(X.data.astype(np.float32)),
                tf.constant(X.indices.astype(np.int64)),
                tf.constant(X.indptr.astype(np.int64)),
            )
        else:
            X = np.asarray(X)
            dtype = X.dtype if X.dtype.kind in "iu" else np.float32
            self.tensors = (host_tensor(np.asarray(X, dtype=dtype)),)
        self.Y = tf.constant(np.asarray(Y, dtype=np.float32))
        if sample_weight is None:
            sample_weight = np.ones(self.n_samples, dtype=np.float32)
        self.sample_weight = tf.constant(np.asarray(sample_weight, dtype=np.float32))


# TensorFlow's CPU kernels require buffers aligned for Eigen's widest vectors.
TENSOR_ALIGNMENT = 64


def host_tensor(array):
    """A tensor over ``array``'s own memory, or over one aligned copy of it.

    ``tf.convert_to_tensor`` and ``tf.constant`` hold two copies of a NumPy array
    at their peak (measured: +366 MiB for a 179 MiB image array). DLPack hands
    TensorFlow the array's buffer without a copy; TensorFlow's kernels need it
    C-contiguous, writeable and aligned to :data:`TENSOR_ALIGNMENT` bytes, so
    an array that is not gets copied once into a buffer that is. The training
    loop only reads the tensor, so the caller's array is never written.
    """
    tf, _ = import_keras()
    if not (array.flags.c_contiguous and array.flags.writeable
            and array.ctypes.data % TENSOR_ALIGNMENT == 0):
        array = _aligned_copy(array)
    try:
        return tf.experimental.dlpack.from_dlpack(array.__dlpack__())
    except (BufferError, TypeError, ValueError, AttributeError):  # pragma: no cover - old NumPy/TF
        return tf.convert_to_tensor(array)


def _aligned_copy(array):
    """A C-contiguous copy of ``array`` starting on a :data:`TENSOR_ALIGNMENT` boundary."""
    buffer = np.empty(array.nbytes + TENSOR_ALIGNMENT, dtype=np.uint8)
    start = -buffer.ctypes.data % TENSOR_ALIGNMENT
    copy_ = buffer[start : start + array.nbytes].view(array.dtype).reshape(array.shape)
    copy_[...] = array
    return copy_


def gather_features(tensors, rows, n_features):
    """Rows of dense ``(X,)`` or sparse ``(values, columns, row_splits)`` features."""
    tf, _ = import_keras()
    if len(tensors) == 1:
        return tf.gather(tensors[0], rows)
    values, columns, splits = tensors
    batch_values = tf.gather(tf.RaggedTensor.from_row_splits(values, splits), rows)
    batch_columns = tf.gather(tf.RaggedTensor.from_row_splits(columns, splits), rows)
    indices = tf.stack([batch_values.value_rowids(), batch_columns.flat_values], axis=1)
    shape = tf.stack([tf.cast(tf.shape(rows)[0], tf.int64), tf.constant(n_features, tf.int64)])
    return tf.SparseTensor(indices, batch_values.flat_values, shape)
