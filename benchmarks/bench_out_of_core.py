"""Peak memory of streaming a large sparse file against loading it whole.

Runs ``examples/plot_out_of_core.py`` twice, each in a fresh process so that
peak resident memory (``ru_maxrss``) belongs to one mode only: ``--mode
stream`` (``partial_fit`` on 10 000-row chunks read by
``iter_libsvm_chunks``) and ``--mode whole`` (``load_libsvm`` then ``fit``,
same network, same number of passes). Both start by importing TensorFlow,
whose own footprint is printed as ``baseline`` (a process that imports
skmultinet and TensorFlow and builds nothing).

Usage::

    python benchmarks/bench_out_of_core.py [--rows 200000] [--passes 2]
"""

import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "examples", "plot_out_of_core.py")
BASELINE = (
    "import resource, skmultinet, tensorflow;"
    "print('peak_rss_mib=%d' % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))"
)


def run(arguments):
    completed = subprocess.run([sys.executable, *arguments], capture_output=True, text=True,
                               check=True)
    line = completed.stdout.strip().splitlines()[-1]
    return dict(re.findall(r"(\w+)=(\S+)", line))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--passes", type=int, default=2)
    args = parser.parse_args()
    common = ["--rows", str(args.rows), "--passes", str(args.passes)]
    run([EXAMPLE, *common, "--mode", "stream", "--passes", "0"])  # writes the file once
    baseline = int(run(["-c", BASELINE])["peak_rss_mib"])
    results = {mode: run([EXAMPLE, *common, "--mode", mode]) for mode in ("stream", "whole")}
    print(f"rows={args.rows}, file {results['stream']['file_mib']} MiB, {args.passes} passes; "
          f"TensorFlow baseline {baseline} MiB peak")
    print("| mode | peak RSS MiB | above baseline MiB | seconds | test micro-F1 |")
    print("|---|---:|---:|---:|---:|")
    for mode, result in results.items():
        peak = int(result["peak_rss_mib"])
        print(f"| {mode} | {peak} | {peak - baseline} | {result['seconds']} | "
              f"{result['test_micro_f1']} |")
    stream, whole = (int(results[m]["peak_rss_mib"]) - baseline for m in ("stream", "whole"))
    print(f"whole / stream memory above baseline: {whole / stream:.2f}x")


if __name__ == "__main__":
    main()
