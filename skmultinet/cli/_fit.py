"""``skmultinet fit``: one loss, a tuned decision rule, saved with joblib.

The saved file is a dict: ``model`` (the fitted ``ThresholdOptimizer``),
``loss``, ``feature_names`` and ``label_names`` of the training data, and
``source``; ``skmultinet predict`` reads new data by those feature names.
"""

import time
import warnings

from ._data import check_constant_labels, check_features, load
from ._messages import UsageError, warner


def _model(args, n_labels):
    """The unfitted model and its canonical loss name."""
    from ..neural import MultiLabelNetClassifier
    from ..thresholds import ThresholdOptimizer
    from ._protocol import suitable_losses

    try:
        (loss,) = suitable_losses(n_labels, [args.loss])
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    epochs = {} if args.epochs is None else {"epochs": args.epochs}
    # As in compare: 80% trains the network, 20% tunes the rule, no refit.
    model = ThresholdOptimizer(
        MultiLabelNetClassifier(loss=loss, random_state=args.seed, **epochs),
        strategy=args.strategy, scoring=args.scoring, cv=0.2, refit=False,
        random_state=args.seed)
    return model, loss


def run_fit(args, out, err):
    """``skmultinet fit``: one loss, tuned rule, saved with joblib.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line.
    out, err : file object
        Where the summary line and the warnings go.

    Returns
    -------
    status : int
    """
    import joblib

    warn = warner(err)
    dataset = check_constant_labels(load(args.data, args, subset="train"),
                                    drop=args.drop_constant_labels, warn=warn)
    check_features(dataset.data, dataset.source)
    model, loss = _model(args, dataset.target.shape[1])
    started = time.perf_counter()
    # Each distinct warning once, as a 'skmultinet: warning:' line, not Python's
    # file:line form repeated per epoch or label.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(dataset.data, dataset.target)
    for message in {str(w.message) for w in caught}:
        warn(message)
    bundle = {"model": model, "loss": loss, "feature_names": dataset.feature_names,
              "label_names": dataset.target_names, "source": dataset.source}
    joblib.dump(bundle, args.out)
    print(f"Fitted loss={loss!r} with {args.strategy} thresholds on {dataset.target.shape[0]} "
          f"rows in {time.perf_counter() - started:.1f}s (validation {args.scoring} "
          f"{model.best_score_:.3f}); saved to {args.out}", file=out)
    return 0
