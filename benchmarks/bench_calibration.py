"""Calibration of the non-probabilistic losses: global Platt pair vs per-label Platt vs isotonic.

For each of the six MULAN development datasets, each loss whose scores are not
probabilities (``needs_calibration``: ``lsep`` and ``softmax_crossentropy`` by
default, ``--losses`` for others) and each seed, one network is trained on 80% of the
training split (``calibration=None``, a fixed number of epochs) and its
scores are calibrated on another 10% of the training split (the held-out
rows, as ``fit`` does with the early-stopping rows) by each map:

- ``global pair``: one ``sigmoid(a * s + b)`` for every label (before);
- ``per-label Platt``: ``calibration="platt"`` (each label's map shrunk
  towards the global pair); ``prior x5``: five times as strongly;
- ``per-label Platt, shared-slope prior``: only the slopes shrunk, towards
  one slope shared by the labels' standardised scores (``prior="shared"``);
- ``per-label Platt, no shrinkage``: ``prior_strength=0``;
- ``isotonic``: ``calibration="isotonic"``;
- ``... on training rows``: fitted on the network's own 80% (what ``fit``
  does without a held-out split);
- ``uncalibrated``: the sigmoid of the loss's scores (``calibration=None``).

Reported: expected calibration error (15 bins) over every label entry and
averaged per label, and the Brier score, on the last 10% of the training
split (``--report selection``, the numbers a choice between variants may use)
and on the official test split (``--report test``, the numbers to report).

Run ``python benchmarks/bench_calibration.py`` (431 s measured on 2 shared cores);
``--quick`` runs one seed of two datasets.
"""

import argparse
import time
import warnings

import numpy as np

from skmultinet import MultiLabelNetClassifier
from skmultinet.datasets import MULAN_DATASETS, load_dataset
from skmultinet.decision import (
    apply_calibration,
    apply_platt_scaling,
    brier_score,
    expected_calibration_error,
    fit_label_isotonic,
    fit_label_platt,
    fit_platt_scaling,
)
from skmultinet.model_selection import multilabel_train_test_split

DATA_HOME = "/work/shared/data"
DATASETS = ("emotions", "yeast", "scene", "medical", "enron", "birds")
LOSSES = ("lsep", "softmax_crossentropy")
VARIANTS = ("global pair", "per-label Platt", "per-label Platt, prior x5",
            "per-label Platt, shared-slope prior", "per-label Platt, no shrinkage", "isotonic",
            "global pair on training rows", "per-label Platt on training rows", "uncalibrated")


def calibrations(scores, Y):
    """``{variant: function(scores) -> probabilities}`` fitted on the held-out and training rows."""
    held, train = scores["calibration"], scores["fit"]
    Y_held, Y_train = Y["calibration"], Y["fit"]
    pair = fit_platt_scaling(held, Y_held)
    slopes, intercepts, _ = fit_label_platt(held, Y_held)
    free_slopes, free_intercepts, _ = fit_label_platt(held, Y_held, prior_strength=0.0)
    shared_prior = fit_label_platt(held, Y_held, prior="shared")[:2]
    strong_prior = fit_label_platt(held, Y_held, prior_strength=10.0)[:2]
    isotonic, _ = fit_label_isotonic(held, Y_held)
    train_pair = fit_platt_scaling(train, Y_train)
    train_slopes, train_intercepts, _ = fit_label_platt(train, Y_train)
    maps = {
        "global pair": lambda s: apply_platt_scaling(s, pair),
        "per-label Platt": lambda s: apply_platt_scaling(s, (slopes, intercepts)),
        "per-label Platt, no shrinkage":
            lambda s: apply_platt_scaling(s, (free_slopes, free_intercepts)),
        "per-label Platt, prior x5": lambda s: apply_platt_scaling(s, strong_prior),
        "per-label Platt, shared-slope prior": lambda s: apply_platt_scaling(s, shared_prior),
        "isotonic": lambda s: apply_calibration(s, isotonic),
        "global pair on training rows": lambda s: apply_platt_scaling(s, train_pair),
        "per-label Platt on training rows":
            lambda s: apply_platt_scaling(s, (train_slopes, train_intercepts)),
        "uncalibrated": lambda s: s,
    }
    return {name: (lambda s, f=f: 1.0 / (1.0 + np.exp(-f(s)))) for name, f in maps.items()}


