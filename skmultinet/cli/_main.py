"""The ``skmultinet`` command: ``compare``, ``fit`` and ``predict``.

This module only parses arguments, loads data and prints; the comparison
protocol lives in :mod:`skmultinet._compare` and the report in
:mod:`skmultinet._report`. Both import TensorFlow, so they are imported when
a command runs, keeping ``skmultinet --help`` fast.

Problems the user can fix (missing file, unknown loss, no label columns, a
label that is never positive) print one line ``skmultinet: error: ...`` and
exit with status 2, like argparse's own usage errors.
"""

import argparse
import contextlib
import os
import shlex
import sys
import time
import warnings
from unittest import mock

EXIT_USAGE = 2
STRATEGIES = ("per_label", "global", "top_k", "cardinality", "mcut")
SCORING_CHOICES = (
    "f1_micro", "f1_macro", "f1_samples", "f1_weighted",
    "jaccard_micro", "jaccard_macro", "jaccard_samples", "jaccard_weighted",
    "accuracy", "hamming_loss",
)


class UsageError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


# ------------------------------------------------------------------ parser


def _comma_list(text):
    return [item.strip() for item in text.split(",") if item.strip()]


def _add_data_options(parser):
    group = parser.add_argument_group("reading DATA")
    group.add_argument("--labels", metavar="N|a,b",
                       help="ARFF label attributes when there is no MULAN .xml file and no "
                            "MEKA -C option: a count (n first, -n last) or names")
    group.add_argument("--label-columns", type=_comma_list, metavar="a,b,c",
                       help="CSV: names of the label columns")
    group.add_argument("--label-prefix", metavar="PREFIX",
                       help="CSV: every column starting with PREFIX is a label (e.g. y_)")
    group.add_argument("--drop-constant-labels", action="store_true",
                       help="drop label columns that are never (or always) positive instead "
                            "of stopping with an error")


