"""Per-epoch metrics: the NumPy metrics against scikit-learn, unknown entries, monitor."""

import warnings
from typing import ClassVar

import keras
import numpy as np
import pytest
from _helpers import noisy_multilabel, tiny
from sklearn import metrics as sk
from sklearn.exceptions import ConvergenceWarning

from skmultinet.decision import TopCountRule, top_count_indicator
from skmultinet.neural.training._epoch_metrics import (
    average_precision_known,
    f1_known,
    hamming_loss_known,
    label_ranking_loss_known,
    metric_values,
    monitored_key,
    resolve_metrics,
    roc_auc_known,
)

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(scope="module")
def scored():
    """Targets with every label having both classes, and scores with ties."""
    rng = np.random.default_rng(0)
    Y = (rng.random((80, 6)) < 0.3).astype(float)
    Y[:2] = [[1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0]]
    scores = np.round(rng.random(Y.shape), 1)  # rounded: many tied scores
    return Y, scores, (scores >= 0.5).astype(int)


@pytest.mark.parametrize("average", ["micro", "macro", "samples"])
def test_f1_equals_scikit_learn_without_unknown_entries(scored, average):
    """f1_known is scikit-learn's F1 (zero_division=0) when every entry is known."""
    Y, _, predicted = scored
    expected = sk.f1_score(Y, predicted, average=average, zero_division=0)
    assert f1_known(Y, predicted, average) == pytest.approx(expected, abs=1e-12)


def test_ranking_metrics_equal_scikit_learn_with_tied_scores(scored):
    """AP, ROC AUC, ranking and Hamming losses are scikit-learn's, ties included."""
    Y, scores, predicted = scored
    assert average_precision_known(Y, scores) == pytest.approx(
        sk.average_precision_score(Y, scores), abs=1e-12)
    assert roc_auc_known(Y, scores) == pytest.approx(sk.roc_auc_score(Y, scores), abs=1e-12)
    assert label_ranking_loss_known(Y, scores) == pytest.approx(
        sk.label_ranking_loss(Y, scores), abs=1e-12)
    assert hamming_loss_known(Y, predicted) == pytest.approx(sk.hamming_loss(Y, predicted))


def test_unknown_entries_are_left_out_of_every_metric(scored):
    """NaN entries count nowhere: per label over known rows, per row over known entries."""
    Y, scores, predicted = scored
    Y = Y.copy()
    Y[np.random.default_rng(1).random(Y.shape) < 0.2] = np.nan
    known = ~np.isnan(Y)
    per_label = [(Y[known[:, j], j], scores[known[:, j], j], predicted[known[:, j], j])
                 for j in range(Y.shape[1])]
    assert average_precision_known(Y, scores) == pytest.approx(
        np.mean([sk.average_precision_score(y, s) for y, s, _ in per_label]), abs=1e-12)
    assert roc_auc_known(Y, scores) == pytest.approx(
        np.mean([sk.roc_auc_score(y, s) for y, s, _ in per_label]), abs=1e-12)
    assert f1_known(Y, predicted, "macro") == pytest.approx(
        np.mean([sk.f1_score(y, p, zero_division=0) for y, _, p in per_label]), abs=1e-12)
    assert f1_known(Y, predicted, "micro") == pytest.approx(
        sk.f1_score(Y[known], predicted[known], zero_division=0), abs=1e-12)
    assert hamming_loss_known(Y, predicted) == pytest.approx(
        np.mean(Y[known] != predicted[known]))
    rows = [(Y[i, known[i]], scores[i, known[i]], predicted[i, known[i]])
            for i in range(len(Y))]
    assert f1_known(Y, predicted, "samples") == pytest.approx(
        np.mean([sk.f1_score(y, p, zero_division=0) for y, _, p in rows]), abs=1e-12)
    assert label_ranking_loss_known(Y, scores) == pytest.approx(
        np.mean([sk.label_ranking_loss(y[None], s[None]) for y, s, _ in rows]), abs=1e-12)


