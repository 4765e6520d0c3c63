"""Contract tests of skmultinet.losses: registry, configs, copies, decision rules."""

import copy
import pickle

import keras
import numpy as np
import pytest
from sklearn.base import BaseEstimator, clone

from skmultinet import losses
from skmultinet.losses import (
    ALIASES,
    LOSSES,
    BinaryCrossentropy,
    FocalLoss,
    MultiLabelLoss,
    PartitionLoss,
    get_loss,
)
from skmultinet.losses._bce import balanced_pos_weight

NON_DEFAULT = {
    "binary_crossentropy": dict(pos_weight=[0.5, 2.0, 1.0], label_smoothing=0.1),
    "focal": dict(gamma=3.0, alpha=0.25),
    "asymmetric": dict(gamma_pos=1.0, gamma_neg=2.0, clip=0.1),
    "partition": dict(count_loss="squared", count_weight=0.5),
    "symmetric_kl": dict(smoothing=0.2),
    "two_way": dict(Tp=2.0, Tn=0.5),
    "hill": dict(lamb=1.2, margin=0.5, gamma=1.0),
}


def make_loss(name):
    return LOSSES[name](**NON_DEFAULT.get(name, {}))


class Holder(BaseEstimator):
    """A minimal estimator holding a loss instance as a parameter."""

    def __init__(self, loss=None):
        self.loss = loss


# --------------------------------------------------------------------------
# registry and get_loss
# --------------------------------------------------------------------------


def test_registry_lists_the_catalogue():
    """LOSSES holds the thirteen documented names; ALIASES point into it."""
    assert set(LOSSES) == {
        "binary_crossentropy", "focal", "asymmetric", "softmax_crossentropy",
        "partition", "symmetric_kl", "zlpr", "two_way", "lsep", "bp_mll", "hill",
        "squared_hinge", "mse",
    }
    assert ALIASES == {"bce": "binary_crossentropy", "abs_kl": "symmetric_kl",
                       "multilabel_categorical_crossentropy": "zlpr"}


def test_public_names_are_exported():
    """Every registered class is exported by skmultinet.losses.__all__."""
    for loss_cls in LOSSES.values():
        assert loss_cls.__name__ in losses.__all__
        assert getattr(losses, loss_cls.__name__) is loss_cls


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_get_loss_by_name_returns_a_fresh_default_instance(name):
    """A name gives a new instance of its class, named after the registry key."""
    first, second = get_loss(name), get_loss(name)
    assert type(first) is LOSSES[name]
    assert first is not second
    assert first.name == name


@pytest.mark.parametrize("alias, name", sorted(ALIASES.items()))
def test_get_loss_by_alias(alias, name):
    """An alias resolves to its target's class."""
    assert type(get_loss(alias)) is LOSSES[name]


def test_get_loss_with_class_instance_and_callable():
    """Classes are instantiated; instances and callables come back unchanged."""
    assert type(get_loss(FocalLoss)) is FocalLoss
    instance = FocalLoss(gamma=3)
    assert get_loss(instance) is instance
    keras_loss = keras.losses.BinaryCrossentropy(from_logits=True)
    assert get_loss(keras_loss) is keras_loss

    def my_loss(y_true, logits):
        return logits

    assert get_loss(my_loss) is my_loss


def test_get_loss_unknown_name_lists_valid_names():
    """An unknown name raises ValueError naming every valid name and alias."""
    with pytest.raises(ValueError, match="Unknown loss 'foccal'") as info:
        get_loss("foccal")
    for name in list(LOSSES) + list(ALIASES):
        assert name in str(info.value)


@pytest.mark.parametrize("bad", [3, None, dict])
def test_get_loss_rejects_non_losses(bad):
    """Objects that are neither losses nor callables (nor loss classes) are refused."""
    with pytest.raises(ValueError, match="loss"):
        get_loss(bad)


