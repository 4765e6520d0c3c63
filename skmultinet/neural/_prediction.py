"""Prediction of :class:`~skmultinet.MultiLabelNetClassifier`: validated rows, in chunks, decoded.

The network's logits of each chunk of rows (:mod:`._chunks`) go through the
fitted :class:`~skmultinet.decision.LabelDecoder` before the next chunk runs.
"""

from itertools import pairwise

import numpy as np
import scipy.sparse as sp
from sklearn.utils.validation import check_is_fitted, validate_data

from ..decision import LabelDecoder
from ._chunks import chunk_bounds, is_plain_float_matrix
from ._user_model import check_feature_dtype, validate_features
from .networks import KerasModelNetwork


class NetPredictionMixin:
    """``predict``, ``predict_proba``, ``predict_log_proba``, ``decision_function``, ``model_``."""

    def _prediction_input(self, X):
        """``X`` validated against the fit (see :func:`._chunks.is_plain_float_matrix`)."""
        check_is_fitted(self)
        if isinstance(self._network, KerasModelNetwork):
            X = validate_features(self, X, reset=False)
            self._check_row_shape(X)
            return X
        if not is_plain_float_matrix(X, self.n_features_in_) or hasattr(self, "feature_names_in_"):
            X = validate_data(
                self, X, accept_sparse=("csr", "csc"), dtype=(np.float64, np.float32), reset=False
            )
        return X

    def _decode_in_chunks(self, X, decode):
        """Validate ``X``, then ``decode`` its logits, one chunk of rows at a time.

        Each chunk's logits go through ``decode`` before the next chunk's
        forward pass, and the result is allocated once, so a prediction's
        memory is its result plus one chunk's activations, whatever the
        number of rows (see :func:`._chunks.chunk_bounds`). A single chunk is decoded
        as one block, with no copy: one-row predictions pay nothing for it.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        decode : callable
            ``decode(decoder, logits)`` maps the logits of a chunk to an array
            with one row per row of the chunk (e.g. an unbound method of
            :class:`~skmultinet.decision.LabelDecoder`).

        Returns
        -------
        decoded : ndarray of shape (n_samples, ...)
        """
        X = self._prediction_input(X)
        weights = self._forward_weights[X.dtype == np.float32]
        n_samples = X.shape[0]
        bounds = chunk_bounds(n_samples, self._network)
        if len(bounds) == 2:
            return decode(self._decoder, self._network.forward(X, weights))
        if sp.issparse(X):
            # Each row slice of a CSC matrix reads all of it; CSR slices read
            # only their rows (and give the same products, summed in the same order).
            X = X.tocsr()
        decoded = None
        for start, stop in pairwise(bounds):
            part = decode(self._decoder, self._network.forward(X[start:stop], weights))
            if decoded is None:
                decoded = np.empty((n_samples, *part.shape[1:]), dtype=part.dtype)
            decoded[start:stop] = part
        return decoded

    def _build_decoder(self):
        """The :class:`~skmultinet.decision.LabelDecoder` of the fitted state.

        Built when the state is set (fit, unpickling), never during a
        prediction, so that predicting leaves ``__dict__`` unchanged.
        """
        rule = getattr(self, "_prediction_rule", None)  # absent from older pickles
        return LabelDecoder(
            self._target_encoder.target_type,
            self._target_encoder.n_outputs,
            # Without a NumPy rule only the loss object knows how to decide.
            _LossDecision(self) if rule is None else rule,
            self._thresholds,
            self.calibration_,
        )

    def decision_function(self, X):
        """Logits: per label (multi-label), per class (multiclass) or one (binary).

        With a calibration (``calibration_``), the calibrated logits, so
        that ``expit(decision_function)`` is ``predict_proba``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples, n_labels), (n_samples, n_classes) \
or (n_samples,)
        """
        return self._decode_in_chunks(X, LabelDecoder.decision_function)

    def predict_proba(self, X):
        """Probability of each label (multi-label) or class (binary, multiclass).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_labels) or (n_samples, n_classes)
            For multi-label targets, independent per-label probabilities
            (rows need not sum to 1), always a 2-D array, even for one row.
        """
        return self._decode_in_chunks(X, LabelDecoder.predict_proba)

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        log_proba : ndarray, shaped as :meth:`predict_proba`
        """
        return self._decode_in_chunks(X, _log_proba)

    def predict(self, X):
        """Predict label sets (or classes) in the representation ``fit`` received.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray, sparse matrix or list of tuples
            Indicator matrix (same dtype, sparse if ``y`` was sparse), list of
            label tuples (label sets), or class labels (binary, multiclass).
        """
        decisions = self._decode_in_chunks(X, LabelDecoder.predict_encoded)
        return self._target_encoder.inverse_transform(decisions)

    @property
    def model_(self):
        check_is_fitted(self)
        if getattr(self, "_export_model", None) is None:
            model = self._network.build()
            if isinstance(self._network, KerasModelNetwork):
                self._network.set_weights(model, self.coefs_)
            else:
                self._network.set_weights(model, self._forward_weights[True])
            self._export_model = model
        return self._export_model

    def _check_row_shape(self, X):
        """Refuse ``X`` whose rows are not shaped as those the model was fitted on."""
        expected = self._network.input_shape
        if tuple(X.shape[1:]) != expected:
            raise ValueError(
                f"X has rows of shape {tuple(X.shape[1:])}, but {type(self).__name__} was "
                f"fitted on rows of shape {expected}."
            )
        check_feature_dtype(self._network, X)


class _LossDecision:
    """The fitted loss object's own decision methods, read when a prediction asks.

    For a loss whose decision only the object knows (a subclass with its own
    ``decision_scores``): reading ``loss_`` restores it from its pickled
    bytes (importing Keras), so that happens at the first prediction, not at
    loading.
    """

    def __init__(self, estimator):
        self._estimator = estimator

    def __getattr__(self, name):
        if name.startswith("_"):  # copy/pickle protocol, or before __init__
            raise AttributeError(name)
        return getattr(self._estimator.loss_, name)


def _log_proba(decoder, logits):
    with np.errstate(divide="ignore"):
        return np.log(decoder.predict_proba(logits))
