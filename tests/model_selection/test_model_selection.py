"""Tests of skmultinet.model_selection (iterative stratification)."""

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.datasets import make_multilabel_classification
from sklearn.model_selection import KFold, StratifiedKFold, StratifiedShuffleSplit

from skmultinet.model_selection import (
    MultilabelStratifiedKFold,
    MultilabelStratifiedShuffleSplit,
    multilabel_train_test_split,
)


@pytest.fixture(scope="module")
def data():
    X, y = make_multilabel_classification(
        n_samples=300, n_classes=12, n_labels=2, random_state=0
    )
    return X, y


def rare_label_data(seed):
    rng = np.random.default_rng(seed)
    y = (rng.random((400, 20)) < np.geomspace(0.4, 0.01, 20)).astype(int)
    y[:5, -1] = 1  # at least n_splits positives for the rarest label
    return np.zeros((400, 1)), y


@pytest.mark.parametrize("shuffle", [False, True])
def test_folds_partition_the_data(data, shuffle):
    # every sample is tested exactly once and never trained on in its own fold
    X, y = data
    cv = MultilabelStratifiedKFold(5, shuffle=shuffle, random_state=0 if shuffle else None)
    tests = []
    for train, test in cv.split(X, y):
        assert np.intersect1d(train, test).size == 0
        assert np.union1d(train, test).size == len(y)
        tests.append(test)
    np.testing.assert_array_equal(np.sort(np.concatenate(tests)), np.arange(len(y)))
    assert cv.get_n_splits() == 5


def test_fold_sizes_are_balanced(data):
    # fold sizes differ by at most one, like KFold
    X, y = data
    sizes = [len(test) for _, test in MultilabelStratifiedKFold(7).split(X, y)]
    assert max(sizes) - min(sizes) <= 1


@pytest.mark.parametrize("seed", range(5))
def test_rare_labels_appear_in_every_fold(seed):
    # a label with at least n_splits positives appears in every test fold
    X, y = rare_label_data(seed)
    cv = MultilabelStratifiedKFold(5, shuffle=True, random_state=seed)
    counts = np.array([y[test].sum(axis=0) for _, test in cv.split(X, y)])
    has_enough = y.sum(axis=0) >= 5
    assert (counts[:, has_enough] >= 1).all()


def test_label_frequencies_are_stratified(data):
    # each fold holds about 1/n_splits of every label's positives
    X, y = data
    deviations = []
    for _, test in MultilabelStratifiedKFold(5).split(X, y):
        expected = y.sum(axis=0) / 5
        np.testing.assert_allclose(y[test].sum(axis=0), expected, rtol=0.25, atol=1)
        deviations.append(np.abs(y[test].sum(axis=0) - expected).max())
    random_folds = KFold(5, shuffle=True, random_state=0).split(X)
    random_deviations = [np.abs(y[test].sum(axis=0) - y.sum(axis=0) / 5).max() for _, test in random_folds]
    assert max(deviations) < max(random_deviations)


def test_deterministic_given_random_state(data):
    # equal seeds give equal folds; another seed gives other folds
    X, y = data

    def folds(seed):
        cv = MultilabelStratifiedKFold(5, shuffle=True, random_state=seed)
        return [test for _, test in cv.split(X, y)]

    for first, second in zip(folds(3), folds(3)):
        np.testing.assert_array_equal(first, second)
    assert any(not np.array_equal(a, b) for a, b in zip(folds(3), folds(4)))
    unshuffled = MultilabelStratifiedKFold(5)
    for first, second in zip(unshuffled.split(X, y), unshuffled.split(X, y)):
        np.testing.assert_array_equal(first[1], second[1])


def test_sparse_and_dataframe_targets_give_the_same_folds(data):
    # the container of y does not change the split
    X, y = data
    cv = MultilabelStratifiedKFold(4)
    dense = [test for _, test in cv.split(X, y)]
    for other in (sp.csr_matrix(y), pd.DataFrame(y)):
        for expected, (_, test) in zip(dense, cv.split(X, other)):
            np.testing.assert_array_equal(expected, test)


