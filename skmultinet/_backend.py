"""Load TensorFlow and Keras on first use, quietly.

``import skmultinet`` must stay fast and must not start TensorFlow: every module
that needs Keras asks for it through :func:`import_keras` at fit time.
"""

import contextlib
import os
import sys

_USER_SET_LOG_LEVEL = "TF_CPP_MIN_LOG_LEVEL" in os.environ


@contextlib.contextmanager
def _silenced_stderr():
    """Send file descriptor 2 to /dev/null for the duration of the block.

    TensorFlow's C++ start-up messages (oneDNN notice, missing CUDA drivers) are
    written before its logging is configured, so no environment variable hides
    them; only the file descriptor can.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real stderr (e.g. some notebooks)
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


@contextlib.contextmanager
def _quiet_log_level():
    """``TF_CPP_MIN_LOG_LEVEL=2`` while TensorFlow starts, unless the user chose a level.

    TensorFlow reads the variable when it starts; it is removed afterwards so
    that child processes (loky workers, subprocesses) do not inherit it and
    take it for the user's choice, which would leave their start-up noise
    unsilenced.
    """
    if _USER_SET_LOG_LEVEL:
        yield
        return
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "2"
    try:
        yield
    finally:
        os.environ.pop("TF_CPP_MIN_LOG_LEVEL", None)


def _drop_our_retracing_warnings(record):
    """Logging filter: hide TensorFlow's retracing warning about our own trainers.

    Every cached trainer traces its functions once, by design; TensorFlow
    counts the traces of all trainers together (they share their code) and
    warns after five, which a grid search over a few settings reaches.
    Retracing warnings about the user's own functions still show.
    """
    message = record.getMessage()
    return not ("triggered tf.function retracing" in message and "skmultinet." in message)


def _limit_tensorflow_threads(tf):
    """Size TensorFlow's thread pools by ``OMP_NUM_THREADS`` when it is set.

    TensorFlow sizes its intra-op and inter-op pools by the number of cores,
    whatever else runs on them. joblib's process backend (loky) sets
    ``OMP_NUM_THREADS`` to ``cores // n_jobs`` in each worker, so honouring it
    keeps ``GridSearchCV(n_jobs=k)`` from starting ``k`` times too many
    threads. Pools already configured (``TF_NUM_INTRAOP_THREADS``,
    ``TF_NUM_INTEROP_THREADS``, ``tf.config.threading``) are left alone, and
    once TensorFlow has started they can no longer be resized.
    """
    try:
        n_threads = int(os.environ.get("OMP_NUM_THREADS", ""))
    except ValueError:
        return
    if n_threads < 1:
        return
    threading = tf.config.threading
    settings = (
        ("TF_NUM_INTRAOP_THREADS", threading.get_intra_op_parallelism_threads,
         threading.set_intra_op_parallelism_threads),
        ("TF_NUM_INTEROP_THREADS", threading.get_inter_op_parallelism_threads,
         threading.set_inter_op_parallelism_threads),
    )
    for variable, get, set_ in settings:
        if variable not in os.environ and get() == 0:
            try:
                set_(n_threads)
            except RuntimeError:  # TensorFlow already started by the user
                return


def import_keras_quietly():
    """Import Keras (whatever its backend) with TensorFlow's start-up noise hidden.

    TensorFlow's log noise is hidden unless the user set
    ``TF_CPP_MIN_LOG_LEVEL`` themselves.

    Returns
    -------
    keras : module
    """
    if "keras" not in sys.modules:
        os.environ.setdefault("KERAS_BACKEND", "tensorflow")
        quiet = _silenced_stderr() if not _USER_SET_LOG_LEVEL else contextlib.nullcontext()
        with quiet, _quiet_log_level():
            import keras

            if keras.backend.backend() == "tensorflow":
                import tensorflow as tf

                _limit_tensorflow_threads(tf)
                tf.get_logger().addFilter(_drop_our_retracing_warnings)
                # Device discovery prints the CUDA probe messages: do it here, muted.
                tf.config.list_physical_devices()
    import keras

    return keras


def import_keras():
    """Import Keras on the TensorFlow backend and return ``(tf, keras)``.

    Returns
    -------
    tf : module
        ``tensorflow``.
    keras : module
        ``keras`` (version 3).

    Raises
    ------
    ImportError
        If Keras runs on another backend than TensorFlow.
    """
    keras = import_keras_quietly()
    if keras.backend.backend() != "tensorflow":
        raise ImportError(
            "skmultinet trains with the TensorFlow backend of Keras, but Keras is "
            f"configured for {keras.backend.backend()!r}. Set the environment variable "
            "KERAS_BACKEND=tensorflow before importing keras. (The losses in "
            "skmultinet.losses themselves work on every backend.)"
        )
    import tensorflow as tf

    return tf, keras