def build_parser():
    """The argument parser of the ``skmultinet`` command.

    Returns
    -------
    parser : argparse.ArgumentParser
    """
    parser = argparse.ArgumentParser(
        prog="skmultinet",
        description="Which loss and which threshold for my multi-label data? Compare, fit, "
                    "predict. DATA is a .arff (MULAN or MEKA), .csv, .npz, LIBSVM "
                    "(.svm/.libsvm/.txt) file, or a MULAN benchmark name (emotions, yeast, "
                    "scene, enron, medical, birds).",
    )
    commands = parser.add_subparsers(dest="command", metavar="{compare,fit,predict}")
    commands.required = True

    compare = commands.add_parser(
        "compare", help="rank every loss (with tuned thresholds) against peer models",
        description="Cross-validate MultiLabelNetClassifier with each loss, each wrapped in "
                    "ThresholdOptimizer, against MLPClassifier and OneVsRest("
                    "LogisticRegression); print a ranked table and a recommendation.")
    compare.add_argument("data", nargs="?", metavar="DATA",
                         help="training data; default: a built-in synthetic problem "
                              "(1500 rows, 60 features, 10 labels)")
    compare.add_argument("--losses", type=_comma_list, metavar="L1,L2",
                         help="losses to compare (default: every loss that suits the data)")
    compare.add_argument("--scoring", default="f1_micro", choices=SCORING_CHOICES,
                         help="metric the thresholds are tuned for and models ranked by "
                              "(default: f1_micro)")
    compare.add_argument("--strategy", default="per_label", choices=STRATEGIES,
                         help="ThresholdOptimizer strategy (default: per_label)")
    split = compare.add_mutually_exclusive_group()
    split.add_argument("--cv", type=int, default=5, metavar="K",
                       help="outer cross-validation folds (default: 5)")
    split.add_argument("--test", metavar="DATA",
                       help="score on this test set instead of cross-validating (a .npz or "
                            "a benchmark name gives its test split)")
    compare.add_argument("--epochs", type=int, metavar="N",
                         help="maximum epochs per network (default: 200, early stopping)")
    compare.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    compare.add_argument("--out", metavar="DIR",
                         help="write report.html, results.csv and PNG plots into DIR")
    compare.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    parallel = compare.add_argument_group("running the fits in parallel")
    parallel.add_argument("--n-jobs", type=int, default=1, metavar="N",
                          help="fits run at once on this machine (-1: one per core; "
                               "default: 1)")
    parallel.add_argument("--dask", metavar="ADDRESS",
                          help="run the fits on a Dask cluster: its scheduler address "
                               "(tcp://host:8786), or 'local' for a local cluster of "
                               "single-threaded workers, one per core or --n-jobs (needs "
                               "pip install 'skmultinet[distributed]')")
    _add_data_options(compare)

    fit = commands.add_parser(
        "fit", help="train one model (loss + tuned thresholds) and save it",
        description="Fit MultiLabelNetClassifier with LOSS on 80% of DATA, tune the "
                    "decision rule on the other 20% (as compare does) and save it with "
                    "joblib.")
    fit.add_argument("data", metavar="DATA", help="training data")
    fit.add_argument("--loss", default="binary_crossentropy", help="loss name (default: bce)")
    fit.add_argument("--scoring", default="f1_micro", choices=SCORING_CHOICES)
    fit.add_argument("--strategy", default="per_label", choices=STRATEGIES)
    fit.add_argument("--epochs", type=int, metavar="N")
    fit.add_argument("--seed", type=int, default=0)
    fit.add_argument("--out", default="model.joblib", metavar="FILE",
                     help="where to save the model (default: model.joblib)")
    _add_data_options(fit)

    predict = commands.add_parser(
        "predict", help="predict label sets with a saved model",
        description="Write one 0/1 column per label (label names in the header). Feature "
                    "columns are matched by name (CSV, ARFF) or position (.npz, LIBSVM); "
                    "label columns present in DATA are ignored. A .npz or benchmark name "
                    "gives its test split.")
    predict.add_argument("model", metavar="MODEL", help="a file written by 'skmultinet fit'")
    predict.add_argument("data", metavar="DATA", help="data to predict")
    predict.add_argument("--out", default="predictions.csv", metavar="FILE",
                         help="CSV to write (default: predictions.csv; '-' for stdout)")
    predict.add_argument("--proba", action="store_true",
                         help="write probabilities instead of 0/1 labels")
    _add_data_options(predict)
    return parser


# ------------------------------------------------------------------- data


def _labels_option(text):
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return _comma_list(text)


def _load(source, args, subset):
    from ..datasets._loaders import load_data

    return load_data(source, subset=subset, labels=_labels_option(args.labels),
                     label_columns=args.label_columns, label_prefix=args.label_prefix)


def _check_constant_labels(dataset, args, warn):
    """Stop on never/always-positive labels, or drop them with --drop-constant-labels."""
    import numpy as np

    from ..datasets._loaders import constant_labels

    never, always = constant_labels(dataset.target, dataset.target_names)
    if not never and not always:
        return dataset
    described = "; ".join(part for part in (
        f"never positive: {', '.join(never)}" if never else "",
        f"always positive: {', '.join(always)}" if always else "") if part)
    if not args.drop_constant_labels:
        raise UsageError(
            f"{dataset.source}: label column(s) that cannot be learned ({described}); "
            f"remove them or pass --drop-constant-labels")
    keep = np.array([name not in set(never + always) for name in dataset.target_names])
    if not keep.any():
        raise UsageError(f"{dataset.source}: no label column is ever positive")
    warn(f"dropped {len(keep) - keep.sum()} constant label column(s) ({described})")
    dataset.target = dataset.target[:, keep]
    dataset.target_names = [n for n, k in zip(dataset.target_names, keep) if k]
    return dataset


