"""The command line is safe with files: each reported finding, driven as ``python -m skmultinet``.

Finding 2: ``--out`` never destroys data. Finding 3: a bad ``--out`` stops the
command before the work. Finding 8: problems a user can fix are one line,
exit 2. Finding 9: label names are plain text in the plots, and a report is
written whole or not at all.
"""

import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from skmultinet.io import load_with_metadata

FAST = ["--label-prefix", "y_", "--epochs", "1"]
COMPARE = ["--losses", "bce", "--cv", "2", "--quiet", *FAST]


def _one_line_error(run, message):
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith("skmultinet: error: ") and message in run.stderr, run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


@pytest.fixture
def data(toy_csv, tmp_path):
    """A copy of the toy CSV in this test's folder."""
    return shutil.copy(toy_csv, tmp_path / "data.csv")


@pytest.fixture(scope="module")
def model(toy_csv, tmp_path_factory):
    """A model saved by ``skmultinet fit`` on the toy CSV."""
    from skmultinet.cli import main

    path = str(tmp_path_factory.mktemp("findings") / "model.joblib")
    assert main(["fit", toy_csv, *FAST, "--out", path]) == 0
    return path


def test_finding_2_fit_out_never_replaces_the_data(data, tmp_path, run_cli):
    # fit --out DATA is refused, even with --force; an old model is replaced only with --force.
    before = data.read_bytes()
    for force in ([], ["--force"]):
        _one_line_error(run_cli(["fit", data, *FAST, "--out", data, *force]),
                        "would replace the input file")
    assert data.read_bytes() == before
    old = tmp_path / "model.joblib"
    old.write_text("an older model")
    _one_line_error(run_cli(["fit", data, *FAST, "--out", old]), "pass --force")
    assert old.read_text() == "an older model"
    run = run_cli(["fit", data, *FAST, "--out", old, "--force"])
    assert run.returncode == 0, run.stderr
    assert load_with_metadata(old)[1]["label_names"] == ["y_sun", "y_rain", "y_wind"]
    assert sorted(os.listdir(tmp_path)) == ["data.csv", "model.joblib"]  # no temporary left


def test_finding_2_predict_out_never_replaces_inputs(model, data, tmp_path, run_cli):
    # predict --out is never the data or the model; files and links need --force.
    data_bytes, model_bytes = data.read_bytes(), Path(model).read_bytes()
    for target, force in [(data, []), (model, []), (data, ["--force"]), (model, ["--force"])]:
        _one_line_error(run_cli(["predict", model, data, "--out", target, *force]),
                        "would replace the input file")
    assert data.read_bytes() == data_bytes and Path(model).read_bytes() == model_bytes
    kept = tmp_path / "kept.csv"
    kept.write_text("precious")
    link = tmp_path / "link.csv"
    link.symlink_to(kept)
    _one_line_error(run_cli(["predict", model, data, "--out", kept]), "already exists")
    _one_line_error(run_cli(["predict", model, data, "--out", link]), "symbolic link")
    run = run_cli(["predict", model, data, "--out", link, "--force"])
    assert run.returncode == 0, run.stderr
    assert kept.read_text() == "precious" and not link.is_symlink()
    assert list(pd.read_csv(link).columns) == ["y_sun", "y_rain", "y_wind"]


def test_finding_2_compare_out_keeps_other_files(data, tmp_path, run_cli):
    # A folder with other files needs --force, which replaces only the report's own files
    # (a link by a file, never its target); a folder holding an earlier report is reused.
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "results.csv").write_text("my results")
    (folder / "notes.txt").write_text("my notes")
    target = tmp_path / "target.html"
    target.write_text("precious")
    (folder / "report.html").symlink_to(target)
    _one_line_error(run_cli(["compare", data, *COMPARE, "--out", folder]), "not empty")
    assert (folder / "results.csv").read_text() == "my results"
    run = run_cli(["compare", data, *COMPARE, "--out", folder, "--force"])
    assert run.returncode == 0, run.stderr
    assert target.read_text() == "precious" and (folder / "notes.txt").read_text() == "my notes"
    assert not (folder / "report.html").is_symlink()
    assert "<table>" in (folder / "report.html").read_text()
    assert "fold" in pd.read_csv(folder / "results.csv").columns
    again = run_cli(["compare", data, *COMPARE, "--out", folder])
    assert again.returncode == 0, again.stderr


