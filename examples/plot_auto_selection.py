"""
=====================================================
Let cross-validation choose the network and the rule
=====================================================

:class:`skmultinet.AutoMultiLabelNet` compares a few network settings (width,
depth, dropout, input transforms such as a per-feature spline expansion,
batch size) and decision rules (global or per-label thresholds, MCut, at
least one label per row) on multi-label stratified folds of the training data,
averages the out-of-fold scores of its best one to three settings, and refits
the winner as an average of a few seeds behind a tuned
:class:`~skmultinet.ThresholdOptimizer`. It never sees test labels.

Here on the emotions benchmark (MULAN official split: 391 training rows, 72
audio features, 6 labels) against the network's defaults and a
RandomForest with tuned thresholds. The data are read with
:func:`skmultinet.datasets.load_dataset` from a MULAN data folder: set
``SKMULTINET_DATA`` to it (default: ``../shared/data`` next to this
repository). Runs in about a minute on 2 CPU cores and saves
``auto_selection.png``.
"""

# %%
import os
import time
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import f1_score, label_ranking_loss

from skmultinet import AutoMultiLabelNet, MultiLabelNetClassifier, ThresholdOptimizer
from skmultinet.datasets import load_dataset

warnings.simplefilter("ignore", ConvergenceWarning)
here = os.path.dirname(os.path.abspath(__file__))
data_dir = os.environ.get("SKMULTINET_DATA", os.path.join(here, "..", "..", "shared", "data"))
X, Y = load_dataset("emotions", data_dir, subset="train", return_X_y=True)
X_test, Y_test = load_dataset("emotions", data_dir, subset="test", return_X_y=True)

# %%
# Three models, each fitted on the training split only.
models = {
    "MultiLabelNetClassifier()": MultiLabelNetClassifier(random_state=0),
    "RandomForest + tuned thresholds": ThresholdOptimizer(
        RandomForestClassifier(300, random_state=0), strategy="per_label", scoring="f1_micro",
        cv=3),
    "AutoMultiLabelNet()": AutoMultiLabelNet(scoring="f1_micro", random_state=0),
}

def label_scores(model, X):
    """One probability per label; a forest answers with one (n, 2) array per label."""
    proba = model.predict_proba(X)
    return np.column_stack([p[:, 1] for p in proba]) if isinstance(proba, list) else proba


for name, model in models.items():
    started = time.perf_counter()
    model.fit(X, Y)
    Y_pred = model.predict(X_test)
    print(f"{name:32s} micro-F1 {f1_score(Y_test, Y_pred, average='micro'):.3f}  "
          f"macro-F1 {f1_score(Y_test, Y_pred, average='macro'):.3f}  "
          f"ranking loss {label_ranking_loss(Y_test, label_scores(model, X_test)):.3f}  "
          f"({time.perf_counter() - started:.0f} s)")

# %%
# What the search chose, and how each candidate scored on the training folds
# (its best rule; the cross-fitted score of the averaged winners is
# ``best_score_``).
auto = models["AutoMultiLabelNet()"]
print("averaged settings:", auto.ensemble_params_)
print("rule:", auto.best_strategy_, "min_labels =", auto.best_min_labels_,
      f"training-CV micro-F1 {auto.best_score_:.3f}")

results = auto.cv_results_
labels, best = [], {}
for params, value in zip(results["params"], results["score"]):
    label = ", ".join(type(val).__name__ if key == "preprocessing" else f"{key}={val}"
                      for key, val in params.items() if key != "early_stopping") or "defaults"
    if label not in best:
        labels.append(label)
    best[label] = max(value, best.get(label, -np.inf))

fig, ax = plt.subplots(figsize=(12, 0.45 * len(labels) + 1.2))
ax.barh(np.arange(len(labels)), [best[label] for label in labels], color="C0")
ax.axvline(auto.best_score_, color="C3", linestyle="--")
ax.set_yticks(np.arange(len(labels)), labels, fontsize=7)
ax.set_xlim(min(best.values()) - 0.02, max(auto.best_score_, *best.values()) + 0.01)
ax.set_xlabel("cross-fitted micro-F1 on the training folds")
ax.set_title("Each candidate with its best rule; dashed: the averaged winners", fontsize=9)
fig.tight_layout()
fig.savefig("auto_selection.png", dpi=120)
