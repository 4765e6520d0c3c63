"""
=====================================================
Out of core: stream a large sparse file in chunks
=====================================================

Train on a LIBSVM file without ever holding it in memory: an RCV1-like corpus
(47 236 TF-IDF features, 103 labels) is read 10 000 rows at a time by
:func:`skmultinet.datasets.iter_libsvm_chunks`, and each chunk is one
:meth:`~skmultinet.MultiLabelNetClassifier.partial_fit` call, i.e. one epoch
over that chunk. Memory holds the network, its optimizer state and a single
chunk, whatever the size of the file. The first chunk of the file is kept
aside as a test set, and the test micro-F1 is plotted after every chunk.

The corpus is synthetic, written once to ``out_of_core_rcv1_like.svm`` in the
system's temporary folder: Zipf-distributed word ids, sublinear TF-IDF values
on L2-normalised rows, and labels from a sparse linear teacher, so that the
example runs offline. To stream your own file, pass its path with
``--data``, its number of features and its label ids.

``--mode whole`` loads the whole file and calls ``fit`` instead, for a
comparison of peak memory (``benchmarks/bench_out_of_core.py`` runs both).
The default (100 000 rows, 2 passes) trains in about a minute on two CPU
cores (measured: 62 s, test micro-F1 0.84), after writing the 125 MB file
once, and saves ``out_of_core.png``.
"""

# %%
# Write the synthetic corpus (once).
import argparse
import os
import resource
import tempfile
import time
import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.datasets import dump_svmlight_file
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import f1_score

from skmultinet import MultiLabelNetClassifier
from skmultinet.datasets import iter_libsvm_chunks, load_libsvm

N_FEATURES, N_LABELS, WORDS_PER_DOC = 47_236, 103, 80
CHUNK = 10_000


def write_corpus(path, n_rows, seed=0):
    """An RCV1-like multi-label LIBSVM file, written chunk by chunk."""
    rng = np.random.default_rng(seed)
    word_probability = 1.0 / np.arange(1, N_FEATURES + 1) ** 1.1
    word_probability /= word_probability.sum()
    document_frequency = 1 - (1 - word_probability) ** WORDS_PER_DOC
    idf = np.log(1 / document_frequency)
    # Each label reacts to 40 words among the ranks 200-5 200: topical words,
    # neither stop words nor too rare to learn from (a sparse linear teacher).
    topical = sp.random(5_000, N_LABELS, density=40 / 5_000, random_state=seed, format="csr",
                        data_rvs=lambda k: rng.exponential(1.0, k))
    teacher = sp.vstack([sp.csr_matrix((200, N_LABELS)), topical,
                         sp.csr_matrix((N_FEATURES - 5_200, N_LABELS))]).tocsr()
    threshold = None
    with open(path, "wb") as handle:
        for start in range(0, n_rows, CHUNK):
            rows = min(CHUNK, n_rows - start)
            words = rng.choice(N_FEATURES, size=(rows, WORDS_PER_DOC), p=word_probability)
            counts = sp.csr_matrix(
                (np.ones(words.size), words.ravel(),
                 np.arange(0, words.size + 1, WORDS_PER_DOC)),
                shape=(rows, N_FEATURES),
            )
            counts.sum_duplicates()
            counts.data = (1 + np.log(counts.data)) * idf[counts.indices]
            norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1))).ravel()
            X = sp.diags(1 / norms) @ counts
            scores = (X @ teacher).toarray()
            if threshold is None:  # about 3 labels per document, as in RCV1
                threshold = np.quantile(scores, 1 - 3 / N_LABELS, axis=0)
            dump_svmlight_file(X, (scores > threshold).astype(int), handle,
                               multilabel=True, zero_based=True)


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def network():
    # TF-IDF rows are already L2-normalised: no standardisation (scales
    # learned from one chunk would blow rare words up), a larger step instead.
    return MultiLabelNetClassifier((256,), dropout=0.2, learning_rate=1e-2, batch_size=128,
                                   standardize=False, random_state=0)


def stream(path, passes):
    """partial_fit chunk by chunk; the file's first chunk is the test set."""
    chunks = lambda: iter_libsvm_chunks(path, n_features=N_FEATURES, labels=range(N_LABELS),
                                         zero_based=True, chunk_size=CHUNK)
    X_test, Y_test = next(chunks())
    clf, curve = network(), []
    for _ in range(passes):
        for i, (X, Y) in enumerate(chunks()):
            if i == 0:
                continue
            clf.partial_fit(X, Y)
            curve.append(f1_score(Y_test, clf.predict(X_test), average="micro"))
    return clf, X_test, Y_test, curve


def whole(path, passes):
    """The same data loaded at once, one fit (no early stopping, same passes)."""
    X, Y = load_libsvm(path, n_features=N_FEATURES, return_X_y=True)
    clf = network().set_params(epochs=passes, early_stopping=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X[CHUNK:], Y[CHUNK:])
    return clf, X[:CHUNK], Y[:CHUNK], None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[1])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--mode", choices=["stream", "whole"], default="stream")
    parser.add_argument("--data", default=None, help="a LIBSVM file (default: synthetic)")
    args = parser.parse_args(argv)
    path = args.data or os.path.join(tempfile.gettempdir(),
                                     f"out_of_core_rcv1_like_{args.rows}.svm")
    if not os.path.exists(path):
        started = time.perf_counter()
        write_corpus(path, args.rows)
        print(f"wrote {path} ({os.path.getsize(path) / 2**20:.0f} MiB) in "
              f"{time.perf_counter() - started:.0f} s")
    if args.passes == 0:
        print(f"file_mib={os.path.getsize(path) / 2**20:.0f}")
        return
    # %%
    # Train, and report time, test micro-F1 and the peak memory of this process.
    before = peak_rss_mib()
    started = time.perf_counter()
    clf, X_test, Y_test, curve = (stream if args.mode == "stream" else whole)(path, args.passes)
    seconds = time.perf_counter() - started
    f1 = f1_score(Y_test, clf.predict(X_test), average="micro")
    print(f"mode={args.mode} rows={args.rows} file_mib={os.path.getsize(path) / 2**20:.0f} "
          f"seconds={seconds:.1f} test_micro_f1={f1:.3f} peak_rss_before_mib={before:.0f} "
          f"peak_rss_mib={peak_rss_mib():.0f}")
    if curve:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 3.5))
        ax.plot(np.arange(1, len(curve) + 1), curve, marker="o")
        ax.set_xlabel(f"chunks of {CHUNK} rows seen ({args.passes} passes)")
        ax.set_ylabel("test micro-F1")
        ax.set_title("Streaming partial_fit on an RCV1-like file")
        fig.tight_layout()
        fig.savefig("out_of_core.png", dpi=100)


if __name__ == "__main__":
    main()