@pytest.mark.parametrize("command, out, message", [
    (["fit", "{data}", *FAST], "{tmp}/no/such/dir/m.joblib", "does not exist; create it"),
    (["fit", "{data}", *FAST, "--force"], "{tmp}", "is a folder; --out needs a file name"),
    (["compare", "{data}", *COMPARE], "{data}", "is a file, not a folder"),
    (["compare", "{data}", *COMPARE, "--force"], "{data}", "is a file, not a folder"),
])
def test_finding_3_output_errors_come_before_the_work(command, out, message, data, tmp_path,
                                                      run_cli):
    # An --out that cannot be written is one line before any training: nothing on stdout.
    values = {"data": data, "tmp": tmp_path}
    run = run_cli([a.format(**values) for a in command] + ["--out", out.format(**values)])
    _one_line_error(run, message)
    assert run.stdout == ""


def _write_arff(path, feature_value):
    rows = "".join(f"{v},{i % 2},{(i // 2) % 2}\n"
                   for i, v in enumerate(["1", "2", feature_value, "3", "4", "5", "6", "7"]))
    path.write_text("@relation r\n@attribute x numeric\n@attribute a {0,1}\n"
                    f"@attribute b {{0,1}}\n@data\n{rows}")


@pytest.mark.parametrize("suffix, value", [(".csv", "inf"), (".csv", "-1e400"),
                                           (".arff", "inf")])
def test_finding_8_infinite_features_are_one_line(suffix, value, toy_csv, model, tmp_path,
                                                  run_cli):
    # inf (or a number too large for a float) in a feature stops fit and predict in one line.
    path = tmp_path / f"inf{suffix}"
    if suffix == ".csv":
        frame = pd.read_csv(toy_csv).astype({"f1": object})
        frame.loc[3, "f1"] = value
        frame.to_csv(path, index=False)
        _one_line_error(run_cli(["predict", model, path, "--out", "-"]),
                        "the first in data row 4 (f1)")
        options = FAST
    else:
        _write_arff(path, value)
        options = ["--labels", "-2", "--epochs", "1"]
    _one_line_error(run_cli(["fit", path, *options, "--out", tmp_path / "m.joblib"]),
                    "1 infinite feature value(s)")


@pytest.mark.parametrize("args, message", [
    (["fit", "{data}", *FAST, "--epochs", "0"], "--epochs must be at least 1, got 0"),
    (["fit", "{data}", *FAST, "--seed", "-1"], "--seed must be between 0 and"),
    (["compare", "{data}", *COMPARE, "--seed", str(2**40)], "--seed must be between 0 and"),
    (["compare", "{data}", *COMPARE, "--cv", "500"], "90 rows cannot make 500 folds"),
    (["compare", "{tiny}", *COMPARE], "a model needs at least 5"),
    (["fit", "{tiny}", *FAST], "a model needs at least 5"),
])
def test_finding_8_bad_numbers_and_too_few_rows_are_one_line(args, message, data, tmp_path,
                                                             run_cli):
    # Out-of-range numbers and data too small to train on: one line, exit 2.
    tiny = tmp_path / "tiny.csv"
    pd.read_csv(data).head(3).to_csv(tiny, index=False)
    args = [a.format(data=data, tiny=tiny) for a in args]
    if args[0] == "fit":
        args += ["--out", str(tmp_path / "m.joblib")]
    _one_line_error(run_cli(args), message)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may read and write anywhere")
def test_finding_8_permissions_are_one_line(data, tmp_path, run_cli):
    # A data file that cannot be read, a folder that cannot be written: one line, exit 2.
    data.chmod(0o000)
    try:
        _one_line_error(run_cli(["fit", data, *FAST, "--out", tmp_path / "m.joblib"]),
                        "ermission denied")
    finally:
        data.chmod(0o644)
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        _one_line_error(run_cli(["fit", data, *FAST, "--out", folder / "m.joblib"]),
                        "cannot write into folder")
    finally:
        folder.chmod(0o755)


def test_finding_9_math_label_names_give_a_whole_report(tmp_path, run_cli):
    # Label names with '$' are plain text to matplotlib: the whole report is written.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    frame = pd.DataFrame(X, columns=["f0", "f1", "f2"])
    for j, name in enumerate(["y_$\\frac{a$", "y_$x^2$", "y_plain"]):
        frame[name] = (X[:, j] > 0).astype(int)
    path = tmp_path / "math.csv"
    frame.to_csv(path, index=False)
    out = tmp_path / "report"
    run = run_cli(["compare", path, *COMPARE, "--out", out])
    assert run.returncode == 0, run.stderr
    assert {"results.csv", "scores.png", "per_label_f1.png", "report.html"} <= set(
        os.listdir(out))