def run_one(name, loss, seed, epochs):
    """Metrics of every variant on the selection rows and the test split."""
    train = load_dataset(name, DATA_HOME, subset="train")
    test = load_dataset(name, DATA_HOME, subset="test")
    X, Y = np.asarray(train.data, dtype=np.float64), np.asarray(train.target)
    rows = np.arange(len(Y))
    fit_rows, rest = multilabel_train_test_split(rows, Y, test_size=0.2, random_state=seed)[:2]
    calibration_rows, selection_rows = multilabel_train_test_split(
        rest, Y[rest], test_size=0.5, random_state=seed)[:2]
    clf = MultiLabelNetClassifier(loss=loss, calibration=None, early_stopping=False,
                                  epochs=epochs, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(X[fit_rows], Y[fit_rows])
    parts = {"fit": fit_rows, "calibration": calibration_rows, "selection": selection_rows}
    scores = {part: clf.decision_function(X[r]) for part, r in parts.items()}
    targets = {part: Y[r] for part, r in parts.items()}
    scores["test"], targets["test"] = clf.decision_function(test.data), np.asarray(test.target)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        maps = calibrations(scores, targets)
    results = {}
    for report in ("selection", "test"):
        for variant, proba_of in maps.items():
            proba = proba_of(scores[report])
            results[report, variant] = (
                expected_calibration_error(targets[report], proba),
                expected_calibration_error(targets[report], proba, per_label=True),
                brier_score(targets[report], proba),
            )
    return results


def table(results, datasets, losses, report):
    """Markdown table: one row per dataset, loss and variant; seeds averaged."""
    lines = [("| dataset | loss | calibration | ECE (all entries) | ECE (mean per label) "
              "| Brier |"), "|---|---|---|---:|---:|---:|"]
    for name in datasets:
        for loss in losses:
            for variant in VARIANTS:
                values = np.mean([seed_results[report, variant] for (n, l, _), seed_results
                                  in results.items() if n == name and l == loss], axis=0)
                lines.append(f"| {name} | {loss} | {variant} | {values[0]:.4f} | "
                             f"{values[1]:.4f} | {values[2]:.4f} |")
    return "\n".join(lines)


def summary(results, report):
    """Per variant: mean of each metric over datasets, losses and seeds, and rows won on ECE."""
    lines = [("| calibration | ECE (all entries) | ECE (mean per label) | Brier "
              "| lowest ECE (of runs) |"), "|---|---:|---:|---:|---:|"]
    runs = list(results.values())
    wins = {variant: 0 for variant in VARIANTS}
    for run in runs:
        wins[min(VARIANTS[:6], key=lambda v: run[report, v][0])] += 1
    for variant in VARIANTS:
        values = np.mean([run[report, variant] for run in runs], axis=0)
        won = f"{wins[variant]}/{len(runs)}" if variant in VARIANTS[:6] else "-"
        lines.append(f"| {variant} | {values[0]:.4f} | {values[1]:.4f} | {values[2]:.4f} | "
                     f"{won} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--losses", default=",".join(LOSSES))
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    assert set(DATASETS) <= set(MULAN_DATASETS)
    datasets = DATASETS[:2] if args.quick else DATASETS
    seeds = [0] if args.quick else [int(seed) for seed in args.seeds.split(",")]
    losses = args.losses.split(",")
    results, start = {}, time.perf_counter()
    for name in datasets:
        for loss in losses:
            for seed in seeds:
                results[name, loss, seed] = run_one(name, loss, seed, args.epochs)
        print(f"# {name} done ({time.perf_counter() - start:.0f} s)", flush=True)
    for report in ("selection", "test"):
        print(f"\n## {report} rows: mean over {len(seeds)} seeds\n")
        print(table(results, datasets, losses, report))
        print(f"\n## {report} rows: mean over datasets, losses and seeds\n")
        print(summary(results, report))


if __name__ == "__main__":
    main()
