"""Describers of the scikit-learn pieces the candidates use: pipelines and three transformers.

Each is rebuilt from its parameters and its fitted arrays, checked against
each other: ``StandardScaler``, ``QuantileTransformer``, ``SplineTransformer``
(whose SciPy ``BSpline`` objects are written as knots, coefficients, degree,
extrapolation and axis) and ``Pipeline``.
"""

from scipy.interpolate import BSpline
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import QuantileTransformer, SplineTransformer, StandardScaler

from ._checks import check_array, check_integer, check_mapping, check_optional_array, check_sequence, check_text, fail
from ._base import Describer, EstimatorDescriber


class PipelineDescriber(EstimatorDescriber):
    """A ``Pipeline``: its steps are estimators of the closed set (fitted or not)."""

    name = "Pipeline"
    cls = Pipeline
    marker = None  # a pipeline is fitted when its steps are

    def build(self, params, where):
        steps = check_sequence(params.get("steps"), f"{where}.steps")
        for index, step in enumerate(steps):
            pair = check_sequence(step, f"{where}.steps[{index}]", length=2)
            check_text(pair[0], f"{where}.steps[{index}] name")
        if params.get("memory") is not None:
            raise fail(f"{where}.memory", "a pipeline cache cannot be restored")
        return super().build(params, where)


class ScalerDescriber(EstimatorDescriber):
    name = "StandardScaler"
    cls = StandardScaler
    marker = "n_features_in_"
    fitted = ("n_features_in_", "n_samples_seen_", "mean_", "var_", "scale_")

    def check_fitted(self, state, where):
        n_features = check_integer(state["n_features_in_"], f"{where}.n_features_in_", 1)
        for name in ("mean_", "var_", "scale_"):
            check_optional_array(state[name], f"{where}.{name}", shape=(n_features,))
        _check_feature_names(state, n_features, where)


class QuantileDescriber(EstimatorDescriber):
    name = "QuantileTransformer"
    cls = QuantileTransformer
    marker = "quantiles_"
    fitted = ("n_features_in_", "n_quantiles_", "quantiles_", "references_")

    def check_fitted(self, state, where):
        n_features = check_integer(state["n_features_in_"], f"{where}.n_features_in_", 1)
        n_quantiles = check_integer(state["n_quantiles_"], f"{where}.n_quantiles_", 1)
        check_array(state["quantiles_"], f"{where}.quantiles_", shape=(n_quantiles, n_features))
        check_array(state["references_"], f"{where}.references_", shape=(n_quantiles,))
        _check_feature_names(state, n_features, where)


class SplineDescriber(EstimatorDescriber):
    name = "SplineTransformer"
    cls = SplineTransformer
    marker = "bsplines_"
    fitted = ("n_features_in_", "n_features_out_", "bsplines_")

    def check_fitted(self, state, where):
        n_features = check_integer(state["n_features_in_"], f"{where}.n_features_in_", 1)
        check_integer(state["n_features_out_"], f"{where}.n_features_out_", 1)
        splines = check_sequence(state["bsplines_"], f"{where}.bsplines_", length=n_features)
        if not all(isinstance(spline, BSpline) for spline in splines):
            raise fail(f"{where}.bsplines_", "expected BSpline objects")
        _check_feature_names(state, n_features, where)


class BSplineDescriber(Describer):
    """A SciPy ``BSpline``: knots ``t``, coefficients ``c``, degree ``k``, extrapolate, axis."""

    name = "BSpline"
    cls = BSpline

    def describe(self, spline, encoder, where):
        return {"t": encoder.encode(spline.t, f"{where}.t"),
                "c": encoder.encode(spline.c, f"{where}.c"),
                "k": int(spline.k),
                "extrapolate": encoder.encode(spline.extrapolate, f"{where}.extrapolate"),
                "axis": int(spline.axis)}

    def restore(self, body, decoder, where):
        check_mapping(body, where, required=("t", "c", "k", "extrapolate", "axis"))
        knots = check_array(decoder.decode(body["t"], f"{where}.t"), f"{where}.t", ndim=1)
        coefficients = check_array(decoder.decode(body["c"], f"{where}.c"), f"{where}.c")
        degree = check_integer(body["k"], f"{where}.k", minimum=0)
        extrapolate = body["extrapolate"]
        if extrapolate not in (True, False, "periodic"):
            raise fail(f"{where}.extrapolate", "expected true, false or 'periodic'")
        axis = check_integer(body["axis"], f"{where}.axis", minimum=0)
        try:
            return BSpline(knots, coefficients, degree, extrapolate=extrapolate, axis=axis)
        except (ValueError, TypeError, IndexError) as error:
            raise fail(where, f"not a valid B-spline: {error}") from None


def _check_feature_names(state, n_features, where):
    if "feature_names_in_" in state:
        check_array(state["feature_names_in_"], f"{where}.feature_names_in_", kinds="UO",
                    shape=(n_features,))
