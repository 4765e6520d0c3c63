"""skmultinet: multi-label neural network classification for scikit-learn."""

__version__ = "0.1.0"

# Order matters: _auto builds on the classifier and the threshold optimizer.
from ._classifier import MultiLabelNetClassifier  # noqa: E402
from ._thresholds import ThresholdOptimizer  # noqa: E402
from ._auto import AutoMultiLabelNet  # noqa: E402, I001

__all__ = [
    "AutoMultiLabelNet",
    "MultiLabelNetClassifier",
    "ThresholdOptimizer",
    "__version__",
    "losses",
]


def __getattr__(name):
    # ``skmultinet.losses`` imports Keras (hence TensorFlow): load it on first use
    # so that ``import skmultinet`` stays fast.
    if name == "losses":
        import importlib

        return importlib.import_module(".losses", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
