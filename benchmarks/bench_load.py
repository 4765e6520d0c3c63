"""Time and memory to load a pickled model and predict one row, in a fresh process.

A fitted ``MultiLabelNetClassifier`` keeps its loss object pickled until
``loss_`` is read, so that loading and predicting import neither Keras nor
TensorFlow. Each of ``--repeats`` fresh processes loads the model with joblib,
predicts one row, then reads ``loss_`` (which imports Keras, as every load did
before): the figures are that process's own times and peak resident memory at
both points, so the reference run shares the machine's state of the moment.
Peak memory is read from ``/proc/self/status`` (Linux).

Usage::

    python benchmarks/bench_load.py [--repeats 5]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import warnings

import joblib
import numpy as np
from sklearn.datasets import make_multilabel_classification

from skmultinet import MultiLabelNetClassifier

CHILD = """
import json, sys, time
started = time.perf_counter()

def peak_mib():
    # VmHWM belongs to this program's own memory map; ru_maxrss would carry the
    # parent's peak over the fork.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

import joblib, numpy as np
model = joblib.load(sys.argv[1])
model.predict(np.zeros((1, model.n_features_in_)))
ready = time.perf_counter() - started
ready_rss = peak_mib()
keras_free = not any(name in sys.modules for name in ("keras", "tensorflow"))
model.loss_
with_keras = time.perf_counter() - started
print(json.dumps({"ready_s": ready, "ready_mib": ready_rss, "keras_free": keras_free,
                  "with_keras_s": with_keras,
                  "with_keras_mib": peak_mib()}))
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    X, Y = make_multilabel_classification(n_samples=500, n_features=100, n_classes=14,
                                          random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = MultiLabelNetClassifier(epochs=5, random_state=0).fit(X, Y)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.joblib")
        joblib.dump(model, path)
        runs = []
        for _ in range(args.repeats):
            out = subprocess.run([sys.executable, "-W", "ignore", "-c", CHILD, path],
                                 capture_output=True, text=True, check=True)
            runs.append(json.loads(out.stdout))
    median = {key: statistics.median(run[key] for run in runs)
              for key in ("ready_s", "ready_mib", "with_keras_s", "with_keras_mib")}
    print(f"load + predict one row, fresh process (median of {args.repeats}): "
          f"{median['ready_s']:.2f} s, peak RSS {median['ready_mib']:.0f} MiB; "
          f"Keras imported: {not all(run['keras_free'] for run in runs)}")
    print(f"then reading loss_ (imports Keras): {median['with_keras_s']:.2f} s, "
          f"peak RSS {median['with_keras_mib']:.0f} MiB")
    print(f"ratio, time: {np.median([r['ready_s'] / r['with_keras_s'] for r in runs]):.2f}x; "
          f"memory: {np.median([r['ready_mib'] / r['with_keras_mib'] for r in runs]):.2f}x")


if __name__ == "__main__":
    main()
