"""Speed and memory of MultiLabelNetClassifier against MLPClassifier and plain Keras.

Every figure is a ratio against a reference run in the same process, because
these machines are noisy; medians of ``--repeats`` runs. Cases:

- yeast (1 500 x 103, 14 labels; ``--data``), one hidden layer of 256, batch 32,
  50 epochs, no early stopping: ``fit`` against ``MLPClassifier.fit`` and
  ``keras.Model.fit`` (default compile) doing the same work;
- a dense 10 000 x 500 synthetic problem (20 labels, 5 epochs) and a sparse
  TF-IDF-like 10 000 x 50 000 problem (about 100 non-zeros per row, 2 epochs);
- ``predict_proba`` on one row against ``MLPClassifier.predict_proba`` and
  ``keras.Model.predict``; on 100 000 rows against the bare NumPy arithmetic
  of the forward pass;
- 20 consecutive fits (a grid search): time of the last fits against the first
  ones, and resident memory growth;
- a user's own network (``model=build``): a small CNN on 5 000 x 16 x 16 x 1
  synthetic images (10 labels, batch 32, 5 epochs, no early stopping): ``fit``
  against ``keras.Model.fit`` of the same network (Adam, binary cross-entropy
  on logits), and ``predict_proba`` on one row against calling the Keras model
  (``model(x, training=False)``) and its compiled ``predict_on_batch``;
- per-epoch metrics (``metrics``): yeast, the default network (256 units,
  batch 200, dropout 0.2) with early stopping's held-out rows but no plateau
  stop, 50 epochs: time per epoch with ``metrics=["f1_micro",
  "average_precision"]`` (and with ``metrics_on_train=True`` too) against the
  same fit without metrics, runs interleaved;
- the FLOP floor (``floor``): warm fits (the shape traced by an earlier fit) of
  one hidden layer of 256, no dropout, no early stopping, as multiples of the
  fit's matrix-product FLOPs divided by this machine's float32 matrix-product
  rate (measured here with NumPy): yeast at batch 32 and at the default batch
  (50 epochs), ``MLPClassifier`` on the same float32 data as a reference, and
  the sparse 10 000 x 50 000 problem (batch 200, 2 epochs); also the fixed cost
  per optimizer step that the time above the floor implies;
- the whole program (``process``), in fresh interpreters: import, fit yeast
  with the defaults, predict, against the same program with
  ``make_pipeline(StandardScaler(), MLPClassifier((256,), early_stopping=True))``
  (wall time and peak resident memory); the first fit against a second of the
  same shape in a fresh process; and ``import tensorflow`` alone.

The ``floor`` and ``process`` cases live in ``_speed_process.py``; they print
the CPU model and core count in their rows.

Usage::

    python benchmarks/bench_speed.py [--data ../shared/data] [--repeats 3]
        [--markdown BENCHMARKS_speed.md]
        [--cases yeast,predict,large,many,memory,cnn,metrics,floor,process]
"""

import argparse
import os
import platform
import statistics
import time
import warnings

import _speed_process  # this folder's floor and process cases
import numpy as np
import scipy.sparse as sp
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from skmultinet import MultiLabelNetClassifier

DEFAULT_DATA = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")
CASES = ("yeast", "predict", "large", "many", "memory", "cnn", "metrics", "floor",
         "process")


def rss_mib():
    """Current and peak resident memory of this process (Linux), in MiB."""
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            fields[key] = value
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def median_time(function, repeats):
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def ours(epochs, batch_size=32):
    return MultiLabelNetClassifier(
        (256,), batch_size=batch_size, epochs=epochs, early_stopping=False,
        n_iter_no_change=epochs + 1, dropout=0.0, random_state=0,
    )


def mlp(epochs, batch_size=32):
    return MLPClassifier(
        (256,), batch_size=batch_size, max_iter=epochs, n_iter_no_change=epochs + 1,
        tol=0.0, random_state=0,
    )


def keras_model(n_features, n_labels, sparse=False):
    import keras

    inputs = keras.Input((n_features,), sparse=sparse)
    hidden = keras.layers.Dense(256, activation="relu")(inputs)
    model = keras.Model(inputs, keras.layers.Dense(n_labels)(hidden))
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
    return model


