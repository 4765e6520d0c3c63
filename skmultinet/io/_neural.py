"""Describers of the network estimator and the catalogue losses it trains with.

A fitted :class:`~skmultinet.MultiLabelNetClassifier` is written as its
parameters, the built-in network's architecture, the weights learned on
scaled inputs, the input scaling, the target encoding, the thresholds, the
decision rule of its loss, the calibration and the loss itself (catalogue
name, config, adapted arrays). Loading checks that the arrays fit the
architecture, then rebuilds the NumPy prediction path exactly as ``fit``
leaves it.
"""

from itertools import pairwise

import numpy as np

from ..decision import ThresholdRule, TopCountRule
from ..neural import MultiLabelNetClassifier
from ..neural._targets import TargetEncoder
from ..neural.networks import MLPNetwork, PredictionWeights
from ..neural.networks._mlp import NUMPY_ACTIVATIONS
from ._checks import check_array, check_boolean, check_integer, check_mapping, check_optional_array, check_real, check_sequence, check_text, fail
from ._base import Describer, EstimatorDescriber, set_value
from ._errors import unsupported
from ._losses import (
    LossClassRecipe,
    LossRecipe,
    catalogue_name,
    check_adapted,
    check_recipe_name,
)

_RULES = {"ThresholdRule": ThresholdRule, "TopCountRule": TopCountRule}
_TARGET_TYPES = ("binary", "multiclass", "multilabel-indicator", "label-sets")


class LossDescriber(Describer):
    """A catalogue loss instance: name, config and what ``adapt`` learned."""

    name = "Loss"

    def describe(self, loss, encoder, where):
        name = catalogue_name(type(loss))
        if name is None:
            raise unsupported(where, loss, "is not a loss of the catalogue "
                                           "(skmultinet.losses.LOSSES)")
        fresh = type(loss).from_config(loss.get_config())
        adapted = {attribute: value for attribute, value in vars(loss).items()
                   if attribute not in vars(fresh)}
        return {"name": name,
                "config": encoder.encode(loss.get_config(), f"{where}.config"),
                "adapted": {attribute: encoder.encode(value, f"{where}.{attribute}")
                            for attribute, value in adapted.items()}}

    def restore(self, body, decoder, where):
        check_mapping(body, where, required=("name", "config", "adapted"))
        name = check_recipe_name(body["name"], f"{where}.name")
        config = decoder.decode(body["config"], f"{where}.config")
        check_mapping(config, f"{where}.config", optional=tuple(config) if isinstance(
            config, dict) else ())
        if not all(isinstance(key, str) for key in config):
            raise fail(f"{where}.config", "keys must be strings")
        adapted = check_adapted(check_mapping(body["adapted"], f"{where}.adapted",
                                              optional=tuple(body["adapted"])), where)
        arrays = {attribute: check_array(decoder.decode(node, f"{where}.{attribute}"),
                                         f"{where}.{attribute}", kinds="biuf")
                  for attribute, node in adapted.items()}
        return LossRecipe(name, config, arrays)


class LossClassDescriber(Describer):
    """A catalogue loss class passed as ``loss=FocalLoss``."""

    name = "LossClass"

    def describe(self, loss_class, encoder, where):
        name = catalogue_name(loss_class)
        if name is None:
            raise unsupported(where, loss_class, "is not a loss class of the catalogue")
        return {"name": name}

    def restore(self, body, decoder, where):
        check_mapping(body, where, required=("name",))
        return LossClassRecipe(check_recipe_name(body["name"], f"{where}.name"))