# --------------------------------------------------------------------------
# class contract and documentation
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_class_attributes_follow_the_contract(name):
    """Every loss declares a valid decision rule, extra outputs, calibration, min labels."""
    loss_cls = LOSSES[name]
    assert issubclass(loss_cls, MultiLabelLoss)
    assert loss_cls.decision_rule in ("threshold", "top_count")
    assert isinstance(loss_cls.n_extra_outputs, int) and loss_cls.n_extra_outputs >= 0
    assert isinstance(loss_cls.needs_calibration, bool)
    assert loss_cls.min_labels in (1, 2)
    assert (loss_cls.decision_rule == "top_count") == (name == "partition")


@pytest.mark.parametrize("name", ["softmax_crossentropy", "symmetric_kl", "lsep",
                                  "bp_mll", "two_way"])
def test_non_probabilistic_losses_ask_for_calibration(name):
    """Losses whose sigmoid outputs are no per-label probability need calibration."""
    assert LOSSES[name].needs_calibration


@pytest.mark.parametrize("name", ["binary_crossentropy", "focal", "zlpr", "mse",
                                  "partition"])
def test_probabilistic_losses_do_not_ask_for_calibration(name):
    """BCE-like losses, ZLPR (cut at logit 0) and partition keep their own rule."""
    assert not LOSSES[name].needs_calibration


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_docstring_documents_formula_reference_and_rule(name):
    """Each class docstring has a formula, References and the decision rule."""
    doc = LOSSES[name].__doc__
    assert "References" in doc
    assert "Decision rule" in doc
    assert "loss" in doc and "=" in doc
    assert "no positive" in doc


# --------------------------------------------------------------------------
# configs, copies, pickling
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_repr_names_the_changed_hyperparameters(name):
    """repr shows the class and only the hyperparameters that differ from the defaults."""
    loss = make_loss(name)
    assert repr(LOSSES[name]()) == f"{type(loss).__name__}()"
    text = repr(loss)
    assert text.startswith(f"{type(loss).__name__}(") and "object at" not in text
    for key, value in NON_DEFAULT.get(name, {}).items():
        assert f"{key}={value!r}" in text


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_config_round_trip(name):
    """from_config(get_config()) rebuilds an equal config, through Keras too."""
    loss = make_loss(name)
    config = loss.get_config()
    rebuilt = type(loss).from_config(config)
    assert rebuilt.get_config() == config
    for key, value in NON_DEFAULT.get(name, {}).items():
        assert config[key] == value
    serialized = keras.saving.serialize_keras_object(loss)
    assert serialized["registered_name"] == f"skmultinet>{type(loss).__name__}"
    revived = keras.saving.deserialize_keras_object(serialized)
    assert type(revived) is type(loss)
    assert revived.get_config() == config


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_pickle_deepcopy_and_clone(name):
    """Losses survive pickle and deepcopy, and sklearn.clone of an estimator holding one."""
    loss = make_loss(name)
    for copied in (pickle.loads(pickle.dumps(loss)), copy.deepcopy(loss)):
        assert type(copied) is type(loss)
        assert copied is not loss
        assert copied.get_config() == loss.get_config()
    holder = clone(Holder(loss=loss))
    assert type(holder.loss) is type(loss)
    assert holder.loss is not loss
    assert holder.loss.get_config() == loss.get_config()


def test_hyperparameters_set_on_the_instance():
    """Hyperparameters are plain attributes, visible in get_config."""
    loss = FocalLoss(gamma=3)
    assert loss.gamma == 3
    assert loss.get_config()["gamma"] == 3


def test_numpy_pos_weight_config_is_json_friendly():
    """A NumPy pos_weight is stored as given and reported as a list."""
    loss = BinaryCrossentropy(pos_weight=np.array([1.0, 2.0]))
    assert loss.get_config()["pos_weight"] == [1.0, 2.0]


# --------------------------------------------------------------------------
# adapt and pos_weight="balanced"
# --------------------------------------------------------------------------


