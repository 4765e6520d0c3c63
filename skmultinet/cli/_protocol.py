"""The protocol behind ``skmultinet compare``: which loss and threshold rule for these data?

Every candidate (one :class:`~skmultinet.MultiLabelNetClassifier` per loss,
plus two peers a user would otherwise pick) is evaluated on the same outer
cross-validation folds. Inside each outer training fold the candidate is
wrapped in :class:`~skmultinet.ThresholdOptimizer` with ``cv=0.2,
refit=False``: it is fitted on 80% of the fold and its decision rule is tuned
on the other 20%, so each (candidate, fold) costs one fit and the rule never
sees the outer test fold. Peers are also scored at their own 0.5 cut, the
way they are usually used (same fitted model, no extra fit).

This module imports TensorFlow (through the losses); the command line loads
it only when a comparison runs. The ranked table and the recommendation are
in :mod:`._table`, the report in :mod:`._report`.
"""

import time
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.datasets import make_multilabel_classification
from sklearn.exceptions import ConvergenceWarning, UndefinedMetricWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import label_ranking_loss
from sklearn.multiclass import OneVsRestClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.parallel import Parallel, delayed

from ..decision import expected_calibration_error
from ..neural import MultiLabelNetClassifier
from ..thresholds import ThresholdOptimizer
from ..model_selection._split import multilabel_folds
from ..thresholds._metrics import SCORINGS, score
from ..thresholds.strategies import rule_summary

#: Columns of the ranked table, besides the chosen scoring.
METRICS = ("f1_micro", "f1_macro", "f1_samples", "hamming_loss", "ranking_loss")

PEERS = ("MLPClassifier", "OneVsRest(LogisticRegression)")

DEFAULT_PROBLEM = {"n_samples": 1500, "n_features": 60, "n_classes": 10, "n_labels": 3}


def default_problem(seed=0):
    """The built-in dataset: 1 500 rows, 60 features, 10 labels, ~2.7 labels per row.

    Parameters
    ----------
    seed : int, default=0
        ``random_state`` of ``make_multilabel_classification``.

    Returns
    -------
    X : ndarray of shape (1500, 60)
    Y : ndarray of shape (1500, 10)
    """
    return make_multilabel_classification(**DEFAULT_PROBLEM, random_state=seed)


def suitable_losses(n_labels, losses=None):
    """Canonical loss names to compare, checked against the number of labels.

    Parameters
    ----------
    n_labels : int
        Label columns of the data.
    losses : sequence of str, default=None
        Names or aliases; None means the whole catalogue minus the losses
        that need more labels than the data have (``min_labels``).

    Returns
    -------
    names : list of str

    Raises
    ------
    ValueError
        An unknown name (the message lists the valid ones) or a loss that
        needs more labels than the data have.
    """
    from ..losses import ALIASES, LOSSES

    if losses is None:
        return [name for name, loss in LOSSES.items() if loss.min_labels <= n_labels]
    names = []
    for requested in losses:
        name = ALIASES.get(requested, requested)
        if name not in LOSSES:
            valid = ", ".join(sorted(LOSSES)) + "; aliases " + ", ".join(sorted(ALIASES))
            raise ValueError(f"unknown loss {requested!r}; valid names: {valid}")
        if LOSSES[name].min_labels > n_labels:
            raise ValueError(
                f"loss {name!r} needs at least {LOSSES[name].min_labels} labels; the "
                f"data have {n_labels}"
            )
        if name not in names:
            names.append(name)
    return names


@dataclass
class Candidate:
    """A model to compare: a network with one loss, or a peer.

    Attributes
    ----------
    name : str
        Loss name or peer name.
    kind : {"network", "peer"}
    estimator : estimator instance
        Unfitted; cloned by ``ThresholdOptimizer``.
    """

    name: str
    kind: str
    estimator: object


def make_candidates(losses, *, epochs=None, seed=0, sparse=False):
    """One network per loss, then the peers.

    Parameters
    ----------
    losses : sequence of str
        Canonical loss names.
    epochs : int, default=None
        Maximum epochs of the networks and of ``MLPClassifier``; None keeps
        their defaults (200).
    seed : int, default=0
        ``random_state`` of every model.
    sparse : bool, default=False
        Whether X is sparse (the peers' scaler then does not centre).

    Returns
    -------
    candidates : list of Candidate
    """
    epochs_kw = {} if epochs is None else {"epochs": epochs}
    candidates = [
        Candidate(loss, "network", MultiLabelNetClassifier(loss=loss, random_state=seed,
                                                           **epochs_kw))
        for loss in losses
    ]
    mlp = MLPClassifier((256,), early_stopping=True, random_state=seed,
                        max_iter=epochs or 200)
    logistic = OneVsRestClassifier(LogisticRegression(max_iter=1000))
    for name, model in zip(PEERS, (mlp, logistic)):
        candidates.append(
            Candidate(name, "peer", make_pipeline(StandardScaler(with_mean=not sparse), model))
        )
    return candidates


