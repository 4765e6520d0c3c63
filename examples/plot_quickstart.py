"""
===========================================
Quick start: a multi-label network in sklearn
===========================================

Fit :class:`skmultinet.MultiLabelNetClassifier` on a synthetic multi-label
problem, look at per-label probabilities and label sets, compare with
scikit-learn's ``MLPClassifier`` and grid-search the loss like any other
hyperparameter. Runs in about a minute on a laptop CPU and saves
``quickstart_losses.png``.
"""

# %%
# Data: 2 000 rows, 40 features, 12 labels, about 3 labels per row.
import time
import warnings

import numpy as np
from sklearn.datasets import make_multilabel_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import f1_score
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skmultinet import MultiLabelNetClassifier

warnings.simplefilter("ignore", ConvergenceWarning)
X, Y = make_multilabel_classification(
    n_samples=2000, n_features=40, n_classes=12, n_labels=3, random_state=0
)
X_train, X_test, Y_train, Y_test = train_test_split(X, Y, random_state=0)

# %%
# Fit, then predict probabilities and label sets.
clf = MultiLabelNetClassifier(random_state=0)
started = time.perf_counter()
clf.fit(X_train, Y_train)
print(f"fitted in {time.perf_counter() - started:.1f}s, {clf.n_iter_} epochs "
      f"(best epoch {clf.best_epoch_})")
print("P(label) for the first test row:", np.round(clf.predict_proba(X_test[:1]), 2))
print("predicted labels:", clf.predict(X_test[:1]), "true:", Y_test[:1])
print(f"micro-F1 {f1_score(Y_test, clf.predict(X_test), average='micro'):.3f}")

# %%
# The same thing with scikit-learn's MLPClassifier, for reference.
mlp = make_pipeline(StandardScaler(), MLPClassifier((256,), early_stopping=True, random_state=0))
mlp.fit(X_train, Y_train)
print(f"MLPClassifier micro-F1 {f1_score(Y_test, mlp.predict(X_test), average='micro'):.3f}")

# %%
# Grid search over the loss, inside a Pipeline, scored by micro-F1.
search = GridSearchCV(
    make_pipeline(StandardScaler(), MultiLabelNetClassifier(random_state=0)),
    {"multilabelnetclassifier__loss": ["binary_crossentropy", "focal", "asymmetric", "zlpr"]},
    scoring="f1_micro",
    cv=3,
)
search.fit(X_train, Y_train)
for loss, score in zip(search.cv_results_["param_multilabelnetclassifier__loss"],
                       search.cv_results_["mean_test_score"]):
    print(f"{loss:>22s}: CV micro-F1 {score:.3f}")
print("best:", search.best_params_, f"test micro-F1 {search.score(X_test, Y_test):.3f}")

# %%
# Plot the cross-validated score of each loss.
try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:  # matplotlib is optional: the numbers above are the result
    plt = None
if plt is not None:
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.barh([str(p) for p in search.cv_results_["param_multilabelnetclassifier__loss"]],
            search.cv_results_["mean_test_score"],
            xerr=search.cv_results_["std_test_score"])
    ax.set_xlabel("3-fold CV micro-F1")
    ax.set_xlim(0.0, 1.0)
    fig.tight_layout()
    fig.savefig("quickstart_losses.png", dpi=100)
    print("saved quickstart_losses.png")
