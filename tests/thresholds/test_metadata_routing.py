"""Metadata routing of ThresholdOptimizer: sample_weight, groups and the rest reach
estimator.fit, cv.split and the scorer as they request, like TunedThresholdClassifierCV.

The consumers record what they receive: scikit-learn's own test consumers
(``sklearn.tests.metadata_routing_common``) for the binary path, and a small
multi-label classifier and splitter spy below for the indicator path.
"""

import numpy as np
import pytest
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import UnsetMetadataPassedError
from sklearn.metrics import f1_score, make_scorer
from sklearn.model_selection import GroupKFold, KFold
from sklearn.tests.metadata_routing_common import (
    ConsumingClassifier,
    ConsumingScorer,
    ConsumingSplitter,
    _Registry,
    check_recorded_metadata,
)

from skmultinet import ThresholdOptimizer

N_SAMPLES = 40


@pytest.fixture(autouse=True)
def _routing_left_off():
    """Every test leaves scikit-learn's global routing switch as it found it (off)."""
    assert not sklearn.get_config()["enable_metadata_routing"]
    yield
    assert not sklearn.get_config()["enable_metadata_routing"]


def _binary_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(N_SAMPLES, 3))
    y = np.tile([0, 1], N_SAMPLES // 2)
    return X, y, rng.uniform(0.5, 2, N_SAMPLES), rng.normal(size=N_SAMPLES)


def _multilabel_data():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(N_SAMPLES, 3))
    Y = (X + rng.normal(scale=0.5, size=X.shape) > 0).astype(int)
    groups = np.repeat(np.arange(8), N_SAMPLES // 8)
    return X, Y, rng.uniform(0.5, 2, N_SAMPLES), groups


class RecordingMultiLabelClassifier(ClassifierMixin, BaseEstimator):
    """Scores each label by one feature; records every ``fit`` call's rows and metadata."""

    def __init__(self, registry=None):
        self.registry = registry

    def fit(self, X, y, sample_weight=None, metadata=None):
        if self.registry is not None:
            self.registry.append(
                {"n_rows": len(X), "sample_weight": sample_weight, "metadata": metadata})
        self.n_labels_ = np.asarray(y).shape[1]
        return self

    def predict_proba(self, X):
        return 1 / (1 + np.exp(-np.asarray(X)[:, : self.n_labels_]))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags


class _NoWeights(RecordingMultiLabelClassifier):
    """The same classifier, without sample_weight in its fit."""

    def fit(self, X, y):
        return super().fit(X, y)


class SplitterSpy(GroupKFold):
    """GroupKFold that keeps the groups it was given and the splits it yielded."""

    def split(self, X, y=None, groups=None):
        self.seen_groups_ = groups
        self.splits_ = list(super().split(X, y, groups))
        yield from self.splits_


def _assert_no_group_on_both_sides(splitter, groups):
    assert splitter.seen_groups_ is groups
    assert len(splitter.splits_) == splitter.n_splits
    for train, test in splitter.splits_:
        assert not set(groups[train]) & set(groups[test])


@sklearn.config_context(enable_metadata_routing=True)
def test_routing_object_lists_estimator_splitter_and_scorer():
    """get_metadata_routing maps fit to estimator.fit, cv.split and the scorer's score."""
    scorer = ConsumingScorer().set_score_request(sample_weight=True)
    estimator = ConsumingClassifier().set_fit_request(sample_weight=False, metadata=True)
    routing = ThresholdOptimizer(estimator, cv=GroupKFold(2), scoring=scorer)
    routing = routing.get_metadata_routing()
    params = {"sample_weight": "w", "metadata": "m", "groups": "g"}
    assert routing.consumes("fit", list(params)) == set(params)
    routed = routing.route_params(params=params, caller="fit")
    assert routed["estimator"]["fit"] == {"metadata": "m"}
    assert routed["splitter"]["split"] == {"groups": "g"}
    assert routed["scorer"]["score"] == {"sample_weight": "w"}


@sklearn.config_context(enable_metadata_routing=True)
def test_routing_on_sends_each_metadata_where_requested():
    """With routing on, the estimator, the splitter and the scorer get what each requests."""
    X, y, sample_weight, metadata = _binary_data()
    groups = np.arange(N_SAMPLES) % 4
    estimator = ConsumingClassifier().set_fit_request(sample_weight=True, metadata=True)
    splitter = ConsumingSplitter().set_split_request(groups=True, metadata=True)
    scorer = ConsumingScorer().set_score_request(sample_weight=True)
    model = ThresholdOptimizer(estimator, strategy="global", cv=splitter, scoring=scorer)
    model.fit(X, y, sample_weight=sample_weight, metadata=metadata, groups=groups)
    check_recorded_metadata(model.estimator_, method="fit", parent="fit",
                            sample_weight=sample_weight, metadata=metadata)
    check_recorded_metadata(splitter, method="split", parent="fit",
                            groups=groups, metadata=metadata)
    # one record per search evaluation, each on the out-of-fold rows: all of them, in order
    check_recorded_metadata(scorer, method="consuming_metric", parent="fit",
                            sample_weight=sample_weight)


@sklearn.config_context(enable_metadata_routing=True)
def test_routing_on_fold_fits_get_their_rows_of_the_metadata():
    """Each fold's clone gets the metadata of its training rows only."""
    X, y, sample_weight, metadata = _binary_data()
    registry = _Registry()
    estimator = ConsumingClassifier(registry=registry).set_fit_request(
        sample_weight=True, metadata=True)
    splitter = ConsumingSplitter().set_split_request(metadata=False)
    scorer = make_scorer(f1_score).set_score_request(sample_weight=False)
    model = ThresholdOptimizer(estimator, strategy="global", cv=splitter, scoring=scorer)
    model.fit(X, y, sample_weight=sample_weight, metadata=metadata)
    folds = [fitted for fitted in registry if fitted is not model.estimator_]
    assert len(folds) == 2
    for fitted in folds:
        check_recorded_metadata(fitted, method="fit", parent="fit",
                                split_params=("sample_weight", "metadata"),
                                sample_weight=sample_weight, metadata=metadata)
        record = fitted._records["fit"]["fit"][0]
        assert len(record["sample_weight"]) == N_SAMPLES // 2


@sklearn.config_context(enable_metadata_routing=True)
def test_routing_on_unrequested_sample_weight_raises():
    """With routing on, sample_weight nobody decided about raises scikit-learn's error."""
    X, y, sample_weight, _ = _binary_data()
    model = ThresholdOptimizer(ConsumingClassifier(), strategy="global", cv=2)
    with pytest.raises(UnsetMetadataPassedError, match="sample_weight"):
        model.fit(X, y, sample_weight=sample_weight)


@sklearn.config_context(enable_metadata_routing=True)
def test_routing_on_default_scorer_must_be_made_explicit():
    """A named scoring requests nothing: weights wanted by the estimator alone still raise."""
    X, y, sample_weight, _ = _binary_data()
    estimator = ConsumingClassifier().set_fit_request(sample_weight=True)
    model = ThresholdOptimizer(estimator, strategy="global", cv=2, scoring="f1")
    with pytest.raises(UnsetMetadataPassedError, match="set_score_request"):
        model.fit(X, y, sample_weight=sample_weight)
    # the same with the scorer's own decision made: the estimator gets the weights
    scorer = make_scorer(f1_score).set_score_request(sample_weight=False)
    model.set_params(scoring=scorer)
    model.fit(X, y, sample_weight=sample_weight)
    check_recorded_metadata(model.estimator_, method="fit", parent="fit",
                            sample_weight=sample_weight)


@sklearn.config_context(enable_metadata_routing=True)
def test_routing_on_groups_without_a_group_splitter_raise():
    """With routing on, groups that no splitter requests are refused, not silently dropped."""
    X, Y, _, groups = _multilabel_data()
    model = ThresholdOptimizer(RecordingMultiLabelClassifier(), cv=KFold(2))
    with pytest.raises(TypeError, match="groups"):
        model.fit(X, Y, groups=groups)


def test_routing_on_fit_request_false_is_honoured():
    """set_fit_request(sample_weight=False): the inner fits get no weights, the scorer does."""
    X, Y, sample_weight, _ = _multilabel_data()
    registry = _Registry()
    with sklearn.config_context(enable_metadata_routing=True):
        estimator = RecordingMultiLabelClassifier(registry).set_fit_request(sample_weight=False)
        scorer = make_scorer(f1_score, average="micro").set_score_request(sample_weight=True)
        model = ThresholdOptimizer(estimator, strategy="global", cv=2, scoring=scorer)
        model.fit(X, Y, sample_weight=sample_weight)
    assert len(registry) == 3  # two folds and the refit
    assert all(record["sample_weight"] is None for record in registry)
    # The weights did weight the search: the same best score as with routing off and an
    # estimator that takes no weights (the weights then weight the metric alone).
    metric_only = ThresholdOptimizer(_NoWeights(), strategy="global", cv=2)
    with pytest.warns(UserWarning, match="does not accept sample_weight"):
        metric_only.fit(X, Y, sample_weight=sample_weight)
    unweighted = ThresholdOptimizer(_NoWeights(), strategy="global", cv=2).fit(X, Y)
    assert model.best_score_ == pytest.approx(metric_only.best_score_)
    assert model.best_score_ != pytest.approx(unweighted.best_score_)


@sklearn.config_context(enable_metadata_routing=True)
def test_routing_on_scorer_metadata_other_than_weights_is_refused():
    """A scorer requesting metadata the search cannot pass gets a clear error."""
    X, y, _, metadata = _binary_data()
    scorer = ConsumingScorer().set_score_request(sample_weight=True, metadata=True)
    estimator = ConsumingClassifier().set_fit_request(metadata=False)
    model = ThresholdOptimizer(estimator, strategy="global", cv=2, scoring=scorer)
    with pytest.raises(ValueError, match=r"only sample_weight.*\['metadata'\]"):
        model.fit(X, y, metadata=metadata)


@pytest.mark.parametrize("routing", [False, True])
def test_groups_reach_the_splitter_and_no_group_leaks(routing):
    """cv=GroupKFold(2) with groups: the tuning folds never split a group, routing on or off."""
    X, Y, _, groups = _multilabel_data()
    splitter = SplitterSpy(n_splits=2)
    registry = _Registry()
    model = ThresholdOptimizer(RecordingMultiLabelClassifier(registry), cv=splitter)
    with sklearn.config_context(enable_metadata_routing=routing):
        model.fit(X, Y, groups=groups)
    _assert_no_group_on_both_sides(splitter, groups)
    # the fold fits saw exactly the training sides of the group splits
    assert [r["n_rows"] for r in registry[:2]] == [len(t) for t, _ in splitter.splits_]
    assert model.predict(X).shape == Y.shape


def test_routing_off_keeps_todays_forwarding():
    """Routing off: weights and fit parameters to estimator.fit, groups to the splitter only."""
    X, Y, sample_weight, groups = _multilabel_data()
    metadata = np.arange(N_SAMPLES)
    registry = _Registry()
    splitter = SplitterSpy(n_splits=2)
    model = ThresholdOptimizer(RecordingMultiLabelClassifier(registry), strategy="global",
                               cv=splitter, scoring="f1_micro")
    model.fit(X, Y, sample_weight=sample_weight, metadata=metadata, groups=groups)
    _assert_no_group_on_both_sides(splitter, groups)
    (train, _), refit = splitter.splits_[0], registry[-1]
    np.testing.assert_array_equal(registry[0]["sample_weight"], sample_weight[train])
    np.testing.assert_array_equal(registry[0]["metadata"], metadata[train])
    np.testing.assert_array_equal(refit["sample_weight"], sample_weight)
    # and the weights weighted the search
    unweighted = ThresholdOptimizer(RecordingMultiLabelClassifier(), strategy="global",
                                    cv=SplitterSpy(n_splits=2)).fit(X, Y, groups=groups)
    assert model.best_score_ != pytest.approx(unweighted.best_score_)


def test_routing_off_groups_on_the_multiclass_path():
    """Multiclass targets need no split: groups are not passed to estimator.fit."""
    X, _, sample_weight, _ = _binary_data()
    y = np.arange(N_SAMPLES) % 3
    estimator = ConsumingClassifier()
    model = ThresholdOptimizer(estimator, cv=GroupKFold(2))
    model.fit(X, y, sample_weight=sample_weight, groups=np.arange(N_SAMPLES) % 4)
    check_recorded_metadata(model.estimator_, method="fit", parent="fit",
                            sample_weight=sample_weight)
