"""Unknown target entries in the stratified splitters: they count neither way."""

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from skmultinet.model_selection import (
    MultilabelStratifiedKFold,
    MultilabelStratifiedShuffleSplit,
    multilabel_train_test_split,
)
from skmultinet.model_selection._unknown_labels import split_unknown
from skmultinet.neural._splitting import validation_split

# ------------------------------------------------------------ the convention


def test_nan_and_minus_one_mark_unknown_entries():
    """NaN (float) and -1 (int) are unknown; the values come back with 0 there."""
    values, unknown = split_unknown(np.array([[1.0, np.nan], [0.0, 1.0]]))
    np.testing.assert_array_equal(values, [[1, 0], [0, 1]])
    np.testing.assert_array_equal(unknown, [[False, True], [False, False]])
    values, unknown = split_unknown(np.array([[1, -1, 0], [-1, 0, 1]], dtype=np.int8))
    assert values.dtype == np.int8
    np.testing.assert_array_equal(values, [[1, 0, 0], [0, 0, 1]])
    np.testing.assert_array_equal(unknown, [[False, True, False], [True, False, False]])


def test_fully_known_targets_come_back_untouched():
    """Nothing unknown: the very object is returned, with no mask."""
    for y in (np.array([[0, 1], [1, 0]]), np.array([[True, False], [False, True]]),
              pd.DataFrame({"a": [0, 1], "b": [1, 1]}), np.array([-1, 1, -1]),
              np.array([[-1], [1]]), [["a"], ["b", "c"]]):
        values, unknown = split_unknown(y)
        assert values is y and unknown is None


def test_dataframes_and_sparse_matrices():
    """pd.NA / NaN in a DataFrame, stored NaN / -1 in a sparse matrix are unknown."""
    frame = pd.DataFrame({"a": [1, 0, 1], "b": [0, 1, 1]}).astype("Int64")
    frame.loc[1, "b"] = pd.NA
    values, unknown = split_unknown(frame)
    np.testing.assert_array_equal(unknown, [[False, False], [False, True], [False, False]])
    np.testing.assert_array_equal(values, [[1, 0], [0, 0], [1, 1]])
    sparse = sp.csr_matrix(np.array([[1, -1, 0], [0, 0, 1], [-1, 1, 0]]))
    values, unknown = split_unknown(sparse)
    assert sp.issparse(values)
    np.testing.assert_array_equal(values.toarray(), [[1, 0, 0], [0, 0, 1], [0, 1, 0]])
    np.testing.assert_array_equal(unknown, [[0, 1, 0], [0, 0, 0], [1, 0, 0]])
    assert np.array_equal(sparse.toarray()[0], [1, -1, 0])  # the input is untouched


@pytest.mark.parametrize("to_input", [np.asarray, sp.csr_matrix], ids=["dense", "sparse"])
def test_plus_minus_one_coding_is_refused(to_input):
    """-1 beside 1 with no 0 anywhere is a -1/+1 coding, not unknown entries."""
    with pytest.raises(ValueError, match=r"\[-1, 1\] and no 0"):
        split_unknown(to_input(np.array([[1, -1], [-1, 1]])))


# ------------------------------------------------------------- the splitters


def hidden_data(seed=0, fraction=0.3):
    """Labels of very different frequencies, a share of their entries unknown."""
    rng = np.random.default_rng(seed)
    Y = (rng.random((300, 8)) < np.geomspace(0.5, 0.04, 8)).astype(float)
    Y[rng.random(Y.shape) < fraction] = np.nan
    return np.zeros((300, 1)), Y


def test_kfold_stratifies_the_known_positives():
    """Every label's known positives spread evenly over the folds, unknowns counting neither way."""
    X, Y = hidden_data()
    known_positive = np.nan_to_num(Y, nan=0.0)
    folds = list(MultilabelStratifiedKFold(5).split(X, Y))
    per_fold = np.array([known_positive[test].sum(axis=0) for _, test in folds])
    assert np.all(per_fold.max(axis=0) - per_fold.min(axis=0) <= 1), per_fold
    # the same folds as the matrix of known positives: unknown entries weigh nothing
    reference = list(MultilabelStratifiedKFold(5).split(X, known_positive))
    for (train, test), (ref_train, ref_test) in zip(folds, reference):
        np.testing.assert_array_equal(test, ref_test)
    # and not those of reading an unknown entry as a positive (the check can fail)
    as_positive = np.where(np.isnan(Y), 1.0, Y)
    other = list(MultilabelStratifiedKFold(5).split(X, as_positive))
    assert any(not np.array_equal(a[1], b[1]) for a, b in zip(folds, other))


def test_minus_one_dataframe_and_sparse_give_the_same_folds():
    """Every way of marking the unknown entries gives the folds of the NaN array."""
    X, Y = hidden_data(seed=1)
    expected = [test for _, test in MultilabelStratifiedKFold(4).split(X, Y)]
    minus_one = np.where(np.isnan(Y), -1, Y).astype(int)
    for y in (minus_one, sp.csr_matrix(minus_one), pd.DataFrame(Y),
              pd.DataFrame(minus_one).astype("Int64").mask(np.isnan(Y))):
        found = [test for _, test in MultilabelStratifiedKFold(4).split(X, y)]
        for a, b in zip(found, expected):
            np.testing.assert_array_equal(a, b)


def test_shuffle_split_and_train_test_split_keep_the_unknowns():
    """The shuffle splitter and the array splitter accept NaN and return it untouched."""
    X, Y = hidden_data(seed=2)
    train, test = next(MultilabelStratifiedShuffleSplit(1, test_size=0.25,
                                                        random_state=0).split(X, Y))
    assert len(test) == 75 and np.intersect1d(train, test).size == 0
    _, _, Y_train, Y_test = multilabel_train_test_split(
        X, Y, test_size=0.25, random_state=0)
    assert np.isnan(Y_train).sum() + np.isnan(Y_test).sum() == np.isnan(Y).sum()
    known_positive = np.nan_to_num(Y, nan=0.0)
    tested = np.nan_to_num(Y_test, nan=0.0).sum(axis=0)
    assert np.all(np.abs(tested - 0.25 * known_positive.sum(axis=0)) <= 1.5), tested


def test_unknown_class_labels_are_refused():
    """1-D targets with NaN have no unknown-entry reading: a clear error."""
    with pytest.raises(ValueError, match="unknown"):
        next(MultilabelStratifiedKFold(2).split(np.zeros((6, 1)),
                                                 np.array([0, 1, np.nan, 1, 0, 1])))


def test_early_stopping_split_stratifies_the_known_positives():
    """The held-out rows of fit get their share of each label's known positives."""
    _, Y = hidden_data(seed=3)
    train, validation = validation_split("multilabel-indicator", Y.astype(np.float32), 0.2,
                                         np.random.default_rng(0))
    assert len(validation) == 60 and np.intersect1d(train, validation).size == 0
    known_positive = np.nan_to_num(Y, nan=0.0)
    held_out = known_positive[validation].sum(axis=0)
    assert np.all(np.abs(held_out - 0.2 * known_positive.sum(axis=0)) <= 1.5), held_out
