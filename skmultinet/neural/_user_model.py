"""The estimator's side of ``model=``: the features a user's model takes, its network, its pickling.

``MultiLabelNetClassifier(model=...)`` trains a Keras model of the user's
instead of the multi-layer perceptron. This module validates ``X`` of any
rank for it (:func:`validate_features`), calls the build function (or copies
the model instance) with what the data decide and wraps the result in a
:class:`~.networks.KerasModelNetwork` (:func:`user_network`), and keeps a
``keras.Model`` parameter out of pickles as its architecture and weights
(:func:`custom_model_state`).
"""

import sys

import numpy as np
import scipy.sparse as sp
from sklearn.utils.validation import validate_data

from .._backend import import_keras
from .networks import KerasModelNetwork, SerializedModel
from .networks._keras_model import keep_python_random


def _is_integer(X):
    dtype = getattr(X, "dtype", None)
    return not sp.issparse(X) and isinstance(dtype, np.dtype) and dtype.kind in "iu"


def validate_features(estimator, X, *, reset):
    """``X`` of any rank, checked; integer arrays (token ids) keep their dtype, others are float.

    Parameters
    ----------
    estimator : MultiLabelNetClassifier
    X : {array-like, sparse matrix} of shape (n_samples, ...)
    reset : bool
        Whether to record ``n_features_in_`` (fit) or check it (predict).
    """
    return validate_data(
        estimator, X, accept_sparse=("csr", "csc"), allow_nd=True,
        dtype=None if _is_integer(X) else (np.float64, np.float32), reset=reset,
    )


def model_meta(X, n_labels, n_outputs):
    """What the data decide about a user's model: the ``meta`` of the build function."""
    return {
        "input_shape": tuple(int(size) for size in X.shape[1:]),
        "input_dtype": str(X.dtype) if _is_integer(X) else "float32",
        "n_outputs": int(n_outputs),
        "n_labels": int(n_labels),
        "sparse": bool(sp.issparse(X)),
    }


def user_network(model, model_params, X, encoder, n_outputs):
    """The :class:`~.networks.KerasModelNetwork` of the ``model`` parameter for ``X``.

    Parameters
    ----------
    model : callable or keras.Model
        A build function ``model(meta, **model_params)`` or a model instance
        (used as the template of fresh copies, never modified).
    model_params : dict or None
    X : validated features
    encoder : TargetEncoder
    n_outputs : int
        Number of logits the loss needs.

    Returns
    -------
    network : KerasModelNetwork
    """
    _, keras = import_keras()
    meta = model_meta(X, encoder.n_outputs, n_outputs)
    if isinstance(model, keras.Model):
        if model_params:
            raise ValueError(
                "model_params are the arguments of a build function, but model is a "
                "keras.Model instance: pass model_params=None, or pass a build function."
            )
        built = model
    else:
        name = getattr(model, "__qualname__", type(model).__name__)
        try:
            with keep_python_random():
                built = model(dict(meta), **(model_params or {}))
        except Exception as error:
            raise ValueError(
                f"The model build function {name} raised {type(error).__name__}: {error} "
                f"(called as model(meta, **model_params) with meta={meta} and "
                f"model_params={model_params})."
            ) from error
    return KerasModelNetwork.from_model(built, meta)


def check_feature_dtype(network, X):
    """Refuse float ``X`` for a model fitted on integer token ids (casting would truncate)."""
    if np.dtype(network.input_dtype).kind in "iu" and not _is_integer(X):
        raise ValueError(
            f"The model was fitted on integer X ({network.input_dtype} token ids) but X is "
            f"{getattr(X, 'dtype', type(X).__name__)}: pass integer X."
        )


def custom_model_state(state):
    """Replace a ``keras.Model`` parameter in a pickled state by its architecture and weights."""
    keras = sys.modules.get("keras")
    model = state.get("model")
    if keras is not None and isinstance(model, keras.Model):
        state["model"] = SerializedModel(model)


def restore_custom_model_state(state):
    """Rebuild a ``keras.Model`` parameter saved by :func:`custom_model_state`."""
    if isinstance(state.get("model"), SerializedModel):
        state["model"] = state["model"].load()
