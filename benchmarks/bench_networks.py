"""Fit time of ``n_networks`` side by side against one network and against separate fits.

For each dataset (training split), in one process and interleaved so that the
machine's load weighs alike on each, this fits ``MultiLabelNetClassifier``
at its defaults with ``n_networks=1``, with ``n_networks=K`` (K networks
trained side by side in one compiled step), and K separate one-network fits
with their own seeds (what averaging them by hand costs). Each setting runs
once to warm up (tracing, XLA compilation) and then ``--repeats`` times; the
median fit time is printed with its ratio to the one-network fit, next to the
epochs early stopping ran and the test micro-F1 at the 0.5 cut (of the
average of the separate fits' probabilities for the last column).

    python benchmarks/bench_networks.py --datasets yeast,scene,medical,20ng --networks 5
"""

import argparse
import os
import statistics
import sys
import time
import warnings

import numpy as np
from bench_quality import DEFAULT_DATA, load
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import f1_score

from skmultinet import MultiLabelNetClassifier


def timed_fit(make, X, Y):
    """``(seconds, fitted models)`` of one call of ``make``'s fits."""
    started = time.perf_counter()
    models = [model.fit(X, Y) for model in make()]
    return time.perf_counter() - started, models


def run_dataset(path, n_networks, repeats, seed):
    X, Y, X_test, Y_test = load(path)
    settings = {
        "one network": lambda: [MultiLabelNetClassifier(random_state=seed)],
        f"n_networks={n_networks}": lambda: [
            MultiLabelNetClassifier(n_networks=n_networks, random_state=seed)],
        f"{n_networks} separate fits": lambda: [
            MultiLabelNetClassifier(random_state=seed + i) for i in range(n_networks)],
    }
    times = {name: [] for name in settings}
    fitted = {}
    for repeat in range(repeats + 1):  # the first round warms up
        for name, make in settings.items():
            seconds, models = timed_fit(make, X, Y)
            if repeat:
                times[name].append(seconds)
            fitted[name] = models
    rows = []
    reference = statistics.median(times["one network"])
    for name, models in fitted.items():
        proba = np.mean([model.predict_proba(X_test) for model in models], axis=0)
        median = statistics.median(times[name])
        rows.append((name, median, median / reference,
                     "/".join(str(model.n_iter_) for model in models),
                     f1_score(Y_test, proba >= 0.5, average="micro", zero_division=0)))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--datasets", default="yeast,scene,medical")
    parser.add_argument("--networks", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore", ConvergenceWarning)
    print("| dataset | setting | fit s (median) | vs one network | epochs | test micro-F1 at 0.5 |")
    print("|---|---|---:|---:|---|---:|")
    for dataset in args.datasets.split(","):
        rows = run_dataset(os.path.join(args.data, f"{dataset}.npz"), args.networks,
                           args.repeats, args.seed)
        for name, seconds, ratio, epochs, micro in rows:
            print(f"| {dataset} | {name} | {seconds:.2f} | {ratio:.2f}x | {epochs} | {micro:.4f} |",
                  flush=True)
        print(f"{dataset} done", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
