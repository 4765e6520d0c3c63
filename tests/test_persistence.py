"""Pickling that defers Keras objects until they are read (skmultinet._persistence)."""

import pickle

import numpy as np
import pytest
from sklearn.base import BaseEstimator

from skmultinet._persistence import DeferredUnpicklingMixin, PickledObject, holds_keras_object
from skmultinet.losses import BinaryCrossentropy, FocalLoss


class _Holder(DeferredUnpicklingMixin, BaseEstimator):
    """A minimal estimator with one deferred parameter and one deferred learned attribute."""

    _deferred = ("item", "learned_")

    def __init__(self, item=None):
        self.item = item


def test_module_imports_no_keras(fresh_python):
    """The mixin loads without Keras or TensorFlow."""
    code = ("import sys, skmultinet._persistence; "
            "print(any(m in sys.modules for m in ('keras', 'tensorflow')))")
    out = fresh_python(["-c", code])
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_holds_keras_object_looks_inside_containers():
    """Losses are found at any depth of dicts, lists, tuples and object arrays; nothing else is."""
    loss = FocalLoss(gamma=3.0)
    assert holds_keras_object(loss)
    assert holds_keras_object({"params": [{"loss": loss}]})
    assert holds_keras_object((1, [loss]))
    assert holds_keras_object(np.array([None, loss], dtype=object))
    assert not holds_keras_object({"loss": "bce", "sizes": (256,), "x": np.zeros(3)})
    assert not holds_keras_object(None) and not holds_keras_object(len)


def test_pickled_object_keeps_what_a_loss_learned():
    """PickledObject round-trips a loss with its adapted state, through pickle too."""
    loss = BinaryCrossentropy(pos_weight="balanced").adapt(np.array([[1, 0], [0, 0], [1, 1]]))
    stored = pickle.loads(pickle.dumps(PickledObject.of(loss)))
    assert isinstance(stored.data, bytes)
    restored = stored.load()
    np.testing.assert_array_equal(restored._balanced_pos_weight, loss._balanced_pos_weight)
    assert repr(restored) == repr(loss)


def test_deferred_attributes_load_on_first_read():
    """Deferred attributes come back when read; plain ones are never deferred."""
    holder = _Holder(item=[FocalLoss(gamma=2.5)])
    holder.learned_ = {"loss": BinaryCrossentropy(label_smoothing=0.1)}
    holder.other_ = FocalLoss()  # not named in _deferred: pickled as usual
    restored = pickle.loads(pickle.dumps(holder))
    assert set(vars(restored)["_pickled"]) == {"item", "learned_"}
    assert "other_" in vars(restored)
    assert repr(restored.get_params()["item"]) == "[FocalLoss(gamma=2.5)]"
    assert repr(restored.learned_["loss"]) == "BinaryCrossentropy(label_smoothing=0.1)"
    assert vars(restored)["_pickled"] == {}


def test_plain_values_are_pickled_as_they_are():
    """A deferred attribute without Keras objects is pickled directly."""
    restored = pickle.loads(pickle.dumps(_Holder(item="bce")))
    assert "_pickled" not in vars(restored) and restored.item == "bce"


def test_a_new_value_wins_over_the_pickled_one():
    """set_params after unpickling replaces the pickled value, in later pickles too."""
    restored = pickle.loads(pickle.dumps(_Holder(item=FocalLoss())))
    restored.set_params(item="zlpr")
    assert pickle.loads(pickle.dumps(restored)).item == "zlpr"
    untouched = pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(_Holder(item=FocalLoss())))))
    assert type(untouched.item) is FocalLoss  # never read: carried on as it came


def test_pickling_leaves_the_estimator_unchanged():
    """Pickling works on a copy of the state: the live estimator keeps the same objects."""
    holder = _Holder(item=FocalLoss())
    before = dict(vars(holder))
    pickle.dumps(holder)
    assert vars(holder) == before and vars(holder)["item"] is before["item"]


def test_missing_attributes_still_raise_attribute_error():
    """Attributes that are neither set nor deferred raise the usual AttributeError."""
    with pytest.raises(AttributeError, match="'_Holder' object has no attribute 'learned_'"):
        _Holder().learned_
    assert not hasattr(pickle.loads(pickle.dumps(_Holder())), "learned_")


def test_unrestorable_value_raises_unpickling_error():
    """An object whose class is gone raises UnpicklingError, which hasattr does not hide."""
    broken = PickledObject(pickle.dumps(FocalLoss()).replace(b"FocalLoss", b"GoneLoss_"))
    with pytest.raises(pickle.UnpicklingError, match="cannot be restored.*refit"):
        broken.load()