def _check_features(dataset):
    import numpy as np
    import scipy.sparse as sp

    values = dataset.data.data if sp.issparse(dataset.data) else dataset.data
    missing = int(np.isnan(values).sum())
    if missing:
        raise UsageError(
            f"{dataset.source}: {missing} missing feature value(s) ('?' or empty); "
            f"impute them first (e.g. with sklearn.impute.SimpleImputer)")


def _default_dataset(seed):
    from sklearn.utils import Bunch

    from ._protocol import DEFAULT_PROBLEM, default_problem

    X, Y = default_problem(seed)
    return Bunch(data=X, target=Y.astype("uint8"),
                 feature_names=[f"x{j}" for j in range(X.shape[1])],
                 target_names=[f"label_{j}" for j in range(Y.shape[1])],
                 source=("built-in make_multilabel_classification("
                         + ", ".join(f"{k}={v}" for k, v in DEFAULT_PROBLEM.items())
                         + f", random_state={seed})"))


# --------------------------------------------------------------- progress


class ProgressBar:
    """A one-line ``\\r`` progress bar on a stream; silent when disabled.

    Parameters
    ----------
    stream : file object
        Where to draw (stderr).
    enabled : bool
        Draw or not (callers pass ``stream.isatty() and not quiet``).
    width : int, default=28
        Characters of the bar itself.
    """

    def __init__(self, stream, enabled, width=28):
        self.stream = stream
        self.enabled = enabled
        self.width = width
        self.started = time.perf_counter()
        self._last_length = 0

    def __call__(self, done, total, what):
        if not self.enabled:
            return
        filled = int(round(self.width * done / max(total, 1)))
        elapsed = time.perf_counter() - self.started
        line = (f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} "
                f"{elapsed:4.0f}s  {what}")
        self.stream.write("\r" + line.ljust(self._last_length))
        self.stream.flush()
        self._last_length = len(line)

    def close(self):
        """Erase the bar so that the table starts on a clean line."""
        if self.enabled and self._last_length:
            self.stream.write("\r" + " " * self._last_length + "\r")
            self.stream.flush()


# --------------------------------------------------------------- commands


def _facts(dataset, test):
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


def run_compare(args, out, err):
    """``skmultinet compare``: load, compare, print the table, write the report."""
    warn = _warner(err)
    dataset = _default_dataset(args.seed) if args.data is None else _load(
        args.data, args, subset="train" if args.test else "all")
    dataset = _check_constant_labels(dataset, args, warn)
    _check_features(dataset)
    test = None
    if args.test:
        test = _load(args.test, args, subset="test")
        _check_features(test)
        _match_labels(dataset, test)
    if args.cv < 2:
        raise UsageError(f"--cv must be at least 2, got {args.cv}")
    if args.epochs is not None and args.epochs < 1:
        raise UsageError(f"--epochs must be at least 1, got {args.epochs}")

    import scipy.sparse as sp

    from ._protocol import format_table, make_candidates, recommendation, run_comparison
    from ._protocol import suitable_losses

    try:
        losses = suitable_losses(dataset.target.shape[1], args.losses)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    candidates = make_candidates(losses, epochs=args.epochs, seed=args.seed,
                                 sparse=sp.issparse(dataset.data))
    progress = ProgressBar(err, enabled=err.isatty() and not args.quiet)
    started = time.perf_counter()
    with _parallel_backend(args) as n_jobs:
        comparison = run_comparison(
            dataset.data, dataset.target, candidates, scoring=args.scoring,
            strategy=args.strategy, cv=args.cv, X_test=None if test is None else test.data,
            Y_test=None if test is None else test.target, seed=args.seed,
            label_names=dataset.target_names, progress=progress, n_jobs=n_jobs)
    progress.close()
    print(f"Data: {dataset.source}: {dataset.target.shape[0]} rows, "
          f"{dataset.data.shape[1]} features, {dataset.target.shape[1]} labels", file=out)
    print(f"Protocol: {comparison.protocol}.", file=out)
    print("", file=out)
    print(format_table(comparison), file=out)
    print("", file=out)
    print(recommendation(comparison), file=out)
    if args.out:
        from ._report import write_report

        command = "skmultinet " + " ".join(shlex.quote(a) for a in args.argv)
        written, note = write_report(comparison, args.out, facts=_facts(dataset, test),
                                     command=command)
        if note:
            warn(note)
        print(f"Report: {os.path.join(args.out, 'report.html')} "
              f"({len(written)} files written)", file=out)
    print(f"Done in {time.perf_counter() - started:.0f}s.", file=out)
    return 0


