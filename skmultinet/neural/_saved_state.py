"""Pickling of :class:`~skmultinet.MultiLabelNetClassifier`: what is saved, and old states.

Models pickled by older versions (before the network interface) are
migrated on load; a pickle must hold the whole fitted state or none of it.
"""

import warnings

from .._version import __version__
from ._user_model import custom_model_state, restore_custom_model_state
from .networks import MLPNetwork, PredictionWeights


class SavedStateMixin:
    """``__getstate__`` / ``__setstate__``; left of ``DeferredUnpicklingMixin`` in the bases."""

    # Everything learned is in NumPy arrays (weights, optimizer slots) except
    # ``loss_``, a Keras loss object, as ``loss`` and ``optimizer`` may be. A
    # catalogue loss predicts through its NumPy rule, so these stay pickled
    # until read: a saved model loads and predicts without importing Keras.
    _deferred = ("loss", "optimizer", "loss_", "callbacks")

    def __getstate__(self):
        state = super().__getstate__()  # a copy (DeferredUnpicklingMixin)
        # Caches rebuilt on demand; the decoder may hold the loss object,
        # which must stay deferred.
        state.pop("_export_model", None)
        state.pop("_decoder", None)
        custom_model_state(state)
        state["_skmultinet_version"] = __version__
        if self.distribute is not None and not isinstance(self.distribute, str):
            warnings.warn(
                f"A tf.distribute.Strategy cannot be pickled: this {type(self).__name__} "
                "is saved with distribute=None. Pass the strategy's name (e.g. "
                "distribute='mirrored') to keep it.",
                UserWarning,
            )
            state["distribute"] = None
        return state

    def __setstate__(self, state):
        saved_version = state.pop("_skmultinet_version", None)
        if saved_version is not None and saved_version != __version__:
            warnings.warn(
                f"This {type(self).__name__} was pickled with skmultinet {saved_version} and "
                f"is loaded with {__version__}; predictions may differ or fail. Refit it "
                "with this version.",
                UserWarning,
            )
        learned = [name for name in _FITTED_STATE if name in state]
        if learned and len(learned) < len(_FITTED_STATE):
            missing = [name for name in _FITTED_STATE if name not in state]
            raise ValueError(
                f"This pickled {type(self).__name__} is incomplete (no {', '.join(missing)}): "
                "the file is corrupted or was not written by skmultinet. Save the model "
                "again, or refit it."
            )
        if learned and "_network" not in state:
            _migrate_unseamed_state(state)
        # Pickles older than the model parameter lack it.
        state.setdefault("model", None)
        state.setdefault("model_params", None)
        # Pickles older than per-label calibration lack the parameter; their
        # ``calibration_`` (a global pair, or None) predicts as it did.
        state.setdefault("calibration", "auto")
        restore_custom_model_state(state)
        super().__setstate__(state)
        self._export_model = None
        self._decoder = self._build_decoder() if learned else None


# What a fitted estimator holds; a pickle has all of it or none of it (``_network``
# aside: pickles older than the network interface lack it, see below).
_FITTED_STATE = (
    "classes_", "n_features_in_", "loss_", "coefs_", "intercepts_", "input_mean_",
    "input_scale_", "calibration_", "history_", "n_iter_", "best_epoch_", "_target_encoder",
    "_thresholds", "_optimizer_state", "_forward_weights",
)


def _migrate_unseamed_state(state):
    """Give a pickle saved before the network interface its ``_network``.

    Such a pickle holds the weights as ``coefs_`` and ``intercepts_`` and a
    ``_forward_weights`` made of them (the old ``_ForwardWeights``, whose
    folded copies were never pickled): both are rebuilt from the weights.
    """
    coefs, intercepts = state["coefs_"], state["intercepts_"]
    layer_sizes = (coefs[0].shape[0], *(c.shape[1] for c in coefs))
    network = MLPNetwork(layer_sizes[0], layer_sizes[-1], hidden_layer_sizes=layer_sizes[1:-1],
                         activation=state["activation"], dropout=state["dropout"])
    state["_network"] = network
    state["_forward_weights"] = PredictionWeights(
        network, (coefs, intercepts), state["input_mean_"], state["input_scale_"]
    )
