"""Which loss a fit trains with, and which NumPy rule predicts with it.

The ``loss`` parameter is a name, a loss object or a function. A fit resolves
it to a private copy (the user's object is never adapted to the data), and
picks the NumPy decision rule that lets a saved model predict without Keras.
"""

import copy

from sklearn.utils._param_validation import InvalidParameterError

from ..decision import ThresholdRule, fit_platt_scaling

# Names that mean "the default loss": softmax cross-entropy for multiclass targets.
_DEFAULT_LOSS_NAMES = ("binary_crossentropy", "bce")


def resolve_loss(loss, encoder, Y, sample_weight, estimator_name):
    """A private, data-adapted copy of the loss for this fit.

    Parameters
    ----------
    loss : str, keras.losses.Loss or callable
        The ``loss`` parameter.
    encoder : TargetEncoder
        The fitted target encoder (kind of target, number of labels).
    Y : ndarray of shape (n_samples, n_outputs)
    sample_weight : ndarray of shape (n_samples,)
    estimator_name : str
        Named in errors.

    Returns
    -------
    loss : keras.losses.Loss or callable
    """
    from ..losses import MultiLabelLoss, get_loss

    if encoder.target_type == "multiclass" and (
        isinstance(loss, str) and loss in _DEFAULT_LOSS_NAMES
    ):
        resolved = get_loss("softmax_crossentropy")
    else:
        try:
            resolved = get_loss(loss)
        except ValueError as error:
            raise InvalidParameterError(
                f"The 'loss' parameter of {estimator_name} is invalid. {error}"
            ) from None
        if resolved is loss:
            resolved = copy_loss(resolved)
    if isinstance(resolved, MultiLabelLoss):
        n_labels = encoder.n_outputs
        if n_labels < resolved.min_labels:
            raise ValueError(
                f"The loss {type(resolved).__name__} needs at least {resolved.min_labels} "
                f"labels but y has {n_labels}; use loss='binary_crossentropy' for binary "
                "targets."
            )
        resolved.adapt(Y, sample_weight)
    return resolved


def copy_loss(loss):
    """A private copy of a user's loss object, so that ``adapt`` never touches theirs."""
    if hasattr(loss, "get_config") and hasattr(type(loss), "from_config"):
        try:
            return type(loss).from_config(loss.get_config())
        except (TypeError, ValueError):
            pass
    try:
        return copy.deepcopy(loss)
    except (TypeError, copy.Error):
        return loss


def prediction_rule(loss):
    """The loss's decision rule in NumPy, or None when only the loss object knows it.

    A catalogue loss gives its own. A loss with no decision methods (a Keras
    loss, a function) gets what the estimator would do with it anyway: its
    logits through a sigmoid. A subclass may predict unlike its parent's
    rule, so it is asked itself.
    """
    from ..losses import LOSSES

    if type(loss) in LOSSES.values():
        return loss.prediction_rule()
    if not any(hasattr(loss, method)
               for method in ("decision_scores", "predict_proba", "predict_count")):
        return ThresholdRule(getattr(loss, "n_extra_outputs", 0))
    return None


def fit_loss_calibration(network, weights, loss, X, Y, sample_weight):
    """Platt scaling ``(slope, intercept)`` of the loss's scores on held-out rows."""
    logits = network.forward(X, weights)
    return fit_platt_scaling(loss.decision_scores(logits), Y, sample_weight)
