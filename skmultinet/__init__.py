"""skmultinet: multi-label neural network classification for scikit-learn.

The package is built in wings, one subpackage per part of the architecture:
``neural`` (the network estimator and its training engine), ``decision``
(logits to labels), ``thresholds`` (tuning the decision rule), ``auto``
(cross-validated selection), ``losses``, ``model_selection``, ``datasets``
and ``cli``. This module only re-exports the public names; nothing inside
the package imports it.
"""

from ._legacy import install_legacy_module_finder
from ._version import __version__
from .auto import AutoMultiLabelNet
from .io import load, save
from .neural import MultiLabelNetClassifier
from .thresholds import ThresholdOptimizer

__all__ = [
    "AutoMultiLabelNet",
    "MultiLabelNetClassifier",
    "ThresholdOptimizer",
    "__version__",
    "load",
    "losses",
    "save",
]

# Models pickled before the package was arranged in wings name modules that
# moved (``skmultinet._classifier`` and the like): resolve those names.
install_legacy_module_finder()


def __getattr__(name):
    # ``skmultinet.losses`` imports Keras (hence TensorFlow): load it on first use
    # so that ``import skmultinet`` stays fast.
    if name == "losses":
        import importlib

        return importlib.import_module(".losses", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
