"""Tests of the default candidates (skmultinet.auto._candidates)."""

import numpy as np
import pytest
import scipy.sparse as sp

from skmultinet import AutoMultiLabelNet, MultiLabelNetClassifier
from skmultinet.auto import default_candidates
from skmultinet.auto._candidates import (
    MEASURED_ON,
    _is_binary,
    _spline_fits,
    by_promise,
    choose_candidates,
)

# Networks of 2 epochs do not converge, on purpose: the tests stay fast.
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def test_default_candidates_are_valid_parameters():
    # Every default candidate names real MultiLabelNetClassifier parameters (or preprocessing).
    names = set(MultiLabelNetClassifier().get_params()) | {"preprocessing"}
    for candidate in default_candidates():
        assert set(candidate) <= names


def test_binary_inputs_skip_quantile_candidates():
    # 0/1 features (dense or sparse) drop the quantile-transform candidates.
    assert _is_binary(np.array([[0.0, 1.0], [1.0, 0.0]]))
    assert _is_binary(sp.csr_matrix(np.eye(3)))
    assert not _is_binary(np.array([[0.0, 2.0]]))
    assert any("preprocessing" in c for c in default_candidates())
    assert not any("preprocessing" in c for c in default_candidates(binary_inputs=True))
    assert not any("preprocessing" in c
                   for c in default_candidates(binary_inputs=True, spline_inputs=True))


def test_bag_of_words_candidates_smooth_labels_only_on_binary_inputs():
    # Label smoothing goes with the unscaled small-batch candidates on 0/1 words only.
    def smoothing(candidates):
        return [c["loss"].label_smoothing for c in candidates if "loss" in c]

    assert smoothing(default_candidates(binary_inputs=True)) == [0.1, 0.1]
    assert smoothing(default_candidates()) == []
    assert all(c.get("standardize", True) is False
               for c in default_candidates(binary_inputs=True) if "loss" in c)


def test_spline_candidates_only_when_asked():
    # spline_inputs adds two candidates behind a quantile-knot cubic spline expansion.
    from sklearn.preprocessing import SplineTransformer

    plain, spline = default_candidates(), default_candidates(spline_inputs=True)
    added = [c for c in spline if isinstance(c.get("preprocessing"), SplineTransformer)]
    assert len(spline) == len(plain) + 3 == len(plain) + len(added)
    assert {c["preprocessing"].knots for c in added} == {"quantile"}
    assert added[0]["preprocessing"] is not added[1]["preprocessing"]


def test_spline_expansion_is_bounded_by_size():
    # Many rows of a few features, or wide inputs, skip the spline expansion.
    assert _spline_fits(np.empty((1000, 10)))
    assert not _spline_fits(np.empty((10, 1001)))
    assert not _spline_fits(np.empty((2_000_001, 5)))
    assert not _spline_fits(sp.csr_matrix((10, 5)))


@pytest.mark.parametrize("binary", [False, True])
@pytest.mark.filterwarnings("ignore:n_quantiles .* is greater than:UserWarning")
def test_every_default_candidate_fits_and_predicts(data, binary):
    # Each default setting (transforms, cosine schedule, label smoothing) trains and predicts.
    X, Y, X_test = data
    if binary:
        X, X_test = (X > 1).astype(float), (X_test > 1).astype(float)
    auto = AutoMultiLabelNet(base_params={"random_state": 0})
    for candidate in default_candidates(binary_inputs=binary, spline_inputs=not binary):
        network = auto._network({**candidate, "epochs": 2, "batch_size": 32})
        proba = network.fit(X, Y).predict_proba(X_test)
        assert proba.shape == (20, 3) and np.isfinite(proba).all(), candidate


@pytest.mark.parametrize("kind, n_features, binary, spline", [
    ("dense", 6, False, True), ("dense", 1001, False, False), ("sparse", 6, False, False),
    ("binary", 6, True, False),
])
def test_choose_candidates_reads_the_inputs(kind, n_features, binary, spline):
    # 0/1 inputs drop the transforms; dense inputs of a thousand features or fewer add splines.
    rng = np.random.RandomState(0)
    X = rng.rand(40, n_features) if kind != "binary" else (rng.rand(40, n_features) < 0.5) * 1.0
    X = sp.csr_matrix(X) if kind == "sparse" else X
    expected = by_promise(default_candidates(binary_inputs=binary, spline_inputs=spline),
                          binary_inputs=binary, sparse_inputs=kind == "sparse")
    assert [set(c) for c in choose_candidates(X)] == [set(c) for c in expected]
    kinds = [type(c.get("preprocessing")).__name__ for c in choose_candidates(X)]
    assert ("SplineTransformer" in kinds) is spline
    assert ("QuantileTransformer" in kinds) is not binary