def _metrics(Y_true, Y_pred, scores, scoring):
    values = {name: score(name, Y_true, Y_pred) for name in METRICS[:4]}
    values["ranking_loss"] = float(label_ranking_loss(Y_true, scores))
    values[scoring] = score(scoring, Y_true, Y_pred)
    # How far the probabilities are from the frequencies they claim (15 bins).
    values["ece"] = expected_calibration_error(Y_true, scores)
    return values


def evaluate_fold(candidate, X_train, Y_train, X_test, Y_test, *, strategy, scoring, seed):
    """Fit one candidate on an outer training fold and score it on the test fold.

    Parameters
    ----------
    candidate : Candidate
    X_train, Y_train, X_test, Y_test : arrays
        The outer split.
    strategy : str
        ``ThresholdOptimizer`` strategy.
    scoring : str
        A key of :data:`SCORINGS`; the metric the rule is tuned for.
    seed : int
        ``random_state`` of the validation split.

    Returns
    -------
    rows : list of dict
        Metrics of the tuned rule (and, for peers, of their 0.5 cut).
    extras : dict
        ``"predictions"`` per rule, ``"proba"`` (``predict_proba`` of the
        test fold) and ``"history"`` (networks).
    """
    optimizer = ThresholdOptimizer(candidate.estimator, strategy=strategy, scoring=scoring,
                                   cv=0.2, refit=False, random_state=seed)
    started = time.perf_counter()
    optimizer.fit(X_train, Y_train)
    fit_time = time.perf_counter() - started
    scores = np.asarray(optimizer.predict_proba(X_test), dtype=float)
    tuned = np.asarray(optimizer.predict(X_test))
    own_rule = np.asarray(optimizer.estimator_.predict(X_test))
    base = {"model": candidate.name, "kind": candidate.kind, "fit_time": fit_time}
    tuned_row = {**base, "rule": strategy, **_metrics(Y_test, tuned, scores, scoring),
                 **rule_summary(optimizer)}
    tuned_row["gain"] = tuned_row[scoring] - score(scoring, Y_test, own_rule)
    rows, predictions = [tuned_row], {strategy: tuned}
    if candidate.kind == "peer":
        rows.append({**base, "rule": "0.5", **_metrics(Y_test, own_rule, scores, scoring),
                     "gain": 0.0})
        predictions["0.5"] = own_rule
    history = getattr(optimizer.estimator_, "history_", None)
    return rows, {"predictions": predictions, "proba": scores, "history": history}


@dataclass
class Comparison:
    """Everything ``skmultinet compare`` found.

    Attributes
    ----------
    folds : DataFrame
        One row per model, rule and outer fold.
    summary : DataFrame
        One row per model and rule: means and standard deviations over the
        folds, ranked by ``scoring`` (best first).
    scoring : str
    strategy : str
    label_names : list of str
    predictions : dict
        ``(model, rule) -> (n_samples, n_labels)`` predictions of every
        sample by the model whose test fold held it.
    truth : ndarray
        The matching true labels.
    histories : dict
        ``model -> list`` of per-fold training histories (networks).
    probabilities : dict
        ``model -> (n_samples, n_labels)`` probabilities of every sample by
        the model whose test fold held it (the reliability diagram).
    protocol : str
        One sentence describing how the numbers were obtained.
    """

    folds: pd.DataFrame
    summary: pd.DataFrame
    scoring: str
    strategy: str
    label_names: list
    predictions: dict = field(default_factory=dict)
    truth: np.ndarray = None
    histories: dict = field(default_factory=dict)
    protocol: str = ""
    probabilities: dict = field(default_factory=dict)

    @property
    def best(self):
        """The summary row of the winner."""
        return self.summary.iloc[0]


def _splits(X, Y, cv, seed, X_test, Y_test):
    """Outer (X_train, Y_train, X_test, Y_test, test rows) tuples."""
    if X_test is not None:
        yield X, Y, X_test, Y_test, np.arange(Y_test.shape[0])
        return
    for train, test in multilabel_folds(Y, cv, seed):
        yield X[train], Y[train], X[test], Y[test], test


def _evaluate_quietly(candidate, split, **kwargs):
    """:func:`evaluate_fold` with the warnings the table already accounts for muted.

    Runs in joblib workers too, where the caller's warning filters do not
    reach.
    """
    with warnings.catch_warnings():
        for category in (ConvergenceWarning, UndefinedMetricWarning, UserWarning):
            warnings.simplefilter("ignore", category)
        X_fit, Y_fit, X_eval, Y_eval, _ = split
        return evaluate_fold(candidate, X_fit, Y_fit, X_eval, np.asarray(Y_eval), **kwargs)


