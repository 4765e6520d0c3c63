"""Checks of decoded values: each returns the value or raises ModelFileError saying where.

Loading rebuilds objects from what a file says; nothing it says is trusted
before one of these checks has looked at it.
"""

from numbers import Integral, Real

import numpy as np

from ._errors import ModelFileError


def fail(where, message):
    """A :class:`ModelFileError` about the value at ``where``."""
    return ModelFileError(f"{where}: {message}")


def check_integer(value, where, minimum=None):
    """``value`` as an int (bools refused), at least ``minimum``."""
    if not isinstance(value, Integral) or isinstance(value, (bool, np.bool_)):
        raise fail(where, f"expected an integer, found {type(value).__name__}")
    if minimum is not None and value < minimum:
        raise fail(where, f"expected an integer >= {minimum}, found {value}")
    return int(value)


def check_real(value, where):
    """``value`` as a real number (bools refused)."""
    if not isinstance(value, Real) or isinstance(value, (bool, np.bool_)):
        raise fail(where, f"expected a number, found {type(value).__name__}")
    return value


def check_boolean(value, where):
    if not isinstance(value, (bool, np.bool_)):
        raise fail(where, f"expected true or false, found {type(value).__name__}")
    return bool(value)


def check_text(value, where, options=None):
    """``value`` as a str, one of ``options`` when given."""
    if not isinstance(value, str):
        raise fail(where, f"expected a string, found {type(value).__name__}")
    if options is not None and value not in options:
        raise fail(where, f"expected one of {sorted(options)}, found {value!r}")
    return value


def check_mapping(value, where, required=(), optional=()):
    """``value`` as a dict whose keys are ``required`` plus some of ``optional``."""
    if not isinstance(value, dict):
        raise fail(where, f"expected an object, found {type(value).__name__}")
    missing = [key for key in required if key not in value]
    extra = [key for key in value if key not in required and key not in optional]
    if missing:
        raise fail(where, f"missing {', '.join(map(repr, missing))}")
    if extra:
        raise fail(where, f"unexpected {', '.join(map(repr, map(str, extra)))}")
    return value


def check_sequence(value, where, length=None):
    """``value`` as a list or tuple, of ``length`` items when given."""
    if not isinstance(value, (list, tuple)):
        raise fail(where, f"expected a list, found {type(value).__name__}")
    if length is not None and len(value) != length:
        raise fail(where, f"expected {length} items, found {len(value)}")
    return value


def check_array(value, where, kinds="f", ndim=None, shape=None):
    """``value`` as an ndarray of a dtype kind in ``kinds``, ``ndim`` and ``shape``.

    ``shape`` may hold ``None`` for a free axis.
    """
    if not isinstance(value, np.ndarray):
        raise fail(where, f"expected an array, found {type(value).__name__}")
    if value.dtype.kind not in kinds:
        raise fail(where, f"expected an array of kind {kinds!r}, found dtype {value.dtype}")
    if ndim is not None and value.ndim != ndim:
        raise fail(where, f"expected a {ndim}-D array, found shape {value.shape}")
    if shape is not None and (
        len(shape) != value.ndim
        or any(want is not None and want != got for want, got in zip(shape, value.shape))
    ):
        wanted = tuple("any" if want is None else want for want in shape)
        raise fail(where, f"expected shape {wanted}, found {value.shape}")
    return value


def check_optional_array(value, where, **kwargs):
    return None if value is None else check_array(value, where, **kwargs)
