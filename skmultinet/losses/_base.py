"""Base class shared by every multi-label loss of the catalogue.

A loss here does two jobs. Inside training it maps ``(y_true, logits)`` to one
value per sample, written with ``keras.ops`` only so that it runs on every Keras
backend. Outside training it tells the estimator how to turn the network's
logits into per-label probabilities and label sets: its *decision rule*. The
decision-rule helpers work on NumPy arrays so that prediction needs no Keras.
"""

import copyreg

import numpy as np
from scipy.special import expit

import keras

from ..decision._rules import ThresholdRule


class MultiLabelLoss(keras.losses.Loss):
    """A multi-label loss on logits, with the decision rule that goes with it.

    Subclasses implement :meth:`call` (``keras.ops`` only) and store their
    hyperparameters as plain attributes returned by :meth:`get_config`.

    :meth:`call` takes ``y_true`` of shape ``(batch, n_labels)`` (0/1) and the
    network's logits ``y_pred`` of shape ``(batch, n_labels + n_extra_outputs)``
    and returns one value per sample, shape ``(batch,)``; ``__call__`` adds the
    usual Keras sample weighting and reduction on top.

    ``y_true`` may leave entries unknown (partially labelled data): ``NaN``
    marks them. Every loss of the catalogue (``masks_unknown_labels = True``)
    leaves them out exactly: no value and no gradient comes from an unknown
    entry, and its logit gets a gradient of exactly 0 from the loss.
    Per-label losses drop the entry's term and keep their normaliser (a mean
    over *all* labels: each known entry weighs ``1 / n_labels``, as in a
    fully labelled row, whatever else of its row is known); pairwise losses
    leave the entry out of their pairs; softmax-type losses out of the
    softmax normaliser and of the target normalisation. A row whose entries
    are all unknown contributes 0. Fully known targets give exactly the
    values of plain 0/1 targets. Helpers: :func:`._ops.known_targets`,
    :func:`._ops.known_terms`. Losses compute in at
    least float32: half-precision logits are cast up and the per-sample values
    come back in float32 (a squared hinge of a 1e4 logit does not fit float16),
    which is also what Keras's mixed-precision guide asks of losses.
    Gradients flow back to the logits in their own dtype.

    Instances pickle and deep-copy with their whole state, including what
    :meth:`adapt` learned (Keras's own pickling of losses goes through
    :meth:`get_config` and would drop it).

    Class attributes
    ----------------
    n_extra_outputs : int
        Network outputs beyond one logit per label (the count head of
        ``partition`` uses one).
    decision_rule : {"threshold", "top_count"}
        ``"threshold"``: a label is predicted when its probability reaches the
        estimator's ``threshold``. ``"top_count"``: each row takes its
        :meth:`predict_count` best-scored labels.
    needs_calibration : bool
        ``True`` when :meth:`predict_proba` is not a calibrated per-label
        probability for this loss (softmax and ranking losses, and those that
        reshape the negatives' loss or use margins: asymmetric, hill,
        squared_hinge). The estimator
        then fits a Platt scaling ``sigmoid(a * s + b)`` of
        :meth:`decision_scores` at the end of ``fit`` (on the validation split
        when there is one, else on the training data) and uses it for
        ``predict_proba``, so that the 0.5 cut is meaningful.
    min_labels : int
        The fewest labels the loss can learn from (ranking losses need two).
    masks_unknown_labels : bool
        Whether :meth:`call` leaves ``NaN`` (unknown) target entries out, as
        described above. ``False`` here, ``True`` for every catalogue loss;
        the estimator refuses targets with unknown entries for a loss that
        does not mask them. A subclass that masks them sets it to ``True``.
    """

    n_extra_outputs = 0
    decision_rule = "threshold"
    needs_calibration = False
    min_labels = 1
    masks_unknown_labels = False

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        super().__init__(name=name, reduction=reduction, dtype=dtype)

    def adapt(self, y_true, sample_weight=None):
        """Learn data-dependent settings (e.g. ``pos_weight="balanced"``).

        Called by the estimator on a private copy of the loss with the
        training indicator matrix before training starts. The default does
        nothing.

        Parameters
        ----------
        y_true : ndarray of shape (n_samples, n_labels)
            Training targets as a 0/1 indicator matrix, ``NaN`` at unknown
            entries (which whatever is learned must ignore).
        sample_weight : ndarray of shape (n_samples,), default=None
            Training sample weights.

        Returns
        -------
        self : MultiLabelLoss
        """
        return self

    def prediction_rule(self):
        """The decision rule in NumPy, free of Keras (see :mod:`skmultinet._decision`).

        A fitted estimator predicts with it, so that a pickled model loads and
        predicts without Keras. A subclass that changes :meth:`decision_scores`,
        :meth:`predict_proba` or :meth:`predict_count` should return a rule that
        does the same; the estimator uses the rule only for the catalogue's own
        classes and asks the loss itself otherwise.

        Returns
        -------
        rule : ThresholdRule or TopCountRule
        """
        return ThresholdRule(self.n_extra_outputs)

    def decision_scores(self, logits):
        """Per-label real-valued scores, increasing with label relevance.

        Parameters
        ----------
        logits : ndarray of shape (n_samples, n_labels + n_extra_outputs)

        Returns
        -------
        scores : ndarray of shape (n_samples, n_labels)
        """
        return self.prediction_rule().decision_scores(logits)

    def predict_proba(self, logits):
        """Per-label probabilities in [0, 1] before any calibration.

        Parameters
        ----------
        logits : ndarray of shape (n_samples, n_labels + n_extra_outputs)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_labels)
        """
        return expit(self.decision_scores(logits))

    def predict_count(self, logits):
        """Number of labels each row predicts (``decision_rule="top_count"``).

        Parameters
        ----------
        logits : ndarray of shape (n_samples, n_labels + n_extra_outputs)

        Returns
        -------
        counts : ndarray of shape (n_samples,), dtype int
        """
        raise NotImplementedError(
            f"{type(self).__name__} uses the threshold decision rule."
        )

    def __reduce__(self):
        # Plain attribute-dict pickling: fast, and keeps the private state set by
        # adapt(), unlike KerasSaveable.__reduce__ which rebuilds from the config.
        return (copyreg.__newobj__, (type(self),), self.__dict__.copy())

    def get_config(self):
        return super().get_config()

    def __repr__(self):
        # Shows the hyperparameters, as scikit-learn shows an estimator's, so that a
        # loss inside a parameter grid or a search report says which loss it is.
        config = self.get_config()
        try:
            defaults = type(self)().get_config()
        except TypeError:  # a subclass whose hyperparameters have no defaults
            defaults = {}
        changed = ", ".join(f"{key}={value!r}" for key, value in config.items()
                            if key not in ("name", "reduction", "dtype")
                            and not _same(value, defaults.get(key)))
        return f"{type(self).__name__}({changed})"


def _same(value, default):
    """Whether a config value equals its default (arrays compared as a whole)."""
    return value is default or (value is not None and default is not None
                                and np.array_equal(value, default))
