"""Plain values <-> JSON: the tagged encoding every describer writes in.

JSON carries ``None``, booleans, numbers, strings and lists as themselves.
Everything else is an object with a ``"type"`` key:

``{"type": "tuple", "items": [...]}``
``{"type": "dict", "items": [[key, value], ...]}``
``{"type": "array", "ref": i}``  the array in member ``arrays/{i}.npy``
``{"type": "object_array", "items": [...]}``  a 1-D object array of plain items
    (label or feature names from a DataFrame)
``{"type": "scalar", "dtype": "float64", "value": 0.5}``  a NumPy scalar
``{"type": "dtype", "name": "int64"}``
``{"type": "object", "class": "StandardScaler", ...}``  an object of the closed
    set of classes, written and rebuilt by its describer (:mod:`._registry`)

Decoding rebuilds only these; anything else in a file is an error.
"""

from numbers import Integral

import numpy as np

from ._checks import fail
from ._errors import unsupported

#: Deepest nesting of encoded values accepted when loading.
MAX_DEPTH = 64

_SCALAR_KINDS = "biuf"


class Encoder:
    """Encodes values as JSON-ready structures, collecting their arrays.

    Parameters
    ----------
    describers : callable
        ``describers(value)`` gives the describer of a value, or None.
    """

    def __init__(self, describers):
        self.arrays = []
        self._describers = describers

    def encode(self, value, where):
        """The JSON-ready form of ``value``; ``where`` names it in errors."""
        if value is None or isinstance(value, (bool, str)):
            return value
        if isinstance(value, (int, float)) and type(value) in (int, float):
            return value
        if isinstance(value, list):
            return [self.encode(item, f"{where}[{i}]") for i, item in enumerate(value)]
        if isinstance(value, tuple) and type(value) is tuple:
            return {"type": "tuple",
                    "items": [self.encode(item, f"{where}[{i}]") for i, item in enumerate(value)]}
        if type(value) is dict:
            return {"type": "dict", "items": [
                [self.encode(key, f"{where} key"), self.encode(item, f"{where}[{key!r}]")]
                for key, item in value.items()]}
        if isinstance(value, np.ndarray):
            return self._encode_array(value, where)
        if isinstance(value, np.generic) and value.dtype.kind in _SCALAR_KINDS:
            return {"type": "scalar", "dtype": value.dtype.str, "value": value.item()}
        if isinstance(value, np.str_):
            return str(value)
        if isinstance(value, np.dtype) and value.kind in _SCALAR_KINDS + "U":
            return {"type": "dtype", "name": value.str}
        describer = self._describers(value)
        if describer is None:
            raise unsupported(where, value)
        return {"type": "object", "class": describer.name, **describer.describe(value, self, where)}

    def _encode_array(self, values, where):
        if values.dtype == object:
            if values.ndim != 1 or not all(_is_plain_item(item) for item in values):
                raise unsupported(where, values, "is an object array of other than plain "
                                                 "strings and numbers")
            return {"type": "object_array", "items": [self.encode(item, where) for item in values]}
        if values.dtype.kind not in _SCALAR_KINDS + "U" or values.dtype.fields is not None:
            raise unsupported(where, values, f"has dtype {values.dtype}")
        self.arrays.append(values)
        return {"type": "array", "ref": len(self.arrays) - 1}


def _is_plain_item(item):
    return item is None or type(item) in (str, int, float, bool) or (
        isinstance(item, (np.generic,)) and item.dtype.kind in _SCALAR_KINDS + "U")