def test_balanced_pos_weight_counts():
    """n_neg / n_pos per label; 1 for labels without positives or negatives."""
    y = np.array([[1, 1, 0], [0, 1, 0], [0, 1, 0], [0, 1, 0]])
    np.testing.assert_allclose(balanced_pos_weight(y), [3.0, 1.0, 1.0])
    weights = np.array([3.0, 1.0, 1.0, 1.0])
    np.testing.assert_allclose(balanced_pos_weight(y, weights), [1.0, 1.0, 1.0])


def test_balanced_before_adapt_raises_clearly():
    """Using pos_weight='balanced' before adapt says to call adapt."""
    loss = BinaryCrossentropy(pos_weight="balanced")
    with pytest.raises(RuntimeError, match="adapt"):
        loss.call(np.ones((1, 2), "float32"), np.zeros((1, 2), "float32"))


def test_unknown_pos_weight_string_raises():
    """A string other than 'balanced' is refused with the accepted forms."""
    with pytest.raises(ValueError, match="balanced"):
        BinaryCrossentropy(pos_weight="auto").call(np.ones((1, 2)), np.zeros((1, 2)))


def test_adapt_state_is_private_and_survives_copies():
    """adapt stores its weights outside the config; pickle and deepcopy keep them."""
    y = np.array([[1, 0], [0, 0], [0, 1], [0, 0]], dtype=float)
    loss = BinaryCrossentropy(pos_weight="balanced").adapt(y)
    assert loss.get_config()["pos_weight"] == "balanced"
    for copied in (pickle.loads(pickle.dumps(loss)), copy.deepcopy(loss)):
        np.testing.assert_allclose(copied._balanced_pos_weight, [3.0, 3.0])


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_adapt_returns_self(name):
    """adapt is a no-op for losses without data-dependent settings and returns self."""
    loss = get_loss(name)
    assert loss.adapt(np.eye(3)) is loss


# --------------------------------------------------------------------------
# NumPy decision-rule helpers
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_decision_helpers_shapes_and_ranges(name):
    """decision_scores and predict_proba give (n, n_labels); proba lies in [0, 1]."""
    loss = get_loss(name)
    rng = np.random.default_rng(0)
    logits = rng.normal(scale=3.0, size=(5, 4 + loss.n_extra_outputs))
    logits[0, :4] = [1e4, -1e4, 0.0, 50.0]
    scores = loss.decision_scores(logits)
    proba = loss.predict_proba(logits)
    assert scores.shape == proba.shape == (5, 4)
    assert np.all(np.isfinite(scores))
    assert np.all((proba >= 0) & (proba <= 1))
    # Scores rank labels within a row like the probabilities do.
    for row in range(5):
        order = np.argsort(scores[row], kind="stable")
        assert np.all(np.diff(proba[row][order]) >= -1e-12)
    if loss.decision_rule == "threshold":
        with pytest.raises(NotImplementedError):
            loss.predict_count(logits)


@pytest.mark.parametrize("count_loss", ["poisson", "squared"])
def test_partition_predicts_rounded_clipped_counts(count_loss):
    """partition's count is round(Z_hat) clipped to [0, n_labels]."""
    loss = PartitionLoss(count_loss=count_loss)
    if count_loss == "poisson":
        count_logits = np.log(np.expm1([2.2, 0.4, 9.0])), [2, 0, 3]
    else:
        count_logits = np.array([2.2, -1.0, 9.0]), [2, 0, 3]
    logits = np.column_stack([np.zeros((3, 3)), count_logits[0]])
    counts = loss.predict_count(logits)
    assert counts.dtype.kind == "i"
    np.testing.assert_array_equal(counts, count_logits[1])


def test_partition_proba_is_count_times_distribution():
    """partition's predict_proba is clip(Z_hat * softmax, 0, 1)."""
    loss = PartitionLoss(count_loss="squared")
    logits = np.array([[0.0, 0.0, 0.0, 1.5], [0.0, 0.0, 0.0, 6.0]])
    np.testing.assert_allclose(loss.predict_proba(logits), [[0.5] * 3, [1.0] * 3])