def test_labels_without_both_classes_are_skipped_not_fatal():
    """A label with no positive (or no negative) is skipped by AP and AUC; none left gives NaN."""
    Y = np.array([[1, 0, 0], [0, 0, 1], [1, 0, 1], [0, 0, 1]], dtype=float)
    scores = np.array([[0.9, 0.1, 0.2], [0.2, 0.3, 0.8], [0.7, 0.2, 0.6], [0.1, 0.4, 0.9]])
    # Label 1 has no positive, label 2 no negative: only label 0 has an AUC.
    assert roc_auc_known(Y, scores) == pytest.approx(sk.roc_auc_score(Y[:, 0], scores[:, 0]))
    assert average_precision_known(Y, scores) == pytest.approx(np.mean([
        sk.average_precision_score(Y[:, j], scores[:, j]) for j in (0, 2)]))
    assert np.isnan(roc_auc_known(np.zeros((3, 2)), np.ones((3, 2))))
    assert np.isnan(average_precision_known(np.full((3, 2), np.nan), np.ones((3, 2))))


class _Decoder:
    """A multi-label decoder whose logits are already probabilities."""

    target_type = "multilabel-indicator"

    def predict_proba(self, logits):
        return logits

    def predict_encoded(self, logits):
        return (logits >= 0.5).astype(np.int8)


def test_scorer_names_and_callables_are_computed(scored):
    """A scikit-learn scorer name gives the scorer's value; a named callable its own."""
    Y, scores, predicted = scored

    def mean_proba_error(Y_true, proba):
        return float(np.mean(np.abs(Y_true - proba)))

    metrics = resolve_metrics(["f1_weighted", "jaccard_samples", mean_proba_error])
    values = metric_values(metrics, _Decoder(), scores.astype(float), Y)
    assert values["f1_weighted"] == pytest.approx(
        sk.f1_score(Y, predicted, average="weighted", zero_division=0))
    assert values["jaccard_samples"] == pytest.approx(
        sk.jaccard_score(Y, predicted, average="samples", zero_division=0))
    assert values["mean_proba_error"] == pytest.approx(np.mean(np.abs(Y - scores)))
    assert [m.greater_is_better for m in metrics] == [True, True, False]


@pytest.mark.parametrize("metrics, error, match", [
    (["f2_micro"], ValueError, "Unknown metric 'f2_micro'"),
    ("f1_micro", TypeError, "must be a list"),
    ([lambda Y, P: 0.0], ValueError, "needs a name"),
    (["f1_micro", "f1_micro"], ValueError, "more than once"),
    ([3], TypeError, "name or a callable"),
])
def test_bad_metrics_are_refused_with_the_way_out(metrics, error, match):
    """Unknown names, lambdas, repeats and non-metrics raise an error saying what to do."""
    with pytest.raises(error, match=match):
        resolve_metrics(metrics)


def test_monitor_resolves_to_a_computed_key_and_its_direction():
    """val_ watches the held-out rows, or the training rows when none are held out."""
    metrics = resolve_metrics(["f1_micro", "hamming_loss"])
    assert monitored_key("val_loss", metrics, has_validation=True,
                         metrics_on_train=False) == ("val_loss", False)
    assert monitored_key("val_loss", metrics, has_validation=False,
                         metrics_on_train=False) == ("loss", False)
    assert monitored_key("val_f1_micro", metrics, has_validation=True,
                         metrics_on_train=False) == ("val_f1_micro", True)
    assert monitored_key("val_f1_micro", metrics, has_validation=False,
                         metrics_on_train=False) == ("train_f1_micro", True)
    assert monitored_key("val_hamming_loss", metrics, has_validation=True,
                         metrics_on_train=False) == ("val_hamming_loss", False)
    with pytest.raises(ValueError, match="metrics_on_train=True"):
        monitored_key("train_f1_micro", metrics, has_validation=True, metrics_on_train=False)


# -- through the estimator -----------------------------------------------------------


@pytest.fixture(scope="module")
def data():
    return noisy_multilabel(160)


class _WeightsRecorder(keras.callbacks.Callback):
    """Keeps each epoch's weights in a class attribute (the fit works on a copy)."""

    seen: ClassVar[list] = []

    def on_epoch_end(self, epoch, logs=None):
        type(self).seen.append(self.model.get_weights())


@pytest.fixture(scope="module")
def watched(data):
    """A fit that early-stops on the validation micro-F1."""
    X, Y = data
    _WeightsRecorder.seen = []
    clf = tiny(epochs=40, dropout=0.0, n_iter_no_change=4, tol=0.0,
               metrics=["f1_micro", "average_precision", "roc_auc", "label_ranking_loss"],
               metrics_on_train=True, monitor="val_f1_micro", callbacks=[_WeightsRecorder()])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return clf.fit(X, Y)


