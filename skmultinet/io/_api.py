"""``save`` and ``load``: a fitted model to a safe file and back."""

import json
import os
import platform
import warnings

import numpy as np
import scipy
import sklearn

from .._version import __version__
from ._checks import check_integer, check_mapping
from ._container import Container, write_container
from ._errors import ModelFileError
from ._registry import describer_for, describer_named
from ._values import Decoder, Encoder

FORMAT_NAME = "skmultinet-model"
#: Version of the file layout; files of a later version are refused.
FORMAT_VERSION = 1
_TOP_KEYS = ("format", "format_version", "versions", "metadata", "n_arrays", "model")


def save(model, path, *, metadata=None, overwrite=False):
    """Save a fitted (or unfitted) model to a file that loads without running code.

    The file is a ZIP archive of ``model.json`` (what the model is, as plain
    values) and one ``.npy`` member per array. Saving writes a temporary file
    in the same folder and renames it into place, so an interrupted save
    leaves either the old file or the whole new one.

    Parameters
    ----------
    model : estimator
        A :class:`~skmultinet.MultiLabelNetClassifier` (built-in network,
        catalogue loss, string optimizer), a
        :class:`~skmultinet.ThresholdOptimizer`, an
        :class:`~skmultinet.AutoMultiLabelNet`, or a scikit-learn
        ``Pipeline`` of ``StandardScaler``, ``QuantileTransformer`` or
        ``SplineTransformer`` in front of one of them.
    path : str or path-like
        Destination file. Never written through a symbolic link.
    metadata : dict, default=None
        JSON-serialisable values stored with the model (feature and label
        names, where the data came from...); :func:`load_with_metadata` gives
        them back.
    overwrite : bool, default=False
        Replace an existing file at ``path``.

    Raises
    ------
    UnsupportedModelError
        The model holds an object outside the closed set of classes (a
        user's loss function or class, a user's network, an unknown
        estimator, a ``tf.distribute`` strategy instance...). Only pickle or
        joblib can store it.
    FileExistsError
        ``path`` exists and ``overwrite`` is False.
    ValueError
        ``path`` is a symbolic link.
    TypeError
        ``metadata`` is not JSON-serialisable.

    Examples
    --------
    >>> import os, tempfile
    >>> from sklearn.datasets import make_multilabel_classification
    >>> import skmultinet
    >>> X, Y = make_multilabel_classification(n_samples=60, n_classes=3, random_state=0)
    >>> clf = skmultinet.MultiLabelNetClassifier((8,), epochs=3, random_state=0).fit(X, Y)
    >>> path = os.path.join(tempfile.mkdtemp(), "model.skmn")
    >>> skmultinet.save(clf, path)
    >>> (skmultinet.load(path).predict(X) == clf.predict(X)).all()
    np.True_
    """
    encoder = Encoder(describer_for)
    description = encoder.encode(model, type(model).__name__)
    document = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "versions": {"skmultinet": __version__, "numpy": np.__version__,
                     "scipy": scipy.__version__, "scikit-learn": sklearn.__version__,
                     "python": platform.python_version()},
        "metadata": _plain_metadata(metadata),
        "n_arrays": len(encoder.arrays),
        "model": description,
    }
    json_bytes = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    write_container(path, json_bytes, encoder.arrays, overwrite=overwrite)


def load(path):
    """Load a model saved by :func:`save`; nothing in the file is executed.

    Loading reads JSON and ``.npy`` arrays (never pickles) and rebuilds only
    the closed set of classes :func:`save` writes, after checking every
    value; it imports neither Keras nor TensorFlow (reading ``loss_`` or a
    loss parameter later does).

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    model : estimator

    Raises
    ------
    ModelFileError
        The file is not a valid model file (the message says what is wrong).
    OSError
        The file cannot be opened.
    """
    return load_with_metadata(path)[0]


def load_with_metadata(path):
    """Load a model and the metadata saved with it.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    model : estimator
    metadata : dict
        The ``metadata`` given to :func:`save` (``{}`` when none was).

    Raises
    ------
    ModelFileError
        The file is not a valid model file.
    OSError
        The file cannot be opened.
    """
    with open(path, "rb") as stream:
        container = Container(stream, os.fstat(stream.fileno()).st_size)
        try:
            document = _read_document(container)
            decoder = Decoder(container.array, document["n_arrays"], describer_named)
            try:
                model = decoder.decode(document["model"], "model")
            except RecursionError:
                raise ModelFileError("model.json is nested too deeply") from None
        finally:
            container.close()
    return model, document["metadata"]


def _read_document(container):
    """The checked top level of ``model.json``; also checks the archive's members."""
    try:
        document = json.loads(container.json_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelFileError(f"model.json is not valid JSON: {error}") from None
    except RecursionError:
        raise ModelFileError("model.json is nested too deeply") from None
    check_mapping(document, "model.json", required=_TOP_KEYS)
    if document["format"] != FORMAT_NAME:
        raise ModelFileError(f"not a skmultinet model file (format {document['format']!r})")
    version = check_integer(document["format_version"], "model.json format_version", 1)
    if version > FORMAT_VERSION:
        raise ModelFileError(f"the file has format version {version}; this skmultinet "
                             f"reads up to {FORMAT_VERSION}: upgrade skmultinet")
    versions = check_mapping(document["versions"], "model.json versions",
                             optional=tuple(document["versions"] if isinstance(
                                 document["versions"], dict) else ()))
    check_mapping(document["metadata"], "model.json metadata",
                  optional=tuple(document["metadata"] if isinstance(
                      document["metadata"], dict) else ()))
    check_integer(document["n_arrays"], "model.json n_arrays", 0)
    model = check_mapping(document["model"], "model.json model",
                          optional=tuple(document["model"]) if isinstance(document["model"],
                                                                          dict) else ())
    if model.get("type") != "object":
        raise ModelFileError("model.json model: expected an estimator (an object)")
    container.check_members(document["n_arrays"])
    saved = versions.get("skmultinet")
    if saved != __version__:
        warnings.warn(f"This model was saved with skmultinet {saved} and is loaded with "
                      f"{__version__}; predictions may differ. Save it again with this "
                      "version.", UserWarning, stacklevel=3)
    return document


def _plain_metadata(metadata):
    """``metadata`` checked to be JSON values with string keys (round-trips exactly)."""
    if metadata is None:
        return {}
    if not isinstance(metadata, dict):
        raise TypeError(f"metadata must be a dict, got {type(metadata).__name__}.")
    try:
        text = json.dumps(metadata, allow_nan=True)
    except (TypeError, ValueError) as error:
        raise TypeError(f"metadata must hold JSON values only (str keys, str, numbers, "
                        f"bools, None, lists, dicts): {error}") from None
    if json.loads(text) != metadata:
        raise TypeError("metadata must hold JSON values only: tuples, non-str keys and the "
                        "like would not come back as they were saved.")
    return metadata
