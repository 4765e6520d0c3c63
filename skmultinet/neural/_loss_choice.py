"""Which loss a fit trains with, which NumPy rule predicts with it, and its calibration.

The ``loss`` parameter is a name, a loss object or a function. A fit resolves
it to a private copy (the user's object is never adapted to the data), picks
the NumPy decision rule that lets a saved model predict without Keras, and
fits the calibration (``calibration`` parameter) that turns the rule's scores
into probabilities.
"""

import copy
import warnings

from sklearn.utils._param_validation import InvalidParameterError

from ..decision import ThresholdRule, fit_label_isotonic, fit_label_platt

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


def calibration_method(calibration, loss, target_type):
    """``"platt"``, ``"isotonic"`` or None: what the ``calibration`` parameter asks of this fit.

    ``"auto"`` calibrates (per-label Platt) the losses whose scores are not
    probabilities (``needs_calibration``). Multiclass targets are never
    calibrated: their softmax is the probability.
    """
    if target_type == "multiclass" or calibration is None:
        return None
    if calibration == "auto":
        return "platt" if getattr(loss, "needs_calibration", False) else None
    return calibration


def fit_loss_calibration(method, network, weights, loss, X, Y, sample_weight, *,
                         warn_training_rows, label_names, estimator_name):
    """The calibration of the loss's scores on the rows ``X``, ``Y`` (see ``calibration_``).

    Parameters
    ----------
    method : {"platt", "isotonic"}
    network, weights
        The trained network and its weights.
    loss : keras.losses.Loss or callable
        Gives the scores (``decision_scores``).
    X : {ndarray, sparse matrix}
        Scaled inputs of the calibration rows.
    Y : ndarray of shape (n_rows, n_labels)
    sample_weight : ndarray of shape (n_rows,)
    warn_training_rows : bool
        Warn that the rows are training rows, on which the network's scores
        look better than on new data (``fit`` without a held-out split).
    label_names : array-like of shape (n_labels,)
        Named in the warning about labels whose fit fell back.
    estimator_name : str

    Returns
    -------
    calibration : dict
    """
    scores = loss.decision_scores(network.forward(X, weights))
    if method == "isotonic":
        calibration, degenerate = fit_label_isotonic(scores, Y, sample_weight)
    else:
        slopes, intercepts, degenerate = fit_label_platt(scores, Y, sample_weight)
        calibration = {"method": "platt", "slope": slopes, "intercept": intercepts}
    if warn_training_rows:
        warnings.warn(
            f"{estimator_name} fitted its calibration on the training rows (early_stopping="
            "False, or too few rows to hold some out), where the network's scores look "
            "better than on new data: probabilities may be overconfident. Keep "
            "early_stopping=True with enough rows, or pass calibration=None.",
            UserWarning,
        )
    _warn_degenerate(degenerate, label_names, len(Y), estimator_name)
    return calibration


def calibrate_fit(calibration, network, weights, loss, X, Y, sample_weight, encoder, *,
                  train_rows, validation_rows, incremental, estimator_name):
    """The fit's ``calibration_``: the map asked by ``calibration``, on the right rows.

    The map is fitted on the early-stopping rows, which training never saw,
    or else on the training rows (with a warning from ``fit``, none from
    ``partial_fit``, which refits it on each batch).

    Parameters
    ----------
    calibration : {"auto", "platt", "isotonic"} or None
        The ``calibration`` parameter.
    network, weights
        The trained network and its weights.
    loss : keras.losses.Loss or callable
    X : {ndarray, sparse matrix}
        Scaled inputs of every row of the fit.
    Y : ndarray of shape (n_samples, n_labels)
    sample_weight : ndarray of shape (n_samples,)
    encoder : TargetEncoder
        The fit's target encoder (kind of target, label names).
    train_rows : ndarray of int
    validation_rows : ndarray of int or None
        The early-stopping rows, ``None`` when the fit held none out.
    incremental : bool
        Whether the fit is a ``partial_fit``.
    estimator_name : str

    Returns
    -------
    calibration : dict or None
        ``None`` when the fit is not calibrated (see :func:`calibration_method`).
    """
    method = calibration_method(calibration, loss, encoder.target_type)
    if method is None:
        return None
    held_out = validation_rows is not None
    rows = validation_rows if held_out else train_rows
    return fit_loss_calibration(
        method, network, weights, loss, X[rows], Y[rows], sample_weight[rows],
        warn_training_rows=not (held_out or incremental),
        label_names=encoder.classes if encoder.target_type != "binary" else encoder.classes[1:],
        estimator_name=estimator_name)


def _warn_degenerate(degenerate, label_names, n_rows, estimator_name):
    """One warning listing the labels whose calibration fell back, by reason."""
    reasons = [f"{reason}: {_names(label_names, labels)}"
               for reason, labels in degenerate.items() if len(labels)]
    if reasons:
        warnings.warn(
            f"{estimator_name} could not fit a calibration of its own for some labels on "
            f"its {n_rows} calibration rows ({'; '.join(reasons)}). Those without a slope "
            "to learn follow the map fitted on all labels; those whose scores barely rank "
            "their rows keep a small positive slope, so their probabilities stay close to the "
            "label's frequency. More rows (validation_fraction) or epochs may help.",
            UserWarning,
        )


def _names(label_names, labels, most=10):
    shown = ", ".join(str(label_names[label]) for label in labels[:most])
    return shown + (f" and {len(labels) - most} more" if len(labels) > most else "")
