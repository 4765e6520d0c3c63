"""Partially labelled training data: masked training vs "unknown = negative" vs full labels.

For yeast and scene (official MULAN train/test splits), a share (30%, 60%) of
the *training* label entries is hidden at random (seeds 0, 1, 2; the test
labels stay complete), and three networks are fitted with the same settings:

- ``masked``: the hidden entries marked unknown (``NaN``), which the loss,
  the early-stopping split and the threshold search leave out;
- ``unknown = negative``: the hidden entries set to 0, what a user without
  unknown entries has to do;
- ``fully labelled``: the complete training labels (the reference; the
  same for both shares).

Each model is scored on the test split by micro- and macro-F1, at the default
0.5 cut and behind ``ThresholdOptimizer`` (per-label thresholds from 3-fold
out-of-fold scores of the training split, tuned for micro-F1 for the micro
column and, on the same out-of-fold scores, for macro-F1 for the macro
column; the masked model's search skips the unknown entries, the
"unknown = negative" one reads them as negatives). Reported: mean +- sd over
the three seeds, and "recovered": the share of the gap between
"unknown = negative" and the fully labelled fit that masking closes.

Settings: ``MultiLabelNetClassifier((256,), batch_size=64, epochs=30)``,
early stopping on (10% held out), ``random_state=seed``. Run
``python benchmarks/bench_missing_labels.py`` (about 10-15 minutes on 2
shared cores); ``--quick`` runs one seed of one share.
"""

import argparse
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import f1_score
from stored_scores import StoredScores

from skmultinet import MultiLabelNetClassifier, ThresholdOptimizer
from skmultinet.datasets import load_dataset

DATA_HOME = "/work/shared/data"
DATASETS = ("yeast", "scene")
SHARES = (0.3, 0.6)
SEEDS = (0, 1, 2)
METHODS = ("masked", "unknown = negative", "fully labelled")


def network(seed):
    return MultiLabelNetClassifier((256,), batch_size=64, epochs=30, random_state=seed)


def hide(Y, share, seed):
    """A float copy of ``Y`` with ``share`` of its entries NaN, drawn at random."""
    hidden = np.random.default_rng(1000 + seed).random(Y.shape) < share
    return np.where(hidden, np.nan, Y.astype(float))


def scores_of(X, Y_fit, X_test, Y_test, seed):
    """Test micro/macro-F1 at 0.5 and tuned, of a network fitted on ``Y_fit``."""
    tuned = ThresholdOptimizer(network(seed), strategy="per_label", scoring="f1_micro", cv=3,
                               store_cv_results=True).fit(X, Y_fit)
    test_scores = tuned.estimator_.predict_proba(X_test)
    # Macro-F1 thresholds from the same out-of-fold scores, tuned for macro-F1.
    macro = ThresholdOptimizer(StoredScores().fit(tuned.cv_results_["scores"]),
                               strategy="per_label", scoring="f1_macro", cv="prefit",
                               refit=False).fit(tuned.cv_results_["scores"], Y_fit)
    default = tuned.estimator_.predict(X_test)
    return {
        "micro 0.5": f1_score(Y_test, default, average="micro", zero_division=0),
        "macro 0.5": f1_score(Y_test, default, average="macro", zero_division=0),
        "micro tuned": f1_score(Y_test, tuned.predict(X_test), average="micro",
                                zero_division=0),
        "macro tuned": f1_score(Y_test, macro.predict(test_scores), average="macro",
                                zero_division=0),
    }


def run(datasets, shares, seeds):
    """``{(dataset, share, method): [per-seed score dicts]}``."""
    results = {}
    for name in datasets:
        train = load_dataset(name, DATA_HOME, subset="train")
        test = load_dataset(name, DATA_HOME, subset="test")
        X, Y = np.asarray(train.data, dtype=np.float32), np.asarray(train.target)
        X_test, Y_test = np.asarray(test.data, dtype=np.float32), np.asarray(test.target)
        for seed in seeds:
            started = time.perf_counter()
            full = scores_of(X, Y, X_test, Y_test, seed)
            for share in shares:
                results.setdefault((name, share, "fully labelled"), []).append(full)
                Y_hidden = hide(Y, share, seed)
                results.setdefault((name, share, "masked"), []).append(
                    scores_of(X, Y_hidden, X_test, Y_test, seed))
                results.setdefault((name, share, "unknown = negative"), []).append(
                    scores_of(X, np.nan_to_num(Y_hidden, nan=0.0), X_test, Y_test, seed))
            print(f"{name} seed {seed}: {time.perf_counter() - started:.0f} s", flush=True)
    return results


COLUMNS = ("micro 0.5", "macro 0.5", "micro tuned", "macro tuned")


def table(results, datasets, shares):
    lines = ["| dataset | hidden | training | " + " | ".join(f"{c}" for c in COLUMNS) + " |",
             "|---|---:|---|" + "---:|" * len(COLUMNS)]
    for name in datasets:
        for share in shares:
            for method in METHODS:
                runs = results[name, share, method]
                cells = []
                for column in COLUMNS:
                    values = np.array([run[column] for run in runs])
                    sd = f" ± {values.std(ddof=1):.3f}" if len(values) > 1 else ""
                    cells.append(f"{values.mean():.3f}{sd}")
                lines.append(f"| {name} | {share:.0%} | {method} | " + " | ".join(cells) + " |")
            gaps = []
            for column in COLUMNS:
                mean = {m: np.mean([run[column] for run in results[name, share, m]])
                        for m in METHODS}
                gap = mean["fully labelled"] - mean["unknown = negative"]
                closed = mean["masked"] - mean["unknown = negative"]
                gaps.append(f"{closed / gap:.0%}" if abs(gap) > 1e-3 else "n/a")
            lines.append(f"| {name} | {share:.0%} | *recovered* | " + " | ".join(gaps) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one seed, one share, yeast")
    args = parser.parse_args()
    datasets, shares, seeds = ((DATASETS[:1], SHARES[:1], SEEDS[:1]) if args.quick
                               else (DATASETS, SHARES, SEEDS))
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        results = run(datasets, shares, seeds)
    print()
    print(table(results, datasets, shares))
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
