"""Would averaging seeds make the defaults rank first or second on the test splits? (issue 20)

``bench_quality.py`` ranks the methods by their test scores, thresholds tuned
the same way for every one. This script adds one row to its cached results:
``MultiLabelNetClassifier()`` at its defaults fitted ``--networks`` times with
different seeds, the probabilities averaged (``seed_average.SeedAverage``), and
evaluated exactly as ``bench_quality.evaluate_model`` evaluates every model
(per-label thresholds tuned on 3-fold out-of-fold scores of the training split,
once for micro-F1 and once for macro-F1). It then prints the average ranks, with
the Friedman test and the Nemenyi critical difference, of the issue's seven
methods (the five peers, the defaults and ``AutoMultiLabelNet``) twice: as they
are, and with the averaged defaults in place of the single network.

The peers' and auto's rows are read from ``bench_quality.py``'s cache (seed 0 in
the folder itself, seed N in ``seedN/``); only datasets cached at every seed
asked for are ranked. The new rows are cached in ``--own-cache``::

    python benchmarks/bench_seed_average.py --seeds 0,1,2,3,4 \\
        --datasets emotions,yeast,scene,birds,medical,enron
"""

import argparse
import json
import os
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning, UndefinedMetricWarning
from skmultinet import MultiLabelNetClassifier
from threadpoolctl import threadpool_limits

from bench_quality import (DEFAULT_DATA, PEERS, RANKED, cached_path, defaults_stamp,
                           evaluate_model, has_todays_defaults, read_cached)
from bench_quality import load as load_split
from rank_statistics import rank_table
from seed_average import SeedAverage

HERE = os.path.dirname(__file__)
DEFAULTS, AUTO = "skmultinet defaults", "skmultinet auto"


def averaged_name(n):
    return f"skmultinet defaults x {n} seeds"


def cached_quality(cache, dataset, seed):
    """bench_quality.py's result for ``dataset`` at ``seed``, or None."""
    path = cached_path(cache, dataset, seed)
    result = read_cached(path, seed)
    if result is not None and not has_todays_defaults(result):
        raise SystemExit(f"{path}: its defaults rows were fitted with other defaults; run "
                         "bench_quality.py on it first.")
    return result


def averaged_row(args, dataset, seed):
    """The tuned row of the averaged defaults, from ``--own-cache`` or fitted now."""
    path = os.path.join(args.own_cache, f"{dataset}_seed{seed}_x{args.networks}.json")
    if os.path.exists(path):
        with open(path) as stream:
            row = json.load(stream)
        if has_todays_defaults(row):
            return row
        print(f"{path}: fitted with other defaults, fitted again", file=sys.stderr)
    X, Y, X_test, Y_test = load_split(os.path.join(args.data, f"{dataset}.npz"))
    model = SeedAverage(MultiLabelNetClassifier(random_state=seed), args.networks)
    started = time.perf_counter()
    rows = evaluate_model(model, X, Y, X_test, Y_test, seed)
    print(f"{dataset} seed {seed}: {time.perf_counter() - started:.0f}s", file=sys.stderr,
          flush=True)
    row = {"model": averaged_name(args.networks), "seed": seed, "defaults": defaults_stamp(),
           **next(r for r in rows if r["rule"] == "tuned")}
    with open(path + ".tmp", "w") as stream:
        json.dump(row, stream, indent=1)
    os.replace(path + ".tmp", path)
    return row


def tuned(result, model):
    """The tuned row of ``model`` in a bench_quality result (auto has only that one)."""
    return next(r for r in result["rows"] if r["model"] == model and r["rule"].startswith("tuned"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--datasets", default="emotions,yeast,scene,birds,medical,enron")
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--networks", type=int, default=5)
    parser.add_argument("--cache", default=os.path.join(HERE, "results", "bench_quality_seed0"),
                        help="bench_quality.py's cache (read only)")
    parser.add_argument("--own-cache", default=os.path.join(HERE, "results",
                                                            "bench_seed_average"))
    args = parser.parse_args(argv)
    seeds = [int(seed) for seed in args.seeds.split(",")]
    os.makedirs(args.own_cache, exist_ok=True)
    warnings.simplefilter("ignore", ConvergenceWarning)
    warnings.simplefilter("ignore", UndefinedMetricWarning)
    threadpool_limits(1, user_api="blas")  # as bench_quality.py
    averaged = averaged_name(args.networks)
    methods = [*PEERS, DEFAULTS, AUTO, averaged]
    datasets, values = [], []
    for dataset in args.datasets.split(","):
        results = [cached_quality(args.cache, dataset, seed) for seed in seeds]
        if any(result is None for result in results):
            print(f"{dataset}: not in bench_quality's cache at every seed, left out",
                  file=sys.stderr)
            continue
        per_seed = []
        for seed, result in zip(seeds, results):
            rows = [tuned(result, model) for model in methods[:-1]]
            rows.append(averaged_row(args, dataset, seed))
            per_seed.append([[row[column] for column, *_ in RANKED] for row in rows])
        datasets.append(dataset)
        values.append(np.mean(per_seed, axis=0))  # (methods, measures)
    values = np.array(values)  # (datasets, methods, measures)
    print(f"Tuned test scores, mean over seeds {args.seeds}, {len(datasets)} datasets\n")
    for m, (column, title, lower) in enumerate(RANKED):
        print(f"| {title} | " + " | ".join(methods) + " |")
        print("|---|" + "---:|" * len(methods))
        for dataset, row in zip(datasets, values[:, :, m]):
            print(f"| {dataset} | " + " | ".join(f"{v:.4f}" for v in row) + " |")
        print()
    for title, keep in (("as measured (the single-network defaults)", methods[:-1]),
                        ("the averaged defaults in place of the single network",
                         [*PEERS, averaged, AUTO])):
        index = [methods.index(name) for name in keep]
        columns = [(name, values[:, index, m], lower)
                   for m, (_, name, lower) in enumerate(RANKED)]
        lines, _ = rank_table(columns, keep)
        print(f"Average ranks, {title}:\n")
        print("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
