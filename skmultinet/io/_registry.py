"""The closed set of classes a model file may hold, and their describers.

Writing looks a describer up by the object's exact class (subclasses are
refused: they may behave differently); reading by the class name written in
the file. Nothing outside this table is ever rebuilt.
"""

from ._losses import is_catalogue_object
from ._meta import AutoDescriber, SeedAveragedDescriber, ThresholdOptimizerDescriber
from ._neural import LossClassDescriber, LossDescriber, NetClassifierDescriber
from ._sklearn import (
    BSplineDescriber,
    PipelineDescriber,
    QuantileDescriber,
    ScalerDescriber,
    SplineDescriber,
)

_DESCRIBERS = (
    NetClassifierDescriber(), ThresholdOptimizerDescriber(), SeedAveragedDescriber(),
    AutoDescriber(), PipelineDescriber(), ScalerDescriber(), QuantileDescriber(),
    SplineDescriber(), BSplineDescriber(), LossDescriber(), LossClassDescriber(),
)

BY_NAME = {describer.name: describer for describer in _DESCRIBERS}
_BY_CLASS = {describer.cls: describer for describer in _DESCRIBERS if describer.cls is not None}

#: Names of the classes a model file may hold.
SUPPORTED_CLASSES = tuple(sorted(BY_NAME))


def describer_for(value):
    """The describer that writes ``value``, or None."""
    describer = _BY_CLASS.get(type(value))
    if describer is None and is_catalogue_object(value):
        describer = BY_NAME["LossClass" if isinstance(value, type) else "Loss"]
    return describer


def describer_named(name):
    """The describer of the class name ``name`` found in a file, or None."""
    return BY_NAME.get(name)
