"""Tests of the strategy registry (skmultinet.thresholds.strategies._registry).

A toy strategy is added the documented way (one object, one registration
line) and used through ThresholdOptimizer and through the command line.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_multilabel_classification
from sklearn.metrics import f1_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.utils._param_validation import InvalidParameterError

import skmultinet
from skmultinet import ThresholdOptimizer
from skmultinet.thresholds.strategies import (
    STRATEGIES,
    GlobalThreshold,
    LabelThresholdStrategy,
    TunedRule,
    describe_rule,
    get_strategy,
    register_strategy,
    rule_summary,
    rule_text,
    strategy_names,
)

TOY_GRID = np.array([0.25, 0.5, 0.75])


class CoarseGrid(LabelThresholdStrategy):
    """A toy rule: the best threshold shared by all labels among 0.25, 0.5 and 0.75."""

    name = "toy_coarse_grid"
    description = "one threshold for all labels, among 0.25, 0.5 and 0.75"

    def search(self, scores, y, metric, *, thresholds="auto", sample_weight=None, min_labels=0):
        start = self.global_search(scores, y, metric, TOY_GRID, sample_weight, min_labels)
        return TunedRule(thresholds=np.full(scores.shape[1], start.threshold)), start.curve


@pytest.fixture
def toy_strategy():
    strategy = register_strategy(CoarseGrid())
    yield strategy
    del STRATEGIES[strategy.name]


@pytest.fixture(scope="module")
def data():
    return make_multilabel_classification(
        n_samples=150, n_features=8, n_classes=4, n_labels=2, random_state=0
    )


def test_builtin_strategies_in_help_order():
    """The five built-in strategies are registered, in the order help texts list them."""
    assert strategy_names() == ("global", "per_label", "top_k", "cardinality", "mcut")
    assert all(get_strategy(name).name == name for name in strategy_names())
    assert all(STRATEGIES[name].description for name in strategy_names())


def test_unknown_name_lists_the_valid_ones():
    """An unknown name is refused with the list of registered names."""
    with pytest.raises(ValueError, match="global, per_label, top_k, cardinality, mcut"):
        get_strategy("nope")


def test_registration_refuses_clashes_and_non_strategies():
    """A taken name needs replace=True; only ThresholdStrategy instances register."""
    with pytest.raises(ValueError, match="already registered"):
        register_strategy(GlobalThreshold())
    assert register_strategy(STRATEGIES["global"], replace=True) is STRATEGIES["global"]
    with pytest.raises(TypeError, match="ThresholdStrategy"):
        register_strategy("global")

    class Nameless(GlobalThreshold):
        name = None

    with pytest.raises(ValueError, match="non-empty string"):
        register_strategy(Nameless())


def test_toy_strategy_through_threshold_optimizer(toy_strategy, data):
    """A registered strategy is accepted, searched, applied and scored by ThresholdOptimizer."""
    X, y = data
    model = ThresholdOptimizer(
        KNeighborsClassifier(), strategy=toy_strategy.name, cv=3, store_cv_results=True
    ).fit(X, y)
    assert model.best_thresholds_.shape == (y.shape[1],)
    assert model.best_thresholds_[0] in TOY_GRID and model.best_k_ is None
    scores = np.column_stack([p[:, 1] for p in model.predict_proba(X)])
    np.testing.assert_array_equal(model.predict(X), scores >= model.best_thresholds_)
    oof_pred = model.cv_results_["scores"] >= model.best_thresholds_
    assert model.best_score_ == pytest.approx(f1_score(y, oof_pred, average="micro"))
    np.testing.assert_array_equal(np.sort(model.cv_results_["thresholds"]), TOY_GRID)
    assert describe_rule(model) == f"{model.best_thresholds_[0]:.2f}"


def test_unregistered_strategy_is_refused_by_fit(data):
    """ThresholdOptimizer reads the registry when it validates: a removed name is refused."""
    X, y = data
    with pytest.raises(InvalidParameterError, match="strategy"):
        ThresholdOptimizer(KNeighborsClassifier(), strategy=CoarseGrid.name).fit(X, y)


@pytest.mark.parametrize("strategy", ["global", "per_label", "top_k", "cardinality", "mcut"])
def test_rule_summary_and_text_of_a_fitted_optimizer(data, strategy):
    """rule_summary gives a rule's numbers, describe_rule its short text."""
    X, y = data
    model = ThresholdOptimizer(KNeighborsClassifier(), strategy=strategy, cv=3).fit(X, y)
    summary, text = rule_summary(model), describe_rule(model)
    assert text == rule_text(strategy, summary)
    if strategy == "top_k":
        assert summary == {"k": model.best_k_} and text == f"top {model.best_k_}"
    elif strategy == "mcut":
        assert summary == {} and text == "mcut"
    else:
        finite = model.best_thresholds_[np.isfinite(model.best_thresholds_)]
        assert summary["threshold_median"] == np.median(finite)
        assert text.startswith("med " if strategy == "per_label" else "0.")


def test_rule_text_of_fold_averaged_rows():
    """Rows of a table averaged over folds read as the comparison table shows them."""
    assert rule_text("top_k", {"k": 2.0}) == "top 2"
    assert rule_text("top_k", {"k": 2.5}) == "top 2.5"
    assert rule_text("global", {"threshold_median": 0.456}) == "0.46"
    assert rule_text("cardinality", {"threshold_median": np.nan}) == "cardinality"
    row = pd.Series({"threshold_median": 0.42, "threshold_min": 0.1, "threshold_max": 0.8,
                     "k": np.nan})
    assert rule_text("per_label", row) == "med 0.42 [0.10-0.80]"
    assert rule_text("mcut", {"threshold_median": np.nan}) == "mcut"


def _run_cli(argv):
    """Exit status of ``skmultinet ARGV`` run in this process (argparse errors included)."""
    from skmultinet.cli import main

    try:
        return main(argv)
    except SystemExit as exc:  # argparse refuses an unknown --strategy choice this way
        return exc.code


def test_cli_fit_with_a_registered_strategy(toy_strategy, tmp_path):
    """``skmultinet fit --strategy <registered name>`` saves a model predicting with that rule."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(90, 5))
    frame = pd.DataFrame(X, columns=[f"f{j}" for j in range(5)])
    for j, name in enumerate(["y_sun", "y_rain", "y_wind"]):
        frame[name] = (X[:, j] + 0.5 * rng.normal(size=90) > 0).astype(int)
    data, out = tmp_path / "toy.csv", tmp_path / "model.skmn"
    frame.to_csv(data, index=False)
    status = _run_cli(["fit", str(data), "--label-prefix", "y_", "--strategy",
                       toy_strategy.name, "--epochs", "2", "--out", str(out)])
    assert status == 0
    model = skmultinet.load(out)  # the file names the strategy; its code stays here
    assert model.strategy == toy_strategy.name
    assert model.best_thresholds_[0] in TOY_GRID
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # feature names, if fitted without
        scores = np.asarray(model.predict_proba(X))
        y_pred = np.asarray(model.predict(X))
    np.testing.assert_array_equal(y_pred, scores >= model.best_thresholds_)