class NetClassifierDescriber(EstimatorDescriber):
    """:class:`~skmultinet.MultiLabelNetClassifier` with the built-in MLP."""

    name = "MultiLabelNetClassifier"
    cls = MultiLabelNetClassifier
    marker = "coefs_"
    fitted = ("classes_", "n_features_in_", "loss_", "coefs_", "intercepts_", "input_mean_",
              "input_scale_", "calibration_", "history_", "n_iter_", "best_epoch_",
              "target_encoding", "thresholds", "network", "decision_rule")
    # Files written before early stopping could monitor a metric lack the last two.
    optional = ("feature_names_in_", "best_score_", "monitor_")

    def fitted_state(self, clf):
        network = clf._network
        if type(network) is not MLPNetwork:
            raise unsupported(f"{type(clf).__name__}._network", network,
                              "is not the built-in MLPNetwork")
        rule = clf._prediction_rule
        if type(rule) not in _RULES.values():
            raise unsupported(f"{type(clf).__name__}.loss_", clf.loss_,
                              "predicts through its own methods, not a NumPy decision rule")
        encoder = clf._target_encoder
        state = {name: getattr(clf, name) for name in self.fitted[:11]}
        state.update(
            target_encoding={"target_type": encoder.target_type,
                             "sparse_output": encoder.sparse_output,
                             "output_dtype": encoder.output_dtype},
            thresholds=clf._thresholds,
            network=network.get_config(),
            decision_rule={"class": type(rule).__name__, "config": rule.get_config()},
        )
        state.update((name, getattr(clf, name)) for name in self.optional if hasattr(clf, name))
        return state

    def restore_fitted(self, clf, state, where):
        network = _network(state.pop("network"), f"{where}.network")
        rule = _rule(state.pop("decision_rule"), f"{where}.decision_rule")
        encoder = _target_encoder(state.pop("target_encoding"), state["classes_"],
                                  f"{where}.target_encoding")
        thresholds = state.pop("thresholds")
        _check_weights(state, network, encoder, rule, thresholds, where)
        for name, value in state.items():
            set_value(clf, name, value)
        if not isinstance(state["loss_"], LossRecipe):
            raise fail(f"{where}.loss_", "expected a catalogue loss")
        clf._target_encoder = encoder
        clf._thresholds = thresholds
        clf._prediction_rule = rule
        clf._network = network
        # Prediction needs no optimizer state; a warm start after loading restarts it.
        clf._optimizer_state = clf._optimizer_state_key = None
        clf._export_model = None
        clf._forward_weights = PredictionWeights(
            network, (state["coefs_"], state["intercepts_"]), state["input_mean_"],
            state["input_scale_"])
        clf._decoder = clf._build_decoder()


def _network(config, where):
    check_mapping(config, where, required=("n_features", "n_outputs", "hidden_layer_sizes",
                                           "activation", "dropout"))
    sizes = check_sequence(config["hidden_layer_sizes"], f"{where}.hidden_layer_sizes")
    return MLPNetwork(
        check_integer(config["n_features"], f"{where}.n_features", minimum=1),
        check_integer(config["n_outputs"], f"{where}.n_outputs", minimum=1),
        hidden_layer_sizes=[check_integer(width, f"{where}.hidden_layer_sizes", minimum=1)
                            for width in sizes],
        activation=check_text(config["activation"], f"{where}.activation", NUMPY_ACTIVATIONS),
        dropout=check_real(config["dropout"], f"{where}.dropout"),
    )


def _rule(node, where):
    check_mapping(node, where, required=("class", "config"))
    rule_class = _RULES.get(check_text(node["class"], f"{where}.class", _RULES))
    config = node["config"]
    if rule_class is ThresholdRule:
        check_mapping(config, f"{where}.config", required=("n_extra_outputs", "offset_free"))
        return ThresholdRule(check_integer(config["n_extra_outputs"], where, minimum=0),
                             check_boolean(config["offset_free"], where))
    check_mapping(config, f"{where}.config", required=("count_loss",))
    return TopCountRule(check_text(config["count_loss"], where, ("poisson", "squared")))


def _target_encoder(node, classes, where):
    check_mapping(node, where, required=("target_type", "sparse_output", "output_dtype"))
    encoder = TargetEncoder()
    encoder.target_type = check_text(node["target_type"], f"{where}.target_type", _TARGET_TYPES)
    encoder.sparse_output = check_boolean(node["sparse_output"], f"{where}.sparse_output")
    encoder.output_dtype = node["output_dtype"]
    if not hasattr(encoder.output_dtype, "kind"):
        raise fail(f"{where}.output_dtype", "expected a dtype")
    encoder.classes = check_array(classes, f"{where}.classes_", kinds="biufUO", ndim=1)
    minimum = 2 if encoder.target_type in ("binary", "multiclass") else 1
    if len(encoder.classes) < minimum or (encoder.target_type == "binary"
                                          and len(encoder.classes) != 2):
        raise fail(f"{where}.classes_", f"{len(encoder.classes)} classes do not make "
                                              f"a {encoder.target_type} target")
    return encoder


