"""Metadata of AutoMultiLabelNet.fit: groups keep the folds apart, sample_weight weights
every network and every score, routed as scikit-learn's meta-estimators route them.

The `data` fixture lives in ``conftest.py``.
"""

import numpy as np
import pytest
import sklearn
from sklearn.exceptions import UnsetMetadataPassedError
from sklearn.model_selection import GroupKFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.metadata_routing import MetadataRouter, MethodMapping

from skmultinet import MultiLabelNetClassifier
from skmultinet.auto import AutoMultiLabelNet
from skmultinet.auto._cross_fitting import weighted_score
from skmultinet.auto._ensemble import SeedAveragedClassifier
from skmultinet.thresholds._metrics import SCORINGS

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

N_GROUPS = 7


def make_auto(**params):
    """The smallest search: one candidate, one rule, one network (5 tiny fits in all)."""
    options = {"candidates": [{}], "strategies": ("global",), "min_labels": (0,),
               "ensemble_size": 1, "n_estimators": 1, "cv": 2,
               "base_params": {"hidden_layer_sizes": (8,), "epochs": 3}, "random_state": 0}
    return AutoMultiLabelNet(**{**options, **params})


@pytest.fixture(autouse=True)
def _routing_left_off():
    """Every test leaves scikit-learn's global routing switch as it found it (off)."""
    assert not sklearn.get_config()["enable_metadata_routing"]
    yield
    assert not sklearn.get_config()["enable_metadata_routing"]


@pytest.fixture
def network_fits(monkeypatch):
    """Records (training rows, sample_weight) of every network fit."""
    seen = []
    original = MultiLabelNetClassifier.fit

    def spy(self, X, y, sample_weight=None):
        seen.append((np.asarray(X), sample_weight))
        return original(self, X, y, sample_weight=sample_weight)

    monkeypatch.setattr(MultiLabelNetClassifier, "fit", spy)
    return seen


def _groups(X):
    """A group per row, by a row's position: 7 groups of 10 rows, interleaved."""
    return np.arange(X.shape[0]) % N_GROUPS


def _groups_of(rows, X, groups):
    index = {row.tobytes(): i for i, row in enumerate(X)}
    return groups[[index[row.tobytes()] for row in rows]]


@pytest.mark.parametrize("routing", [False, True])
@pytest.mark.parametrize("cv", [2, GroupKFold(2)], ids=["int", "GroupKFold"])
def test_groups_are_never_split_across_a_fold(data, network_fits, cv, routing):
    """With groups, every network of the search and of the tuning trains on whole groups."""
    X, Y, _ = data
    groups = _groups(X)
    with sklearn.config_context(enable_metadata_routing=routing):
        auto = make_auto(cv=cv).fit(X, Y, groups=groups)
    fold_fits = [rows for rows, _ in network_fits if len(rows) < len(X)]
    assert len(fold_fits) == 4  # the search's 2 folds, then the tuning's 2
    for rows in fold_fits:
        inside = set(_groups_of(rows, X, groups))
        # a group is entirely in the training rows or entirely held out
        assert all(np.sum(groups == g) == np.sum(_groups_of(rows, X, groups) == g)
                   for g in inside)
    assert auto.predict(X[:3]).shape == (3, 3)


def test_without_groups_the_stratified_folds_do_split_groups(data, network_fits):
    """The check above can fail: the default stratified folds cut through these groups."""
    X, Y, _ = data
    groups = _groups(X)
    make_auto().fit(X, Y)
    rows = network_fits[0][0]
    inside = _groups_of(rows, X, groups)
    assert any(np.sum(groups == g) != np.sum(inside == g) for g in set(inside))


def test_sample_weight_reaches_every_network(data, network_fits):
    """Each network gets the weights of its own training rows."""
    X, Y, _ = data
    sample_weight = np.linspace(0.5, 2, len(X))
    make_auto().fit(X, Y, sample_weight=list(sample_weight))
    assert len(network_fits) == 5
    for rows, weights in network_fits:
        index = {row.tobytes(): i for i, row in enumerate(X)}
        np.testing.assert_array_equal(weights, sample_weight[[index[r.tobytes()] for r in rows]])


@pytest.mark.parametrize("weights, message", [
    (np.ones(3), "inconsistent numbers of samples|shape"),
    (np.zeros(70), "at least one non-zero"),
    (-np.ones(70), "[Nn]egative values"),
])
def test_bad_sample_weight_is_refused_before_any_fit(data, network_fits, weights, message):
    """Weights of the wrong length, all zero or negative get a clear error, and no fit."""
    X, Y, _ = data
    with pytest.raises(ValueError, match=message):
        make_auto().fit(X, Y, sample_weight=weights)
    assert network_fits == []


def test_groups_of_the_wrong_length_are_refused(data):
    """Groups must give one group per row."""
    X, Y, _ = data
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        make_auto().fit(X, Y, groups=np.arange(3))


def test_the_users_weights_are_not_modified(data):
    """fit leaves the user's sample_weight array as it was."""
    X, Y, _ = data
    sample_weight = np.linspace(0.5, 2, len(X))
    make_auto(cv=GroupKFold(2)).fit(X, Y, sample_weight=sample_weight, groups=_groups(X))
    np.testing.assert_array_equal(sample_weight, np.linspace(0.5, 2, len(X)))