def fit_case(name, X, Y, epochs, repeats, with_keras=True):
    """Median fit times of ours, MLPClassifier and keras.Model.fit on one problem."""
    # The first fit of a network shape traces (and maybe XLA-compiles) its
    # training graph; later fits in the process reuse it (grid searches, CV).
    t_first = median_time(lambda: ours(epochs).fit(X, Y), 1)
    t_ours = median_time(lambda: ours(epochs).fit(X, Y), repeats)
    t_mlp = median_time(lambda: mlp(epochs).fit(X, Y), repeats)
    row = {"case": name, "ours_s": t_ours, "mlp_s": t_mlp, "vs_mlp": t_ours / t_mlp,
           "first_fit_s": t_first, "first_vs_mlp": t_first / t_mlp}
    if with_keras:
        X_keras = X
        if sp.issparse(X):
            X_keras = X.astype(np.float32)
        Y_keras = Y.astype(np.float32)

        def keras_fit():
            model = keras_model(X.shape[1], Y.shape[1], sparse=sp.issparse(X))
            model.fit(X_keras, Y_keras, batch_size=32, epochs=epochs, verbose=0)

        t_keras = median_time(keras_fit, repeats)
        row.update(keras_s=t_keras, vs_keras=t_ours / t_keras)
    return row


def predict_cases(X, Y, repeats):
    """One-row and 100 000-row prediction against MLPClassifier, Keras and NumPy."""
    clf = ours(5).fit(X, Y)
    reference = mlp(5).fit(X, Y)
    one = X[:1]
    n_calls = 2000

    def per_call(function, calls):
        return median_time(lambda: [function() for _ in range(calls)], repeats) / calls

    t_ours = per_call(lambda: clf.predict_proba(one), n_calls)
    t_mlp = per_call(lambda: reference.predict_proba(one), n_calls)
    model = keras_model(X.shape[1], Y.shape[1])
    model.predict(one, verbose=0)
    t_keras = per_call(lambda: model.predict(one, verbose=0), 50)
    rows = [{"case": "predict_proba, 1 row", "ours_s": t_ours, "mlp_s": t_mlp,
             "vs_mlp": t_ours / t_mlp, "keras_s": t_keras, "vs_keras": t_ours / t_keras}]

    rng = np.random.default_rng(0)
    big = rng.normal(size=(100_000, X.shape[1]))
    # The same arithmetic from the public attributes: the input scaling folded
    # into the first layer, as the estimator predicts.
    coefs, intercepts = list(clf.coefs_), list(clf.intercepts_)
    coefs[0] = clf.coefs_[0] / clf.input_scale_[:, None]
    intercepts[0] = clf.intercepts_[0] - (clf.input_mean_ / clf.input_scale_) @ clf.coefs_[0]
    coefs = [c.astype(np.float64) for c in coefs]
    intercepts = [b.astype(np.float64) for b in intercepts]

    def arithmetic():
        hidden = np.maximum(big @ coefs[0] + intercepts[0], 0.0)
        return 1.0 / (1.0 + np.exp(-(hidden @ coefs[1] + intercepts[1])))

    t_big = median_time(lambda: clf.predict_proba(big), repeats)
    t_arithmetic = median_time(arithmetic, repeats)
    rows.append({"case": "predict_proba, 100 000 rows", "ours_s": t_big,
                 "arithmetic_s": t_arithmetic, "vs_arithmetic": t_big / t_arithmetic})
    return rows


def many_fits(X, Y, n_fits=20):
    """20 fits in a row: does fit time or memory creep up?"""
    times, memory = [], []
    for i in range(n_fits):
        started = time.perf_counter()
        MultiLabelNetClassifier((256,), alpha=10.0 ** -(i % 5 + 2), epochs=10,
                                random_state=i).fit(X, Y)
        times.append(time.perf_counter() - started)
        memory.append(rss_mib()[0])
    first, last = statistics.median(times[1:5]), statistics.median(times[-4:])
    return {"case": f"{n_fits} fits in one process", "first_fits_s": first, "last_fits_s": last,
            "last_vs_first": last / first, "rss_growth_mib": memory[-1] - memory[1]}


def reset_peak_rss():
    """Make the kernel's peak-RSS counter start again from the current RSS (Linux)."""
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")


def sparse_memory(row_counts=(20_000, 80_000), n_features=50_000, nnz_per_row=100):
    """Peak memory of training on sparse data of two sizes, against the data's size.

    The peak counter is reset just before each ``fit``, so each figure is what
    training added (the trainer, with the network and its optimizer slots, is
    built beforehand and cached): a part fixed by the network (the estimator's
    copies of the 50 000 x 256 first layer and its optimizer state, the
    gradient) and a part that grows with the rows. The second size isolates the growing part: extra peak memory
    per extra MiB of CSR data.
    """
    # Build the network's trainer (kept for later fits) outside the measured fits.
    MultiLabelNetClassifier((256,), epochs=1).fit(*synthetic(400, n_features, 20, True))
    peaks, sizes = [], []
    for n_rows in row_counts:
        X, Y = synthetic(n_rows, n_features, 20, True)
        sizes.append((X.data.nbytes + X.indices.nbytes + X.indptr.nbytes) / 2**20)
        before, _ = rss_mib()
        reset_peak_rss()
        MultiLabelNetClassifier((256,), epochs=2, random_state=0).fit(X, Y)
        peaks.append(rss_mib()[1] - before)
        del X, Y
    return {"case": f"sparse {row_counts[0]} and {row_counts[1]} x {n_features}, "
                    f"{nnz_per_row} nnz/row",
            "sparse_data_mib": sizes[0], "peak_growth_mib": peaks[0],
            "first_layer_mib": n_features * 256 * 4 / 2**20,
            "larger_data_mib": sizes[1], "larger_peak_growth_mib": peaks[1],
            "extra_peak_per_extra_data": (peaks[1] - peaks[0]) / (sizes[1] - sizes[0]),
            "dense_would_be_mib": row_counts[1] * n_features * 4 / 2**20}


