"""
=================================================
Text classification: TF-IDF into a sparse network
=================================================

Tag short documents with several topics: a ``TfidfVectorizer`` turns text into
a sparse matrix and :class:`skmultinet.MultiLabelNetClassifier` learns from it
directly (sparse rows are gathered batch by batch, never densified as a
whole), inside one scikit-learn ``Pipeline``. The corpus is synthetic and
built inline so the example runs offline: each document mixes the vocabulary
of one to three topics with common filler words. Runs in about 20 seconds on
a laptop CPU and saves ``text_classification.png``.
"""

# %%
# A synthetic corpus of 1 200 documents over 6 topics.
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import classification_report, f1_score
from sklearn.pipeline import make_pipeline

from skmultinet import MultiLabelNetClassifier, ThresholdOptimizer
from skmultinet.model_selection import multilabel_train_test_split

warnings.simplefilter("ignore", ConvergenceWarning)
rng = np.random.default_rng(0)
TOPICS = {
    "sport": "match goal team coach league score player season win referee stadium",
    "politics": "election vote party minister parliament law policy campaign senate debate",
    "science": "research study experiment data theory physics cell climate lab discovery",
    "business": "market stock company profit investor bank trade price growth revenue",
    "health": "doctor patient hospital vaccine disease treatment diet sleep virus clinic",
    "tech": "software app phone chip startup cloud robot code internet device",
}
FILLER = "the a of and to in is for on with said new year people time report".split()
names = list(TOPICS)


def make_document():
    """1 to 3 topics; 15-40 words, a third of them filler."""
    chosen = rng.choice(len(names), size=rng.integers(1, 4), replace=False)
    words = [rng.choice(TOPICS[names[t]].split()) for t in rng.choice(chosen, 25)]
    words += list(rng.choice(FILLER, 12))
    # some words of an unrelated topic: the labels must be learned, not read off
    words += list(rng.choice(TOPICS[names[rng.integers(len(names))]].split(), 3))
    rng.shuffle(words)
    return " ".join(words), np.isin(np.arange(len(names)), chosen).astype(int)


documents, label_rows = zip(*(make_document() for _ in range(1200)))
Y = np.array(label_rows)
print(documents[0], "->", [names[j] for j in np.flatnonzero(Y[0])])
docs_train, docs_test, Y_train, Y_test = multilabel_train_test_split(
    np.array(documents, dtype=object), Y, test_size=0.25, random_state=0)

# %%
# TF-IDF (sparse) -> network, with per-label thresholds tuned on held-out folds.
pipeline = make_pipeline(
    TfidfVectorizer(sublinear_tf=True),
    ThresholdOptimizer(MultiLabelNetClassifier((64,), random_state=0), cv=3,
                       scoring="f1_macro"),
)
pipeline.fit(docs_train, Y_train)
print("TF-IDF matrix:", type(pipeline[0].transform(docs_test[:2])).__name__)
Y_pred = pipeline.predict(docs_test)
print(classification_report(Y_test, Y_pred, target_names=names, zero_division=0))
print("predicted:", pipeline.predict(["the coach and the minister debate the new vaccine law"]))

# %%
# Plot per-topic F1 on the test documents.
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

per_topic = f1_score(Y_test, Y_pred, average=None, zero_division=0)
fig, ax = plt.subplots(figsize=(6, 3))
ax.barh(names, per_topic, color="#4C72B0")
for position, value in enumerate(per_topic):
    ax.text(value + 0.01, position, f"{value:.2f}", va="center", fontsize=9)
ax.set_xlim(0, 1.08)
ax.set_xlabel("test F1 per topic (TF-IDF -> MultiLabelNetClassifier)")
ax.spines[["top", "right"]].set_visible(False)
fig.tight_layout()
fig.savefig("text_classification.png", dpi=100)
print("saved text_classification.png")
