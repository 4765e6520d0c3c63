"""Tests of the report writer (skmultinet.cli._report)."""

import base64
import dataclasses
import os

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_multilabel_classification

from skmultinet.cli._protocol import make_candidates, run_comparison
from skmultinet.cli._report import (
    PLOTS,
    plot_reliability,
    report_html,
    results_frame,
    write_report,
)


@pytest.fixture(scope="module")
def comparison():
    X, Y = make_multilabel_classification(n_samples=120, n_features=6, n_classes=3,
                                          random_state=1)
    return run_comparison(X, Y, make_candidates(["focal"], epochs=3, seed=0), cv=2, seed=0,
                          label_names=["a", "b", "c"])


def test_results_frame_has_folds_and_means(comparison):
    # results.csv: one row per model, rule and fold, then one mean row per model and rule.
    frame = results_frame(comparison)
    n_models = len(comparison.summary)
    assert (frame["fold"] == "mean").sum() == n_models
    assert len(frame) == n_models * 3
    assert list(frame.columns[:5]) == ["model", "kind", "rule", "fold", "rank"]


def test_write_report_files(comparison, tmp_path):
    # The report folder holds the CSV, four PNGs and a self-contained HTML page.
    out = tmp_path / "report"
    written, note = write_report(comparison, str(out), facts={"data": "toy", "rows": "120"},
                                 command="skmultinet compare toy")
    assert note == ""
    names = sorted(os.listdir(out))
    assert names == [".skmultinet-report", "learning_curves.png", "per_label_f1.png",
                     "reliability.png", "report.html", "results.csv", "scores.png"]
    page = (out / "report.html").read_text()
    assert page.count("src='data:image/png;base64,") == 4
    assert "<th>ECE</th>" in page and "alt='reliability.png'" in page
    assert "<table>" in page and "focal" in page and "OneVsRest(LogisticRegression)" in page
    assert "<link" not in page and "<script" not in page  # nothing external
    png = (out / "scores.png").read_bytes()
    assert base64.b64encode(png).decode()[:20] in page
    frame = pd.read_csv(out / "results.csv")
    assert {"f1_micro", "f1_macro", "f1_samples", "hamming_loss", "ranking_loss", "ece",
            "fit_time"} <= set(frame.columns)


def test_report_without_matplotlib(comparison, tmp_path, monkeypatch):
    # Without matplotlib the report is still written, without plots, and says so.
    monkeypatch.setattr("skmultinet.cli._report._import_pyplot", lambda: None)
    written, note = write_report(comparison, str(tmp_path), facts={}, command="x")
    assert "matplotlib" in note
    assert sorted(os.listdir(tmp_path)) == [".skmultinet-report", "report.html", "results.csv"]
    assert "matplotlib is not installed" in (tmp_path / "report.html").read_text()


def test_report_html_escapes(comparison):
    # Text from the data is escaped in the page.
    page = report_html(comparison, {"data": "<b>x</b>"}, {}, "cmd <x>", "")
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "cmd &lt;x&gt;" in page


def test_failing_report_leaves_nothing(comparison, tmp_path, monkeypatch):
    # A plot that fails leaves no partial report: no folder, no results.csv, no PNG.
    def broken(comparison, plt):
        raise ValueError("mathtext")

    monkeypatch.setitem(PLOTS, "per_label_f1.png", broken)
    with pytest.raises(ValueError, match="mathtext"):
        write_report(comparison, str(tmp_path / "report"), facts={}, command="x")
    assert not (tmp_path / "report").exists()


def test_label_names_are_plain_text(comparison, tmp_path):
    # A label named like mathtext ('$\frac{a$') is drawn as text, not parsed.
    comparison.label_names[0] = "y_$\\frac{a$"
    try:
        written, _ = write_report(comparison, str(tmp_path), facts={}, command="x")
    finally:
        comparison.label_names[0] = "a"
    assert os.path.basename(written[-1]) == "report.html" and len(written) == 6


def test_comparison_keeps_out_of_fold_probabilities_and_their_ece(comparison):
    # Every model's probabilities cover every row, and its ECE is that of its test folds.
    from skmultinet.decision import expected_calibration_error

    assert set(comparison.probabilities) == set(comparison.summary["model"])
    for proba in comparison.probabilities.values():
        assert proba.shape == comparison.truth.shape and ((proba >= 0) & (proba <= 1)).all()
    folds = comparison.folds
    assert folds["ece"].between(0, 1).all()
    network = folds[folds["model"] == "focal"]
    assert network["ece"].mean() == pytest.approx(
        np.mean([expected_calibration_error(comparison.truth[rows],
                                            comparison.probabilities["focal"][rows])
                 for rows in _test_folds(comparison)]))


def _test_folds(comparison):
    from skmultinet.model_selection._split import multilabel_folds

    return [test for _, test in multilabel_folds(comparison.truth, 2, 0)]


def test_reliability_diagram_draws_the_best_network_and_peer(comparison):
    # One curve per shown model plus the diagonal; no probabilities, no figure.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plot_reliability(comparison, plt)
    try:
        labels = [line.get_label() for line in fig.axes[0].get_lines()]
    finally:
        plt.close(fig)
    assert labels[0] == "perfectly calibrated" and len(labels) == 3
    assert labels[1].startswith("focal, ECE ")
    assert plot_reliability(dataclasses.replace(comparison, probabilities={}), plt) is None
