"""Input standardisation learned at fit time."""

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import StandardScaler

from skmultinet.neural._scaling import fit_input_scaling, scale_inputs


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
