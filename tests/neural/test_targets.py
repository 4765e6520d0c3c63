"""Targets in every representation -> indicator matrix and back (no Keras needed)."""

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.exceptions import DataConversionWarning

from skmultinet.neural._targets import TargetEncoder, _is_label_sets


def test_indicator_round_trip_keeps_dtype():
    """An indicator matrix encodes to float32 and decodes to its own dtype."""
    Y = np.array([[0, 1, 1], [1, 0, 0]], dtype=np.uint8)
    encoder = TargetEncoder().fit(Y)
    assert encoder.target_type == "multilabel-indicator"
    np.testing.assert_array_equal(encoder.classes, [0, 1, 2])
    encoded = encoder.transform(Y)
    assert encoded.dtype == np.float32
    decoded = encoder.inverse_transform(encoded.astype(bool))
    assert decoded.dtype == np.uint8
    np.testing.assert_array_equal(decoded, Y)


def test_sparse_indicator_decodes_sparse():
    """Sparse indicator targets give sparse predictions."""
    Y = sp.csr_matrix(np.array([[0, 1], [1, 1], [1, 0]]))
    encoder = TargetEncoder().fit(Y)
    decoded = encoder.inverse_transform(encoder.transform(Y) > 0.5)
    assert sp.issparse(decoded)
    np.testing.assert_array_equal(decoded.toarray(), Y.toarray())


def test_dataframe_columns_name_the_labels():
    """A DataFrame's columns become classes."""
    Y = pd.DataFrame({"sport": [1, 0, 1], "news": [0, 1, 1]})
    encoder = TargetEncoder().fit(Y)
    assert list(encoder.classes) == ["sport", "news"]
    np.testing.assert_array_equal(encoder.transform(Y), Y.to_numpy())


def test_label_sets_round_trip():
    """Label sets encode like MultiLabelBinarizer and decode to tuples."""
    y = [["sport", "news"], ["art"], []]
    encoder = TargetEncoder().fit(y)
    assert encoder.target_type == "label-sets"
    assert list(encoder.classes) == ["art", "news", "sport"]
    encoded = encoder.transform(y)
    np.testing.assert_array_equal(encoded, [[0, 1, 1], [1, 0, 0], [0, 0, 0]])
    assert encoder.inverse_transform(encoded > 0) == [("news", "sport"), ("art",), ()]


@pytest.mark.parametrize(
    "y, expected",
    [
        ([[0, 1], [1, 0]], False),  # equal-length 0/1 rows: an indicator, as in sklearn
        ([[1], [0, 1]], True),  # ragged
        ([{"a"}, {"b"}], True),  # sets
        ([("a",), ("b",)], True),  # non-numeric
        ([[2, 3], [1, 0]], True),  # numbers other than 0/1 are label names
        (np.array([[0, 1]]), False),
        (["a", "b"], False),  # 1-D class labels
    ],
)
def test_label_set_detection(y, expected):
    """Nested sequences are label sets unless they read as an indicator matrix."""
    assert _is_label_sets(y) is expected


def test_unseen_label_at_transform_is_a_clear_error():
    """Labels not seen in fit raise a ValueError that says what to do."""
    encoder = TargetEncoder().fit([["a"], ["b"]])
    with pytest.raises(ValueError, match="classes="):
        encoder.transform([["c"]])


def test_classes_cover_labels_missing_from_a_batch():
    """classes= names labels that a first batch does not show."""
    encoder = TargetEncoder().fit([["a"]], classes=["a", "b", "c"])
    np.testing.assert_array_equal(encoder.transform([["c"]]), [[0, 0, 1]])


