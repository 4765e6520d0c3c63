"""MultiLabelNetClassifier on partially labelled targets: unknown entries marked NaN or -1."""

import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from _helpers import fit_quietly, noisy_multilabel, tiny
from sklearn.exceptions import ConvergenceWarning

from skmultinet.losses import LOSSES


@pytest.fixture(scope="module")
def data():
    """120 rows, 3 labels, about 30% of the entries unknown (a float copy with NaN)."""
    X, Y = noisy_multilabel(120)
    hidden = np.random.default_rng(1).random(Y.shape) < 0.3
    Y_nan = np.where(hidden, np.nan, Y.astype(float))
    return X, Y, Y_nan, hidden


@pytest.fixture(scope="module")
def nan_fit(data):
    X, _, Y_nan, _ = data
    return fit_quietly(tiny(), X, Y_nan)


def test_nan_targets_fit_and_predict_every_label(data, nan_fit):
    """NaN-marked Y trains; predict fills every label with 0/1, probabilities are finite."""
    X, Y, _, _ = data
    y_pred = nan_fit.predict(X)
    assert y_pred.shape == Y.shape
    assert set(np.unique(y_pred)) <= {0, 1}
    proba = nan_fit.predict_proba(X)
    assert np.all(np.isfinite(proba)) and np.all((proba >= 0) & (proba <= 1))
    assert np.all(np.isfinite(nan_fit.history_["loss"]))
    assert np.all(np.isfinite(nan_fit.history_["val_loss"]))


def test_minus_one_and_dataframes_mark_the_same_entries(data, nan_fit):
    """-1 in an int array, NaN or pd.NA in a DataFrame: the same fit as the NaN array."""
    X, Y, Y_nan, hidden = data
    expected = nan_fit.predict_proba(X)
    minus_one = np.where(hidden, -1, Y)
    columns = ["a", "b", "c"]
    frame = pd.DataFrame(Y_nan, columns=columns)
    nullable = pd.DataFrame(Y, columns=columns).astype("Int64").mask(hidden)
    assert nullable.isna().to_numpy().sum() == hidden.sum()
    for targets in (minus_one, frame, nullable, sp.csr_matrix(minus_one)):
        model = fit_quietly(tiny(), X, targets)
        np.testing.assert_allclose(model.predict_proba(X), expected, rtol=1e-6, atol=1e-7)
    assert list(model.classes_) == list(range(3))
    assert list(fit_quietly(tiny(), X, nullable).classes_) == columns


def test_unknown_entries_are_not_read_as_negatives(data, nan_fit):
    """The masked fit differs from the fit that fills unknown entries with 0."""
    X, _, Y_nan, _ = data
    filled = fit_quietly(tiny(), X, np.nan_to_num(Y_nan, nan=0.0))
    assert not np.allclose(filled.predict_proba(X), nan_fit.predict_proba(X))


def test_zero_weight_rows_with_unknowns_equal_dropping_them(data):
    """sample_weight works with unknowns: a zero weight is exactly the row removed."""
    X, _, Y_nan, _ = data
    weights = np.ones(len(X))
    weights[::7] = 0.0
    keep = weights > 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        weighted = tiny().fit(X, Y_nan, sample_weight=weights)
    dropped = fit_quietly(tiny(), X[keep], Y_nan[keep])
    np.testing.assert_allclose(weighted.predict_proba(X), dropped.predict_proba(X),
                               rtol=1e-6, atol=1e-7)


def test_a_label_never_known_warns_and_is_still_predicted(data):
    """A label column with no known entry: one warning naming it; predict still fills it."""
    X, _, Y_nan, _ = data
    Y_col = Y_nan.copy()
    Y_col[:, 1] = np.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        with pytest.warns(UserWarning, match=r"labels 1 have no known entry"):
            model = tiny().fit(X, Y_col)
    y_pred = model.predict(X)
    assert y_pred.shape == Y_col.shape and not np.isnan(model.predict_proba(X)).any()


def test_rows_with_every_entry_unknown_train(data):
    """Rows with no known entry at all are accepted and contribute nothing harmful."""
    X, _, Y_nan, _ = data
    Y_rows = Y_nan.copy()
    Y_rows[:10] = np.nan
    model = fit_quietly(tiny(), X, Y_rows)
    assert np.all(np.isfinite(model.predict_proba(X)))
    assert np.all(np.isfinite(model.history_["loss"]))


