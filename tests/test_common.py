"""scikit-learn's estimator checks on every public estimator.

Each public estimator runs in a small, fast configuration. A check expected to
fail is listed in ``EXPECTED_FAILED_CHECKS`` with the reason it fails; the
reasons are the estimator's design, never a bug left in place.
"""

import pytest
from sklearn.linear_model import LogisticRegression, RidgeClassifier
from sklearn.utils.estimator_checks import parametrize_with_checks

from skmultinet import AutoMultiLabelNet, MultiLabelNetClassifier, ThresholdOptimizer


def _small_network(**params):
    # Small and quick to train, yet strong enough for the accuracy checks.
    return MultiLabelNetClassifier(
        (16,), epochs=40, learning_rate=0.02, n_iter_no_change=5, random_state=0, **params
    )


class BuildSmallMLP:
    """A user's build function of a small MLP (a class only for a stable test id)."""

    def __call__(self, meta, units=16):
        import keras

        inputs = keras.Input(shape=meta["input_shape"])
        hidden = keras.layers.Dense(units, activation="relu")(inputs)
        return keras.Model(inputs, keras.layers.Dense(meta["n_outputs"])(hidden))

    def __repr__(self):
        return "build_small_mlp"


def _small_own_network():
    # The same small network, built by the user's function instead of hidden_layer_sizes.
    return MultiLabelNetClassifier(
        model=BuildSmallMLP(), model_params={"units": 16}, epochs=40, learning_rate=0.02,
        n_iter_no_change=5, random_state=0,
    )


def _small_search():
    # One candidate, one rule, one network: every step of fit runs, in seconds.
    return AutoMultiLabelNet(
        candidates=[{}], strategies=("global",), min_labels=(0,), ensemble_size=1,
        n_estimators=1, cv=2, base_params={"hidden_layer_sizes": (8,), "epochs": 5},
        random_state=0,
    )


ESTIMATORS = [
    _small_network(),
    _small_own_network(),
    # Probabilities, on the binary and multiclass paths of ThresholdOptimizer.
    ThresholdOptimizer(LogisticRegression(), cv=3),
    # Decision-function scores of indicator targets: the multi-label threshold search.
    ThresholdOptimizer(RidgeClassifier(), cv=3),
    _small_search(),
]

_SAMPLE_WEIGHT_REASON = (
    "float32 stochastic training cannot meet rtol=1e-7 between repeated rows and integer "
    "weights (same objective, different rounding); tests/neural/test_classifier.py checks "
    "the equivalence at a float32 tolerance"
)
# sklearn fits a classifier tagged multi-output only on one (n_samples, 1) column of
# binary or multiclass labels; AutoMultiLabelNet refuses it on purpose.
_ONE_COLUMN_REASON = (
    "AutoMultiLabelNet takes 0/1 indicator matrices of two labels or more, by design "
    "(ThresholdOptimizer(MultiLabelNetClassifier()) serves binary and multiclass targets), "
    "and this check fits it on a single (n_samples, 1) column of class labels"
)
_ONE_COLUMN_CHECKS = (
    "check_fit_score_takes_y",
    "check_estimators_overwrite_params",
    "check_dont_overwrite_parameters",
    "check_estimators_fit_returns_self",
    "check_readonly_memmap_input",
    "check_n_features_in_after_fitting",
    "check_positive_only_tag_during_fit",
    "check_estimators_dtypes",
    "check_dtype_object",
    "check_pipeline_consistency",
    "check_estimators_nan_inf",
    "check_estimator_sparse_tag",
    "check_estimator_sparse_array",
    "check_estimator_sparse_matrix",
    "check_estimators_pickle",
    "check_f_contiguous_array_estimator",
    "check_classifier_data_not_an_array",
    "check_classifiers_classes",
    "check_classifiers_train",
    "check_methods_sample_order_invariance",
    "check_methods_subset_invariance",
    "check_fit2d_1sample",
    "check_fit2d_1feature",
    "check_dict_unchanged",
    "check_fit_idempotent",
    "check_fit_check_is_fitted",
    "check_n_features_in",
    "check_fit2d_predict1d",
    # fit's sample_weight makes scikit-learn run its weight checks, each on one column too
    "check_sample_weights_pandas_series",
    "check_sample_weights_not_an_array",
    "check_sample_weights_list",
    "check_sample_weights_shape",
    "check_sample_weights_not_overwritten",
    "check_all_zero_sample_weights_error",
    "check_sample_weight_equivalence_on_dense_data",
    "check_sample_weight_equivalence_on_sparse_data",
    "check_classifiers_one_label_sample_weights",
)
_TUNED_RULE_REASON = (
    "predict applies the thresholds tuned for `scoring`, not the 0.5 cut, so it differs from "
    "predict_proba(X).round() and decision_function(X) > 0 by design"
)
EXPECTED_FAILED_CHECKS = {
    MultiLabelNetClassifier: {
        "check_sample_weight_equivalence_on_dense_data": _SAMPLE_WEIGHT_REASON,
        "check_sample_weight_equivalence_on_sparse_data": _SAMPLE_WEIGHT_REASON,
    },
    AutoMultiLabelNet: {
        **dict.fromkeys(_ONE_COLUMN_CHECKS, _ONE_COLUMN_REASON),
        "check_classifier_multioutput": _TUNED_RULE_REASON,
    },
    ThresholdOptimizer: {"check_classifier_multioutput": _TUNED_RULE_REASON},
}


# A user's own Keras model predicts in TensorFlow float32, where a row alone (matrix-vector
# product) rounds differently from the same row in a batch: about 1e-6 relative on AMD EPYC
# with TF 2.21, above these checks' rtol=1e-7 (the built-in network predicts in float64).
_OWN_MODEL_FLOAT32_REASON = (
    "TensorFlow's float32 product rounds a one-row batch differently from a many-row batch "
    "(1e-6 relative on some CPUs), above the check's rtol=1e-7"
)
OWN_MODEL_EXPECTED_FAILED_CHECKS = {
    "check_methods_subset_invariance": _OWN_MODEL_FLOAT32_REASON,
    "check_methods_sample_order_invariance": _OWN_MODEL_FLOAT32_REASON,
}


def _expected_failed_checks(estimator):
    expected = dict(EXPECTED_FAILED_CHECKS.get(type(estimator), {}))
    if getattr(estimator, "model", None) is not None:
        expected.update(OWN_MODEL_EXPECTED_FAILED_CHECKS)
    return expected


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@parametrize_with_checks(ESTIMATORS, expected_failed_checks=_expected_failed_checks)
def test_sklearn_compatible_estimator(estimator, check):
    """Each public estimator passes scikit-learn's estimator checks."""
    check(estimator)
