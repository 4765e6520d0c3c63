"""Input standardisation learned at fit time."""

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import StandardScaler

from skmultinet.neural._scaling import binary_features, fit_input_scaling, scale_inputs


def test_matches_standard_scaler_and_keeps_input():
    """Dense scaling equals StandardScaler's and leaves X untouched."""
    rng = np.random.default_rng(0)
    X = rng.normal(loc=5, scale=[1, 100, 1e-3], size=(50, 3))
    X[:, 2] = 7.0  # constant feature keeps scale 1
    before = X.copy()
    mean, scale = fit_input_scaling(X)
    scaled = scale_inputs(X, mean, scale)
    np.testing.assert_allclose(scaled, StandardScaler().fit_transform(X), atol=1e-5)
    assert scale[2] == 1.0 and scaled.dtype == np.float32
    np.testing.assert_array_equal(X, before)


def test_sparse_is_scaled_not_centred():
    """Sparse X keeps its zeros: only scaled, as StandardScaler(with_mean=False)."""
    X = sp.random(40, 6, density=0.3, format="csr", random_state=0) * 10
    mean, scale = fit_input_scaling(X)
    assert mean is None
    scaled = scale_inputs(X, mean, scale)
    assert sp.issparse(scaled) and scaled.nnz == X.nnz
    reference = StandardScaler(with_mean=False).fit_transform(X)
    np.testing.assert_allclose(scaled.toarray(), reference.toarray(), rtol=1e-5)


def test_weighted_scaling():
    """Sample weights weight the mean and variance."""
    X = np.array([[0.0], [10.0]])
    mean, scale = fit_input_scaling(X, np.array([3.0, 1.0]))
    np.testing.assert_allclose(mean, [2.5])
    np.testing.assert_allclose(scale, [np.sqrt(0.75 * 2.5**2 + 0.25 * 7.5**2)])


def test_keep_binary_leaves_0_1_features_and_standardises_the_others():
    """``keep_binary`` (standardize="auto"): 0/1 columns keep centre 0, scale 1."""
    rng = np.random.default_rng(1)
    X = np.column_stack([rng.integers(0, 2, 60), rng.normal(3, 2, 60),
                         (rng.random(60) < 0.05).astype(float), np.full(60, 1.0)])
    mean, scale = fit_input_scaling(X, keep_binary=True)
    np.testing.assert_array_equal(mean[[0, 2, 3]], 0.0)
    np.testing.assert_array_equal(scale[[0, 2, 3]], 1.0)
    scaled = scale_inputs(X, mean, scale)
    np.testing.assert_allclose(scaled[:, [0, 2, 3]], X[:, [0, 2, 3]])
    np.testing.assert_allclose(scaled[:, 1], StandardScaler().fit_transform(X[:, [1]])[:, 0],
                               atol=1e-5)


def test_binary_features_dense_and_sparse_agree():
    """A column is binary when every value, stored or not, is 0 or 1."""
    X = np.array([[0, 1, 2.0, 0], [1, 0, 0, 0.5], [0, 1, 0, 0]])
    expected = [True, True, False, False]
    np.testing.assert_array_equal(binary_features(X), expected)
    np.testing.assert_array_equal(binary_features(sp.csr_matrix(X)), expected)
