"""The ``floor`` and ``process`` cases of ``bench_speed.py``.

``floor``: how many times the arithmetic floor a warm ``fit`` takes. The floor
is the fit's matrix-product FLOPs divided by this machine's float32 matrix
product rate, measured in the same process (median of a few 2048 x 2048 NumPy
products, 2 n^3 FLOPs each). Only matrix products are counted: biases, ReLU,
the loss and the optimizer's updates are element-wise, memory-bound and left
out, so the floor is a lower bound. What the fit takes above it, divided by the
number of optimizer steps, estimates a fixed cost per step.

``process``: the whole program a user runs, in fresh interpreters. Wall time and
peak resident memory of "import, load yeast, fit with the defaults, predict"
with ``MultiLabelNetClassifier`` against the same program with
``make_pipeline(StandardScaler(), MLPClassifier((256,), early_stopping=True))``;
the first ``fit`` against a second one of the same shape in a fresh process
that imported TensorFlow beforehand (so the first fit's extra cost is building
and tracing the network, not TensorFlow's start);
and the time to import TensorFlow alone. Peak memory is read by each child from
its own ``/proc/self/status`` (``VmHWM``): the ``ru_maxrss`` that ``os.wait4``
returns carries the parent's peak over the fork into the child, and the parent
here has TensorFlow loaded. Linux only.

Imported by ``bench_speed.py`` (run as a script, so its folder is on ``sys.path``).
"""

import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import scipy.sparse as sp


def cpu_model():
    """The CPU's model name from /proc/cpuinfo, else platform.processor()."""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine_fields():
    return {"cpu": cpu_model(), "cores": os.cpu_count()}


# --------------------------------------------------------------------------- floor


def matmul_gflops(n=2048, repeats=7):
    """This machine's float32 matrix-product rate: median GFLOP/s of n x n NumPy products."""
    rng = np.random.default_rng(0)
    a = rng.random((n, n), dtype=np.float32)
    b = rng.random((n, n), dtype=np.float32)
    a @ b  # starts BLAS's threads
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - started)
    return 2 * n**3 / statistics.median(times) / 1e9


def fit_flops(widths, n_rows, epochs, nnz_per_row=None):
    """Matrix-product FLOPs of training an MLP with layer ``widths`` (input first).

    Per row and weight matrix a x b: forward 2ab, input gradient 2ab, weight
    gradient 2ab; so 6ab, less the input gradient of the first layer, which
    nothing needs. With sparse input the first layer's forward and weight
    gradient each cost 2 * nnz_per_row * b instead of 2ab.
    """
    n_in, h1 = widths[0], widths[1]
    per_row = 6 * sum(a * b for a, b in itertools.pairwise(widths)) - 2 * n_in * h1
    if nnz_per_row is not None:
        per_row -= 4 * (n_in - nnz_per_row) * h1
    return per_row * n_rows * epochs


