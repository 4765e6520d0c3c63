"""Pickling that keeps Keras objects out of the way of prediction.

Unpickling a Keras object (a loss of the catalogue, a Keras loss or optimizer)
imports Keras and TensorFlow: seconds, and hundreds of megabytes, that
prediction does not need, since it runs in NumPy. Estimators therefore pickle
the attributes that may hold such objects as bytes, and unpickle each one only
when it is first read.
"""

import pickle

import numpy as np

# Objects from these modules need Keras to be unpickled.
_KERAS_MODULES = ("keras.", "skmultinet.losses.")


class PickledObject:
    """An object kept as pickle bytes until it is needed.

    Parameters
    ----------
    data : bytes
        The pickled object.
    """

    def __init__(self, data):
        self.data = data

    @classmethod
    def of(cls, value):
        """Pickle ``value`` (a loss's own ``__reduce__`` keeps what it learned)."""
        return cls(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def load(self):
        """The object itself (imports its modules, Keras among them)."""
        try:
            return pickle.loads(self.data)
        except AttributeError as error:
            # Raised from an attribute lookup, an AttributeError would read as "no such
            # attribute" (hasattr would say False): say what failed instead.
            raise pickle.UnpicklingError(
                f"A pickled attribute cannot be restored: {error}. Load the model with the "
                "skmultinet version that saved it, or refit it."
            ) from error


def holds_keras_object(value):
    """Whether ``value`` is, or contains (dicts, lists, tuples, object arrays), a Keras object."""
    if isinstance(value, dict):
        return any(holds_keras_object(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(holds_keras_object(item) for item in value)
    if isinstance(value, np.ndarray):
        return value.dtype == object and any(holds_keras_object(item) for item in value.flat)
    return type(value).__module__.startswith(_KERAS_MODULES)


class DeferredUnpicklingMixin:
    """Pickle the attributes named in ``_deferred`` as bytes when they hold Keras objects.

    An unpickled estimator keeps them as :class:`PickledObject` under
    ``_pickled`` and turns each back into its value when it is first read
    (``__getattr__``), so that loading and predicting import no Keras. A value
    set since (``set_params``, a new ``fit``) wins over the pickled one.
    """

    _deferred = ()

    def __getstate__(self):
        # BaseEstimator returns the instance's own __dict__ (Python 3.11+): edit a copy,
        # or pickling would change the live estimator.
        state = dict(super().__getstate__())
        pickled = state.pop("_pickled", {})
        for name in self._deferred:
            if name not in state and name in pickled:
                state[name] = pickled[name]  # never read since unpickled: as it came
            elif holds_keras_object(state.get(name)):
                state[name] = PickledObject.of(state[name])
        return state

    def __setstate__(self, state):
        pickled = {name: state.pop(name) for name in self._deferred
                   if isinstance(state.get(name), PickledObject)}
        if pickled:
            state["_pickled"] = pickled
        super().__setstate__(state)

    def __getattr__(self, name):
        # Called only for attributes not found, such as a deferred one not read yet.
        pickled = self.__dict__.get("_pickled", {}).get(name)
        if pickled is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        # Load before dropping the bytes: a thread asking meanwhile loads its own copy
        # rather than finding neither.
        value = pickled.load()
        setattr(self, name, value)
        self.__dict__["_pickled"].pop(name, None)
        return value
