"""Time the threshold searches and the stratified splitter on 100 labels x 100k rows.

Run with ``python benchmarks/bench_thresholds.py [--n-samples N] [--n-labels L]``.
For comparison, a naive search (a 101-point grid per label, one
``sklearn.metrics.f1_score`` call per label and threshold) runs on a subsample
in the same process; its time is scaled linearly to the full size.

The searches are timed through the public ``ThresholdOptimizer`` tuning a rule
on stored scores (``cv="prefit"``), so the times include its input checks.
"""

import argparse
import time
import warnings

import numpy as np
from sklearn.metrics import f1_score

from skmultinet import ThresholdOptimizer
from skmultinet.model_selection import MultilabelStratifiedKFold
from stored_scores import StoredScores


def tune(scores, y, strategy, scoring):
    """The rule ``strategy`` tuned for ``scoring`` on ``scores``, as ThresholdOptimizer runs it."""
    stored = StoredScores().fit(scores)
    return ThresholdOptimizer(stored, strategy=strategy, scoring=scoring, cv="prefit",
                              refit=False).fit(scores, y)


def make_scores(n_samples, n_labels, seed=0):
    """Imbalanced labels (prevalence 0.5 % to 30 %) and noisy scores that rank them."""
    rng = np.random.default_rng(seed)
    prevalence = np.geomspace(0.3, 0.005, n_labels)
    y = (rng.random((n_samples, n_labels)) < prevalence).astype(np.int8)
    scores = 1 / (1 + np.exp(-(rng.normal(size=y.shape) + 2.0 * y - 1.5)))
    return scores, y


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def naive_per_label_f1(scores, y, grid):
    """The loop the vectorised search replaces: one sklearn call per label and threshold."""
    thresholds = np.empty(y.shape[1])
    for label in range(y.shape[1]):
        values = [f1_score(y[:, label], scores[:, label] >= t, zero_division=0) for t in grid]
        thresholds[label] = grid[int(np.argmax(values))]
    return thresholds


def run_searches(scores, y):
    rows = []
    for name in ["f1_macro", "f1_micro", "f1_samples", "hamming_loss"]:
        seconds_global, _ = timed(tune, scores, y, "global", name)
        # per_label starts from the best global threshold, then ascends label by label
        seconds_label, _ = timed(tune, scores, y, "per_label", name)
        seconds_top_k, _ = timed(tune, scores, y, "top_k", name)
        rows.append((name, seconds_global, seconds_label, seconds_top_k))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n-samples", type=int, default=100_000)
    parser.add_argument("--n-labels", type=int, default=100)
    parser.add_argument("--naive-samples", type=int, default=10_000)
    args = parser.parse_args()
    scores, y = make_scores(args.n_samples, args.n_labels)
    print(f"{args.n_samples} samples x {args.n_labels} labels")

    print(f"{'metric':<14}{'global (s)':>12}{'per_label (s)*':>15}{'top_k (s)':>11}")
    for name, seconds_global, seconds_label, seconds_top_k in run_searches(scores, y):
        print(f"{name:<14}{seconds_global:>12.2f}{seconds_label:>15.2f}{seconds_top_k:>11.2f}")

    print("* including the global search it starts from")
    fast_seconds, _ = timed(tune, scores, y, "per_label", "f1_macro")
    subsample = slice(0, args.naive_samples)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        naive_seconds, _ = timed(
            naive_per_label_f1, scores[subsample], y[subsample], np.linspace(0, 1, 101)
        )
    scaled = naive_seconds * args.n_samples / args.naive_samples
    print(
        f"per-label F1 (exact, all {args.n_samples} rows): {fast_seconds:.2f} s; naive "
        f"101-point grid on {args.naive_samples} rows: {naive_seconds:.1f} s "
        f"(~{scaled:.0f} s scaled to all rows, {scaled / fast_seconds:.0f}x slower)"
    )

    cv = MultilabelStratifiedKFold(5, shuffle=True, random_state=0)
    split_seconds, folds = timed(list, cv.split(np.zeros((args.n_samples, 1)), y))
    print(f"MultilabelStratifiedKFold(5) split: {split_seconds:.2f} s")


if __name__ == "__main__":
    main()
