"""
============================================
Your own Keras network: images and sequences
============================================

:class:`skmultinet.MultiLabelNetClassifier` trains a built-in multi-layer
perceptron by default; pass ``model=build`` and it trains the network that
``build(meta, **model_params)`` returns instead: any uncompiled ``keras.Model``
that outputs one logit per label. ``meta`` describes the data:
``meta["input_shape"]`` (without the batch axis), ``meta["input_dtype"]``,
``meta["n_outputs"]`` (the number of logits) and ``meta["n_labels"]``. The
estimator keeps everything else: the loss, the optimizer, early stopping,
``random_state``, and it still fits in scikit-learn tools such as
:class:`skmultinet.ThresholdOptimizer`.

Two problems built inline, so the example runs offline:

1. images: 2 x 2 mosaics of scikit-learn's 8 x 8 handwritten digits
   (16 x 16 x 1 images); the labels say which of the 10 digits appear. A small
   convolutional network is compared with the default network on the
   flattened pixels, ``MLPClassifier`` and ``RandomForestClassifier``;
2. token sequences: "documents" of integer token ids where each topic is
   signalled by a few topic-specific tokens; an ``Embedding`` network reads
   the ids directly, a bag-of-words matrix feeds the default network.

Every model sits behind a ``ThresholdOptimizer`` that tunes one threshold per
label on a 20% validation split. Runs in about a minute on two CPU cores and
saves ``own_network.png``. Set ``SKMULTINET_EXAMPLE_QUICK=1`` for a
smoke run on a few hundred rows.
"""

# %%
# Images: 2 x 2 mosaics of handwritten digits
# -------------------------------------------
# The 1 797 drawings are split into train and test drawings *before* the
# mosaics are built, so that every test mosaic is made of handwriting no model
# has seen. Each of the four cells holds a random drawing, or is left blank
# with probability 0.3.
import os
import time
import warnings

import keras
import numpy as np
import scipy.sparse as sp
from sklearn.datasets import load_digits
from sklearn.ensemble import RandomForestClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import f1_score
from sklearn.neural_network import MLPClassifier

from skmultinet import MultiLabelNetClassifier, ThresholdOptimizer
from skmultinet.model_selection import multilabel_train_test_split

warnings.simplefilter("ignore", ConvergenceWarning)
QUICK = os.environ.get("SKMULTINET_EXAMPLE_QUICK") == "1"
N_TRAIN, N_TEST = (400, 200) if QUICK else (4000, 1500)
EPOCHS = 3 if QUICK else 200  # the default; early stopping ends most fits sooner
rng = np.random.default_rng(0)

digits = load_digits()
drawings = digits.images / 16.0  # pixel values 0..16 -> [0, 1]
drawings_train, drawings_test, digit_train, digit_test = multilabel_train_test_split(
    drawings, digits.target, test_size=0.3, random_state=0)


def make_mosaics(drawings, digit, n_mosaics):
    """``n_mosaics`` 16 x 16 x 1 images of 2 x 2 cells and their (n_mosaics, 10) labels."""
    cells = rng.integers(len(drawings), size=(n_mosaics, 4))
    filled = rng.random((n_mosaics, 4)) > 0.3
    filled[np.arange(n_mosaics), rng.integers(4, size=n_mosaics)] = True  # never blank
    tiles = drawings[cells] * filled[..., None, None]  # (n_mosaics, 4, 8, 8)
    images = tiles.reshape(n_mosaics, 2, 2, 8, 8).transpose(0, 1, 3, 2, 4)
    labels = np.zeros((n_mosaics, 10), dtype=int)
    rows, positions = np.nonzero(filled)
    labels[rows, digit[cells[rows, positions]]] = 1
    return images.reshape(n_mosaics, 16, 16, 1).astype(np.float32), labels


X_train, Y_train = make_mosaics(drawings_train, digit_train, N_TRAIN)
X_test, Y_test = make_mosaics(drawings_test, digit_test, N_TEST)
print(f"images {X_train.shape} -> labels {Y_train.shape}, "
      f"{Y_train.sum(axis=1).mean():.2f} digits per mosaic")


# %%
# A build function for a small convolutional network
# ---------------------------------------------------
# ``build`` receives ``meta`` and the entries of ``model_params``; it returns
# the network *uncompiled* and without a final sigmoid: the estimator picks
# the loss (here the default binary cross-entropy on logits) and the optimizer.
def build_cnn(meta, filters=16, hidden=64):
    """Two convolution + pooling blocks, then a dense layer and one logit per label."""
    inputs = keras.Input(meta["input_shape"], dtype=meta["input_dtype"])
    x = keras.layers.Conv2D(filters, 3, padding="same", activation="relu")(inputs)
    x = keras.layers.MaxPooling2D()(x)  # 8 x 8: each cell of the mosaic is a 4 x 4 block
    x = keras.layers.Conv2D(2 * filters, 3, padding="same", activation="relu")(x)
    x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dense(hidden, activation="relu")(x)
    return keras.Model(inputs, keras.layers.Dense(meta["n_outputs"])(x))