def _match_labels(train, test):
    missing = [name for name in train.target_names if name not in test.target_names]
    if missing:
        raise UsageError(f"{test.source}: the test set lacks label(s) {', '.join(missing[:5])}")
    order = [test.target_names.index(name) for name in train.target_names]
    test.target, test.target_names = test.target[:, order], list(train.target_names)
    if test.data.shape[1] != train.data.shape[1]:
        raise UsageError(f"{test.source}: {test.data.shape[1]} features, the training data "
                         f"have {train.data.shape[1]}")


def run_fit(args, out, err):
    """``skmultinet fit``: one loss, tuned rule, saved with joblib."""
    import joblib

    dataset = _check_constant_labels(_load(args.data, args, subset="train"), args, _warner(err))
    _check_features(dataset)
    from ..neural import MultiLabelNetClassifier
    from ..thresholds import ThresholdOptimizer
    from ._protocol import suitable_losses

    try:
        (loss,) = suitable_losses(dataset.target.shape[1], [args.loss])
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    epochs = {} if args.epochs is None else {"epochs": args.epochs}
    model = ThresholdOptimizer(
        MultiLabelNetClassifier(loss=loss, random_state=args.seed, **epochs),
        strategy=args.strategy, scoring=args.scoring, cv=0.2, refit=False,
        random_state=args.seed)
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(dataset.data, dataset.target)
    for message in {str(w.message) for w in caught}:
        _warner(err)(message)
    bundle = {"model": model, "loss": loss, "feature_names": dataset.feature_names,
              "label_names": dataset.target_names, "source": dataset.source}
    joblib.dump(bundle, args.out)
    print(f"Fitted loss={loss!r} with {args.strategy} thresholds on {dataset.target.shape[0]} "
          f"rows in {time.perf_counter() - started:.1f}s (validation {args.scoring} "
          f"{model.best_score_:.3f}); saved to {args.out}", file=out)
    return 0


def _features_for(bundle, args):
    """The features of DATA, in the order the saved model expects."""
    import numpy as np

    from ..datasets._loaders import DataError, load_data

    source, extension = args.data, os.path.splitext(args.data)[1].lower()
    names = bundle["feature_names"]
    if extension == ".csv":
        import pandas as pd

        if not os.path.isfile(source):
            raise UsageError(f"{source}: no such file")
        frame = pd.read_csv(source)
        frame.columns = [str(c) for c in frame.columns]
        missing = [n for n in names if n not in frame.columns]
        if missing:
            raise UsageError(f"{source}: lacks feature column(s) {', '.join(missing[:5])}")
        return frame[names].to_numpy(dtype=float)
    if extension == ".arff":
        from ..datasets._arff import ArffError, read_arff

        if not os.path.isfile(source):
            raise UsageError(f"{source}: no such file")
        try:
            arff = read_arff(source)
        except ArffError as exc:
            raise DataError(str(exc)) from None
        positions = {a.name: j for j, a in enumerate(arff.attributes)}
        missing = [n for n in names if n not in positions]
        if missing:
            raise UsageError(f"{source}: lacks feature attribute(s) {', '.join(missing[:5])}")
        values = arff.values[:, [positions[n] for n in names]]
        return values.tocsr() if hasattr(values, "tocsr") else np.ascontiguousarray(values)
    if extension in (".svm", ".libsvm", ".svmlight", ".txt"):
        from ..datasets._loaders import load_libsvm

        return load_libsvm(source, n_features=len(names)).data
    dataset = load_data(source, subset="test")
    if dataset.data.shape[1] != len(names):
        raise UsageError(f"{source}: {dataset.data.shape[1]} features, the model expects "
                         f"{len(names)}")
    return dataset.data


