"""Training data resident on the device (skmultinet.neural.training._data)."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest
import scipy.sparse as sp

from skmultinet.neural.training._data import (
    TENSOR_ALIGNMENT,
    ResidentData,
    _aligned_copy,
    gather_features,
    host_tensor,
)


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


def test_an_aligned_array_is_handed_to_tensorflow_without_a_copy():
    """The tensor reads the array's own buffer: a later write to the buffer shows through."""
    array = _aligned_copy(np.arange(24, dtype=np.float32).reshape(6, 4))
    assert array.ctypes.data % TENSOR_ALIGNMENT == 0
    tensor = host_tensor(array)
    array[2, 1] = -5.0
    assert tensor.numpy()[2, 1] == -5.0


@pytest.mark.parametrize("kind", ["offset", "strided", "read-only", "int32"])
def test_other_arrays_are_copied_once_and_read_right(kind):
    """Unaligned, non-contiguous and read-only arrays give equal tensors and stay untouched."""
    import tensorflow as tf

    base = np.arange(2 * 8 * 5, dtype=np.float32)
    array = {
        "offset": base[1 : 1 + 8 * 5].reshape(8, 5),
        "strided": base.reshape(16, 5)[::2],
        "read-only": base[: 8 * 5].reshape(8, 5).copy(),
        "int32": np.arange(40, dtype=np.int32).reshape(8, 5),
    }[kind]
    if kind == "read-only":
        array.flags.writeable = False
    snapshot = array.copy()
    tensor = host_tensor(array)
    rows = tf.gather(tensor, tf.constant([6, 1, 3]))  # a TensorFlow kernel reads the buffer
    np.testing.assert_array_equal(rows.numpy(), snapshot[[6, 1, 3]])
    np.testing.assert_array_equal(array, snapshot)


def test_fitting_a_large_image_array_copies_it_at_most_once():
    """Peak memory added by fit on a 92 MiB image array stays under 1.5 copies of it.

    Run in a fresh interpreter whose peak counter is reset just before ``fit``
    (Linux); the trainer is built by a small fit beforehand. Holding the data
    through ``tf.convert_to_tensor`` added two copies (2.05x the array).
    """
    if not sys.platform.startswith("linux"):
        pytest.skip("reads the kernel's peak-RSS counter")
    script = textwrap.dedent(
        """
        import numpy as np
        from skmultinet import MultiLabelNetClassifier

        def rss():
            fields = dict(line.split(":", 1) for line in open("/proc/self/status"))
            return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])

        def build(meta):
            import keras
            inputs = keras.Input(meta["input_shape"])
            hidden = keras.layers.Conv2D(2, 3, strides=4)(inputs)
            hidden = keras.layers.GlobalAveragePooling2D()(hidden)
            return keras.Model(inputs, keras.layers.Dense(meta["n_outputs"])(hidden))

        n = 30_000
        X = np.empty((n, 28, 28, 1), dtype=np.float32)
        rng = np.random.default_rng(0)
        for start in range(0, n, 5000):
            X[start : start + 5000] = rng.random((5000, 28, 28, 1), dtype=np.float32)
        Y = (X[:, :4, 0, 0] > 0.5).astype(int)
        settings = dict(model=build, epochs=1, batch_size=1024, random_state=0)
        MultiLabelNetClassifier(**settings).fit(X[:500], Y[:500])
        before, _ = rss()
        open("/proc/self/clear_refs", "w").write("5")
        MultiLabelNetClassifier(**settings).fit(X, Y)
        print((rss()[1] - before) / (X.nbytes / 1024))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True,
                            text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    growth_in_copies = float(result.stdout.strip().splitlines()[-1])
    assert growth_in_copies < 1.5, growth_in_copies