def test_default_candidates_come_most_promising_first():
    # The network of the measured defaults leads; 0/1 inputs try the bag-of-words
    # settings next, other inputs the two-layer networks, with the unscaled ones last.
    dense = choose_candidates(np.random.RandomState(0).rand(40, 6))
    words = choose_candidates((np.random.RandomState(0).rand(40, 6) < 0.5) * 1.0)
    assert dense[0] == MEASURED_ON and words[0] == MEASURED_ON
    assert all(c.get("standardize") is False for c in words[1:3])
    assert len(dense[1]["hidden_layer_sizes"]) == 2
    assert all(c.get("standardize") is False for c in dense[-2:])


def test_sparse_weights_try_the_unscaled_candidates_first():
    # TF-IDF-like sparse inputs: the unscaled settings lead, then the measured network;
    # sparse 0/1 inputs keep the order of dense 0/1 ones.
    rng = np.random.RandomState(0)
    weights = choose_candidates(sp.csr_matrix(rng.rand(40, 6) * (rng.rand(40, 6) < 0.3)))
    assert all(c.get("standardize") is False for c in weights[:2])
    assert weights[2] == MEASURED_ON
    words = choose_candidates(sp.csr_matrix((rng.rand(40, 6) < 0.3) * 1.0))
    assert words[0] == MEASURED_ON and words[1].get("standardize") is False


def test_search_budget_stops_before_a_candidate_that_leaves_no_time_for_the_final_model():
    # 10 s tried (9 s in fold fits, 3 folds): one final network costs 13.5 s. With 100 s,
    # 30 s spent, the next candidate (10 s) and 4 networks (54 s) fit; 5 (67.5 s) do not.
    from skmultinet.auto._candidates import SearchBudget

    budget = SearchBudget(100.0, 3)
    assert budget.affords_candidate(50)  # the first candidate is always tried
    budget.record(10.0, 9.0)
    budget.started -= 30.0
    assert budget.affords_candidate(4) and not budget.affords_candidate(5)
    assert budget.final_networks(6, [0]) == 5 and budget.final_networks(6, [0, 0]) == 4
    budget.started -= 1000.0
    assert budget.final_networks(6, [0, 0]) == 2  # one network per averaged candidate
    assert SearchBudget(None, 3).final_networks(6, [0]) == 6


def test_search_budget_averages_only_the_best_candidates_it_pays_for():
    # Fold fits of 4, 10 and 2 s (3 folds): final networks of 6, 15 and 3 s. With 50 s,
    # 30 s spent, the 20 s left pay for one network of each of the best k while the
    # running sum stays within 20 s; the best candidate alone is always allowed.
    from skmultinet.auto._candidates import SearchBudget

    budget = SearchBudget(50.0, 3)
    for fit_seconds in (4.0, 10.0, 2.0):
        budget.record(fit_seconds + 1.0, fit_seconds)
    budget.started -= 30.0
    assert budget.ensemble_limit([0, 1, 2]) == 1  # 6 + 15 = 21 s > 20 s
    assert budget.ensemble_limit([0, 2, 1]) == 2  # 6 + 3 = 9 s, + 15 = 24 s
    assert budget.ensemble_limit([2, 0]) == 2
    assert budget.ensemble_limit([1, 0, 2]) == 1
    budget.seconds = 60.0  # 30 s left: 24 s pays for all three
    assert budget.ensemble_limit([1, 0, 2]) == 3
    budget.started -= 1000.0  # over budget: the best candidate only
    assert budget.ensemble_limit([2, 0, 1]) == 1
    assert SearchBudget(None, 3).ensemble_limit([0, 1, 2]) == 3


def test_search_budget_pays_final_networks_in_rounds_of_every_member():
    # Fold fits of 2 and 10 s (3 folds): one network of each costs 3 + 15 = 18 s, so
    # 50 s left pay for two rounds (4 networks), not 5 networks at their mean cost of 9 s.
    from skmultinet.auto._candidates import SearchBudget

    budget = SearchBudget(50.0, 3)
    budget.record(3.0, 2.0)
    budget.record(11.0, 10.0)
    assert budget.round_cost([0, 1]) == pytest.approx(18.0)
    assert budget.final_networks(6, [0, 1]) == 4
    assert budget.final_networks(6, [1, 0]) == 4
    assert budget.final_networks(2, [0, 1]) == 2
    budget.started -= 40.0  # 10 s left: not one round, still one network per member
    assert budget.final_networks(6, [0, 1]) == 2
    assert budget.final_networks(6, [0]) == 3  # 3 s each


def test_every_default_candidate_spells_out_the_defaults_it_was_measured_on():
    """A change of the classifier's defaults leaves the catalogue as it was measured."""
    for candidates in (default_candidates(), default_candidates(binary_inputs=True),
                       default_candidates(spline_inputs=True)):
        for candidate in candidates:
            assert set(MEASURED_ON) <= set(candidate)
    assert default_candidates()[0] == {"hidden_layer_sizes": (256,), "dropout": 0.2,
                                       "standardize": True, "batch_size": 200}
