"""Every loss of the catalogue at default settings on MULAN benchmark splits.

Prints, per dataset and loss: test micro-F1, macro-F1, the share of rows predicted
with an empty label set, fit time, and the gap to binary cross-entropy's micro-F1
(the catalogue's promise: within 0.10 on emotions, yeast and scene).

Usage::

    python benchmarks/bench_losses.py [--data ../shared/data] [--datasets yeast,scene]
        [--seeds 0] [--markdown out.md]
"""

import argparse
import os
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import f1_score

from skmultinet import MultiLabelNetClassifier
from skmultinet.losses import LOSSES

DEFAULT_DATA = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")


def evaluate(name, data_dir, losses, seeds):
    data = np.load(os.path.join(data_dir, f"{name}.npz"))
    X, Y, X_test, Y_test = data["X_train"], data["Y_train"], data["X_test"], data["Y_test"]
    rows = []
    for loss in losses:
        scores = []
        for seed in seeds:
            started = time.perf_counter()
            clf = MultiLabelNetClassifier(loss=loss, random_state=seed).fit(X, Y)
            fit_time = time.perf_counter() - started
            y_pred = clf.predict(X_test)
            scores.append((
                f1_score(Y_test, y_pred, average="micro", zero_division=0),
                f1_score(Y_test, y_pred, average="macro", zero_division=0),
                float(np.mean(y_pred.sum(axis=1) == 0)),
                fit_time,
            ))
        micro, macro, empty, fit_time = np.mean(scores, axis=0)
        rows.append(dict(dataset=name, loss=loss, micro=micro, macro=macro, empty=empty, fit=fit_time))
        print(f"{name:9s} {loss:22s} micro {micro:.4f} macro {macro:.4f} "
              f"empty rows {empty:.3f} fit {fit_time:.2f}s", flush=True)
    reference = next(r["micro"] for r in rows if r["loss"] == "binary_crossentropy")
    for row in rows:
        row["gap"] = row["micro"] - reference
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--datasets", default="emotions,yeast,scene")
    parser.add_argument("--losses", default=",".join(LOSSES))
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--markdown", default=None)
    args = parser.parse_args()
    warnings.simplefilter("ignore", ConvergenceWarning)
    seeds = [int(s) for s in args.seeds.split(",")]
    losses = args.losses.split(",")
    rows = []
    for name in args.datasets.split(","):
        rows += evaluate(name, args.data, losses, seeds)
    lines = [
        f"Seeds {seeds}; default settings; official MULAN train/test splits; 2 CPU cores.",
        "",
        "| dataset | loss | micro-F1 | macro-F1 | micro-F1 − BCE | empty rows | fit (s) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['dataset']} | {r['loss']} | {r['micro']:.3f} | {r['macro']:.3f} | "
            f"{r['gap']:+.3f} | {r['empty']:.2f} | {r['fit']:.1f} |"
        )
    table = "\n".join(lines)
    print()
    print(table)
    worst = min(rows, key=lambda r: r["gap"])
    print(f"\nlargest micro-F1 shortfall vs BCE: {worst['gap']:+.3f} ({worst['loss']} on {worst['dataset']});"
          f" most empty rows: {max(r['empty'] for r in rows):.2f}")
    if args.markdown:
        with open(args.markdown, "w") as handle:
            handle.write(table + "\n")


if __name__ == "__main__":
    main()
