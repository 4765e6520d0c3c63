"""
===============================================
Grid search over loss types and network width
===============================================

The loss of :class:`skmultinet.MultiLabelNetClassifier` is a plain
hyperparameter, so ``GridSearchCV`` searches it like any other, here together
with the hidden layer width, scored by macro-F1 with iterative-stratified
folds (:class:`skmultinet.model_selection.MultilabelStratifiedKFold`). Runs in
about a minute on a laptop CPU and saves ``grid_search_losses.png``.
"""

# %%
# A synthetic problem: 1 000 rows, 30 features, 8 labels.
import warnings

import numpy as np
from sklearn.datasets import make_multilabel_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV

from skmultinet import MultiLabelNetClassifier
from skmultinet.model_selection import MultilabelStratifiedKFold

warnings.simplefilter("ignore", ConvergenceWarning)
X, Y = make_multilabel_classification(n_samples=1000, n_features=30, n_classes=8,
                                      n_labels=2, random_state=0)

# %%
# Five losses x two widths, 3 stratified folds: 30 fits of about a second.
losses = ["binary_crossentropy", "focal", "asymmetric", "zlpr", "softmax_crossentropy"]
search = GridSearchCV(
    MultiLabelNetClassifier(random_state=0),
    {"loss": losses, "hidden_layer_sizes": [(64,), (256,)]},
    scoring="f1_macro",
    cv=MultilabelStratifiedKFold(3, shuffle=True, random_state=0),
)
search.fit(X, Y)
results = search.cv_results_
for params, mean, std in zip(results["params"], results["mean_test_score"],
                             results["std_test_score"]):
    print(f"{params['loss']:>22s} {str(params['hidden_layer_sizes']):>7s}: "
          f"macro-F1 {mean:.3f} ± {std:.3f}")
print("best:", search.best_params_, f"({search.best_score_:.3f})")

# %%
# Plot: one group of bars per loss, one bar per width.
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

fig, ax = plt.subplots(figsize=(7, 3.8))
positions = np.arange(len(losses))
for offset, width, color in ((-0.2, (64,), "#A0A0A0"), (0.2, (256,), "#4C72B0")):
    rows = [i for i, p in enumerate(results["params"]) if p["hidden_layer_sizes"] == width]
    rows.sort(key=lambda i: losses.index(results["params"][i]["loss"]))
    ax.bar(positions + offset, results["mean_test_score"][rows], width=0.4,
           yerr=results["std_test_score"][rows], capsize=3, color=color,
           label=f"hidden_layer_sizes={width}")
ax.set_xticks(positions, losses, rotation=15)
ax.set_ylabel("3-fold CV macro-F1")
ax.set_ylim(0, 1)
ax.legend(frameon=False, loc="upper left")
ax.set_title("GridSearchCV over losses and widths", loc="left", fontweight="bold")
ax.spines[["top", "right"]].set_visible(False)
fig.tight_layout()
fig.savefig("grid_search_losses.png", dpi=100)
print("saved grid_search_losses.png")
