"""The ``skmultinet`` argument parser: ``compare``, ``fit`` and ``predict``.

The ``--strategy`` and ``--scoring`` choices are read from the threshold
wing's registries when the parser is built, so a strategy registered with
:func:`skmultinet.thresholds.strategies.register_strategy` is a valid choice.
Nothing here imports TensorFlow, so ``skmultinet --help`` stays fast.
"""

import argparse

from ..datasets._bunch import MAX_FEATURES
from ..thresholds._metrics import comparison_scorings
from ..thresholds.strategies import strategy_names
from ._messages import UsageError

#: The largest seed NumPy and scikit-learn take.
MAX_SEED = 2**32 - 1


DESCRIPTION = (
    "Which loss and which threshold for my multi-label data? Compare, fit, predict. DATA "
    "is a .arff (MULAN or MEKA), .csv, .npz, LIBSVM (.svm/.libsvm/.txt) file, or a MULAN "
    "benchmark name (emotions, yeast, scene, enron, medical, birds)."
)


def comma_list(text):
    """``"a, b,,c"`` -> ``["a", "b", "c"]``."""
    return [item.strip() for item in text.split(",") if item.strip()]


def _add_data_options(parser):
    group = parser.add_argument_group("reading DATA")
    group.add_argument("--labels", metavar="N|a,b",
                       help="ARFF label attributes when there is no MULAN .xml file and no "
                            "MEKA -C option: a count (n first, -n last) or names")
    group.add_argument("--label-columns", type=comma_list, metavar="a,b,c",
                       help="CSV: names of the label columns")
    group.add_argument("--label-prefix", metavar="PREFIX",
                       help="CSV: every column starting with PREFIX is a label (e.g. y_)")
    group.add_argument("--max-features", type=int, default=MAX_FEATURES, metavar="N",
                       help=f"refuse data wider than N features before reading them "
                            f"(default: {MAX_FEATURES}; a LIBSVM index or a column count "
                            f"beyond it is usually a broken file)")
    group.add_argument("--drop-constant-labels", action="store_true",
                       help="drop label columns that are never (or always) positive instead "
                            "of stopping with an error")


def _add_parallel_options(parser):
    parallel = parser.add_argument_group("running the fits in parallel")
    parallel.add_argument("--n-jobs", type=int, default=None, metavar="N",
                          help="fits run at once on this machine, each in its own process "
                               "(-1: one per core; default: one per core, at most 4, for 20 network "
                               "fits or more, else 1)")
    parallel.add_argument("--dask", metavar="ADDRESS",
                          help="run the fits on a Dask cluster: its scheduler address "
                               "(tcp://host:8786), or 'local' for a local cluster of "
                               "single-threaded workers, one per core or --n-jobs (needs "
                               "pip install 'skmultinet[distributed]')")


def _add_force(parser, what):
    parser.add_argument("--force", action="store_true",
                        help=f"replace {what} (a symbolic link is replaced itself, never "
                             f"its target; inputs are never replaced)")


def _add_compare(commands):
    compare = commands.add_parser(
        "compare", help="rank every loss (with tuned thresholds) against peer models",
        description="Cross-validate MultiLabelNetClassifier with each loss, each wrapped in "
                    "ThresholdOptimizer, against MLPClassifier and OneVsRest("
                    "LogisticRegression); print a ranked table and a recommendation.")
    compare.add_argument("data", nargs="?", metavar="DATA",
                         help="training data; default: a built-in synthetic problem "
                              "(1500 rows, 60 features, 10 labels)")
    compare.add_argument("--losses", type=comma_list, metavar="L1,L2",
                         help="losses to compare (default: every loss that suits the data)")
    compare.add_argument("--scoring", default="f1_micro", choices=comparison_scorings(),
                         help="metric the thresholds are tuned for and models ranked by "
                              "(default: f1_micro)")
    compare.add_argument("--strategy", default="per_label", choices=strategy_names(),
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
                         help="write report.html, results.csv and PNG plots into DIR: a "
                              "new or empty folder, or an earlier report")
    _add_force(compare, "the report's files in a folder that holds other files")
    compare.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    _add_parallel_options(compare)
    _add_data_options(compare)


def _add_fit(commands):
    fit = commands.add_parser(
        "fit", help="train one model (loss + tuned thresholds) and save it",
        description="Fit MultiLabelNetClassifier with LOSS on 80% of DATA, tune the "
                    "decision rule on the other 20% (as compare does) and save it as a "
                    "model file that loads without running code from it "
                    "(skmultinet.load reads it too).")
    fit.add_argument("data", metavar="DATA", help="training data")
    fit.add_argument("--loss", default="binary_crossentropy", help="loss name (default: bce)")
    fit.add_argument("--scoring", default="f1_micro", choices=comparison_scorings())
    fit.add_argument("--strategy", default="per_label", choices=strategy_names())
    fit.add_argument("--epochs", type=int, metavar="N")
    fit.add_argument("--seed", type=int, default=0)
    fit.add_argument("--out", default="model.skmn", metavar="FILE",
                     help="where to save the model (default: model.skmn)")
    _add_force(fit, "an existing --out file")
    _add_data_options(fit)


def _add_predict(commands):
    predict = commands.add_parser(
        "predict", help="predict label sets with a saved model",
        description="Write one 0/1 column per label (label names in the header). Feature "
                    "columns are matched by name (CSV, ARFF) or position (.npz, LIBSVM); "
                    "label columns present in DATA are ignored. A .npz or benchmark name "
                    "gives its test split.")
    predict.add_argument("model", metavar="MODEL", help="a file written by 'skmultinet fit'")
    predict.add_argument("--allow-pickle", action="store_true",
                         help="also read a pickle/joblib MODEL (written by skmultinet 0.1.0's "
                              "fit). Loading a pickle RUNS CODE FROM THE FILE: use it only "
                              "for a file you made yourself or fully trust")
    predict.add_argument("data", metavar="DATA", help="data to predict")
    predict.add_argument("--out", default="predictions.csv", metavar="FILE",
                         help="CSV to write (default: predictions.csv; '-' for stdout)")
    _add_force(predict, "an existing --out file")
    predict.add_argument("--proba", action="store_true",
                         help="write probabilities instead of 0/1 labels")
    _add_data_options(predict)


def check_numbers(args):
    """``--epochs`` and ``--seed`` in range, as a :class:`UsageError` before any work."""
    if args.epochs is not None and args.epochs < 1:
        raise UsageError(f"--epochs must be at least 1, got {args.epochs}")
    if not 0 <= args.seed <= MAX_SEED:
        raise UsageError(f"--seed must be between 0 and {MAX_SEED}, got {args.seed}")


def build_parser():
    """The argument parser of the ``skmultinet`` command.

    Returns
    -------
    parser : argparse.ArgumentParser

    Examples
    --------
    >>> from skmultinet.cli import build_parser
    >>> build_parser().parse_args(["compare", "--cv", "3"]).cv
    3
    """
    parser = argparse.ArgumentParser(prog="skmultinet", description=DESCRIPTION)
    commands = parser.add_subparsers(dest="command", metavar="{compare,fit,predict}")
    commands.required = True
    _add_compare(commands)
    _add_fit(commands)
    _add_predict(commands)
    return parser
