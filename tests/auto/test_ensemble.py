"""Tests of seed averaging (skmultinet.auto._ensemble)."""

import numpy as np
import pytest

from skmultinet import MultiLabelNetClassifier
from skmultinet.auto._ensemble import SeedAveragedClassifier, seed_params

# Networks of 3 epochs do not converge, on purpose: the tests stay fast.
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

TINY = {"hidden_layer_sizes": (8,), "epochs": 3}


def test_seed_average_is_mean_of_members(data):
    # SeedAveragedClassifier's proba is the mean of copies with distinct seeds.
    X, Y, X_test = data
    ensemble = SeedAveragedClassifier(MultiLabelNetClassifier(**TINY), n_estimators=3,
                                      random_state=0).fit(X, Y)
    seeds = {member.random_state for member in ensemble.estimators_}
    assert len(seeds) == 3
    expected = np.mean([m.predict_proba(X_test) for m in ensemble.estimators_], axis=0)
    np.testing.assert_allclose(ensemble.predict_proba(X_test), expected)
    assert ensemble.predict(X_test).shape == (20, 3)


def test_seed_average_over_several_estimators(data):
    # With a list of estimators, copies cycle through them and the proba is their mean.
    X, Y, X_test = data
    nets = [MultiLabelNetClassifier(**TINY), MultiLabelNetClassifier((4,), epochs=3)]
    ensemble = SeedAveragedClassifier(nets, n_estimators=4, random_state=0).fit(X, Y)
    assert [m.hidden_layer_sizes for m in ensemble.estimators_] == [(8,), (4,), (8,), (4,)]
    expected = np.mean([m.predict_proba(X_test) for m in ensemble.estimators_], axis=0)
    np.testing.assert_allclose(ensemble.predict_proba(X_test), expected)


def test_seed_params_reach_every_step():
    # Every random_state of a pipeline (transformer and network) gets the same seed.
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import QuantileTransformer

    pipeline = make_pipeline(QuantileTransformer(), MultiLabelNetClassifier(**TINY))
    params = seed_params(pipeline, 7)
    assert params == {"quantiletransformer__random_state": 7,
                      "multilabelnetclassifier__random_state": 7}
    assert seed_params(MultiLabelNetClassifier(), 3) == {"random_state": 3}
