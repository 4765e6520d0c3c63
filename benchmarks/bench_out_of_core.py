"""Peak memory of streaming a large sparse file against loading it whole.

Runs ``examples/plot_out_of_core.py`` twice, each in a fresh process so that
peak resident memory (``ru_maxrss``) belongs to one mode only: ``--mode
stream`` (``partial_fit`` on 10 000-row chunks read by
``iter_libsvm_chunks``) and ``--mode whole`` (``load_libsvm`` then ``fit``,
same network, same number of passes). The ``baseline`` is a process that
imports skmultinet and fits a tiny network: TensorFlow's and Keras's own
footprint, paid whatever the data. Each ``--rows`` value is a separate file,
so the table shows how each mode grows with the data.

Usage::

    python benchmarks/bench_out_of_core.py [--rows 100000 200000] [--passes 2]
"""

import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "examples", "plot_out_of_core.py")
BASELINE = (
    "import resource, numpy as np, skmultinet;"
    "skmultinet.MultiLabelNetClassifier((8,), epochs=2).fit(np.eye(20), np.eye(20, 3, dtype=int));"
    "print('peak_rss_mib=%d' % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))"
)


def run(arguments):
    completed = subprocess.run([sys.executable, *arguments], capture_output=True, text=True,
                               check=True)
    line = completed.stdout.strip().splitlines()[-1]
    return dict(re.findall(r"(\w+)=(\S+)", line))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 200_000])
    parser.add_argument("--passes", type=int, default=2)
    args = parser.parse_args()
    baseline = int(run(["-c", BASELINE])["peak_rss_mib"])
    print(f"{args.passes} passes; baseline (TensorFlow + a tiny fit) {baseline} MiB peak")
    print("| rows | file MiB | mode | peak RSS MiB | above baseline MiB | seconds | "
          "test micro-F1 |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for rows in args.rows:
        common = ["--rows", str(rows)]
        file_mib = run([EXAMPLE, *common, "--passes", "0"])["file_mib"]  # writes it once
        for mode in ("stream", "whole"):
            result = run([EXAMPLE, *common, "--passes", str(args.passes), "--mode", mode])
            peak = int(result["peak_rss_mib"])
            print(f"| {rows} | {file_mib} | {mode} | {peak} | {peak - baseline} | "
                  f"{result['seconds']} | {result['test_micro_f1']} |", flush=True)


if __name__ == "__main__":
    main()
