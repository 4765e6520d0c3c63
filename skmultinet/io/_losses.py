"""Catalogue losses in a model file: by name, config and adapted arrays, never by code.

A loss is written as its catalogue name (``skmultinet.losses.LOSSES``), its
``get_config()`` and the arrays its ``adapt`` learned. Loading keeps it as a
:class:`LossRecipe` and builds the Keras object (importing Keras) only when
the attribute holding it is first read, so that loading and predicting need
no Keras.
"""

from .._persistence import PickledObject
from ._checks import check_mapping, check_text, fail

#: The catalogue's names (``skmultinet.losses.LOSSES``), known here without importing Keras.
CATALOGUE_NAMES = (
    "binary_crossentropy", "focal", "asymmetric", "softmax_crossentropy", "partition",
    "symmetric_kl", "zlpr", "two_way", "lsep", "bp_mll", "hill", "squared_hinge", "mse",
)


def is_catalogue_object(value):
    """Whether ``value`` may be a catalogue loss or loss class (cheap: no Keras import)."""
    module = getattr(value if isinstance(value, type) else type(value), "__module__", "")
    return module.startswith("skmultinet.losses")


def catalogue_name(loss_class):
    """The catalogue name of exactly ``loss_class``, or None (subclasses are not catalogue)."""
    from ..losses import LOSSES

    return next((name for name, cls in LOSSES.items() if cls is loss_class), None)


class LossRecipe:
    """A catalogue loss as plain values.

    Parameters
    ----------
    name : str
        Catalogue name.
    config : dict
        ``get_config()`` of the loss.
    adapted : dict of str to ndarray
        Private attributes set by ``adapt``.
    """

    def __init__(self, name, config, adapted):
        self.name = name
        self.config = config
        self.adapted = adapted

    def build(self):
        """The loss object (imports Keras)."""
        from ..losses import LOSSES

        try:
            loss = LOSSES[self.name].from_config(dict(self.config))
        except (TypeError, ValueError, KeyError) as error:
            raise fail(f"loss {self.name!r}", f"its config cannot be restored: {error}") from None
        for attribute, values in self.adapted.items():
            if hasattr(loss, attribute):
                raise fail(f"loss {self.name!r}", f"adapted attribute {attribute!r} clashes "
                                                  "with one the loss has")
            setattr(loss, attribute, values)
        return loss


class LossClassRecipe:
    """A catalogue loss class (``loss=FocalLoss``), by name."""

    def __init__(self, name):
        self.name = name

    def build(self):
        from ..losses import LOSSES

        return LOSSES[self.name]


def check_recipe_name(name, where):
    return check_text(name, where, CATALOGUE_NAMES)


def check_adapted(adapted, where):
    """Adapted state: private attribute names (``_x``) of arrays only."""
    check_mapping(adapted, where, optional=tuple(adapted))
    for attribute in adapted:
        if not (attribute.startswith("_") and not attribute.startswith("__")
                and attribute[1:].isidentifier()):
            raise fail(where, f"adapted attribute {attribute!r} is not a private name")
    return adapted


_RECIPES = (LossRecipe, LossClassRecipe)


def holds_recipe(value):
    """Whether ``value`` is, or contains (dicts, lists, tuples), a loss recipe."""
    if isinstance(value, _RECIPES):
        return True
    if isinstance(value, dict):
        return any(holds_recipe(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(holds_recipe(item) for item in value)
    return False


def build_recipes(value):
    """``value`` with every recipe built into its loss object (imports Keras if any)."""
    if isinstance(value, _RECIPES):
        return value.build()
    if isinstance(value, dict):
        return {key: build_recipes(item) for key, item in value.items()}
    if isinstance(value, list):
        return [build_recipes(item) for item in value]
    if isinstance(value, tuple):
        return tuple(build_recipes(item) for item in value)
    return value


class DeferredValue(PickledObject):
    """A value holding loss recipes, built when the estimator attribute is first read.

    A :class:`~skmultinet._persistence.PickledObject` for
    :class:`~skmultinet._persistence.DeferredUnpicklingMixin`, so it stays
    deferred through a later pickle too.
    """

    def __init__(self, value):
        self.value = value

    def load(self):
        return build_recipes(self.value)


def defer_or_build(value, defer=False):
    """``value`` as it should be set: deferred, built, or as is when it holds no recipe."""
    if not holds_recipe(value):
        return value
    return DeferredValue(value) if defer else build_recipes(value)