@pytest.mark.parametrize("routing", [False, True])
def test_sample_weight_reaches_a_pipeline_candidate_network(data, network_fits, routing):
    """A candidate with preprocessing gets the weights on its network step, routing on or off."""
    X, Y, _ = data
    sample_weight = np.linspace(0.5, 2, len(X))
    auto = make_auto(candidates=[{"preprocessing": StandardScaler()}])
    with sklearn.config_context(enable_metadata_routing=routing):
        auto.fit(X, Y, sample_weight=sample_weight)
    assert len(network_fits) == 5
    assert all(weights is not None and len(weights) == len(rows)
               for rows, weights in network_fits)


def test_sample_weight_weights_the_scores(data):
    """Weights change the search's scores; unit weights change nothing."""
    X, Y, _ = data
    plain = make_auto().fit(X, Y)
    ones = make_auto().fit(X, Y, sample_weight=np.ones(len(X)))
    assert ones.cv_results_["score"] == pytest.approx(plain.cv_results_["score"])
    assert ones.cv_results_["ranking_loss"] == pytest.approx(plain.cv_results_["ranking_loss"])
    weights = np.where(Y.sum(axis=1) > 1, 5.0, 0.2)
    weighted = make_auto().fit(X, Y, sample_weight=weights)
    assert weighted.cv_results_["score"] != pytest.approx(plain.cv_results_["score"])


@pytest.mark.parametrize("scoring", sorted(SCORINGS))
def test_weighted_score_equals_repeated_rows(scoring):
    """An integer weight counts as that many copies of the row, for every scoring."""
    rng = np.random.default_rng(0)
    Y = rng.integers(0, 2, size=(30, 4))
    Y_pred = np.where(rng.random(Y.shape) < 0.8, Y, 1 - Y)
    weights = rng.integers(1, 4, size=30)
    repeated = np.repeat(np.arange(30), weights)
    assert weighted_score(scoring, Y, Y_pred, weights) == pytest.approx(
        weighted_score(scoring, Y[repeated], Y_pred[repeated]))


@pytest.mark.parametrize("routing", [False, True])
def test_seed_averaged_pipeline_gets_the_weights_on_its_network(data, network_fits, routing):
    """SeedAveragedClassifier passes sample_weight to each copy's network step."""
    X, Y, _ = data
    sample_weight = np.linspace(0.5, 2, len(X))
    model = SeedAveragedClassifier(
        make_pipeline(StandardScaler(), MultiLabelNetClassifier((4,), epochs=2)),
        n_estimators=2, random_state=0)
    with sklearn.config_context(enable_metadata_routing=routing):
        model.fit(X, Y, sample_weight=sample_weight)
    assert [weights is sample_weight for _, weights in network_fits] == [True, True]


@sklearn.config_context(enable_metadata_routing=True)
def test_routing_object_consumes_weights_and_routes_groups_to_the_splitter():
    """get_metadata_routing: fit consumes what set_fit_request asks; cv.split gets groups."""
    params = {"sample_weight": "w", "groups": "g"}
    routing = make_auto(cv=GroupKFold(2)).get_metadata_routing()
    assert routing.consumes("fit", list(params)) == {"groups"}  # GroupKFold asks for them
    asked = make_auto().set_fit_request(sample_weight=True).get_metadata_routing()
    assert asked.consumes("fit", list(params)) == {"sample_weight"}
    assert routing.route_params(params=params, caller="fit")["splitter"]["split"] == {
        "groups": "g"}
    refused = make_auto(cv=GroupKFold(2).set_split_request(groups=False))
    assert refused.get_metadata_routing().route_params(
        params=params, caller="fit")["splitter"]["split"] == {}
    assert make_auto().get_metadata_routing().route_params(
        params=params, caller="fit")["splitter"]["split"] == {}


@sklearn.config_context(enable_metadata_routing=True)
def test_routing_on_splitter_request_false_is_honoured(data):
    """A splitter that declines groups does not get them (GroupKFold then needs them)."""
    X, Y, _ = data
    auto = make_auto(cv=GroupKFold(2).set_split_request(groups=False))
    with pytest.raises(ValueError, match="'groups' parameter should not be None"):
        auto.fit(X, Y, groups=_groups(X))


@sklearn.config_context(enable_metadata_routing=True)
def test_parent_passes_metadata_only_when_requested(data):
    """In a routing parent, AutoMultiLabelNet gets sample_weight and groups as it requests."""
    X, Y, _ = data
    sample_weight, groups = np.ones(len(X)), _groups(X)
    with pytest.raises(UnsetMetadataPassedError, match="AutoMultiLabelNet.fit"):
        cross_validate(make_auto(), X, Y, cv=GroupKFold(2), scoring="f1_micro",
                       params={"sample_weight": sample_weight, "groups": groups})
    requested = make_auto().set_fit_request(sample_weight=True, groups=False)
    parent = MetadataRouter(owner="parent").add(
        auto=requested, method_mapping=MethodMapping().add(caller="fit", callee="fit"))
    routed = parent.route_params(params={"sample_weight": sample_weight, "groups": groups},
                                 caller="fit")
    assert set(routed["auto"]["fit"]) == {"sample_weight"}
