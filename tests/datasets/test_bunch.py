"""Tests of what every loader shares (skmultinet.datasets._bunch)."""

import numpy as np
import pytest

from skmultinet.datasets import DataError
from skmultinet.datasets._bunch import constant_labels, make_bunch, to_indicator


def test_constant_labels():
    # Never- and always-positive label columns are found by name.
    target = np.array([[0, 1, 1], [0, 1, 0]])
    assert constant_labels(target, ["a", "b", "c"]) == (["a"], ["b"])


def test_to_indicator_reads_booleans_and_names_a_bad_value():
    # 0/1, true/false and yes/no become uint8; any other value names its column and row.
    target = to_indicator(np.array([["TRUE", "0"], [" no ", "1.0"]], dtype=object),
                          ["a", "b"], "src")
    assert target.dtype == np.uint8 and target.tolist() == [[1, 0], [0, 1]]
    with pytest.raises(DataError, match=r"src: label column 'b' .* \(row 2\)"):
        to_indicator(np.array([[0, 1], [1, 2]]), ["a", "b"], "src")


def test_make_bunch_or_X_y():
    # The Bunch holds names as str; return_X_y gives the two arrays only.
    data, target = np.zeros((1, 2)), np.ones((1, 1), dtype=np.uint8)
    bunch = make_bunch(data, target, [0, 1], ["y"], "src")
    assert bunch.feature_names == ["0", "1"] and bunch.source == "src"
    assert make_bunch(data, target, [0, 1], ["y"], "src", return_X_y=True)[0] is data