def _check_weights(state, network, encoder, rule, thresholds, where):
    """The arrays must fit the architecture, so that prediction cannot fail on shapes."""
    n_features = check_integer(state["n_features_in_"], f"{where}.n_features_in_", minimum=1)
    sizes = network.layer_sizes
    if n_features != sizes[0]:
        raise fail(f"{where}.network", f"takes {sizes[0]} features, not {n_features}")
    n_outputs = encoder.n_outputs + getattr(rule, "n_extra_outputs", 0)
    if sizes[-1] != n_outputs:
        raise fail(f"{where}.network", f"outputs {sizes[-1]} logits; the targets and "
                                             f"the decision rule need {n_outputs}")
    coefs = check_sequence(state["coefs_"], f"{where}.coefs_", length=len(sizes) - 1)
    intercepts = check_sequence(state["intercepts_"], f"{where}.intercepts_",
                                length=len(sizes) - 1)
    for layer, (fan_in, fan_out) in enumerate(pairwise(sizes)):
        check_array(coefs[layer], f"{where}.coefs_[{layer}]", shape=(fan_in, fan_out))
        check_array(intercepts[layer], f"{where}.intercepts_[{layer}]", shape=(fan_out,))
    for name in ("input_mean_", "input_scale_"):
        check_optional_array(state[name], f"{where}.{name}", shape=(n_features,))
    n_labels = 1 if encoder.target_type == "multiclass" else encoder.n_outputs
    check_array(thresholds, f"{where}.thresholds", kinds="f")
    if thresholds.ndim > 1 or (thresholds.ndim == 1 and len(thresholds) != n_labels):
        raise fail(f"{where}.thresholds", f"expected a scalar or {n_labels} values, "
                                                f"found shape {thresholds.shape}")
    _check_calibration(state["calibration_"], n_labels, f"{where}.calibration_")
    if "feature_names_in_" in state:
        check_array(state["feature_names_in_"], f"{where}.feature_names_in_", kinds="UO",
                    shape=(n_features,))
    for name in ("n_iter_", "best_epoch_"):
        check_integer(state[name], f"{where}.{name}", minimum=0)
    history = state["history_"]
    check_mapping(history, f"{where}.history_", optional=tuple(history) if isinstance(
        history, dict) else ())
    for key, values in history.items():
        check_text(key, f"{where}.history_")
        for value in check_sequence(values, f"{where}.history_.{key}"):
            check_real(value, f"{where}.history_.{key}")
    if "best_score_" in state:
        check_real(state["best_score_"], f"{where}.best_score_")
    if "monitor_" in state:
        check_text(state["monitor_"], f"{where}.monitor_", options=history)


def _check_calibration(calibration, n_labels, where):
    """A global pair, or per-label Platt or isotonic arrays that fit the labels."""
    if calibration is None:
        return
    if isinstance(calibration, (list, tuple)):  # the global pair of older models
        for value in check_sequence(calibration, where, length=2):
            check_real(value, where)
        return
    method = check_mapping(calibration, where, required=("method",),
                           optional=("slope", "intercept", "knots", "values"))["method"]
    check_text(method, f"{where}.method", ("platt", "isotonic"))
    required = ("method", "slope", "intercept") + (
        ("knots", "values") if method == "isotonic" else ())
    check_mapping(calibration, where, required=required)
    for name in ("slope", "intercept"):
        values = check_array(calibration[name], f"{where}.{name}", shape=(n_labels,))
        if not np.all(np.isfinite(values)):
            raise fail(f"{where}.{name}", "expected finite values")
    if np.any(calibration["slope"] <= 0):
        raise fail(f"{where}.slope", "expected positive slopes (a calibration keeps the order)")
    if method == "isotonic":
        knots = check_sequence(calibration["knots"], f"{where}.knots", length=n_labels)
        values = check_sequence(calibration["values"], f"{where}.values", length=n_labels)
        for label, (label_knots, label_values) in enumerate(zip(knots, values, strict=True)):
            label_where = f"{where}.knots[{label}]"
            check_array(label_knots, label_where, ndim=1)
            check_array(label_values, f"{where}.values[{label}]", shape=label_knots.shape)
            if not (np.all(np.isfinite(label_knots)) and np.all(np.diff(label_knots) > 0)):
                raise fail(label_where, "expected finite, increasing knots")
            if not (np.all((label_values > 0) & (label_values < 1))
                    and np.all(np.diff(label_values) >= 0)):
                raise fail(f"{where}.values[{label}]",
                           "expected non-decreasing probabilities inside (0, 1)")