def tuned(estimator):
    """``estimator`` with per-label thresholds tuned for micro-F1 on a 20% split."""
    return ThresholdOptimizer(estimator, cv=0.2, refit=False, random_state=0)


def evaluate(name, model, X_fit, Y_fit, X_eval, Y_eval, results):
    """Fit ``model``, then record its test micro-F1, macro-F1 and fit time."""
    started = time.perf_counter()
    model.fit(X_fit, Y_fit)
    fit_time = time.perf_counter() - started
    Y_pred = model.predict(X_eval)
    results[name] = (f1_score(Y_eval, Y_pred, average="micro", zero_division=0),
                     f1_score(Y_eval, Y_pred, average="macro", zero_division=0),
                     fit_time)
    print(f"{name:>38s}: micro-F1 {results[name][0]:.3f}  macro-F1 {results[name][1]:.3f}  "
          f"fit {fit_time:5.1f}s", flush=True)
    return model


# %%
# Four models on the same mosaics
# -------------------------------
# The convolutional network sees the images; the others see the 256 pixels as
# a flat row, in the same order.
X_train_flat, X_test_flat = X_train.reshape(N_TRAIN, -1), X_test.reshape(N_TEST, -1)
image_results = {}
cnn = evaluate(
    "CNN (model=build_cnn)",
    tuned(MultiLabelNetClassifier(model=build_cnn, model_params={"filters": 16, "hidden": 64},
                                  epochs=EPOCHS, random_state=0)),
    X_train, Y_train, X_test, Y_test, image_results)
evaluate("MultiLabelNetClassifier, pixels",
         tuned(MultiLabelNetClassifier(epochs=EPOCHS, random_state=0)),
         X_train_flat, Y_train, X_test_flat, Y_test, image_results)
evaluate("MLPClassifier, pixels",
         tuned(MLPClassifier((256,), early_stopping=True, max_iter=20 if QUICK else 200,
                             random_state=0)),
         X_train_flat, Y_train, X_test_flat, Y_test, image_results)
evaluate("RandomForestClassifier, pixels",
         tuned(RandomForestClassifier(n_estimators=20 if QUICK else 300, n_jobs=2,
                                      random_state=0)),
         X_train_flat, Y_train, X_test_flat, Y_test, image_results)
print("CNN thresholds per digit:", np.round(cnn.best_thresholds_, 2))

# %%
# Token sequences: an Embedding network on integer ids
# ----------------------------------------------------
# 2 000 "documents" over a vocabulary of 2 000 token ids (0 pads the sequences
# to 50 tokens). Each of 8 topics owns 6 tokens; a document on a topic holds
# one to three of them among Zipf-distributed filler tokens, and a third of
# the documents also hold one token of a topic they are not about.
N_TOPICS, VOCABULARY, LENGTH = 8, 2000, 50
N_DOCUMENTS = 400 if QUICK else 2000
topic_tokens = 1 + np.arange(N_TOPICS * 6).reshape(N_TOPICS, 6)
filler = np.arange(N_TOPICS * 6 + 1, VOCABULARY)
filler_weights = 1.0 / np.arange(1, filler.size + 1)
filler_weights /= filler_weights.sum()


def make_documents(n_documents):
    """(n_documents, LENGTH) token ids, 0-padded, and their (n_documents, N_TOPICS) topics."""
    topics = rng.random((n_documents, N_TOPICS)) < 0.25
    topics[np.arange(n_documents), rng.integers(N_TOPICS, size=n_documents)] = True
    documents = np.zeros((n_documents, LENGTH), dtype=np.int32)
    for row in range(n_documents):
        tokens = list(rng.choice(filler, size=rng.integers(15, LENGTH - 10), p=filler_weights))
        for topic in np.flatnonzero(topics[row]):
            tokens += list(rng.choice(topic_tokens[topic], size=rng.integers(1, 4)))
        if rng.random() < 1 / 3 and not topics[row].all():
            tokens.append(rng.choice(topic_tokens[rng.choice(np.flatnonzero(~topics[row]))]))
        documents[row, : len(tokens)] = rng.permutation(tokens)[:LENGTH]
    return documents, topics.astype(int)


def bag_of_words(documents):
    """Sparse (n_documents, VOCABULARY) token counts; the padding id 0 is dropped."""
    counts = sp.csr_matrix(
        ((documents.ravel() > 0).astype(np.float64), documents.ravel(),
         np.arange(0, documents.size + 1, documents.shape[1])),
        shape=(documents.shape[0], VOCABULARY))
    counts.sum_duplicates()
    counts.eliminate_zeros()
    return counts