def test_one_dimensional_targets_fall_back_to_stratified_kfold():
    # 1-D class labels are split exactly as StratifiedKFold splits them
    y = np.repeat([0, 1, 2], [10, 20, 30])
    X = np.zeros((60, 1))
    ours = MultilabelStratifiedKFold(5, shuffle=True, random_state=1).split(X, y)
    theirs = StratifiedKFold(5, shuffle=True, random_state=1).split(X, y)
    for (_, mine), (_, expected) in zip(ours, theirs):
        np.testing.assert_array_equal(mine, expected)


def test_invalid_parameters_say_what_to_do():
    # bad n_splits, random_state without shuffle and label sets are refused
    with pytest.raises(ValueError, match="at least 2"):
        MultilabelStratifiedKFold(1)
    with pytest.raises(ValueError, match="shuffle=True"):
        MultilabelStratifiedKFold(3, random_state=0)
    with pytest.raises(ValueError, match="greater than the number of samples"):
        list(MultilabelStratifiedKFold(5).split(np.zeros((3, 1)), np.eye(3, dtype=int)))
    with pytest.raises(ValueError, match="MultiLabelBinarizer|indicator"):
        list(MultilabelStratifiedKFold(2).split(np.zeros((4, 1)), np.linspace(0, 1, 4)))


def test_shuffle_split_sizes_and_stratification(data):
    # test parts have the requested size and keep label frequencies
    X, y = data
    cv = MultilabelStratifiedShuffleSplit(3, test_size=0.2, random_state=0)
    splits = list(cv.split(X, y))
    assert len(splits) == cv.get_n_splits() == 3
    for train, test in splits:
        assert len(test) == 60 and len(train) == 240
        assert np.intersect1d(train, test).size == 0
        np.testing.assert_allclose(y[test].sum(axis=0), y.sum(axis=0) * 0.2, rtol=0.25, atol=1)
    assert not np.array_equal(splits[0][1], splits[1][1])


def test_shuffle_split_one_dimensional_fallback():
    # 1-D targets are split exactly as StratifiedShuffleSplit splits them
    y = np.repeat([0, 1], [20, 30])
    X = np.zeros((50, 1))
    ours = MultilabelStratifiedShuffleSplit(2, test_size=0.3, random_state=0).split(X, y)
    theirs = StratifiedShuffleSplit(2, test_size=0.3, random_state=0).split(X, y)
    for (_, mine), (_, expected) in zip(ours, theirs):
        np.testing.assert_array_equal(mine, expected)


def test_train_test_split_keeps_containers_and_frequencies(data):
    # pandas, sparse and numpy inputs come back sliced alike, stratified on y
    X, y = data
    frame = pd.DataFrame(X)
    X_train, X_test, s_train, s_test, y_train, y_test = multilabel_train_test_split(
        frame, sp.csr_matrix(X), y, test_size=0.25, random_state=0
    )
    assert isinstance(X_train, pd.DataFrame) and sp.issparse(s_test)
    assert len(X_test) == len(y_test) == 75 and len(y_train) == 225
    np.testing.assert_array_equal(s_test.toarray(), X_test.to_numpy())
    np.testing.assert_array_equal(X[X_test.index], X_test.to_numpy())
    np.testing.assert_allclose(y_test.sum(axis=0), y.sum(axis=0) / 4, rtol=0.25, atol=1)


def test_train_test_split_determinism_and_stratify(data):
    # same seed same split; shuffle=False is deterministic; stratify picks the targets
    X, y = data
    first = multilabel_train_test_split(X, y, random_state=2)
    second = multilabel_train_test_split(X, y, random_state=2)
    np.testing.assert_array_equal(first[1], second[1])
    fixed = multilabel_train_test_split(X, y, shuffle=False, train_size=200)
    assert len(fixed[0]) == 200
    np.testing.assert_array_equal(fixed[1], multilabel_train_test_split(X, y, shuffle=False, train_size=200)[1])
    indices = np.arange(len(y))
    train, test = multilabel_train_test_split(indices, stratify=y, random_state=0)
    np.testing.assert_allclose(y[test].sum(axis=0), y.sum(axis=0) / 4, rtol=0.25, atol=1)
