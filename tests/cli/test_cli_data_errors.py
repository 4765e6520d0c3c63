"""The command on hostile or malformed data files: one ``skmultinet: error:`` line, status 2.

Each test runs ``python -m skmultinet`` in a fresh process, as a user would, so a
traceback anywhere on the way counts as a failure.
"""

import numpy as np
import pytest
import scipy.sparse as sp


@pytest.fixture(scope="module")
def run_command(run_cli):
    """``(status, stdout, stderr)`` of ``python -m skmultinet ARGS`` run in ``cwd``."""

    def run(*args, cwd):
        done = run_cli(args, cwd=cwd)
        return done.returncode, done.stdout, done.stderr

    return run


def _assert_one_line_error(status, err, message):
    assert status == 2, err
    assert err.count("\n") == 1 and err.startswith("skmultinet: error: "), err
    assert message in err, err


def _write(folder, name, content):
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


ARFF_HEAD = "@relation 'r: -C 1'\n@attribute y {0,1}\n@attribute a numeric\n"

FIT_CASES = {
    "finding_5_unknown_label_values": (
        "d.arff", "@relation 'r: -C 1'\n@attribute y {a,b}\n@attribute x numeric\n@data\na,1\nb,2\n",
        [], "label attribute 'y' is declared {a,b}"),
    "finding_6_duplicate_arff_attribute": (
        "d.arff", ARFF_HEAD + "@attribute a numeric\n@data\n1,1,2\n0,3,4\n", [],
        "'a' is declared again"),
    "finding_6_duplicate_csv_column": (
        "d.csv", "a,a,y_1\n1,2,1\n3,4,0\n", ["--label-prefix", "y_"], "more than once"),
    "finding_7_fractional_libsvm_label": (
        "d.svm", "1 1:1\n1.7,2.2 2:1\n", [], "label 1.7 is not a whole number"),
    "finding_7_sparse_arff_index_twice": (
        "d.arff", ARFF_HEAD + "@data\n{0 1,1 2}\n{1 3,1 5}\n", [], "index 1 appears twice"),
    "finding_8_csv_only_label_columns": (
        "d.csv", "y_1,y_2\n1,0\n0,1\n", ["--label-prefix", "y_"], "no features"),
    "finding_10_huge_libsvm_index": (
        "d.svm", "0 1:1 2:1\n1 3:1 50000000:1\n", [], "more than the limit of 1048576"),
    "finding_12_arff_without_rows": ("d.arff", ARFF_HEAD + "@data\n", [], "no data rows"),
}


@pytest.mark.parametrize("case", sorted(FIT_CASES))
def test_fit_stops_with_one_line(tmp_path, case, run_command):
    # Each malformed training file is a one-line error before any training starts.
    name, content, options, message = FIT_CASES[case]
    path = _write(tmp_path, name, content)
    status, _, err = run_command("fit", path, *options, "--out", tmp_path / "m.joblib",
                                 cwd=tmp_path)
    _assert_one_line_error(status, err, message)


@pytest.mark.parametrize("X, message", [
    (np.ones(3), "expected a 2-D"),
    (np.array([[{"a": 1}], [None], [None]], dtype=object), "holds object values"),
    (np.ones((4, 2)), "X has 4 rows but Y has 3"),
])
def test_finding_7_8_fit_on_a_bad_npz(tmp_path, X, message, run_command):
    # A 1-D, pickled or mis-sized X in an archive is a one-line error, never unpickled.
    path = tmp_path / "d.npz"
    np.savez(path, X=X, Y=np.eye(3, 2, dtype=np.uint8))
    status, _, err = run_command("fit", path, "--out", tmp_path / "m.joblib", cwd=tmp_path)
    _assert_one_line_error(status, err, message)


@pytest.fixture(scope="module")
def csv_model(tmp_path_factory, toy_csv, run_command):
    """A model fitted by the command on the toy CSV file (one epoch)."""
    folder = tmp_path_factory.mktemp("csv_model")
    model = folder / "model.joblib"
    status, _, err = run_command("fit", toy_csv, "--label-prefix", "y_", "--epochs", "1",
                                 "--out", model, cwd=folder)
    assert status == 0, err
    return model


@pytest.mark.parametrize("content, message", [
    ("", "the file is empty"),
    ("f0,f1,f2,f3,f4\n", "no data rows"),
    ("f0,f1,f2,f3,f4\n1,2,3,4,\xe9\n".encode("latin-1"), "not UTF-8 text"),
    ("f0,f0,f1,f2,f3,f4\n1,2,3,4,5,6\n", "'f0' appear more than once"),
])
def test_finding_6_8_predict_on_a_bad_csv(tmp_path, csv_model, content, message,
                                          run_command):
    # New CSV data that are empty, row-less, not UTF-8 or repeat a column: one line.
    path = _write(tmp_path, "new.csv", content)
    status, _, err = run_command("predict", csv_model, path, "--out", tmp_path / "p.csv",
                                 cwd=tmp_path)
    _assert_one_line_error(status, err, message)


def _dump(path, X, Y):
    from sklearn.datasets import dump_svmlight_file

    dump_svmlight_file(sp.csr_matrix(X), Y, str(path), multilabel=True, zero_based=True)


def test_finding_4_predict_keeps_the_libsvm_base_of_fit(tmp_path, run_command):
    # Rows without index 0 get the probabilities they get next to a row that has index 0.
    rng = np.random.default_rng(0)
    X = rng.random((80, 4)) * (rng.random((80, 4)) < 0.7)
    Y = np.column_stack([X[:, 0] > 0.3, X[:, 1] + X[:, 2] > 0.6]).astype(int)
    _dump(tmp_path / "train.svm", X, Y)
    status, _, err = run_command("fit", "train.svm", "--epochs", "3", "--out", "m.joblib",
                                 cwd=tmp_path)
    assert status == 0, err
    rows = np.array([[0, 0.9, 0, 0.2], [0, 0, 0.8, 0.5]])
    _dump(tmp_path / "with_zero.svm", np.vstack([[1.0, 0, 0, 0], rows]), np.zeros((3, 2)))
    _dump(tmp_path / "without_zero.svm", rows, np.zeros((2, 2)))
    probabilities = []
    for name in ("with_zero.svm", "without_zero.svm"):
        status, out, err = run_command("predict", "m.joblib", name, "--proba", "--out", "-",
                                       cwd=tmp_path)
        assert status == 0, err
        probabilities.append(np.loadtxt(out.splitlines()[-2:], delimiter=","))
    np.testing.assert_allclose(probabilities[0][-2:], probabilities[1], atol=1e-6)
