"""``skmultinet predict``: label sets (or probabilities) of new data as CSV.

New data are read by :func:`skmultinet.datasets._dispatch.load_features`, the
same loaders and checks ``fit`` used, laid out by the saved feature names.
"""

import os

from ._data import check_features
from ._messages import UsageError


def _load_model(path):
    """The dict written by ``skmultinet fit``; anything else is a usage error."""
    import joblib

    if not os.path.isfile(path):
        raise UsageError(f"{path}: no such file")
    try:
        bundle = joblib.load(path)
    except Exception as exc:  # any unpickling failure means "not our model file"
        raise UsageError(f"{path}: not a model saved by 'skmultinet fit' ({exc})") from None
    if not isinstance(bundle, dict) or "model" not in bundle:
        raise UsageError(f"{path}: not a model saved by 'skmultinet fit'")
    return bundle


def run_predict(args, out, err):
    """``skmultinet predict``: label sets (or probabilities) as CSV.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line.
    out, err : file object
        Where the CSV (``--out -``) or the summary line goes; ``err`` is unused.

    Returns
    -------
    status : int
    """
    import numpy as np
    import pandas as pd

    from ..datasets._dispatch import load_features

    bundle = _load_model(args.model)
    X = load_features(args.data, bundle["feature_names"], subset="test")
    check_features(X, args.data)
    model = bundle["model"]
    values = model.predict_proba(X) if args.proba else model.predict(X)
    frame = pd.DataFrame(np.asarray(values), columns=bundle["label_names"])
    if args.out == "-":
        frame.to_csv(out, index=False, float_format="%.6g")
    else:
        frame.to_csv(args.out, index=False, float_format="%.6g")
        print(f"Wrote {len(frame)} rows x {frame.shape[1]} labels to {args.out}", file=out)
    return 0
