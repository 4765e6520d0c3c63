"""Property tests (hypothesis) over random shapes, label densities, dtypes and scores.

Fixed extreme cases of the losses are in test_losses_numerics.py and exact threshold
searches against brute force in test_threshold_search.py; here the inputs are random.
"""

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skmultinet import MultiLabelNetClassifier
from skmultinet.thresholds import _search as search
from skmultinet.thresholds._metrics import evaluate, fast_metrics

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

FEW = settings(max_examples=12, deadline=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture])
N_FEATURES = 4


@pytest.fixture(scope="module")
def models():
    """One tiny fitted model per kind of target, on 4 features."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, N_FEATURES))
    Y = (X[:, :3] + rng.normal(size=(60, 3)) > 0).astype(int)
    params = dict(hidden_layer_sizes=(8,), epochs=5, random_state=0)
    return {
        "multilabel": MultiLabelNetClassifier(threshold=[0.3, 0.5, 0.7], **params).fit(X, Y),
        "binary": MultiLabelNetClassifier(threshold=0.4, **params).fit(X, Y[:, 0]),
        "multiclass": MultiLabelNetClassifier(**params).fit(X, Y.sum(axis=1)),
        "zlpr": MultiLabelNetClassifier(loss="zlpr", **params).fit(X, Y),
    }


@st.composite
def feature_matrices(draw):
    n_rows = draw(st.integers(1, 20))
    scale = 10.0 ** draw(st.integers(-3, 6))
    seed = draw(st.integers(0, 2**16))
    X = np.random.default_rng(seed).normal(scale=scale, size=(n_rows, N_FEATURES))
    kind = draw(st.sampled_from(["float64", "float32", "int64", "csr"]))
    if kind == "csr":
        return sp.csr_matrix(np.where(np.abs(X) > scale, X, 0.0))
    return X.astype(kind)


@FEW
@given(X=feature_matrices(), kind=st.sampled_from(["multilabel", "binary", "multiclass", "zlpr"]))
def test_predict_proba_is_a_probability_and_predict_follows_it(models, X, kind):
    # Any X gives finite probabilities in [0, 1] of the right shape, and predict applies
    # the fitted thresholds (multi-label, binary) or the argmax (multiclass) to them.
    clf = models[kind]
    n_rows = X.shape[0]
    proba = clf.predict_proba(X)
    assert proba.shape == (n_rows, len(clf.classes_))
    assert np.isfinite(proba).all() and proba.min() >= 0 and proba.max() <= 1
    y_pred = clf.predict(X)
    if kind == "multiclass":
        np.testing.assert_allclose(proba.sum(axis=1), 1, rtol=1e-6)
        np.testing.assert_array_equal(y_pred, clf.classes_[np.argmax(proba, axis=1)])
    elif kind == "binary":
        np.testing.assert_array_equal(y_pred, clf.classes_[(proba[:, 1] >= 0.4).astype(int)])
    else:
        np.testing.assert_array_equal(y_pred, (proba >= clf._thresholds).astype(int))


@settings(max_examples=10, deadline=None)
@given(
    n_labels=st.sampled_from([2, 3, 5]),
    n_features=st.sampled_from([2, 3]),
    density=st.floats(0.0, 1.0),
    dtype=st.sampled_from([np.int64, np.uint8, np.bool_, np.float32]),
    seed=st.integers(0, 1000),
)
def test_any_label_density_and_dtype_fits(n_labels, n_features, density, dtype, seed):
    # Random shapes and label densities (empty and full columns included) fit, and
    # predict returns the targets' dtype and shape with probabilities in [0, 1].
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(20, n_features))
    Y = (rng.random((20, n_labels)) < density).astype(dtype)
    if not Y.any():
        Y[0, 0] = 1  # an all-zero matrix is read as one class, not as label sets
    clf = MultiLabelNetClassifier((4,), epochs=1, random_state=seed).fit(X, Y)
    proba = clf.predict_proba(X)
    assert proba.shape == Y.shape and proba.min() >= 0 and proba.max() <= 1
    y_pred = clf.predict(X)
    assert y_pred.shape == Y.shape and y_pred.dtype == Y.dtype


def _loss_and_gradient(loss, y, logits):
    import tensorflow as tf

    logits = tf.constant(logits, dtype=tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(logits)
        values = loss.call(tf.constant(y, dtype=tf.float32), logits)
        total = tf.reduce_sum(values)
    return np.asarray(values), np.asarray(tape.gradient(total, logits))


@settings(max_examples=15, deadline=None)
@given(
    n_rows=st.integers(1, 6),
    n_labels=st.integers(2, 6),
    density=st.floats(0.0, 1.0),
    log_scale=st.floats(-2, 4),
    seed=st.integers(0, 2**16),
)
def test_every_loss_is_finite_with_finite_gradients(n_rows, n_labels, density, log_scale, seed):
    # On random logits (up to about 1e4) and targets of any density, every loss of the
    # catalogue gives finite per-row values and finite gradients.
    from skmultinet.losses import LOSSES

    rng = np.random.default_rng(seed)
    y = (rng.random((n_rows, n_labels)) < density).astype(np.float32)
    for name, loss_class in sorted(LOSSES.items()):
        width = n_labels + loss_class.n_extra_outputs
        logits = rng.normal(scale=10.0**log_scale, size=(n_rows, width))
        values, gradient = _loss_and_gradient(loss_class(), y, logits)
        assert np.isfinite(values).all(), name
        assert np.isfinite(gradient).all(), name


@settings(max_examples=15, deadline=None)
@given(
    n_samples=st.integers(2, 40),
    n_labels=st.integers(1, 5),
    density=st.floats(0.05, 0.95),
    metric_name=st.sampled_from(sorted(fast_metrics())),
    with_weights=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_tuned_thresholds_never_lose_to_the_default_on_their_own_data(
    n_samples, n_labels, density, metric_name, with_weights, seed
):
    # On the scores it tunes on, the best global threshold is at least as good as 0.5,
    # and per-label thresholds (from that start) at least as good as the global one.
    rng = np.random.default_rng(seed)
    y = (rng.random((n_samples, n_labels)) < density).astype(int)
    scores = np.clip(y * rng.random() + rng.normal(scale=0.4, size=y.shape), 0, 1)
    weights = rng.uniform(0.5, 2, n_samples) if with_weights else None
    metric = fast_metrics()[metric_name]
    default = evaluate(metric, y, scores >= 0.5, weights)
    threshold, best_global, _, _ = search.search_global(scores, y, metric, "auto", weights)
    assert best_global >= default - 1e-12
    assert evaluate(metric, y, scores >= threshold, weights) == pytest.approx(best_global)
    thresholds, best_per_label = search.search_per_label(
        scores, y, metric, "auto", weights, threshold
    )
    assert best_per_label >= best_global - 1e-12
    assert evaluate(metric, y, scores >= thresholds, weights) == pytest.approx(best_per_label)