documents, topics = make_documents(N_DOCUMENTS)
docs_train, docs_test, topics_train, topics_test = multilabel_train_test_split(
    documents, topics, test_size=0.25, random_state=0)
print("first document:", documents[0][documents[0] > 0][:12], "... topics",
      np.flatnonzero(topics[0]))


def build_bag_of_embeddings(meta, vocabulary_size, embedding_dim=32, hidden=64):
    """Embed the ids, average them (padding masked out), one dense layer, one logit per label."""
    inputs = keras.Input(meta["input_shape"], dtype=meta["input_dtype"])
    x = keras.layers.Embedding(vocabulary_size, embedding_dim, mask_zero=True)(inputs)
    x = keras.layers.GlobalAveragePooling1D()(x)
    x = keras.layers.Dense(hidden, activation="relu")(x)
    return keras.Model(inputs, keras.layers.Dense(meta["n_outputs"])(x))


sequence_results = {}
evaluate("Embedding + pooling (model=build)",
         tuned(MultiLabelNetClassifier(model=build_bag_of_embeddings,
                                       model_params={"vocabulary_size": VOCABULARY},
                                       epochs=EPOCHS, random_state=0)),
         docs_train, topics_train, docs_test, topics_test, sequence_results)
# Counts are already on a common scale: standardising them would divide a rare
# token's column by a tiny standard deviation and let it dominate the row.
evaluate("MultiLabelNetClassifier, bag of words",
         tuned(MultiLabelNetClassifier(epochs=EPOCHS, standardize=False, random_state=0)),
         bag_of_words(docs_train), topics_train, bag_of_words(docs_test), topics_test,
         sequence_results)

# %%
# Results
# -------
# The convolutional network gains most: whether a digit is present does not
# depend on where it is, and convolutions share their weights across places.
# Averaging embeddings dilutes the few topic tokens among 15 to 39 fillers,
# where a bag of words keeps every count: there the simpler input does as well.
print(f"\n{'model':>38s}  {'micro-F1':>8s}  {'macro-F1':>8s}  {'fit (s)':>7s}")
for problem, results in (("mosaics", image_results), ("sequences", sequence_results)):
    print(f"-- {problem}")
    for name, (micro, macro, fit_time) in results.items():
        print(f"{name:>38s}  {micro:8.3f}  {macro:8.3f}  {fit_time:7.1f}")

# %%
# Plot a few test mosaics with the CNN's labels, and the scores of every model.
try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:  # matplotlib is optional: the table above is the result
    plt = None
if plt is not None:
    fig = plt.figure(figsize=(9, 6), layout="constrained")
    grid = fig.add_gridspec(2, 6, height_ratios=[1, 1.4])
    Y_cnn = cnn.predict(X_test[:6])
    for i in range(6):
        ax = fig.add_subplot(grid[0, i])
        ax.imshow(X_test[i, :, :, 0], cmap="gray_r")
        ax.set_title(f"true {np.flatnonzero(Y_test[i])}\nCNN {np.flatnonzero(Y_cnn[i])}",
                     fontsize=8)
        ax.set_axis_off()
    short_names = {"CNN (model=build_cnn)": "CNN\n(own network)",
                   "MultiLabelNetClassifier, pixels": "default\nnetwork",
                   "MLPClassifier, pixels": "MLP\nClassifier",
                   "RandomForestClassifier, pixels": "random\nforest",
                   "Embedding + pooling (model=build)": "Embedding\n(own network)",
                   "MultiLabelNetClassifier, bag of words": "default network,\nbag of words"}
    panels = (("Digit mosaics", image_results, grid[1, :4]),
              ("Token sequences", sequence_results, grid[1, 4:]))
    for title, results, cell in panels:
        ax = fig.add_subplot(cell)
        names = list(results)
        positions = np.arange(len(names))
        ax.bar(positions - 0.2, [results[n][0] for n in names], width=0.4, label="micro-F1",
               color="#4C72B0")
        ax.bar(positions + 0.2, [results[n][1] for n in names], width=0.4, label="macro-F1",
               color="#DD8452")
        ax.set_xticks(positions, [short_names[n] for n in names], fontsize=8)
        ax.set_ylim(0.0, 1.15)
        ax.set_yticks(np.linspace(0.0, 1.0, 6))
        ax.set_ylabel("test score")
        ax.set_title(title, loc="left", fontweight="bold")
        ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, loc="upper right", ncols=2, fontsize=8)
    fig.savefig("own_network.png", dpi=100)
    print("saved own_network.png")
