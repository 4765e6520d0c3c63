"""Describers of the meta-estimators: ThresholdOptimizer, seed ensembles, AutoMultiLabelNet.

Their inner estimators are described by their own describers (the encoder
recurses), so a meta-estimator is describable when everything inside it is.
"""

from ..auto import AutoMultiLabelNet
from ..auto._ensemble import SeedAveragedClassifier
from ..thresholds import ThresholdOptimizer
from ..thresholds.strategies import STRATEGIES
from ._checks import check_array, check_boolean, check_integer, check_mapping, check_sequence, check_text, fail
from ._base import EstimatorDescriber
from ._errors import unsupported

_TARGET_TYPES = ("binary", "multiclass", "multilabel-indicator")


def _check_predictor(value, where):
    if not hasattr(value, "predict"):
        raise fail(where, f"expected a fitted estimator, found {type(value).__name__}")
    return value


class ThresholdOptimizerDescriber(EstimatorDescriber):
    """:class:`~skmultinet.ThresholdOptimizer` around a describable estimator."""

    name = "ThresholdOptimizer"
    cls = ThresholdOptimizer
    marker = "estimator_"
    fitted = ("estimator_", "classes_", "best_thresholds_", "best_k_", "best_score_",
              "_target_type", "_sparse_target")
    optional = ("n_features_in_", "feature_names_in_", "cv_results_", "_n_labels")

    def check_params(self, optimizer, params, where):
        # The file holds the strategy's name only (its tuned rule is plain
        # arrays), never its code: a strategy registered by the user's code
        # must be registered again before loading, or the name is refused
        # as an invalid parameter then.
        if not isinstance(params["strategy"], str) or params["strategy"] not in STRATEGIES:
            raise unsupported(f"{where}.strategy", params["strategy"],
                              "is not a registered threshold strategy")

    def check_fitted(self, state, where):
        _check_predictor(state["estimator_"], f"{where}.estimator_")
        target_type = check_text(state["_target_type"], f"{where}._target_type", _TARGET_TYPES)
        check_boolean(state["_sparse_target"], f"{where}._sparse_target")
        check_array(state["classes_"], f"{where}.classes_", kinds="biufUO", ndim=1)
        if target_type == "multiclass":
            return
        n_labels = check_integer(state.get("_n_labels"), f"{where}._n_labels", minimum=1)
        if state["best_thresholds_"] is not None:
            check_array(state["best_thresholds_"], f"{where}.best_thresholds_",
                        shape=(n_labels,))
        if state["best_k_"] is not None:
            check_integer(state["best_k_"], f"{where}.best_k_", minimum=0)


class SeedAveragedDescriber(EstimatorDescriber):
    """The seed ensemble of :class:`~skmultinet.AutoMultiLabelNet`'s final model."""

    name = "SeedAveragedClassifier"
    cls = SeedAveragedClassifier
    marker = "estimators_"
    fitted = ("estimators_", "classes_", "n_features_in_")

    def check_fitted(self, state, where):
        members = check_sequence(state["estimators_"], f"{where}.estimators_")
        if not members:
            raise fail(f"{where}.estimators_", "the ensemble is empty")
        for index, member in enumerate(members):
            _check_predictor(member, f"{where}.estimators_[{index}]")
        check_integer(state["n_features_in_"], f"{where}.n_features_in_", minimum=1)


class AutoDescriber(EstimatorDescriber):
    """:class:`~skmultinet.AutoMultiLabelNet`: its final model and its search results.

    Candidate settings (in ``candidates``, ``cv_results_``, ``best_params_``
    and ``ensemble_params_``) may hold catalogue losses and unfitted
    transformers; they are described like any parameter.
    """

    name = "AutoMultiLabelNet"
    cls = AutoMultiLabelNet
    marker = "estimator_"
    fitted = ("estimator_", "cv_results_", "best_params_", "ensemble_params_", "best_score_",
              "best_strategy_", "best_min_labels_", "classes_", "n_features_in_")

    def check_fitted(self, state, where):
        _check_predictor(state["estimator_"], f"{where}.estimator_")
        check_text(state["best_strategy_"], f"{where}.best_strategy_")
        check_integer(state["best_min_labels_"], f"{where}.best_min_labels_", minimum=0)
        check_mapping(state["cv_results_"], f"{where}.cv_results_",
                      optional=tuple(state["cv_results_"]) if isinstance(
                          state["cv_results_"], dict) else ())
        check_integer(state["n_features_in_"], f"{where}.n_features_in_", minimum=1)
