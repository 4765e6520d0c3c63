"""The two errors of the model file format: a file that cannot be read, a model that cannot be written."""


class ModelFileError(ValueError):
    """The file is not a model file that :func:`skmultinet.load` can read.

    Raised for every problem with the file's content (not a ZIP archive,
    missing or extra members, malformed JSON, arrays of the wrong type or
    shape, sizes beyond the documented limits, an unknown class); the message
    says what is wrong and where. Problems with the path itself (no such file,
    no permission) stay ``OSError``.
    """


class UnsupportedModelError(TypeError):
    """The model holds an object that the safe format cannot describe.

    Raised by :func:`skmultinet.save`, naming the object: a loss, network,
    estimator or other object outside the closed set of classes the format
    rebuilds from plain values. Only pickle or joblib can store such a model,
    and loading a pickle or joblib file runs code from it.
    """


def unsupported(where, value, why="is not one of the classes the safe format describes"):
    """An :class:`UnsupportedModelError` for ``value`` found at ``where``."""
    name = type(value).__qualname__
    module = type(value).__module__
    return UnsupportedModelError(
        f"{where} holds {module}.{name} ({_short_repr(value)}), which {why}. Only "
        "pickle or joblib can store this model, and loading such a file runs code from it: "
        "load it only if you trust its source. To save it safely, use a catalogue loss "
        "(by name or instance), the built-in network, string optimizers and supported "
        "estimators and transformers."
    )


def _short_repr(value):
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
