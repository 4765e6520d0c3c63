"""Tests of the comparison protocol (skmultinet.cli._protocol)."""

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_multilabel_classification

from skmultinet.cli._protocol import (
    METRICS,
    PEERS,
    default_problem,
    make_candidates,
    run_comparison,
    suitable_losses,
    summarize,
)
from skmultinet.model_selection._split import multilabel_folds as outer_folds


@pytest.fixture(scope="module")
def comparison():
    X, Y = make_multilabel_classification(n_samples=160, n_features=8, n_classes=4,
                                          random_state=0)
    candidates = make_candidates(["binary_crossentropy", "zlpr"],
                                 epochs=3, seed=0)
    calls = []
    result = run_comparison(X, Y, candidates, scoring="f1_macro", cv=2, seed=0,
                            progress=lambda done, total, what: calls.append((done, total)))
    result.calls = calls
    return result


def test_default_problem_shape():
    # The built-in problem has the documented realistic shape.
    X, Y = default_problem(0)
    assert X.shape == (1500, 60) and Y.shape == (1500, 10)
    assert 2 <= Y.sum(axis=1).mean() <= 3.5


def test_suitable_losses_filters_and_validates():
    # Default losses respect min_labels; unknown names list the valid ones.
    assert "lsep" not in suitable_losses(1) and "lsep" in suitable_losses(3)
    assert suitable_losses(3, ["bce", "binary_crossentropy", "focal"]) == [
        "binary_crossentropy", "focal"]
    with pytest.raises(ValueError, match="unknown loss 'nope'; valid names: .*focal"):
        suitable_losses(3, ["nope"])
    with pytest.raises(ValueError, match="needs at least 2 labels"):
        suitable_losses(1, ["lsep"])


def test_one_row_per_model_rule_and_fold(comparison):
    # Networks give one tuned row per fold; peers also give their 0.5 cut.
    folds = comparison.folds
    assert set(folds["model"]) == {"binary_crossentropy", "zlpr", *PEERS}
    assert len(folds) == 2 * (2 + 2 * 2)
    assert set(folds[folds["kind"] == "peer"]["rule"]) == {"per_label", "0.5"}
    for metric in METRICS:
        assert folds[metric].between(0, 1).all()
    assert comparison.calls[-1] == (8, 8)


def test_summary_is_ranked_by_scoring(comparison):
    # The summary is sorted by the chosen scoring, best first, ranks 1..n.
    summary = comparison.summary
    assert list(summary["rank"]) == list(range(1, len(summary) + 1))
    assert summary["f1_macro"].is_monotonic_decreasing
    assert {"f1_macro_std", "fit_time", "gain", "threshold_median"} <= set(summary.columns)


def test_out_of_fold_predictions_cover_every_row(comparison):
    # Stored predictions have one row per sample, from the fold that tested it.
    for predictions in comparison.predictions.values():
        assert predictions.shape == comparison.truth.shape
    assert len(comparison.histories["zlpr"]) == 2


def test_hamming_ranks_ascending():
    # A loss metric ranks the smallest value first.
    folds = pd.DataFrame({"model": ["a", "b"], "kind": ["network"] * 2, "rule": ["global"] * 2,
                          "fold": [0, 0], "hamming_loss": [0.3, 0.1]})
    assert list(summarize(folds, "hamming_loss")["model"]) == ["b", "a"]


def test_outer_folds_partition_the_rows():
    # The shared outer folds are a seeded partition of the rows into cv test folds.
    _, Y = make_multilabel_classification(n_samples=60, n_classes=4, random_state=0)
    folds = outer_folds(Y, 3, seed=1)
    tests = np.sort(np.concatenate([test for _, test in folds]))
    assert len(folds) == 3 and np.array_equal(tests, np.arange(60))
    assert all(np.intersect1d(train, test).size == 0 for train, test in folds)
    again = outer_folds(Y, 3, seed=1)
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(folds, again))