def run_comparison(X, Y, candidates, *, scoring="f1_micro", strategy="per_label", cv=3,
                   X_test=None, Y_test=None, seed=0, label_names=None, progress=None,
                   n_jobs=None):
    """Cross-validate every candidate with a tuned decision rule.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    Y : ndarray of shape (n_samples, n_labels)
        0/1 indicator matrix.
    candidates : list of Candidate
    scoring : str, default="f1_micro"
        Key of :data:`SCORINGS`: the metric tuned and ranked by.
    strategy : str, default="per_label"
        ``ThresholdOptimizer`` strategy.
    cv : int, default=3
        Outer folds (``MultilabelStratifiedKFold``, shuffled with ``seed``).
        Ignored when ``X_test`` is given.
    X_test, Y_test : arrays, default=None
        A separate test set instead of cross-validation.
    seed : int, default=0
    label_names : list of str, default=None
    progress : callable, default=None
        Called as ``progress(done, total, what)`` at the start and after each
        (candidate, fold) evaluation completes.
    n_jobs : int, default=None
        (candidate, fold) evaluations run in parallel through joblib: ``-1``
        uses every core, and inside ``joblib.parallel_config(backend="dask")``
        they run on a Dask cluster. Results do not depend on it.

    Returns
    -------
    comparison : Comparison
    """
    Y = np.asarray(Y)
    splits = list(_splits(X, Y, cv, seed, X_test, Y_test))
    tasks = [(fold, candidate) for fold in range(len(splits)) for candidate in candidates]
    truth = np.asarray(Y_test) if X_test is not None else Y
    if progress is not None:
        progress(0, len(tasks), f"{len(tasks)} fits")
    evaluations = Parallel(n_jobs=n_jobs, return_as="generator")(
        delayed(_evaluate_quietly)(candidate, splits[fold], strategy=strategy,
                                   scoring=scoring, seed=seed)
        for fold, candidate in tasks
    )
    folds, predictions, histories, probabilities = _gather(tasks, evaluations, splits,
                                                           truth.shape, progress)
    return Comparison(folds, summarize(folds, scoring), scoring, strategy,
                      list(label_names) if label_names is not None
                      else [f"y{j}" for j in range(Y.shape[1])],
                      predictions, truth, histories,
                      _protocol_sentence(Y, truth, cv, X_test is not None, strategy, scoring),
                      probabilities)


def _gather(tasks, evaluations, splits, shape, progress):
    """Fold rows, out-of-fold predictions per (model, rule), histories and probabilities per model.

    ``evaluations`` come in the order of ``tasks``, each as soon as it is done,
    so that ``progress`` moves while later fits still run.
    """
    n_folds = len(splits)
    rows, predictions, histories, probabilities = [], {}, {}, {}
    for done, ((fold, candidate), (fold_rows, extras)) in enumerate(zip(tasks, evaluations), 1):
        test_rows = splits[fold][4]
        for row in fold_rows:
            rows.append({**row, "fold": fold})
        for rule, y_pred in extras["predictions"].items():
            stored = predictions.setdefault(
                (candidate.name, rule), np.zeros(shape, dtype=np.uint8))
            stored[test_rows] = y_pred
        probabilities.setdefault(candidate.name, np.zeros(shape))[test_rows] = extras["proba"]
        if extras["history"] is not None:
            histories.setdefault(candidate.name, []).append(extras["history"])
        if progress is not None:
            progress(done, len(tasks), f"{candidate.name}, fold {fold + 1}/{n_folds}")
    return pd.DataFrame(rows), predictions, histories, probabilities


def _protocol_sentence(Y, truth, cv, has_test, strategy, scoring):
    """How the numbers were obtained, in one sentence."""
    if has_test:
        return (f"fit on the {Y.shape[0]} training rows (80% to train, 20% to tune the "
                f"{strategy} rule for {scoring}), scored once on {truth.shape[0]} test rows")
    return (f"{cv}-fold multi-label stratified cross-validation of {Y.shape[0]} rows; "
            f"in each training fold, 80% trains the model and 20% tunes the "
            f"{strategy} rule for {scoring}; the test fold is used for scoring only")


def summarize(folds, scoring):
    """Mean and standard deviation of each metric per (model, rule), best first.

    Parameters
    ----------
    folds : DataFrame
        Rows of :func:`evaluate_fold` with a ``fold`` column.
    scoring : str
        Ranks the rows (ascending for ``hamming_loss``).

    Returns
    -------
    summary : DataFrame
        Columns ``model, kind, rule, n_folds``, then ``<metric>`` (mean) and
        ``<metric>_std`` for every metric, fit time and threshold numbers.
    """
    numeric = [column for column in folds.columns
               if column not in ("model", "kind", "rule", "fold")]
    grouped = folds.groupby(["model", "kind", "rule"], sort=False)
    means = grouped[numeric].mean()
    stds = grouped[numeric].std(ddof=0).add_suffix("_std")
    summary = means.join(stds).reset_index()
    summary.insert(3, "n_folds", grouped.size().to_numpy())
    greater_is_better = SCORINGS[scoring][2]
    summary = summary.sort_values(scoring, ascending=not greater_is_better, kind="stable")
    summary.insert(0, "rank", np.arange(1, len(summary) + 1))
    return summary.reset_index(drop=True)
