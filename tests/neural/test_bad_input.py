"""Bad input: every case gets a clear error that says what to do, or documented handling.

Cases already covered in test_classifier.py (not repeated here): NaN / inf / complex /
string X, 0 rows, len(X) != len(y), continuous 1-D y
(test_bad_input_gets_a_clear_error); wrong feature count at predict
(test_wrong_feature_count_at_predict); renamed pandas column at predict
(test_dataframe_features_and_targets); the first invalid parameters
(test_invalid_parameters_are_rejected_at_fit); partial_fit without classes and with an
unseen label set (test_partial_fit_needs_classes_for_label_sets_and_1d_targets); the
all-zero sample_weight is below.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import DataConversionWarning
from sklearn.utils._param_validation import InvalidParameterError

from skmultinet import MultiLabelNetClassifier
from skmultinet.datasets import DataError, load_arff, load_csv
from skmultinet.losses import LOSSES

from _helpers import noisy_multilabel, tiny

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(scope="module")
def data():
    return noisy_multilabel(40)


@pytest.fixture(scope="module")
def fitted_on_frame(data):
    X, Y = data
    frame = pd.DataFrame(X, columns=[f"f{j}" for j in range(X.shape[1])])
    return tiny().fit(frame, Y), frame


# ------------------------------------------------------------------------- X

@pytest.mark.parametrize(
    "make_X, match",
    [
        (lambda X: X[:, :0], "0 feature"),
        (lambda X: X[:, 0], "Expected 2D array"),
        (lambda X: X[None], "dim 3"),
        (lambda X: None, "Expected 2D array"),
        (lambda X: X * 1e300, "too large to standardize"),
    ],
    ids=["no-columns", "1d", "3d", "none", "overflowing-variance"],
)
def test_bad_X_at_fit(data, make_X, match):
    # Malformed X raises a ValueError that says what shape or scale is expected.
    X, Y = data
    with pytest.raises(ValueError, match=match):
        tiny().fit(make_X(X), Y)


def test_huge_features_without_standardize_diverge_clearly(data):
    # 1e30 features with standardize=False: a "diverged" ValueError that names the fix.
    X, Y = data
    with pytest.raises(ValueError, match="diverged.*standardize=True"):
        tiny(standardize=False).fit(X * 1e30, Y)
    # With standardize=True the same data train normally.
    proba = tiny().fit(X * 1e30, Y).predict_proba(X[:3] * 1e30)
    assert np.isfinite(proba).all()


@pytest.mark.parametrize(
    "make_X, match",
    [
        (lambda X: X[:0], "0 sample"),
        (lambda X: X[0], "Reshape your data"),
        (lambda X: np.full_like(X, np.nan), "contains NaN"),
        (lambda X: X[:, :4], "expecting 5 features"),
    ],
    ids=["no-rows", "1d", "nan", "too-few-features"],
)
def test_bad_X_at_predict(data, make_X, match):
    # predict validates X like fit does, with the same clear messages.
    X, Y = data
    clf = tiny().fit(X, Y)
    with pytest.raises(ValueError, match=match):
        clf.predict(make_X(X))


@pytest.mark.parametrize(
    "change, match",
    [
        (lambda f: f[f.columns[::-1]], "same order"),
        (lambda f: f.assign(extra=1.0), "unseen at fit time"),
        (lambda f: f.drop(columns="f0"), "seen at fit time, yet now missing"),
    ],
    ids=["reordered", "extra", "missing"],
)
def test_wrong_pandas_columns_at_predict(fitted_on_frame, change, match):
    # scikit-learn's feature-name check: reordered, extra or missing columns name the columns.
    clf, frame = fitted_on_frame
    with pytest.raises(ValueError, match=match):
        clf.predict(change(frame))


def test_one_row_trains_without_early_stopping(data):
    # One row is too few to hold out: training runs on it and predicts its shape.
    X, Y = data
    clf = tiny().fit(X[:1], Y[:1])
    assert "val_loss" not in clf.history_
    assert clf.predict(X[:2]).shape == (2, Y.shape[1])


# ------------------------------------------------------------------------- y

@pytest.mark.parametrize(
    "make_y, match",
    [
        (lambda Y: np.random.default_rng(0).random(Y.shape), "continuous-multioutput"),
        (lambda Y: Y + Y[:, ::-1] + Y[:, :1], "multiclass-multioutput"),
        (lambda Y: 2 * Y - 1, r"values \[-1, 1\].*0 and 1 only"),
        (lambda Y: 2 * Y, r"values \[0, 2\]"),
        (lambda Y: np.zeros(len(Y)), "at least 2 classes"),
        (lambda Y: [[] for _ in Y], "no label at all"),
        # NaN marks unknown entries of an indicator matrix only, never a class
        (lambda Y: np.where(Y[:, 0] == 1, np.nan, 0), r"unknown \(NaN\) entries"),
        (lambda Y: None, "requires y"),
    ],
    ids=["continuous", "multiclass-multioutput", "minus-one", "zero-two", "one-class",
         "empty-label-sets", "nan", "none"],
)
def test_bad_y_at_fit(data, make_y, match):
    # Targets that are not labels raise a ValueError naming what to pass instead.
    X, Y = data
    with pytest.raises(ValueError, match=match):
        tiny().fit(X, make_y(Y))


def test_never_and_always_positive_labels_predict_constants(data):
    # A label never (always) positive trains; with BCE its probability falls (rises)
    # towards 0 (1), so predict gives a constant 0 (1) column: documented handling.
    X, Y = data
    Y_const = np.column_stack([Y, np.zeros(len(Y), int), np.ones(len(Y), int)])
    clf = MultiLabelNetClassifier((8,), dropout=0.2, epochs=60, learning_rate=0.05, random_state=0,
                                  early_stopping=False).fit(X, Y_const)
    proba = clf.predict_proba(X)
    assert proba[:, 3].max() < 0.1 and proba[:, 4].min() > 0.9
    y_pred = clf.predict(X)
    assert not y_pred[:, 3].any() and y_pred[:, 4].all()


def test_all_zero_rows_and_all_zero_targets(data):
    # Rows without any label train normally; so do targets without any positive.
    X, Y = data
    Y_rows = Y.copy()
    Y_rows[::2] = 0
    assert tiny().fit(X, Y_rows).predict(X).shape == Y.shape
    proba = tiny(epochs=30, learning_rate=0.05).fit(X, np.zeros_like(Y)).predict_proba(X)
    assert proba.max() < 0.5


def test_single_label_column_is_binary(data):
    # An (n, 1) 0/1 column is read as a binary target (sklearn's column-vector rule).
    X, Y = data
    with pytest.warns(DataConversionWarning, match="column-vector"):
        clf = tiny().fit(X, Y[:, :1])
    assert clf.predict(X).shape == (len(X),)
    assert clf.predict_proba(X).shape == (len(X), 2)


@pytest.mark.parametrize("loss", list(LOSSES))
def test_thousand_labels_with_every_loss(data, loss):
    # Every loss costs O(n_labels) per row (the ranking losses too, factorised):
    # 1 000 labels fit and predict a (n, 1000) indicator matrix with finite scores.
    X, _ = data
    rng = np.random.default_rng(1)
    Y = (rng.random((len(X), 1000)) < 0.05).astype(np.uint8)
    Y[np.arange(len(X)), rng.integers(0, 1000, len(X))] = 1  # no empty rows
    clf = tiny(loss=loss).fit(X, Y)
    assert np.all(np.isfinite(clf.history_["loss"]))
    assert clf.predict_proba(X[:3]).shape == (3, 1000)
    assert np.all(np.isfinite(clf.decision_function(X[:3])))
    assert clf.predict(X).dtype == np.uint8


@pytest.mark.parametrize(
    "first, later, classes, match",
    [
        ("indicator", lambda Y: np.column_stack([Y, Y[:, :1]]), None, "4 label columns"),
        ("indicator", lambda Y: [["a"]] * len(Y), None, "0/1 indicator matrix"),
        ("1d", lambda Y: Y[:, 0] + 1, [0, 1], r"classes \[2\].*every class"),
    ],
    ids=["extra-column", "label-sets-after-indicator", "unseen-class"],
)
def test_partial_fit_rejects_targets_unlike_the_first(data, first, later, classes, match):
    # Later partial_fit calls must use the label set of the first call.
    X, Y = data
    clf = tiny().partial_fit(X, Y if first == "indicator" else Y[:, 0], classes=classes)
    with pytest.raises(ValueError, match=match):
        clf.partial_fit(X, later(Y))


# ------------------------------------------------------------- sample_weight

@pytest.mark.parametrize(
    "make_weight, match",
    [
        (lambda n: -np.ones(n), "Negative values.*non-negative weight per row"),
        (lambda n: np.ones(n - 1), r"\(39,\).*one finite, non-negative weight per row"),
        (lambda n: np.full(n, np.nan), "NaN.*per row of X"),
        (lambda n: np.ones((n, 2)), "1D array.*per row of X"),
        (lambda n: np.zeros(n), "non-zero.*per row of X"),
    ],
    ids=["negative", "wrong-length", "nan", "2d", "all-zero"],
)
def test_bad_sample_weight(data, make_weight, match):
    # Bad weights raise a ValueError that says what weights are expected.
    X, Y = data
    with pytest.raises(ValueError, match=match):
        tiny().fit(X, Y, sample_weight=make_weight(len(X)))


# ---------------------------------------------------------------- parameters

@pytest.mark.parametrize(
    "params",
    [
        dict(epochs=0), dict(batch_size=0), dict(batch_size=2.5), dict(activation="nope"),
        dict(learning_rate=-1.0), dict(alpha=-1.0), dict(n_iter_no_change=0), dict(tol=-1.0),
        dict(warm_start="yes"), dict(early_stopping="no"), dict(standardize=2),
        dict(hidden_layer_sizes=-1), dict(hidden_layer_sizes="ab"), dict(random_state="x"),
        dict(verbose=-1), dict(loss=3), dict(optimizer=3), dict(dropout=-0.1),
        dict(threshold="x"), dict(threshold=[0.5, 2.0, 0.5]), dict(threshold=float("nan")),
        dict(validation_fraction=0.0),
    ],
    ids=lambda params: "-".join(f"{k}={v}" for k, v in params.items()),
)
def test_invalid_parameters_raise_invalid_parameter_error(data, params):
    # Every invalid parameter value is an InvalidParameterError naming the parameter at fit.
    X, Y = data
    clf = MultiLabelNetClassifier(**{"random_state": 0, **params})
    name = next(iter(params))
    with pytest.raises(InvalidParameterError, match=f"'{name}' parameter"):
        clf.fit(X, Y)


# ------------------------------------------------------------------ loaders

ARFF_HEADER = ("@relation 'toy: -C 2'\n@attribute y1 {0,1}\n@attribute y2 {0,1}\n"
               "@attribute x numeric\n@attribute c {a,b}\n@data\n")


@pytest.mark.parametrize(
    "body, where",
    [
        (ARFF_HEADER + "1,0,0.5,a\n0,1", "line 8: 2 values, but 4"),
        (ARFF_HEADER.split("@data")[0], "no @data section"),
        ("@relation r\n@attribute c {a,b\n@data\n", "line 2: nominal values"),
        (ARFF_HEADER.replace("numeric", "{1,2") , "line 4"),
        (ARFF_HEADER + "1,0,0.5,a\n1,0,x,a\n", "line 8: 'x' is not a number"),
        (ARFF_HEADER + "1,0,0.5,z\n", "line 7: value 'z' is not declared"),
        (ARFF_HEADER + "{0 1,2 0.5}\n{1 1,2 0.", "line 8: sparse row does not end"),
        (ARFF_HEADER + "{0 1,9 0.5}\n", "line 7: index 9 out of range"),
        (ARFF_HEADER + "1,0,0.5,a\n{0 1}\n", "line 8: dense and sparse rows are mixed"),
        (ARFF_HEADER.replace("@data", "@dat"), "line 6: expected @relation"),
    ],
    ids=["truncated-row", "truncated-header", "truncated-nominal", "bad-declaration",
         "bad-number", "undeclared-value", "truncated-sparse", "sparse-index",
         "mixed-rows", "bad-keyword"],
)
def test_malformed_arff_names_file_and_line(tmp_path, body, where):
    # Truncated or malformed ARFF files raise DataError naming the file and the line.
    path = tmp_path / "bad.arff"
    path.write_text(body)
    with pytest.raises(DataError, match=where) as error:
        load_arff(path)
    assert str(path) in str(error.value)


def test_wrong_label_count_in_arff(tmp_path):
    # -C n beyond the attributes, or an XML label absent from the file: DataError naming both.
    path = tmp_path / "toy.arff"
    path.write_text(ARFF_HEADER.replace("-C 2", "-C 7") + "1,0,0.5,a\n")
    with pytest.raises(DataError, match=r"toy.arff.*-C 7.*4 attributes"):
        load_arff(path)
    path.write_text(ARFF_HEADER + "1,0,0.5,a\n")
    (tmp_path / "toy.xml").write_text(
        '<labels xmlns="http://mulan.sourceforge.net/labels">'
        '<label name="y1"></label><label name="y3"></label></labels>'
    )
    with pytest.raises(DataError, match=r"toy.arff.*toy.xml.*'y3'"):
        load_arff(path)
    with pytest.raises(DataError, match=r"cannot take 5 label attributes of 4"):
        load_arff(path, labels=5)


@pytest.mark.parametrize(
    "text, match",
    [
        ("a,y_1\n1,1\n2,0\n3", r"label column 'y_1'.*row 3"),
        ("a,y_1\n1,1\n2,0,5,6\n", r"line 3"),
        ("", "empty"),
        ("a,y_1\n1,1\n2,2\n", r"not 0/1 \(row 2\)"),
        ("a,y_1\nx,1\n2,0\n", r"'a' are not numeric"),
    ],
    ids=["truncated-row", "too-many-fields", "empty-file", "bad-label", "text-feature"],
)
def test_malformed_csv_names_file_and_place(tmp_path, text, match):
    # Truncated or malformed CSV files raise DataError naming the file and the row or line.
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(DataError, match=match) as error:
        load_csv(path, label_prefix="y_")
    assert str(path) in str(error.value)


def test_no_tensorflow_error_reaches_the_user(data):
    # None of the bad inputs above lets a TensorFlow exception through.
    import tensorflow as tf

    X, Y = data
    cases = [(X[:, :0], Y), (X, 2 * Y - 1), (X * 1e30, Y)]
    for bad_X, bad_Y in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with pytest.raises(ValueError) as error:
                tiny(standardize=False).fit(bad_X, bad_Y)
        assert not isinstance(error.value, tf.errors.OpError)
