"""Does early stopping on the scored metric beat early stopping on the loss? (issue 18)

``AutoMultiLabelNet`` scores its candidates by micro- or macro-F1, while each
network's early stopping watches the validation loss. This measures, on the
training split of each MULAN development set only (the test split is never
read), whether ``metrics=[scoring], monitor="val_" + scoring`` would do better:
3-fold multi-label stratified cross-validation, the default network
(``MultiLabelNetClassifier()``, early stopping on 10% of each training fold),
both F1s at the 0.5 cut on the held-out fold, seeds 0 and 1. The same folds and
seeds serve both variants, so the difference per dataset is paired.

Usage::

    python benchmarks/bench_monitor_metric.py [--data ../shared/data]
        [--datasets emotions,yeast] [--seeds 0,1]
"""

import argparse
import os
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import f1_score

from skmultinet import MultiLabelNetClassifier
from skmultinet.model_selection import MultilabelStratifiedKFold

DEFAULT_DATA = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")
DATASETS = ("emotions", "yeast", "scene", "medical", "enron", "birds")


def cross_validated(X, Y, seed, **params):
    """Held-out micro- and macro-F1 (pooled over the 3 folds) and the mean best epoch."""
    predicted = np.zeros_like(Y)
    epochs = []
    folds = MultilabelStratifiedKFold(n_splits=3, shuffle=True, random_state=seed)
    for train, test in folds.split(X, Y):
        model = MultiLabelNetClassifier(random_state=seed, **params).fit(X[train], Y[train])
        predicted[test] = model.predict(X[test])
        epochs.append(model.best_epoch_)
    return (f1_score(Y, predicted, average="micro", zero_division=0),
            f1_score(Y, predicted, average="macro", zero_division=0), float(np.mean(epochs)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--datasets", default=",".join(DATASETS))
    parser.add_argument("--seeds", default="0,1")
    args = parser.parse_args()
    warnings.simplefilter("ignore", ConvergenceWarning)
    seeds = [int(seed) for seed in args.seeds.split(",")]
    variants = {
        "val_loss": {},
        "val_f1_micro": {"metrics": ["f1_micro"], "monitor": "val_f1_micro"},
        "val_f1_macro": {"metrics": ["f1_macro"], "monitor": "val_f1_macro"},
    }
    print("| dataset | monitor | CV micro-F1 | CV macro-F1 | best epoch | seconds |")
    print("|---|---|---:|---:|---:|---:|")
    wins = {"val_f1_micro": [], "val_f1_macro": []}
    for name in args.datasets.split(","):
        data = np.load(os.path.join(args.data, f"{name}.npz"))
        X, Y = data["X_train"], data["Y_train"]
        results = {}
        for label, params in variants.items():
            started = time.perf_counter()
            runs = np.array([cross_validated(X, Y, seed, **params) for seed in seeds])
            results[label] = runs.mean(axis=0)
            micro, macro, epoch = results[label]
            print(f"| {name} | {label} | {micro:.4f} | {macro:.4f} | {epoch:.1f} | "
                  f"{time.perf_counter() - started:.0f} |", flush=True)
        # Each metric-monitored variant against the loss, on the metric it watches.
        wins["val_f1_micro"].append(results["val_f1_micro"][0] - results["val_loss"][0])
        wins["val_f1_macro"].append(results["val_f1_macro"][1] - results["val_loss"][1])
    for label, gains in wins.items():
        print(f"{label} vs val_loss on its own metric: mean gain {np.mean(gains):+.4f}, "
              f"better on {sum(g > 0 for g in gains)} of {len(gains)} datasets "
              f"({', '.join(f'{g:+.4f}' for g in gains)})")


if __name__ == "__main__":
    main()
