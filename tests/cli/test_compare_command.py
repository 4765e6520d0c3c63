"""Tests of ``skmultinet compare`` (skmultinet.cli._compare)."""

import os

import pandas as pd
import pytest

from _paths import SHARED_DATA as DATA  # noqa: E402
EMOTIONS = os.path.join(DATA, "mulan", "emotions", "emotions-train.arff")


def test_compare_writes_table_and_report(toy_csv, tmp_path, run_main):
    # compare prints a ranked table and a recommendation and writes the report.
    status, out, err = run_main(["compare", toy_csv, "--label-prefix", "y_", "--losses",
                                 "bce,focal", "--epochs", "3", "--cv", "2", "--quiet",
                                 "--out", str(tmp_path)])
    assert status == 0, err
    assert "micro-F1 ± sd" in out and "Use loss=" in out
    assert "binary_crossentropy" in out and "MLPClassifier" in out
    assert "\r" not in err  # no progress bar when quiet or not a TTY
    page = (tmp_path / "report.html").read_text()
    assert "data:image/png;base64," in page and "<table>" in page
    results = pd.read_csv(tmp_path / "results.csv")
    assert {"model", "rule", "fold", "f1_micro", "ranking_loss"} <= set(results.columns)
    assert (results["fold"] == "mean").sum() == 6


@pytest.mark.parametrize("option, message", [
    (["--cv", "1"], "--cv must be at least 2, got 1"),
    (["--epochs", "0"], "--epochs must be at least 1, got 0"),
])
def test_bad_options_stop_before_any_fit(option, message, toy_csv, run_main):
    # Options out of range are one-line usage errors, found before the fits start.
    status, out, err = run_main(["compare", toy_csv, "--label-prefix", "y_", *option])
    assert status == 2 and err.strip() == f"skmultinet: error: {message}"


@pytest.mark.skipif(not os.path.isfile(EMOTIONS), reason="MULAN data not available")
def test_subprocess_compare_on_real_arff(tmp_path, run_cli):
    # The command works end to end on a real MULAN file, in a separate process.
    run = run_cli(["compare", EMOTIONS, "--losses", "bce", "--epochs", "2", "--cv", "2",
                   "--out", tmp_path], timeout=120)
    assert run.returncode == 0, run.stderr
    assert "391 rows, 72 features, 6 labels" in run.stdout
    assert (tmp_path / "report.html").is_file()
