"""
=====================================
Which loss for a multi-label network?
=====================================

Train :class:`skmultinet.MultiLabelNetClassifier` once per loss of the
catalogue on the yeast benchmark (MULAN official split: 1 500 training rows,
103 features, 14 labels) and compare test micro-F1, macro-F1 and fit time.

The data are read with :func:`skmultinet.datasets.load_dataset` from a MULAN
data folder: set ``SKMULTINET_DATA`` to it (default: ``../shared/data`` next to
this repository).
Runs in about a minute on a laptop CPU and saves ``compare_losses.png``.
"""

# %%
import os
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import f1_score

from skmultinet import MultiLabelNetClassifier
from skmultinet.datasets import load_dataset
from skmultinet.losses import LOSSES

warnings.simplefilter("ignore", ConvergenceWarning)
here = os.path.dirname(os.path.abspath(__file__))
data_dir = os.environ.get("SKMULTINET_DATA", os.path.join(here, "..", "..", "shared", "data"))
X, Y = load_dataset("yeast", data_dir, subset="train", return_X_y=True)
X_test, Y_test = load_dataset("yeast", data_dir, subset="test", return_X_y=True)

# %%
# One fit per loss, default settings, fixed seed.
results = {}
for loss in LOSSES:
    started = time.perf_counter()
    clf = MultiLabelNetClassifier(loss=loss, random_state=0).fit(X, Y)
    fit_time = time.perf_counter() - started
    y_pred = clf.predict(X_test)
    results[loss] = (
        f1_score(Y_test, y_pred, average="micro", zero_division=0),
        f1_score(Y_test, y_pred, average="macro", zero_division=0),
        fit_time,
    )
    print(f"{loss:22s} micro-F1 {results[loss][0]:.3f}  macro-F1 {results[loss][1]:.3f}  "
          f"fit {fit_time:.1f}s")

# %%
# Plot both metrics, best micro-F1 first.
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

order = sorted(results, key=lambda name: results[name][0])
positions = np.arange(len(order))
fig, ax = plt.subplots(figsize=(7, 5))
ax.barh(positions + 0.2, [results[n][0] for n in order], height=0.4, label="micro-F1")
ax.barh(positions - 0.2, [results[n][1] for n in order], height=0.4, label="macro-F1")
ax.set_yticks(positions, order)
ax.set_xlabel("test score (yeast, official split, threshold 0.5 or the loss's own rule)")
ax.legend(loc="lower right")
fig.tight_layout()
fig.savefig("compare_losses.png", dpi=100)
print("saved compare_losses.png")