def test_partial_fit_with_unknowns(data):
    """partial_fit takes NaN-marked batches, the first one without classes."""
    X, Y, Y_nan, _ = data
    model = tiny()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # calibration on small batches
        model.partial_fit(X[:60], Y_nan[:60])
        model.partial_fit(X[60:], np.where(np.isnan(Y_nan[60:]), -1, Y[60:]))
    assert model.n_iter_ == 2
    assert np.all(np.isfinite(model.history_["loss"]))
    assert model.predict(X).shape == Y.shape


@pytest.mark.parametrize("loss", sorted(LOSSES))
def test_every_loss_fits_with_unknowns(data, loss):
    """Each catalogue loss trains on NaN-marked targets: finite losses, every label predicted."""
    X, Y, Y_nan, _ = data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = tiny(loss=loss, epochs=2).fit(X, Y_nan)
    assert np.all(np.isfinite(model.history_["loss"]))
    assert np.all(np.isfinite(model.history_["val_loss"]))
    assert np.all(np.isfinite(model.predict_proba(X)))
    assert model.predict(X).shape == Y.shape


def test_label_sets_cannot_mark_unknown_entries(data):
    """None or NaN in label sets is refused with a pointer to indicator matrices."""
    X, _, _, _ = data
    label_sets = [["a"], ["b", None], ["a", "b"]] * 40
    with pytest.raises(ValueError, match="label sets cannot mark an unknown entry"):
        tiny().fit(X, label_sets)


@pytest.mark.parametrize(
    "make_y",
    [lambda Y: np.where(Y[:, 0] == 1, np.nan, Y[:, 1]),          # binary 1-D
     lambda Y: np.where(Y[:, 2] == 1, np.nan, Y[:, :2].sum(1)),  # multiclass 1-D
     lambda Y: np.where(Y[:, :1] == 1, np.nan, 0.0)],             # one column
    ids=["binary", "multiclass", "column"],
)
def test_class_labels_with_unknowns_are_refused(data, make_y):
    """Unknown class labels are refused: only indicator matrices may hold them."""
    X, Y, _, _ = data
    with pytest.raises(ValueError, match=r"unknown \(NaN\) entries.*Drop the rows"):
        tiny().fit(X, make_y(Y))


def test_every_entry_unknown_is_refused(data):
    """Nothing to learn: a Y with no known entry is refused."""
    X, Y, _, _ = data
    with pytest.raises(ValueError, match="Every entry of y is unknown"):
        tiny().fit(X, np.full(Y.shape, np.nan))


def test_plus_minus_one_coding_is_not_read_as_unknown(data):
    """A -1/1 matrix (no 0) is a coding of absent/present, refused with a recoding hint."""
    X, Y, _, _ = data
    with pytest.raises(ValueError, match=r"\[-1, 1\] and no 0.*\(y > 0\)"):
        tiny().fit(X, 2 * Y - 1)


def test_losses_that_do_not_mask_are_refused(data):
    """A plain callable loss would read NaN as a target: refused, naming masks_unknown_labels."""
    import tensorflow as tf

    X, _, Y_nan, _ = data

    def squared(y_true, logits):
        return tf.reduce_mean(tf.square(tf.sigmoid(logits) - y_true), axis=-1)

    with pytest.raises(ValueError, match="masks_unknown_labels"):
        tiny(loss=squared).fit(X, Y_nan)


def test_user_data_are_not_modified(data):
    """Fitting never writes into the user's targets (NaN float, -1 int, sparse)."""
    X, Y, Y_nan, hidden = data
    minus_one = np.where(hidden, -1, Y)
    sparse = sp.csr_matrix(minus_one)
    before = [Y_nan.copy(), minus_one.copy(), sparse.toarray()]
    for targets in (Y_nan, minus_one, sparse):
        fit_quietly(tiny(epochs=1), X, targets)
    np.testing.assert_array_equal(Y_nan, before[0])
    np.testing.assert_array_equal(minus_one, before[1])
    np.testing.assert_array_equal(sparse.toarray(), before[2])
