"""The user's Keras callbacks, called at the epoch boundaries of the training loop.

An epoch runs as one compiled TensorFlow call (:meth:`~._trainer.Trainer.run_epoch`),
so Python, and a callback, can act only between epochs: ``on_train_begin``,
``on_epoch_begin``, ``on_epoch_end`` and ``on_train_end`` are called, the
per-batch hooks (``on_train_batch_begin/end``, ``on_batch_begin/end``) and
the evaluation and prediction hooks never are.

``callback.model`` is the trainer's own Keras model, whose variables are the
ones being trained: ``get_weights``/``set_weights``, ``save`` and
``save_weights`` and ``stop_training`` work as under ``Model.fit``.
``model.optimizer`` is a small view whose ``learning_rate`` reads and sets the
step size of the next updates (``ReduceLROnPlateau``,
``LearningRateScheduler``).
"""

import copy
import warnings

import numpy as np

from ..._backend import import_keras

_BATCH_HOOKS = ("on_train_batch_begin", "on_train_batch_end", "on_batch_begin", "on_batch_end")


def _runs_per_batch(callback):
    """Whether ``callback`` has per-batch hooks that would do something."""
    _, keras = import_keras()
    if isinstance(callback, keras.callbacks.TerminateOnNaN):
        return False  # the loop checks the epoch's loss itself (see train)
    if isinstance(callback, keras.callbacks.TensorBoard):
        # Per-epoch summaries need no batch hook; per-batch ones and profiling do.
        return callback.update_freq != "epoch" or getattr(callback, "_should_trace", False)
    if isinstance(callback, (keras.callbacks.ModelCheckpoint, keras.callbacks.BackupAndRestore)):
        return callback.save_freq != "epoch"  # saves every n batches otherwise
    return any(not getattr(getattr(callback, hook), "_is_default", False)
               for hook in _BATCH_HOOKS)


def copy_callbacks(callbacks):
    """Fresh copies of the ``callbacks`` parameter for one fit, checked.

    The user's objects are never modified, so a ``clone`` or each fit of a
    grid search starts from the callbacks as they were given. A callback
    already attached to a model (used by ``Model.fit`` before) is copied
    without that model.

    Parameters
    ----------
    callbacks : list of keras.callbacks.Callback or None

    Returns
    -------
    copies : list of keras.callbacks.Callback

    Raises
    ------
    TypeError
        When an entry is not a ``keras.callbacks.Callback``.
    """
    if callbacks is None:
        return []
    _, keras = import_keras()
    if isinstance(callbacks, keras.callbacks.Callback):
        raise TypeError("callbacks must be a list of keras.callbacks.Callback: write "
                        "callbacks=[your_callback].")
    copies = []
    for callback in callbacks:
        if not isinstance(callback, keras.callbacks.Callback):
            raise TypeError(
                f"callbacks holds {type(callback).__name__}, not a keras.callbacks.Callback: "
                "subclass keras.callbacks.Callback (or keras.callbacks.LambdaCallback)."
            )
        attached = getattr(callback, "_model", None)
        memo = {} if attached is None else {id(attached): None}
        copies.append(copy.deepcopy(callback, memo))
    per_batch = [type(callback).__name__ for callback in copies if _runs_per_batch(callback)]
    if per_batch:
        warnings.warn(
            f"Callbacks {per_batch} define per-batch hooks (on_train_batch_begin/end), which "
            "are never called: each epoch runs as one compiled call. Their per-epoch hooks "
            "(on_epoch_begin/end, on_train_begin/end) are called.",
            UserWarning,
            stacklevel=3,
        )
    return copies


def terminates_on_nan(callbacks):
    """Whether a ``keras.callbacks.TerminateOnNaN`` is among ``callbacks``."""
    _, keras = import_keras()
    return any(isinstance(callback, keras.callbacks.TerminateOnNaN) for callback in callbacks)


class OptimizerView:
    """``model.optimizer`` for callbacks: the trainer's step size, readable and settable.

    Other attributes are those of the trainer's optimizer.

    Parameters
    ----------
    trainer : Trainer
    """

    def __init__(self, trainer):
        self._trainer = trainer
        #: Whether a callback has set the learning rate during this fit.
        self.learning_rate_set = False

    @property
    def learning_rate(self):
        return self._trainer.learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        self.learning_rate_set = True
        self._trainer.set_learning_rate(float(np.asarray(value)))

    @property
    def iterations(self):
        return self._trainer.optimizer.iterations

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._trainer.optimizer, name)


class CallbackHooks:
    """Calls the fit's callbacks with the trainer's model attached.

    Use as a context manager around the loop: on leaving (normally or on an
    error), the model is detached from the optimizer view.

    Parameters
    ----------
    callbacks : list of keras.callbacks.Callback
        The fit's copies (see :func:`copy_callbacks`).
    trainer : Trainer
    epochs : int
        The fit's epoch limit (``params["epochs"]``).
    steps : int
        Batches per epoch (``params["steps"]``).
    """

    def __init__(self, callbacks, trainer, epochs, steps):
        self.callbacks = callbacks
        self.model = trainer.model
        self.optimizer = OptimizerView(trainer)
        self._params = {"verbose": 0, "epochs": epochs, "steps": steps}

    def __enter__(self):
        # A plain attribute of the cached model, set for this fit only.
        self.model.optimizer = self.optimizer
        self.model.stop_training = False
        for callback in self.callbacks:
            callback.set_model(self.model)
            callback.set_params(dict(self._params))
        return self

    def __exit__(self, *exc_info):
        vars(self.model).pop("optimizer", None)
        return False

    @property
    def stop_requested(self):
        """Whether a callback set ``model.stop_training``."""
        return bool(self.model.stop_training)

    @property
    def learning_rate_set(self):
        """Whether a callback set the learning rate (it then overrides the schedule)."""
        return self.optimizer.learning_rate_set

    def train_begin(self):
        for callback in self.callbacks:
            callback.on_train_begin({})

    def epoch_begin(self, epoch):
        """``on_epoch_begin`` with Keras's 0-based ``epoch``."""
        for callback in self.callbacks:
            callback.on_epoch_begin(epoch - 1, {})

    def epoch_end(self, epoch, logs):
        for callback in self.callbacks:
            callback.on_epoch_end(epoch - 1, dict(logs))

    def train_end(self, logs):
        for callback in self.callbacks:
            callback.on_train_end(dict(logs))


def weights_fingerprint(trainer):
    """A few sums that tell the trainer's current weights apart (computed on the device)."""
    tf, _ = import_keras()
    return tuple(float(tf.reduce_sum(tf.cast(variable, tf.float64)))
                 for variable in trainer.state_variables)