class Decoder:
    """Rebuilds values from their JSON form, reading arrays from the container.

    Parameters
    ----------
    arrays : callable
        ``arrays(index)`` gives array number ``index``.
    n_arrays : int
    describers : callable
        ``describers(name)`` gives the describer of a class name, or None.
    """

    def __init__(self, arrays, n_arrays, describers):
        self._arrays = arrays
        self._n_arrays = n_arrays
        self._describers = describers

    def decode(self, node, where, depth=0):
        """The value that ``node`` encodes."""
        if depth > MAX_DEPTH:
            raise fail(where, f"values are nested deeper than {MAX_DEPTH} levels")
        if node is None or isinstance(node, (bool, str, int, float)):
            return node
        if isinstance(node, list):
            return [self.decode(item, f"{where}[{i}]", depth + 1) for i, item in enumerate(node)]
        if not isinstance(node, dict):
            raise fail(where, f"unexpected JSON value of type {type(node).__name__}")
        kind = node.get("type")
        method = _DECODERS.get(kind) if isinstance(kind, str) else None
        if method is None:
            raise fail(where, f"unknown value type {kind!r}")
        return method(self, node, where, depth)

    def _items(self, node, where):
        items = node.get("items")
        if set(node) != {"type", "items"} or not isinstance(items, list):
            raise fail(where, f"a {node['type']} needs exactly 'type' and a list 'items'")
        return items

    def _tuple(self, node, where, depth):
        return tuple(self.decode(item, f"{where}[{i}]", depth + 1)
                     for i, item in enumerate(self._items(node, where)))

    def _dict(self, node, where, depth):
        result = {}
        for pair in self._items(node, where):
            if not isinstance(pair, list) or len(pair) != 2:
                raise fail(where, "dict items must be [key, value] pairs")
            key = self.decode(pair[0], f"{where} key", depth + 1)
            try:
                hash(key)
            except TypeError:
                raise fail(where, f"a dict key of type {type(key).__name__} is not hashable") \
                    from None
            result[key] = self.decode(pair[1], f"{where}[{key!r}]", depth + 1)
        return result

    def _array(self, node, where, depth):
        ref = node.get("ref")
        if set(node) != {"type", "ref"} or not isinstance(ref, int) or isinstance(ref, bool) \
                or not 0 <= ref < self._n_arrays:
            raise fail(where, f"an array reference must be an index below {self._n_arrays}")
        return self._arrays(ref)

    def _object_array(self, node, where, depth):
        items = self._items(node, where)
        if not all(item is None or isinstance(item, (str, int, float, bool)) for item in items):
            raise fail(where, "an object array holds only strings, numbers and null")
        values = np.empty(len(items), dtype=object)
        values[:] = items
        return values

    def _scalar(self, node, where, depth):
        dtype = _dtype(node.get("dtype"), where, _SCALAR_KINDS)
        value = node.get("value")
        if set(node) != {"type", "dtype", "value"} or isinstance(value, (str, list, dict)) \
                or value is None:
            raise fail(where, "a scalar needs 'dtype' and a number 'value'")
        if dtype.kind in "iu" and not isinstance(value, Integral):
            raise fail(where, f"a {dtype} scalar needs an integer value")
        try:
            return dtype.type(value)
        except (OverflowError, ValueError) as error:
            raise fail(where, f"{value!r} is not a {dtype}: {error}") from None

    def _dtype_node(self, node, where, depth):
        if set(node) != {"type", "name"}:
            raise fail(where, "a dtype needs exactly 'type' and 'name'")
        return _dtype(node.get("name"), where, _SCALAR_KINDS + "U")

    def _object(self, node, where, depth):
        name = node.get("class")
        describer = self._describers(name) if isinstance(name, str) else None
        if describer is None:
            raise fail(where, f"unknown class {name!r}: the format rebuilds only its own "
                              "closed set of classes")
        body = {key: value for key, value in node.items() if key not in ("type", "class")}
        return describer.restore(body, _Scoped(self, depth), f"{where}<{name}>")


def _dtype(name, where, kinds):
    if not isinstance(name, str) or len(name) > 16:
        raise fail(where, f"invalid dtype {name!r}")
    try:
        dtype = np.dtype(name)
    except (TypeError, ValueError):
        raise fail(where, f"invalid dtype {name!r}") from None
    if dtype.kind not in kinds or dtype.fields is not None or dtype.hasobject:
        raise fail(where, f"dtype {dtype} is not allowed here")
    return dtype


_DECODERS = {
    "tuple": Decoder._tuple,
    "dict": Decoder._dict,
    "array": Decoder._array,
    "object_array": Decoder._object_array,
    "scalar": Decoder._scalar,
    "dtype": Decoder._dtype_node,
    "object": Decoder._object,
}


class _Scoped:
    """The decoder seen from inside an object: nesting depth carries on."""

    def __init__(self, decoder, depth):
        self._decoder = decoder
        self._depth = depth

    def decode(self, node, where):
        return self._decoder.decode(node, where, self._depth + 1)
