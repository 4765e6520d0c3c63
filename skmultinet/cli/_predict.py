"""``skmultinet predict``: label sets (or probabilities) of new data as CSV.

New data are read by :func:`skmultinet.datasets._dispatch.load_features`, the
same loaders and checks ``fit`` used, laid out by the saved feature names.
"""

import os

from ._data import check_features
from ._messages import UsageError, warner
from ._outputs import atomic_path, check_output_file


_NEEDED = ("feature_names", "label_names")


def _load_model(path, *, allow_pickle, warn):
    """The model and metadata written by ``skmultinet fit``; anything else is a usage error.

    A safe model file is read without running code. A pickle (what
    skmultinet 0.1.0's ``fit`` wrote) is read only with ``--allow-pickle``,
    because unpickling runs code from the file.
    """
    import zipfile

    if not os.path.isfile(path):
        raise UsageError(f"{path}: no such file")
    if zipfile.is_zipfile(path):
        model, metadata = _load_safe(path, warn)
    elif allow_pickle:
        model, metadata = _load_pickle(path)
    else:
        raise UsageError(
            f"{path}: not a skmultinet model file. If it is a pickle/joblib model from an "
            f"older 'skmultinet fit', refit it, or pass --allow-pickle if you trust the file: "
            f"loading a pickle runs code from it")
    missing = [key for key in _NEEDED if not isinstance(metadata, dict) or key not in metadata]
    if missing:
        raise UsageError(f"{path}: not a model saved by 'skmultinet fit' (no "
                         f"{', '.join(missing)} in its metadata)")
    return model, metadata


def _load_safe(path, warn):
    import warnings

    from ..io import ModelFileError, load_with_metadata

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model, metadata = load_with_metadata(path)
    except ModelFileError as exc:
        raise UsageError(f"{path}: not a readable model file ({exc})") from None
    for message in {str(w.message) for w in caught}:
        warn(message)
    return model, metadata


def _load_pickle(path):
    import joblib

    try:
        bundle = joblib.load(path)
    except Exception as exc:  # any unpickling failure means "not our model file"
        raise UsageError(f"{path}: not a model saved by 'skmultinet fit' ({exc})") from None
    if not isinstance(bundle, dict) or "model" not in bundle:
        raise UsageError(f"{path}: not a model saved by 'skmultinet fit'")
    metadata = {key: value for key, value in bundle.items() if key != "model"}
    return bundle["model"], metadata


def run_predict(args, out, err):
    """``skmultinet predict``: label sets (or probabilities) as CSV.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line.
    out, err : file object
        Where the CSV (``--out -``) or the summary line goes, and the warnings.

    Returns
    -------
    status : int
    """
    import numpy as np
    import pandas as pd

    from ..datasets._dispatch import load_features

    if args.out != "-":
        check_output_file(args.out, force=args.force, inputs=[args.data, args.model])
    model, metadata = _load_model(args.model, allow_pickle=args.allow_pickle, warn=warner(err))
    X = load_features(args.data, metadata["feature_names"], subset="test",
                      read_options=metadata.get("read_options"))
    check_features(X, args.data, metadata["feature_names"])
    values = model.predict_proba(X) if args.proba else model.predict(X)
    frame = pd.DataFrame(np.asarray(values), columns=metadata["label_names"])
    if args.out == "-":
        frame.to_csv(out, index=False, float_format="%.6g")
    else:
        with atomic_path(args.out) as temporary:
            frame.to_csv(temporary, index=False, float_format="%.6g")
        print(f"Wrote {len(frame)} rows x {frame.shape[1]} labels to {args.out}", file=out)
    return 0