def run_predict(args, out, err):
    """``skmultinet predict``: label sets (or probabilities) as CSV."""
    import joblib
    import numpy as np
    import pandas as pd

    if not os.path.isfile(args.model):
        raise UsageError(f"{args.model}: no such file")
    try:
        bundle = joblib.load(args.model)
    except Exception as exc:  # any unpickling failure means "not our model file"
        raise UsageError(f"{args.model}: not a model saved by 'skmultinet fit' ({exc})") from None
    if not isinstance(bundle, dict) or "model" not in bundle:
        raise UsageError(f"{args.model}: not a model saved by 'skmultinet fit'")
    X = _features_for(bundle, args)
    model = bundle["model"]
    values = model.predict_proba(X) if args.proba else model.predict(X)
    frame = pd.DataFrame(np.asarray(values), columns=bundle["label_names"])
    if args.out == "-":
        frame.to_csv(out, index=False, float_format="%.6g")
    else:
        frame.to_csv(args.out, index=False, float_format="%.6g")
        print(f"Wrote {len(frame)} rows x {frame.shape[1]} labels to {args.out}", file=out)
    return 0


def _warner(err):
    def warn(message):
        print(f"skmultinet: warning: {message}", file=err)

    return warn


COMMANDS = {"compare": run_compare, "fit": run_fit, "predict": run_predict}


@contextlib.contextmanager
def _parallel_backend(args):
    """Where the comparison's fits run; yields the ``n_jobs`` to pass on.

    Without ``--dask``: joblib's default (process) backend with ``--n-jobs``.
    With it: joblib's Dask backend on the cluster at that address (or a new
    local one), every fit a task.
    """
    if args.n_jobs == 0 or args.n_jobs < -1:
        raise UsageError(f"--n-jobs must be a positive number or -1, got {args.n_jobs}")
    if not args.dask:
        yield args.n_jobs
        return
    try:
        import joblib
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(
            "--dask needs Dask's distributed scheduler: pip install 'skmultinet[distributed]'"
        ) from None
    with contextlib.ExitStack() as stack:
        if args.dask == "local":
            # The nannies write OMP_NUM_THREADS=1 & co. into this process's
            # environment for their workers: keep it out of ours.
            stack.enter_context(mock.patch.dict(os.environ))
            cluster = stack.enter_context(LocalCluster(
                n_workers=None if args.n_jobs in (1, -1) else args.n_jobs,
                threads_per_worker=1, processes=True, dashboard_address=None))
            address = cluster
        else:
            address = args.dask
        try:
            client = stack.enter_context(Client(address, timeout="10s"))
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {args.dask}: {exc}") from None
        stack.enter_context(joblib.parallel_config(backend="dask"))
        yield -1


def main(argv=None):
    """Run the ``skmultinet`` command.

    Parameters
    ----------
    argv : list of str, default=None
        Arguments without the program name; None reads ``sys.argv[1:]``.

    Returns
    -------
    status : int
        0 on success, 2 for a problem the user can fix (the message is
        printed on stderr, without a traceback).
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser().parse_args(argv)
    args.argv = argv
    from ..datasets._loaders import DataError

    try:
        return COMMANDS[args.command](args, sys.stdout, sys.stderr)
    except (UsageError, DataError) as exc:
        print(f"skmultinet: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\nskmultinet: interrupted", file=sys.stderr)
        return 130
