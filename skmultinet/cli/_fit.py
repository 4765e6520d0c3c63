"""``skmultinet fit``: one loss, a tuned decision rule, saved as a safe model file.

The file (:func:`skmultinet.save`) holds the fitted ``ThresholdOptimizer`` and,
as metadata, the ``feature_names`` and ``label_names`` of the training data,
the ``source``, the ``loss`` and the ``read_options`` the data were read with
(LIBSVM index base, ARFF nominal codes...); ``skmultinet predict`` reads new
data by those names and options. Loading it runs no code from it.
"""

import os

import time
import warnings

from ._data import check_constant_labels, check_features, check_rows, load
from ._messages import UsageError, warner
from ._outputs import check_output_file
from ._parser import check_numbers


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


def _save_model(model, metadata, path, *, force):
    """Write the model file that ``skmultinet predict`` reads (atomically, by ``save``)."""
    from ..io import save

    if force and os.path.islink(path):
        # --force replaces a link itself, never its target.
        os.unlink(path)
    save(model, path, metadata=metadata, overwrite=force)


def run_fit(args, out, err):
    """``skmultinet fit``: one loss, tuned rule, saved as a safe model file.

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
    check_numbers(args)
    check_output_file(args.out, force=args.force, inputs=[args.data])
    warn = warner(err)
    dataset = check_constant_labels(load(args.data, args, subset="train"),
                                    drop=args.drop_constant_labels, warn=warn)
    check_features(dataset.data, dataset.source, dataset.feature_names)
    check_rows(dataset)
    model, loss = _model(args, dataset.target.shape[1])
    started = time.perf_counter()
    # Each distinct warning once, as a 'skmultinet: warning:' line, not Python's
    # file:line form repeated per epoch or label.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(dataset.data, dataset.target)
    for message in {str(w.message) for w in caught}:
        warn(message)
    metadata = {"loss": loss, "feature_names": list(dataset.feature_names),
                "label_names": list(dataset.target_names), "source": dataset.source,
                "read_options": dataset.get("read_options")}
    _save_model(model, metadata, args.out, force=args.force)
    print(f"Fitted loss={loss!r} with {args.strategy} thresholds on {dataset.target.shape[0]} "
          f"rows in {time.perf_counter() - started:.1f}s (validation {args.scoring} "
          f"{model.best_score_:.3f}); saved to {args.out}", file=out)
    return 0
