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


def import_keras_quietly():
    """Import Keras (whatever its backend) with TensorFlow's start-up noise hidden.

    TensorFlow's log noise is hidden unless the user set
    ``TF_CPP_MIN_LOG_LEVEL`` themselves.

    Returns
    -------
    keras : module
    """
    if "keras" not in sys.modules:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        os.environ.setdefault("KERAS_BACKEND", "tensorflow")
        quiet = _silenced_stderr() if not _USER_SET_LOG_LEVEL else contextlib.nullcontext()
        with quiet:
            import keras

            if keras.backend.backend() == "tensorflow":
                import tensorflow as tf

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