def synthetic(n_rows, n_features, n_labels, sparse, seed=0):
    rng = np.random.default_rng(seed)
    if sparse:
        # Built row by row: scipy.sparse.random draws from all n_rows * n_features
        # positions and would use gigabytes for a 10 000 x 50 000 matrix.
        columns = rng.integers(0, n_features, size=n_rows * 100)
        X = sp.csr_matrix((rng.random(n_rows * 100), columns, np.arange(0, n_rows * 100 + 1, 100)),
                          shape=(n_rows, n_features))
        X.sum_duplicates()
        signal = np.asarray(X[:, : n_labels * 10].todense()).reshape(n_rows, n_labels, 10).sum(-1)
    else:
        X = rng.normal(size=(n_rows, n_features))
        signal = X[:, :n_labels] + 0.5 * X[:, n_labels : 2 * n_labels]
    Y = (signal + 0.3 * rng.normal(size=signal.shape) > np.median(signal)).astype(int)
    return X, Y


def images(n_rows, n_labels=10, side=16, seed=0):
    """Synthetic (n_rows, side, side, 1) images; label j: is the mean of its 4 x 4 patch high?"""
    rng = np.random.default_rng(seed)
    X = rng.random((n_rows, side, side, 1)).astype(np.float32)
    patches = X[:, :, :, 0].reshape(n_rows, side // 4, 4, side // 4, 4).mean(axis=(2, 4))
    signal = patches.reshape(n_rows, -1)[:, :n_labels]
    return X, (signal > np.median(signal)).astype(int)


def build_cnn(meta, filters=16, hidden=64):
    """Two convolution + pooling blocks, a dense layer, one logit per label (uncompiled)."""
    import keras

    inputs = keras.Input(meta["input_shape"], dtype=meta["input_dtype"])
    x = keras.layers.Conv2D(filters, 3, padding="same", activation="relu")(inputs)
    x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.Conv2D(2 * filters, 3, padding="same", activation="relu")(x)
    x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dense(hidden, activation="relu")(x)
    return keras.Model(inputs, keras.layers.Dense(meta["n_outputs"])(x))


def cnn_cases(repeats, n_rows=5000, epochs=5, batch_size=32):
    """A user's own CNN: fit against keras.Model.fit, one-row predict against the bare model."""
    import keras

    X, Y = images(n_rows)
    meta = {"input_shape": X.shape[1:], "input_dtype": "float32", "n_outputs": Y.shape[1],
            "n_labels": Y.shape[1]}

    def ours_cnn():
        return MultiLabelNetClassifier(
            model=build_cnn, batch_size=batch_size, epochs=epochs, early_stopping=False,
            n_iter_no_change=epochs + 1, random_state=0,
        )

    def keras_cnn():
        model = build_cnn(meta)
        model.compile(optimizer=keras.optimizers.Adam(),
                      loss=keras.losses.BinaryCrossentropy(from_logits=True))
        return model

    Y_keras = Y.astype(np.float32)
    t_first = median_time(lambda: ours_cnn().fit(X, Y), 1)
    t_ours = median_time(lambda: ours_cnn().fit(X, Y), repeats)
    t_keras = median_time(
        lambda: keras_cnn().fit(X, Y_keras, batch_size=batch_size, epochs=epochs, verbose=0),
        repeats)
    rows = [{"case": f"fit CNN {n_rows}x16x16x1, {epochs} epochs", "ours_s": t_ours,
             "keras_s": t_keras, "vs_keras": t_ours / t_keras, "first_fit_s": t_first,
             "first_vs_keras": t_first / t_keras}]

    clf = ours_cnn().fit(X[:500], Y[:500])
    model = keras_cnn()
    one = X[:1]

    def call():
        return keras.ops.convert_to_numpy(keras.ops.sigmoid(model(one, training=False)))

    def per_call(function, calls):
        function()  # trace once outside the timing
        return median_time(lambda: [function() for _ in range(calls)], repeats) / calls

    t_ours = per_call(lambda: clf.predict_proba(one), 500)
    t_call = per_call(call, 500)
    t_batch = per_call(lambda: model.predict_on_batch(one), 500)
    rows.append({"case": "CNN predict_proba, 1 row", "ours_s": t_ours, "keras_call_s": t_call,
                 "vs_keras_call": t_ours / t_call, "keras_predict_on_batch_s": t_batch,
                 "vs_keras_predict_on_batch": t_ours / t_batch})
    return rows


def metrics_case(X, Y, repeats, epochs=50):
    """Seconds per epoch with and without per-epoch metrics, and their ratios."""
    variants = {
        "none": {},
        "val": {"metrics": ["f1_micro", "average_precision"]},
        "val_train": {"metrics": ["f1_micro", "average_precision"], "metrics_on_train": True},
    }

    def make(params):
        return MultiLabelNetClassifier(epochs=epochs, n_iter_no_change=epochs + 1,
                                       random_state=0, **params)

    for params in variants.values():
        make(params).fit(X, Y)  # traces the graphs once
    times = {name: [] for name in variants}
    for _ in range(repeats):
        # Interleaved, so that a slow spell of the machine hits every variant.
        for name, params in variants.items():
            started = time.perf_counter()
            clf = make(params).fit(X, Y)
            times[name].append((time.perf_counter() - started) / clf.n_iter_)
    per_epoch = {name: statistics.median(values) for name, values in times.items()}
    return [{"case": f"epoch metrics yeast, {epochs} epochs, default network",
             "epoch_ms": per_epoch["none"] * 1e3,
             "with_metrics_ms": per_epoch["val"] * 1e3,
             "ratio": per_epoch["val"] / per_epoch["none"],
             "with_train_metrics_ms": per_epoch["val_train"] * 1e3,
             "train_ratio": per_epoch["val_train"] / per_epoch["none"]}]


def format_rows(rows):
    lines = []
    for row in rows:
        parts = [row["case"]]
        for key, value in row.items():
            if key == "case":
                continue
            parts.append(f"{key}={value}" if isinstance(value, str) else f"{key}={value:.4g}")
        lines.append(" | ".join(parts))
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--markdown", default=None)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--sparse-features", type=int, default=50_000)
    parser.add_argument("--cases", default=",".join(CASES),
                        help=f"comma-separated cases to run, among {', '.join(CASES)}; "
                             f"default: all")
    args = parser.parse_args()
    cases = set(args.cases.split(","))
    if not cases <= set(CASES):
        parser.error(f"unknown case(s) {sorted(cases - set(CASES))}; choose among {CASES}")
    if args.skip_large:
        cases -= {"large", "memory"}
    warnings.simplefilter("ignore", ConvergenceWarning)
    rows = []
    if cases & {"yeast", "predict", "many", "metrics", "floor"}:
        data = np.load(os.path.join(args.data, "yeast.npz"))
        X, Y = data["X_train"].astype(np.float64), data["Y_train"].astype(int)
    else:
        X, Y = synthetic(50, 103, 14, False)
    MultiLabelNetClassifier((4,), epochs=1).fit(X[:50], Y[:50])  # TensorFlow's start-up

    def record(new_rows):
        for row in new_rows:
            rows.append(row)
            print(format_rows([row])[0], flush=True)

    if "yeast" in cases:
        record([fit_case("fit yeast 1500x103, 50 epochs", X, Y, 50, args.repeats)])
    if "predict" in cases:
        record(predict_cases(X, Y, args.repeats))
    if "large" in cases:
        record([fit_case("fit dense 10000x500, 5 epochs", *synthetic(10_000, 500, 20, False),
                         5, args.repeats)])
        record([fit_case(f"fit sparse 10000x{args.sparse_features}, 2 epochs",
                         *synthetic(10_000, args.sparse_features, 20, True), 2, 1)])
    if "many" in cases:
        record([many_fits(X, Y)])
    if "memory" in cases:
        record([sparse_memory(n_features=args.sparse_features)])
    if "cnn" in cases:
        record(cnn_cases(args.repeats))
    if "metrics" in cases:
        record(metrics_case(X, Y, args.repeats))
    if "floor" in cases:
        record(_speed_process.floor_cases(
            (X, Y), synthetic(10_000, args.sparse_features, 20, True), args.repeats,
            (ours, mlp, median_time)))
    if "process" in cases:
        record([_speed_process.process_case(os.path.join(args.data, "yeast.npz"),
                                            args.repeats)])
    header = (f"Machine: {_speed_process.cpu_model()} ({platform.machine()}), "
              f"{os.cpu_count()} CPUs, Python "
              f"{platform.python_version()}; medians of {args.repeats} runs")
    lines = [header, ""] + format_rows(rows)
    print(header)
    if args.markdown:
        with open(args.markdown, "w") as handle:
            handle.write("\n".join(["```"] + lines + ["```", ""]))


if __name__ == "__main__":
    main()