def test_history_holds_one_value_per_epoch_of_each_metric(watched):
    """Every metric lands in history_ as val_<name> and train_<name>, one value per epoch."""
    names = ["f1_micro", "average_precision", "roc_auc", "label_ranking_loss"]
    expected = {"loss", "val_loss"} | {f"{p}_{n}" for p in ("val", "train") for n in names}
    assert set(watched.history_) == expected
    assert {len(values) for values in watched.history_.values()} == {watched.n_iter_}
    assert all(0.0 <= v <= 1.0 for v in watched.history_["val_f1_micro"])


def test_metric_monitored_stop_keeps_the_epoch_of_the_best_metric(watched):
    """best_epoch_ is the first epoch of the highest val_f1_micro, and its weights are kept."""
    f1 = np.asarray(watched.history_["val_f1_micro"])
    assert watched.monitor_ == "val_f1_micro"
    assert watched.best_epoch_ == int(np.argmax(f1)) + 1
    assert watched.best_score_ == f1.max()
    # The stop came n_iter_no_change epochs after the best one.
    assert watched.n_iter_ == min(40, watched.best_epoch_ + 4)
    weights = _WeightsRecorder.seen
    assert len(weights) == watched.n_iter_
    kept = weights[watched.best_epoch_ - 1]
    np.testing.assert_array_equal(watched.coefs_[0], kept[0])
    if watched.best_epoch_ != watched.n_iter_:
        assert not np.array_equal(watched.coefs_[0], weights[-1][0])


def test_train_metric_at_best_epoch_matches_the_kept_weights(data):
    """Without a split, train_f1_micro of the best epoch is the kept model's F1 on X."""
    X, Y = data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = tiny(epochs=12, dropout=0.0, early_stopping=False, n_iter_no_change=3, tol=0.0,
                   metrics=["f1_micro"], monitor="val_f1_micro").fit(X, Y)
    f1 = clf.history_["train_f1_micro"]
    assert clf.monitor_ == "train_f1_micro"
    assert clf.best_epoch_ == int(np.argmax(f1)) + 1
    assert sk.f1_score(Y, clf.predict(X), average="micro") == pytest.approx(max(f1), abs=1e-9)


def test_monitor_naming_an_uncomputed_metric_fails_before_training(data):
    """monitor='val_f1_micro' without that metric raises in fit, and nothing is fitted."""
    X, Y = data
    clf = tiny(monitor="val_f1_micro", metrics=["roc_auc"])
    with pytest.raises(ValueError, match="monitor='val_f1_micro' names nothing"):
        clf.fit(X, Y)
    assert not hasattr(clf, "coefs_")
    with pytest.raises(ValueError, match="metrics_on_train=True"):
        tiny(monitor="train_roc_auc", metrics=["roc_auc"]).fit(X, Y)


def test_verbose_prints_one_line_per_epoch_with_times_and_metrics(data, capsys):
    """verbose=1 prints 'Epoch e/E - ...s elapsed, ~...s left - loss ... - val_...' lines."""
    X, Y = data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        tiny(epochs=3, verbose=1, metrics=["f1_micro"]).fit(X, Y)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("Epoch 1/3 - ")
    assert "s elapsed, ~" in lines[0] and "s left - loss " in lines[0]
    assert " - val_loss " in lines[2] and " - val_f1_micro " in lines[2]


def test_top_count_rule_is_used_for_partition_loss(data):
    """With partition's top-count rule, F1 follows its decisions, not a 0.5 threshold."""
    X, Y = data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf = tiny(loss="partition", epochs=2, early_stopping=False,
                   metrics=["f1_samples"]).fit(X, Y)
    logits = clf._network.forward(X, clf._forward_weights[False])
    rule = TopCountRule()
    decisions = top_count_indicator(rule.predict_proba(logits), rule.predict_count(logits))
    assert clf.history_["train_f1_samples"][clf.best_epoch_ - 1] == pytest.approx(
        sk.f1_score(Y, decisions, average="samples", zero_division=0), abs=1e-9)
