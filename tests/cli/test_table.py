"""Tests of the ranked table and the recommendation (skmultinet.cli._table)."""

import numpy as np
import pandas as pd
import pytest

from skmultinet.cli._protocol import METRICS, Comparison, summarize
from skmultinet.cli._table import format_table, recommendation, rule_text, table_cells


def _comparison(scores, scoring="f1_macro"):
    """A comparison of hand-written results: ``(model, kind, rule) -> score`` on 2 folds."""
    rows = []
    for (model, kind, rule), value in scores.items():
        for fold in (0, 1):
            rows.append({"model": model, "kind": kind, "rule": rule, "fold": fold,
                         "fit_time": 1.0, **{metric: 0.5 for metric in METRICS},
                         scoring: value, "gain": 0.01, "threshold_median": 0.3,
                         "threshold_min": 0.1, "threshold_max": 0.5})
    folds = pd.DataFrame(rows)
    return Comparison(folds, summarize(folds, scoring), scoring, "per_label", ["a", "b"])


NETWORK_WINS = {("zlpr", "network", "per_label"): 0.7,
                ("MLPClassifier", "peer", "0.5"): 0.6,
                ("MLPClassifier", "peer", "per_label"): 0.55}


def test_table_and_recommendation_text():
    # The table lists every row; the recommendation names a loss and the peer margin.
    comparison = _comparison(NETWORK_WINS)
    table = format_table(comparison)
    assert table.splitlines()[0].split()[:4] == ["#", "model", "rule", "macro-F1"]
    assert len(table.splitlines()) == 2 + len(comparison.summary)
    assert recommendation(comparison) == (
        "Use loss='zlpr' with per_label thresholds (f1_macro 0.700 ± 0.000): +0.100 over "
        "the best peer, MLPClassifier at its 0.5 cut (0.600).")


def test_recommendation_says_when_a_peer_wins():
    # A peer ahead of every network is named as the one to prefer.
    scores = {**NETWORK_WINS, ("zlpr", "network", "per_label"): 0.5}
    assert recommendation(_comparison(scores)).endswith(
        "but the peer MLPClassifier at its 0.5 cut scores 0.600, 0.100 better: prefer it here.")


def test_table_cells_put_the_scoring_first():
    # The chosen scoring comes first with its spread; the other metrics follow as means.
    headers, rows = table_cells(_comparison(NETWORK_WINS, scoring="hamming_loss"))
    assert headers[3] == "Hamming ± sd" and "Hamming" not in headers[4:]
    assert rows[0][1] == "MLPClassifier"  # the smallest Hamming loss ranks first


@pytest.mark.parametrize("row, text", [
    ({"rule": "0.5"}, "0.5 cut"),
    ({"rule": "top_k", "k": 2.0}, "top 2"),
    ({"rule": "per_label", "threshold_median": 0.3, "threshold_min": 0.1,
      "threshold_max": 0.5}, "med 0.30 [0.10-0.50]"),
    ({"rule": "global", "threshold_median": 0.3}, "0.30"),
    ({"rule": "mcut", "threshold_median": np.nan}, "mcut"),
])
def test_rule_text(row, text):
    # Threshold summaries are short and readable.
    assert rule_text(row) == text


def test_calibration_column_follows_the_metrics_when_measured():
    # An "ece" column in the results gives an ECE column before "gain"; without it, none.
    comparison = _comparison(NETWORK_WINS)
    assert "ECE" not in table_cells(comparison)[0]
    comparison.folds["ece"] = [0.05, 0.07, 0.2, 0.2, 0.1, 0.1]
    comparison.summary = summarize(comparison.folds, comparison.scoring)
    headers, rows = table_cells(comparison)
    assert headers[headers.index("gain") - 1] == "ECE"
    assert rows[0][1] == "zlpr" and rows[0][headers.index("ECE")] == "0.060"
    assert "ECE" in format_table(comparison).splitlines()[0]
