"""Tests of the commands' data checks (skmultinet.cli._data)."""

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.utils import Bunch

from skmultinet.cli._data import (
    check_constant_labels,
    check_features,
    default_dataset,
    labels_option,
    match_labels,
)
from skmultinet.cli._messages import UsageError


def _dataset(target, names, data=None):
    target = np.array(target, dtype=np.uint8)
    data = np.zeros((len(target), 2)) if data is None else data
    return Bunch(data=data, target=target, target_names=list(names), source="src")


def test_labels_option_is_a_count_or_names():
    # --labels 3 is a count, --labels a,b are names, no option is None.
    assert labels_option("-3") == -3
    assert labels_option("a, b") == ["a", "b"]
    assert labels_option(None) is None


def test_constant_labels_stop_or_are_dropped():
    # A label never (or always) positive stops the command, or is dropped with a warning.
    warnings = []
    target = [[0, 1, 1], [0, 1, 0]]
    with pytest.raises(UsageError, match=r"never positive: a; always positive: b\); remove"):
        check_constant_labels(_dataset(target, "abc"), drop=False, warn=warnings.append)
    kept = check_constant_labels(_dataset(target, "abc"), drop=True, warn=warnings.append)
    assert kept.target_names == ["c"] and kept.target.tolist() == [[1], [0]]
    assert warnings == ["dropped 2 constant label column(s) (never positive: a; "
                        "always positive: b)"]
    with pytest.raises(UsageError, match="no label column is ever positive"):
        check_constant_labels(_dataset([[0], [0]], "a"), drop=True, warn=warnings.append)


def test_missing_feature_values_stop_the_command():
    # NaN features (dense or sparse) are counted and the message says how to impute.
    check_features(np.ones((2, 2)), "src")
    with pytest.raises(UsageError, match="src: 1 missing feature value"):
        check_features(np.array([[1.0, np.nan]]), "src")
    with pytest.raises(UsageError, match="2 missing"):
        check_features(sp.csr_matrix(np.array([[np.nan, 0.0, np.nan]])), "src")


def test_match_labels_reorders_the_test_set():
    # The test set's label columns follow the training order; missing ones are named.
    train = _dataset([[1, 0]], "ab")
    test = _dataset([[1, 0]], "ba")
    match_labels(train, test)
    assert test.target_names == ["a", "b"] and test.target.tolist() == [[0, 1]]
    with pytest.raises(UsageError, match="the test set lacks label"):
        match_labels(train, _dataset([[1]], "a"))
    with pytest.raises(UsageError, match="3 features, the training data have 2"):
        match_labels(train, _dataset([[1, 0]], "ab", data=np.zeros((1, 3))))


def test_default_dataset_says_how_it_was_made():
    # compare without DATA: the built-in problem, its source a line to reproduce it.
    dataset = default_dataset(3)
    assert dataset.data.shape == (1500, 60) and dataset.target.dtype == np.uint8
    assert dataset.target_names[0] == "label_0"
    assert dataset.source.startswith("built-in make_multilabel_classification(n_samples=1500")
    assert dataset.source.endswith("random_state=3)")
