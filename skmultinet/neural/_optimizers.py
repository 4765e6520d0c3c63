"""How a fit optimizes: the optimizer it builds, its step size per epoch, batch size, XLA or not.

The estimator's ``optimizer``, ``learning_rate``, ``learning_rate_schedule``,
``batch_size`` and ``jit_compile`` parameters become here an optimizer recipe
(a class and a configuration, built only when the trainer cache has none), one
learning rate per epoch, the rows per step, and the decision to compile epochs
with XLA.
"""

import functools

from .training import learning_rate_schedule

#: Optimizer names accepted by the ``optimizer`` parameter -> Keras class name.
OPTIMIZERS = {
    "adam": "Adam",
    "adamw": "AdamW",
    "nadam": "Nadam",
    "adamax": "Adamax",
    "rmsprop": "RMSprop",
    "sgd": "SGD",
    "adagrad": "Adagrad",
    "lion": "Lion",
}

# batch_size="auto": at least this many steps per epoch, in batches of
# AUTO_BATCH_MIN to AUTO_BATCH_MAX rows (see auto_batch_size).
AUTO_BATCH_STEPS = 100
AUTO_BATCH_MIN = 32
AUTO_BATCH_MAX = 200

# XLA compilation costs about a second; below this many steps per fit the
# uncompiled loop is as fast (jit_compile="auto"). On one thread XLA gains
# nothing but costs little, and a rule that ignored the thread count keeps
# results the same in every process.
JIT_MIN_STEPS = 2_000


@functools.cache
def _default_optimizer_config(optimizer_class):
    return optimizer_class().get_config()


def optimizer_recipe(optimizer, learning_rate):
    """Class and configuration of the optimizer a fit trains with, without building it.

    Parameters
    ----------
    optimizer : str or keras.optimizers.Optimizer
        The ``optimizer`` parameter; an instance is only read, never used.
    learning_rate : float or None
        Overrides the optimizer's own learning rate when given.

    Returns
    -------
    optimizer_class : type
    config : dict
        Its configuration, without the auto-numbered ``name``.
    """
    from .._backend import import_keras

    _, keras = import_keras()
    if isinstance(optimizer, str):
        optimizer_class = getattr(keras.optimizers, OPTIMIZERS[optimizer])
        config = _default_optimizer_config(optimizer_class)
    else:
        optimizer_class, config = type(optimizer), optimizer.get_config()
    config = {key: value for key, value in config.items() if key != "name"}
    if learning_rate is not None:
        config["learning_rate"] = float(learning_rate)
    return optimizer_class, config


def epoch_learning_rates(schedule, optimizer, optimizer_config, epochs, *, incremental=False):
    """The step size of each epoch, or None for an optimizer with its own schedule.

    Parameters
    ----------
    schedule : {"constant", "cosine"}
        The ``learning_rate_schedule`` parameter.
    optimizer : str or keras.optimizers.Optimizer
        The ``optimizer`` parameter, named in errors.
    optimizer_config : dict
        From :func:`optimizer_recipe`.
    epochs : int
    incremental : bool, default=False
        ``partial_fit``: one epoch at the constant rate.

    Returns
    -------
    learning_rates : ndarray of shape (epochs,) or None

    Raises
    ------
    ValueError
        When a schedule is asked of an optimizer whose learning rate is a
        Keras schedule.
    """
    base = optimizer_config.get("learning_rate")
    if not isinstance(base, float):
        if schedule != "constant":
            raise ValueError(
                f"learning_rate_schedule={schedule!r} cannot be "
                f"combined with an optimizer that has its own learning-rate schedule "
                f"(this {type(optimizer).__name__}). Pass "
                f"learning_rate_schedule='constant', or an optimizer with a float "
                f"learning_rate.")
        return None
    if incremental:
        return learning_rate_schedule("constant", base, 1)
    return learning_rate_schedule(schedule, base, epochs)


def auto_batch_size(batch_size, n_samples):
    """Rows per gradient step for the ``batch_size`` parameter and ``n_samples`` training rows.

    ``"auto"`` is ``n_samples // 100`` clipped to [32, 200]: about 100 steps
    per epoch, in batches of 32 to 200 rows. A fixed batch of 200 (the rule
    of scikit-learn's ``MLPClassifier``) gives a few hundred rows one or two
    steps per epoch, and early stopping, which counts epochs, then stops a
    network that has hardly moved: on training-split cross-validation
    (``benchmarks/bench_defaults.py``) batches of 32 raised medical's
    micro-F1 from 0.645 to 0.701 and yahoo_arts' from 0.470 to 0.494, while
    on 20ng (over 8 000 rows) 200 stayed as good as 32 and faster.

    Parameters
    ----------
    batch_size : int or "auto"
        The parameter.
    n_samples : int
        Training rows (without the early-stopping rows).

    Returns
    -------
    batch_size : int
        Not clipped to ``n_samples``.
    """
    if batch_size != "auto":
        return batch_size
    return min(AUTO_BATCH_MAX, max(AUTO_BATCH_MIN, n_samples // AUTO_BATCH_STEPS))


def use_jit_compile(jit_compile, epochs, n_samples, batch_size):
    """Whether a fit compiles its epochs with XLA.

    Parameters
    ----------
    jit_compile : bool or "auto"
        The parameter; ``"auto"`` compiles when the fit may run at least
        :data:`JIT_MIN_STEPS` steps, a rule of the data and parameters only.
    epochs, n_samples, batch_size : int
        Epochs of this fit, training rows and the (unclipped) batch size.
    """
    if jit_compile != "auto":
        return jit_compile
    steps = epochs * -(-n_samples // min(batch_size, n_samples))
    return steps >= JIT_MIN_STEPS
