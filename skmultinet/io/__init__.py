"""A safe model file format: JSON and NumPy arrays in a ZIP archive, no pickle.

``save`` writes a fitted model as a description of plain values plus its
arrays; ``load`` rebuilds it from a closed set of classes without executing
anything from the file and without importing Keras. ``_container`` is the
file layout and its limits, ``_values`` the JSON encoding of values,
``_registry`` the closed set of classes and their describers (``_neural``,
``_meta``, ``_sklearn``; losses in ``_losses``), ``_api`` the entry points.
"""

from ._api import FORMAT_VERSION, load, load_with_metadata, save
from ._container import LIMITS
from ._errors import ModelFileError, UnsupportedModelError
from ._registry import SUPPORTED_CLASSES

__all__ = [
    "FORMAT_VERSION",
    "LIMITS",
    "SUPPORTED_CLASSES",
    "ModelFileError",
    "UnsupportedModelError",
    "load",
    "load_with_metadata",
    "save",
]