def floor_case(name, X, Y, batch_size, epochs, repeats, gflops, makers, with_mlp=True):
    """One row: FLOPs, floor, warm fit of ours (and MLPClassifier's) as multiples of it.

    ``makers`` holds ``bench_speed``'s ``ours`` and ``mlp`` (``(epochs, batch_size)`` ->
    unfitted estimator) and its ``median_time``, so that both cases time the same models.
    """
    ours, mlp, median_time = makers
    n_rows = X.shape[0]
    batch = min(200, n_rows) if batch_size == "auto" else batch_size
    n_steps = epochs * -(-n_rows // batch)
    nnz_per_row = X.nnz / n_rows if sp.issparse(X) else None
    flops = fit_flops((X.shape[1], 256, Y.shape[1]), n_rows, epochs, nnz_per_row)
    floor_s = flops / (gflops * 1e9)

    ours(epochs, batch_size).fit(X, Y)  # traces this shape's training step
    t_ours = median_time(lambda: ours(epochs, batch_size).fit(X, Y), repeats)
    row = {"case": name, **machine_fields(), "matmul_gflop_s": gflops,
           "gflop": flops / 1e9, "n_steps": n_steps, "floor_s": floor_s, "ours_s": t_ours,
           "ours_x_floor": t_ours / floor_s,
           "ours_step_fixed_ms": (t_ours - floor_s) / n_steps * 1e3}
    if with_mlp:
        t_mlp = median_time(lambda: mlp(epochs, batch_size).fit(X, Y), repeats)
        row.update(mlp_s=t_mlp, mlp_x_floor=t_mlp / floor_s,
                   mlp_step_fixed_ms=(t_mlp - floor_s) / n_steps * 1e3)
    return row


def floor_cases(yeast, sparse_problem, repeats, makers, sparse_epochs=2):
    """Yeast at batch 32 and at the default batch, and a wide sparse problem.

    Both estimators get the same float32 arrays, so that both compute in float32
    and the float32 floor applies to both.
    """
    X, Y = yeast
    X = X.astype(np.float32)
    X_sparse, Y_sparse = sparse_problem
    X_sparse = X_sparse.astype(np.float32)
    gflops = matmul_gflops()
    n, d = X.shape
    rows = [
        floor_case(f"floor yeast {n}x{d}, batch 32, 50 epochs", X, Y, 32, 50, repeats, gflops,
                   makers),
        floor_case(f"floor yeast {n}x{d}, batch auto, 50 epochs", X, Y, "auto", 50, repeats,
                   gflops, makers),
    ]
    n, d = X_sparse.shape
    rows.append(floor_case(
        f"floor sparse {n}x{d} ({X_sparse.nnz / n:.0f} nnz/row), batch 200, "
        f"{sparse_epochs} epochs",
        X_sparse, Y_sparse, 200, sparse_epochs, repeats, gflops, makers, with_mlp=False))
    return rows


# ------------------------------------------------------------------------- process

_REPORT = """
def _peak_mib():
    # This program's own high-water mark; ru_maxrss would include the parent's.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

print(json.dumps({"import_s": imported - started, "fit_s": fits,
                  "peak_mib": _peak_mib(), **extra}))
"""

# argv: yeast.npz, number of fits (the second fit has the first's shape), and
# "preload" to import TensorFlow before the fits (so the first fit's cost is its
# tracing alone, as the second fit's is not).
_OURS_SCRIPT = """
import json, sys, time
started = time.perf_counter()
import numpy as np
from skmultinet import MultiLabelNetClassifier
imported = time.perf_counter()
extra = {"tensorflow_at_import": "tensorflow" in sys.modules}
if sys.argv[3:] == ["preload"]:
    import tensorflow
    extra["tensorflow_import_s"] = time.perf_counter() - imported
data = np.load(sys.argv[1])
X, Y = data["X_train"].astype(np.float64), data["Y_train"].astype(int)
fits = []
for _ in range(int(sys.argv[2])):
    fit_started = time.perf_counter()
    model = MultiLabelNetClassifier(random_state=0).fit(X, Y)
    fits.append(time.perf_counter() - fit_started)
    extra.setdefault("n_iter", []).append(model.n_iter_)
model.predict(data["X_test"])
""" + _REPORT

_MLP_SCRIPT = """
import json, sys, time
started = time.perf_counter()
import numpy as np
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
imported = time.perf_counter()
extra = {}
data = np.load(sys.argv[1])
X, Y = data["X_train"].astype(np.float64), data["Y_train"].astype(int)
fits = []
for _ in range(int(sys.argv[2])):
    fit_started = time.perf_counter()
    model = make_pipeline(StandardScaler(),
                          MLPClassifier((256,), early_stopping=True, random_state=0)).fit(X, Y)
    fits.append(time.perf_counter() - fit_started)
model.predict(data["X_test"])
""" + _REPORT

_TENSORFLOW_SCRIPT = """
import json, time
started = time.perf_counter()
import tensorflow
print(json.dumps({"import_s": time.perf_counter() - started}))
"""


def run_child(script, *args):
    """Run a script in a fresh interpreter: its wall seconds and its JSON report."""
    folder = os.path.dirname(script)
    with open(os.path.join(folder, "stdout"), "w+") as out, \
            open(os.path.join(folder, "stderr"), "w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-W", "ignore", script, *args],
                                 stdout=out, stderr=err)
        _, status, _ = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode != 0:
            raise RuntimeError(f"{os.path.basename(script)} failed:\n{err.read()[-3000:]}")
        return wall, json.loads(out.read().strip().splitlines()[-1])


def process_case(data_path, repeats):
    """One row: the whole program with ours against the MLPClassifier pipeline."""
    runs = {"ours": [], "mlp": [], "ours_twice": [], "tensorflow": []}
    with tempfile.TemporaryDirectory() as folder:
        scripts = {}
        for name, text in (("ours", _OURS_SCRIPT), ("mlp", _MLP_SCRIPT),
                           ("tensorflow", _TENSORFLOW_SCRIPT)):
            # Not "tensorflow.py": the script's folder comes first on sys.path.
            scripts[name] = os.path.join(folder, f"child_{name}.py")
            with open(scripts[name], "w") as handle:
                handle.write(text)
        for _ in range(repeats):
            # Interleaved, so that a slow spell of the machine hits every program.
            runs["ours"].append(run_child(scripts["ours"], data_path, "1"))
            runs["mlp"].append(run_child(scripts["mlp"], data_path, "1"))
            runs["ours_twice"].append(run_child(scripts["ours"], data_path, "2", "preload"))
            runs["tensorflow"].append(run_child(scripts["tensorflow"]))

    def median(name, field=None, index=None):
        values = [wall if field is None else report[field] for wall, report in runs[name]]
        if index is not None:
            values = [value[index] for value in values]
        return statistics.median(values)

    first, warm = median("ours_twice", "fit_s", 0), median("ours_twice", "fit_s", 1)
    wall_ours, wall_mlp = median("ours"), median("mlp")
    peak_ours, peak_mlp = median("ours", "peak_mib"), median("mlp", "peak_mib")
    n_iter = runs["ours_twice"][0][1]["n_iter"]
    return {"case": "process: import, fit yeast (defaults), predict; fresh interpreters",
            **machine_fields(),
            "ours_wall_s": wall_ours, "mlp_wall_s": wall_mlp,
            "wall_ratio": wall_ours / wall_mlp, "wall_target": 1.5,
            "ours_peak_mib": peak_ours, "mlp_peak_mib": peak_mlp,
            "peak_ratio": peak_ours / peak_mlp, "peak_target": 2.0,
            "ours_import_s": median("ours", "import_s"),
            "mlp_import_s": median("mlp", "import_s"),
            "ours_fit_s": median("ours", "fit_s", 0), "mlp_fit_s": median("mlp", "fit_s", 0),
            # With TensorFlow imported beforehand: the first fit's extra cost is
            # building and tracing the network's graphs.
            "first_fit_s": first, "warm_fit_s": warm, "first_vs_warm": first / warm,
            "first_vs_warm_target": 1.5,
            "first_n_iter": n_iter[0], "warm_n_iter": n_iter[1],
            "tensorflow_at_import": str(runs["ours"][0][1]["tensorflow_at_import"]),
            "import_tensorflow_s": median("tensorflow", "import_s")}
