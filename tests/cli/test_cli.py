"""Tests of the skmultinet command (skmultinet.cli), in-process and as a subprocess."""

import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from skmultinet.cli import build_parser, main
from skmultinet.cli._main import ProgressBar

from _paths import SHARED_DATA as DATA  # noqa: E402
EMOTIONS = os.path.join(DATA, "mulan", "emotions", "emotions-train.arff")


@pytest.fixture(scope="module")
def toy_csv(tmp_path_factory):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(90, 5))
    frame = pd.DataFrame(X, columns=[f"f{j}" for j in range(5)])
    for j, name in enumerate(["y_sun", "y_rain", "y_wind"]):
        frame[name] = (X[:, j] + 0.5 * rng.normal(size=90) > 0).astype(int)
    path = tmp_path_factory.mktemp("cli") / "toy.csv"
    frame.to_csv(path, index=False)
    return str(path)


def _run(args, capsys):
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_compare_writes_table_and_report(toy_csv, tmp_path, capsys):
    # compare prints a ranked table and a recommendation and writes the report.
    status, out, err = _run(["compare", toy_csv, "--label-prefix", "y_", "--losses",
                             "bce,focal", "--epochs", "3", "--cv", "2", "--quiet",
                             "--out", str(tmp_path)], capsys)
    assert status == 0, err
    assert "micro-F1 ± sd" in out and "Use loss=" in out
    assert "binary_crossentropy" in out and "MLPClassifier" in out
    assert "\r" not in err  # no progress bar when quiet or not a TTY
    page = (tmp_path / "report.html").read_text()
    assert "data:image/png;base64," in page and "<table>" in page
    results = pd.read_csv(tmp_path / "results.csv")
    assert {"model", "rule", "fold", "f1_micro", "ranking_loss"} <= set(results.columns)
    assert (results["fold"] == "mean").sum() == 6


def test_fit_then_predict(toy_csv, tmp_path, capsys):
    # fit saves a model; predict writes one column per label, named, ignoring label columns.
    model = str(tmp_path / "model.joblib")
    status, out, err = _run(["fit", toy_csv, "--label-prefix", "y_", "--loss", "zlpr",
                             "--epochs", "3", "--out", model], capsys)
    assert status == 0, err
    assert os.path.isfile(model)
    predictions = str(tmp_path / "predictions.csv")
    status, out, err = _run(["predict", model, toy_csv, "--out", predictions], capsys)
    assert status == 0, err
    frame = pd.read_csv(predictions)
    assert list(frame.columns) == ["y_sun", "y_rain", "y_wind"]
    assert len(frame) == 90 and set(np.unique(frame.to_numpy())) <= {0, 1}
    status, out, err = _run(["predict", model, toy_csv, "--out", "-", "--proba"], capsys)
    assert out.splitlines()[0] == "y_sun,y_rain,y_wind"


@pytest.mark.parametrize("args, message", [
    (["compare", "missing.arff"], "missing.arff: no such file"),
    (["compare", "{csv}"], "no label columns found"),
    (["compare", "{csv}", "--label-prefix", "y_", "--losses", "nope"], "unknown loss 'nope'"),
    (["compare", "{never}", "--label-prefix", "y_"], "never positive: y_b"),
    (["compare", "{bad_arff}"], "line 4"),
    (["predict", "nope.joblib", "{csv}"], "nope.joblib: no such file"),
    (["compare", "{csv}", "--label-prefix", "y_", "--n-jobs", "0"], "--n-jobs must be"),
])
def test_errors_exit_2_with_one_line(args, message, toy_csv, tmp_path, capsys):
    # Problems a user can fix: exit status 2, one line on stderr, no traceback.
    never = tmp_path / "never.csv"
    never.write_text("x,y_a,y_b\n1,1,0\n2,0,0\n")
    bad_arff = tmp_path / "bad.arff"
    bad_arff.write_text("@relation r\n@attribute x numeric\n@data\n1,2\n")
    args = [a.format(csv=toy_csv, never=never, bad_arff=bad_arff) for a in args]
    status, out, err = _run(args, capsys)
    assert status == 2
    assert err.startswith("skmultinet: error: ") and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_drop_constant_labels_warns(tmp_path, capsys):
    # --drop-constant-labels drops a never-positive label with a warning.
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"x": rng.normal(size=40), "y_a": np.arange(40) % 2, "y_b": 0})
    frame["y_c"] = (frame["x"] > 0).astype(int)
    path = tmp_path / "d.csv"
    frame.to_csv(path, index=False)
    status, out, err = _run(["fit", str(path), "--label-prefix", "y_", "--epochs", "2",
                             "--drop-constant-labels", "--out", str(tmp_path / "m.joblib")],
                            capsys)
    assert status == 0 and "dropped 1 constant label column(s) (never positive: y_b)" in err


def test_progress_bar_draws_only_when_enabled():
    # The bar is one \r-redrawn line when enabled and silent otherwise.
    import io

    stream = io.StringIO()
    bar = ProgressBar(stream, enabled=True, width=10)
    bar(5, 10, "focal, fold 1/5")
    assert stream.getvalue().startswith("\r[#####.....] 5/10") and "\n" not in stream.getvalue()
    quiet = io.StringIO()
    ProgressBar(quiet, enabled=False)(1, 2, "x")
    assert quiet.getvalue() == ""


def test_parser_defaults():
    # compare's documented defaults.
    args = build_parser().parse_args(["compare"])
    assert (args.data, args.cv, args.scoring, args.strategy, args.seed) == (
        None, 5, "f1_micro", "per_label", 0)


def test_subprocess_help_and_error(tmp_path):
    # python -m skmultinet runs; --help is fast and an error exits 2 without traceback.
    help_run = subprocess.run([sys.executable, "-m", "skmultinet", "--help"],
                              capture_output=True, text=True, timeout=60)
    assert help_run.returncode == 0 and "compare" in help_run.stdout
    error = subprocess.run([sys.executable, "-m", "skmultinet", "compare",
                            str(tmp_path / "nothing.csv")], capture_output=True, text=True,
                           timeout=60)
    assert error.returncode == 2
    assert error.stderr.strip() == f"skmultinet: error: {tmp_path / 'nothing.csv'}: no such file"


def test_every_help_text_reads_as_printed(capsys):
    # argparse %-formats argument help but prints descriptions as written: no "%%" or
    # unfilled "%(...)s" reaches the user.
    parser = build_parser()
    subcommands = next(action for action in parser._actions if action.choices)
    for name, sub in {"": parser, **subcommands.choices}.items():
        text = sub.format_help()
        assert "%%" not in text and "%(" not in text, name
    assert "80% of DATA" in subcommands.choices["fit"].format_help()


@pytest.mark.skipif(not os.path.isfile(EMOTIONS), reason="MULAN data not available")
def test_subprocess_compare_on_real_arff(tmp_path):
    # The command works end to end on a real MULAN file, in a separate process.
    run = subprocess.run([sys.executable, "-m", "skmultinet", "compare", EMOTIONS, "--losses",
                          "bce", "--epochs", "2", "--cv", "2", "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "391 rows, 72 features, 6 labels" in run.stdout
    assert (tmp_path / "report.html").is_file()
