"""``skmultinet compare``: load, run the comparison protocol, print the table, write the report.

The protocol (:mod:`._protocol`) and the report (:mod:`._report`) import
TensorFlow, so they are imported when the command runs.
"""

import os
import shlex
import time

from ._data import (
    check_constant_labels,
    check_features,
    check_rows,
    default_dataset,
    load,
    match_labels,
)
from ._messages import UsageError, warner
from ._outputs import check_output_folder
from ._parallel import parallel_backend
from ._parser import check_numbers
from ._progress import ProgressBar


def _check_options(args):
    if args.cv < 2:
        raise UsageError(f"--cv must be at least 2, got {args.cv}")
    check_numbers(args)


def _check_out(args):
    """The report folder can take the report, checked before the comparison starts."""
    from ._report import REPORT_FILES

    if args.out:
        inputs = [source for source in (args.data, args.test) if source]
        check_output_folder(args.out, REPORT_FILES, force=args.force, inputs=inputs)


def _datasets(args, warn):
    """The training data and the ``--test`` set (or None), checked."""
    if args.data is None:
        dataset = default_dataset(args.seed)
    else:
        dataset = load(args.data, args, subset="train" if args.test else "all")
    dataset = check_constant_labels(dataset, drop=args.drop_constant_labels, warn=warn)
    check_features(dataset.data, dataset.source, dataset.feature_names)
    check_rows(dataset, cv=None if args.test else args.cv)
    test = None
    if args.test:
        test = load(args.test, args, subset="test")
        check_features(test.data, test.source, test.feature_names)
        match_labels(dataset, test)
    return dataset, test


def _facts(dataset, test):
    """Dataset facts for the report's header tiles."""
    import numpy as np
    import scipy.sparse as sp

    target = dataset.target
    facts = {
        "data": dataset.source,
        "rows": f"{target.shape[0]:,}",
        "features": f"{dataset.data.shape[1]:,}" + (" (sparse)" if sp.issparse(dataset.data)
                                                    else ""),
        "labels": str(target.shape[1]),
        "labels per row": f"{target.sum(axis=1).mean():.2f}",
        "rarest label": f"{100 * target.mean(axis=0).min():.1f}% of rows",
        "rows without label": f"{100 * np.mean(target.sum(axis=1) == 0):.1f}%",
    }
    if test is not None:
        facts["test rows"] = f"{test.target.shape[0]:,}"
    return facts


def _compare(args, dataset, test, progress):
    """Run the protocol on every suitable loss and the peers."""
    import scipy.sparse as sp

    from ._protocol import make_candidates, run_comparison, suitable_losses

    try:
        losses = suitable_losses(dataset.target.shape[1], args.losses)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    candidates = make_candidates(losses, epochs=args.epochs, seed=args.seed,
                                 sparse=sp.issparse(dataset.data))
    n_fits = len(losses) * (1 if test is not None else args.cv)
    with parallel_backend(args.n_jobs, args.dask, n_fits=n_fits) as n_jobs:
        return run_comparison(
            dataset.data, dataset.target, candidates, scoring=args.scoring,
            strategy=args.strategy, cv=args.cv, X_test=None if test is None else test.data,
            Y_test=None if test is None else test.target, seed=args.seed,
            label_names=dataset.target_names, progress=progress, n_jobs=n_jobs)


def _print_results(comparison, dataset, out):
    from ._table import format_table, recommendation

    print(f"Data: {dataset.source}: {dataset.target.shape[0]} rows, "
          f"{dataset.data.shape[1]} features, {dataset.target.shape[1]} labels", file=out)
    print(f"Protocol: {comparison.protocol}.", file=out)
    print("", file=out)
    print(format_table(comparison), file=out)
    print("", file=out)
    print(recommendation(comparison), file=out)


def _write_report(comparison, args, facts, out, warn):
    from ._report import write_report

    command = "skmultinet " + " ".join(shlex.quote(a) for a in args.argv)
    written, note = write_report(comparison, args.out, facts=facts, command=command)
    if note:
        warn(note)
    print(f"Report: {os.path.join(args.out, 'report.html')} "
          f"({len(written)} files written)", file=out)


def run_compare(args, out, err):
    """``skmultinet compare``: load, compare, print the table, write the report.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line, with ``argv`` (for the report).
    out, err : file object
        Where the results and the warnings (and progress bar) go.

    Returns
    -------
    status : int
    """
    warn = warner(err)
    _check_options(args)
    _check_out(args)
    dataset, test = _datasets(args, warn)
    progress = ProgressBar(err, enabled=err.isatty() and not args.quiet)
    started = time.perf_counter()
    comparison = _compare(args, dataset, test, progress)
    progress.close()
    _print_results(comparison, dataset, out)
    if args.out:
        _write_report(comparison, args, _facts(dataset, test), out, warn)
    print(f"Done in {time.perf_counter() - started:.0f}s.", file=out)
    return 0
