"""How a fit optimizes: the optimizer it builds, its step size per epoch, XLA or not.

The estimator's ``optimizer``, ``learning_rate``, ``learning_rate_schedule``
and ``jit_compile`` parameters become here an optimizer recipe (a class and a
configuration, built only when the trainer cache has none), one learning rate
per epoch, and the decision to compile epochs with XLA.
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

# XLA compilation costs about a second; below this many steps per fit the
# uncompiled loop is as fast (jit_compile="auto"). On one thread XLA gains
# nothing but costs little, and a rule that ignored the thread count keeps
# results the same in every process.
JIT_MIN_STEPS = 2_000


@functools.lru_cache(maxsize=None)
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