def test_binary_and_multiclass():
    """1-D targets: binary is one output, multiclass one-hot."""
    binary = TargetEncoder().fit(np.array(["no", "yes", "yes"]))
    assert binary.target_type == "binary" and binary.n_outputs == 1
    np.testing.assert_array_equal(binary.transform(["yes", "no"]), [[1], [0]])
    multi = TargetEncoder().fit([2, 0, 1, 2])
    assert multi.target_type == "multiclass" and multi.n_outputs == 3
    np.testing.assert_array_equal(multi.transform([1]), [[0, 1, 0]])
    np.testing.assert_array_equal(multi.inverse_transform(np.array([2, 0])), [2, 0])


def test_column_vector_warns_and_ravels():
    """A (n, 1) class vector is raveled with sklearn's DataConversionWarning."""
    with pytest.warns(DataConversionWarning):
        encoder = TargetEncoder().fit(np.array([[0], [1], [1]]))
    assert encoder.target_type == "binary"


@pytest.mark.parametrize(
    "y, match",
    [
        (np.array([0.5, 1.5, 2.5]), "Unknown label type"),
        (np.array([[0, 2], [1, 3]]), "multiclass-multioutput"),
        (np.array([1, 1, 1]), "only one class"),
        ([[], []], "no label"),
    ],
)
def test_unsupported_targets_are_explained(y, match):
    """Continuous, multioutput-multiclass, single-class and empty targets raise."""
    with pytest.raises(ValueError, match=match):
        TargetEncoder().fit(y)


def test_wrong_number_of_label_columns():
    """Later batches must keep the number of label columns."""
    encoder = TargetEncoder().fit(np.array([[0, 1], [1, 0]]))
    with pytest.raises(ValueError, match="label columns"):
        encoder.transform(np.array([[0, 1, 1], [1, 0, 1]]))


@pytest.mark.parametrize("dtype, numpy_dtype", [("Int64", np.int64), ("boolean", np.bool_),
                                                ("UInt8", np.uint8)])
def test_finding_12_nullable_dataframe_targets(dtype, numpy_dtype):
    """A DataFrame of pandas nullable dtypes encodes like its NumPy dtype and decodes to it."""
    Y = np.array([[1, 0, 1], [0, 1, 1], [0, 0, 1]])
    nullable = pd.DataFrame(Y, columns=["a", "b", "c"]).astype(dtype)
    encoder = TargetEncoder().fit(nullable)
    assert encoder.target_type == "multilabel-indicator"
    assert list(encoder.classes) == ["a", "b", "c"]
    assert encoder.output_dtype == numpy_dtype
    np.testing.assert_array_equal(encoder.transform(nullable), Y)
    assert encoder.inverse_transform(Y).dtype == numpy_dtype
    mixed = nullable.assign(c=Y[:, 2])  # a NumPy column among nullable ones
    np.testing.assert_array_equal(TargetEncoder().fit(mixed).transform(mixed), Y)


def test_nullable_class_labels_stay_supported():
    """A Series of a nullable dtype gives 1-D class labels."""
    encoder = TargetEncoder().fit(pd.Series([1, 0, 2, 1], dtype="Int64"))
    assert encoder.target_type == "multiclass"
    np.testing.assert_array_equal(encoder.classes, [0, 1, 2])


def test_finding_12_missing_nullable_targets_are_unknown_entries():
    """pd.NA in a nullable DataFrame marks unknown entries (NaN); in 1-D labels it is refused."""
    Y = pd.DataFrame({"a": [1, 0, 1], "b": [0, 1, 1]}).astype("Int64")
    holed = Y.copy()
    holed.loc[1, "b"] = pd.NA
    expected = np.array([[1, 0], [0, np.nan], [1, 1]], dtype=np.float32)
    encoder = TargetEncoder().fit(holed)
    assert list(encoder.classes) == ["a", "b"]
    np.testing.assert_array_equal(encoder.transform(holed), expected)
    np.testing.assert_array_equal(TargetEncoder().fit(Y).transform(holed), expected)
    with pytest.raises(ValueError, match="missing values"):
        TargetEncoder().fit(pd.Series([1, None, 0], dtype="Int64"))
