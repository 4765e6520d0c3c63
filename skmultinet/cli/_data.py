"""Data for the commands: read through :mod:`skmultinet.datasets`, then checked.

Checks here are the command's, not the loaders': a label that is never
positive is valid data but cannot be learned, so the command stops (or drops
it when asked) before spending minutes on fits. NumPy and the loaders are
imported inside the functions, keeping ``skmultinet --help`` fast.
"""

from ._messages import UsageError
from ._parser import comma_list

#: Rows a model needs to train on: 80% fit the network, 20% (at least one row) tune the rule.
MIN_TRAINING_ROWS = 5


def labels_option(text):
    """``--labels`` as :func:`~skmultinet.datasets.load_arff` takes it: a count or names."""
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return comma_list(text)


def load(source, args, *, subset):
    """Load ``source`` with the command's ``--labels`` / ``--label-*`` options.

    Parameters
    ----------
    source : str
        A path or a benchmark name.
    args : argparse.Namespace
        The parsed command line.
    subset : {"train", "test", "all"}
        The split of a ``.npz`` archive or a benchmark name.

    Returns
    -------
    dataset : Bunch
    """
    from ..datasets import MAX_FEATURES, load_data

    return load_data(source, subset=subset, labels=labels_option(args.labels),
                     label_columns=args.label_columns, label_prefix=args.label_prefix,
                     max_features=getattr(args, "max_features", None) or MAX_FEATURES)


def check_constant_labels(dataset, *, drop, warn):
    """Stop on never/always-positive labels, or drop them (``--drop-constant-labels``).

    Parameters
    ----------
    dataset : Bunch
        Changed in place when labels are dropped.
    drop : bool
        Drop such labels with a warning instead of stopping.
    warn : callable
        Prints a warning line.

    Returns
    -------
    dataset : Bunch
    """
    import numpy as np

    from ..datasets._bunch import constant_labels

    never, always = constant_labels(dataset.target, dataset.target_names)
    if not never and not always:
        return dataset
    described = "; ".join(part for part in (
        f"never positive: {', '.join(never)}" if never else "",
        f"always positive: {', '.join(always)}" if always else "") if part)
    if not drop:
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


def check_features(data, source, feature_names=None):
    """Stop on missing or infinite feature values, which the networks cannot take.

    Parameters
    ----------
    data : ndarray or sparse matrix
    source : str
        Where the data came from, for the message.
    feature_names : list of str, default=None
        Names of ``data``'s columns, to say where the first infinite value is.
    """
    import numpy as np
    import scipy.sparse as sp

    values = data.data if sp.issparse(data) else data
    missing = int(np.isnan(values).sum())
    if missing:
        raise UsageError(
            f"{source}: {missing} missing feature value(s) ('?' or empty); "
            f"impute them first (e.g. with sklearn.impute.SimpleImputer)")
    infinite = int(np.isinf(values).sum())
    if infinite:
        row, column = _first_infinite(data)
        name = feature_names[column] if feature_names is not None else f"column {column + 1}"
        raise UsageError(
            f"{source}: {infinite} infinite feature value(s) (inf, -inf, or too large for a "
            f"float), the first in data row {row + 1} ({name}); replace or clip them first "
            f"(e.g. with numpy.clip)")


def _first_infinite(data):
    """Row and column of the first infinite value, in reading order."""
    import numpy as np
    import scipy.sparse as sp

    if sp.issparse(data):
        coo = data.tocoo()
        infinite = np.isinf(coo.data)
        rows, columns = coo.row[infinite], coo.col[infinite]
    else:
        rows, columns = np.nonzero(np.isinf(data))
    first = np.lexsort((columns, rows))[0]
    return int(rows[first]), int(columns[first])


def check_rows(dataset, *, cv=None):
    """Stop when there are too few rows to train on (in each fold, with ``cv`` folds).

    Parameters
    ----------
    dataset : Bunch
    cv : int, default=None
        ``compare --cv``: each model trains on all but one fold.
    """
    n_rows = dataset.target.shape[0]
    if cv is not None and n_rows < cv:
        raise UsageError(f"{dataset.source}: {n_rows} rows cannot make {cv} folds; "
                         f"lower --cv")
    n_training = n_rows - -(-n_rows // cv) if cv else n_rows
    if n_training < MIN_TRAINING_ROWS:
        where = f"in each of the --cv {cv} training folds" if cv else "in all"
        raise UsageError(
            f"{dataset.source}: {n_training} training rows {where}; a model needs at least "
            f"{MIN_TRAINING_ROWS} (80% fit the network, 20% tune the thresholds)")


def match_labels(train, test):
    """Put the test set's label columns in the training order; check the widths.

    Parameters
    ----------
    train, test : Bunch
        ``test`` is changed in place.
    """
    missing = [name for name in train.target_names if name not in test.target_names]
    if missing:
        raise UsageError(f"{test.source}: the test set lacks label(s) {', '.join(missing[:5])}")
    order = [test.target_names.index(name) for name in train.target_names]
    test.target, test.target_names = test.target[:, order], list(train.target_names)
    if test.data.shape[1] != train.data.shape[1]:
        raise UsageError(f"{test.source}: {test.data.shape[1]} features, the training data "
                         f"have {train.data.shape[1]}")


def default_dataset(seed):
    """``compare`` without DATA: the protocol's built-in synthetic problem as a Bunch.

    Parameters
    ----------
    seed : int
        Its ``random_state``.

    Returns
    -------
    dataset : Bunch
    """
    from sklearn.utils import Bunch

    from ._protocol import DEFAULT_PROBLEM, default_problem

    X, Y = default_problem(seed)
    return Bunch(data=X, target=Y.astype("uint8"),
                 feature_names=[f"x{j}" for j in range(X.shape[1])],
                 target_names=[f"label_{j}" for j in range(Y.shape[1])],
                 source=("built-in make_multilabel_classification("
                         + ", ".join(f"{k}={v}" for k, v in DEFAULT_PROBLEM.items())
                         + f", random_state={seed})"))
