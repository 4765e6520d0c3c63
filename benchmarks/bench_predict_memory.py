"""Peak memory and time of ``predict_proba`` on many rows, against one unchunked block.

A small :class:`~skmultinet.MultiLabelNetClassifier` (one hidden layer of 256
units, 20 features, 10 labels) predicts the probabilities of ``--rows`` rows
(default 1 000 000). Its peak resident memory growth and its time are printed
next to a reference computed in the same process: the bare NumPy arithmetic of
the forward pass on the whole block (input scaling folded into the first
layer, float64, then the sigmoid), i.e. what a prediction that does not stream
its rows costs. Each case runs in a fresh subprocess, so that no allocation of
one case is reused by the next; the figures are medians over ``--repeats``
subprocesses.

Peak memory is read from the kernel's high-water mark (``VmHWM``), reset
before each measurement (``/proc/self/clear_refs``), so Linux only.

Usage::

    python benchmarks/bench_predict_memory.py [--rows 1000000] [--repeats 3]
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
import warnings

import numpy as np

N_FEATURES, N_LABELS, HIDDEN = 20, 10, (256,)


def resident_mib():
    """Current resident memory and its high-water mark, in MiB."""
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            fields[key] = value
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def reset_peak():
    """Reset the high-water mark to the current resident memory."""
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")


def measure(function):
    """``(peak growth in MiB, seconds, result)`` of ``function()``."""
    reset_peak()
    before, _ = resident_mib()
    started = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - started
    _, peak = resident_mib()
    return peak - before, seconds, result


def fitted_classifier():
    from sklearn.datasets import make_multilabel_classification
    from sklearn.exceptions import ConvergenceWarning

    from skmultinet import MultiLabelNetClassifier

    X, Y = make_multilabel_classification(n_samples=2000, n_features=N_FEATURES,
                                          n_classes=N_LABELS, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return MultiLabelNetClassifier(HIDDEN, epochs=5, random_state=0).fit(X, Y)


def unchunked_proba(clf, X):
    """The forward pass on the whole block, from the public fitted attributes."""
    from scipy.special import expit

    coefs = [c.astype(np.float64) for c in clf.coefs_]
    intercepts = [b.astype(np.float64) for b in clf.intercepts_]
    first = coefs[0] / clf.input_scale_[:, None]
    bias = intercepts[0] - (clf.input_mean_ / clf.input_scale_) @ coefs[0]
    hidden = X @ first
    hidden += bias
    np.maximum(hidden, 0.0, out=hidden)
    logits = hidden @ coefs[1]
    logits += intercepts[1]
    return expit(logits)


def one_case(n_rows):
    """Measure one case in this process and print it as JSON."""
    import skmultinet

    clf = fitted_classifier()
    X = np.random.default_rng(0).standard_normal((n_rows, N_FEATURES))
    clf.predict_proba(X[:1000])  # builds the prediction weights, warms the code
    ours_mib, ours_s, proba = measure(lambda: clf.predict_proba(X))
    del proba
    reference_mib, reference_s, reference = measure(lambda: unchunked_proba(clf, X))
    del reference
    print(json.dumps({"ours_mib": ours_mib, "ours_s": ours_s, "reference_mib": reference_mib,
                      "reference_s": reference_s, "skmultinet": skmultinet.__file__}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--one-case", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_case:
        one_case(args.rows)
        return
    runs = []
    for _ in range(args.repeats):
        output = subprocess.run(
            [sys.executable, __file__, "--one-case", "--rows", str(args.rows)],
            check=True, capture_output=True, text=True,
        ).stdout
        runs.append(json.loads(output.strip().splitlines()[-1]))
    figures = {key: statistics.median(run[key] for run in runs)
               for key in ("ours_mib", "ours_s", "reference_mib", "reference_s")}
    output_mib = args.rows * N_LABELS * 8 / 2**20
    print(f"skmultinet: {runs[0]['skmultinet']}")
    print(f"predict_proba of {args.rows:,} rows x {N_FEATURES} features, hidden {HIDDEN}, "
          f"{N_LABELS} labels (result: {output_mib:.0f} MiB); medians of {args.repeats} "
          "fresh processes")
    print(f"{'':28}{'peak growth (MiB)':>20}{'time (s)':>12}")
    print(f"{'predict_proba':28}{figures['ours_mib']:>20.0f}{figures['ours_s']:>12.2f}")
    print(f"{'unchunked NumPy reference':28}{figures['reference_mib']:>20.0f}"
          f"{figures['reference_s']:>12.2f}")
    print(f"{'ratio (ours / reference)':28}"
          f"{figures['ours_mib'] / figures['reference_mib']:>20.2f}"
          f"{figures['ours_s'] / figures['reference_s']:>12.2f}")


if __name__ == "__main__":
    main()
