"""The user's own network: a Keras model given to ``MultiLabelNetClassifier(model=...)``.

:class:`KerasModelNetwork` is the :class:`~._base.Network` of a Keras model
that the user built (through a build function, or as a ``keras.Model``
instance). It holds the architecture by value, as the JSON of Keras's own
serialization, never as a Keras object: the estimator pickles it, and two fits
of the same architecture share one compiled trainer. Its weights are the
model's variables as NumPy arrays, ``model.variables`` order: kernels, biases,
batch-norm moving statistics and the states of the layers' random seed
generators (so dropout masks are reproducible and carry on under
``warm_start``). Prediction calls the Keras model in a compiled
``tf.function`` (:class:`KerasPredictor`), never ``Model.predict``.
"""

import contextlib
import json
import random

import numpy as np
import scipy.sparse as sp

from ..._backend import import_keras
from ._base import Network

# A final activation that turns logits into probabilities: the losses take logits.
_PROBABILITY_ACTIVATIONS = ("sigmoid", "softmax", "log_softmax", "hard_sigmoid")
# Rows per compiled prediction call: bounds the activations held at once.
PREDICT_BATCH_ROWS = 1024


@contextlib.contextmanager
def keep_python_random():
    """Leave Python's global ``random`` state as it was.

    Keras draws a default seed from Python's ``random`` module for every
    initializer or dropout layer made without one; skmultinet replaces those
    seeds by its own, so building a model must not change the user's stream.
    """
    state = random.getstate()
    try:
        yield
    finally:
        random.setstate(state)


def with_seeds(config, draw):
    """``config`` (a Keras config, nested dicts and lists) with every ``"seed"`` from ``draw()``."""
    if isinstance(config, dict):
        seeded = {key: with_seeds(value, draw) for key, value in config.items()}
        if "seed" in seeded and (seeded["seed"] is None or isinstance(seeded["seed"], int)):
            seeded["seed"] = int(draw())
        return seeded
    if isinstance(config, list):
        return [with_seeds(item, draw) for item in config]
    return config


def _all_layers(model):
    """The model's layers, those of nested models included."""
    for layer in model.layers:
        yield layer
        if hasattr(layer, "layers"):
            yield from _all_layers(layer)


def unregistered_layers(model):
    """Names of the layer classes Keras cannot deserialize by name (not registered)."""
    _, keras = import_keras()
    names = []
    for layer in [model, *_all_layers(model)]:
        cls = type(layer)
        if cls.__module__.startswith("keras."):
            continue
        if keras.saving.get_registered_object(keras.saving.get_registered_name(cls)) is not cls:
            names.append(f"{cls.__module__}.{cls.__qualname__}")
    return sorted(set(names))


def _architecture_key(config_json):
    """The architecture with layer and model names numbered by first appearance.

    Keras numbers automatic names process-wide (``dense``, ``dense_1``...), so
    two calls of one build function give configs that differ only in names:
    renamed, they give the same trainer cache key.
    """
    config = json.loads(config_json)
    names = {}

    def collect(node):
        if isinstance(node, dict):
            if isinstance(node.get("name"), str) and ("trainable" in node
                                                      or "inbound_nodes" in node):
                names.setdefault(node["name"], f"layer_{len(names)}")
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    def rename(node):
        if isinstance(node, dict):
            return {key: rename(value) for key, value in node.items()}
        if isinstance(node, list):
            return [rename(item) for item in node]
        return names.get(node, node) if isinstance(node, str) else node

    collect(config)
    return json.dumps(rename(config), sort_keys=True)


def _probability_activation(model):
    """The name of the model's final probability activation, or None."""
    _, keras = import_keras()
    last = model.layers[-1] if model.layers else None
    if last is None:
        return None
    if isinstance(last, keras.layers.Softmax):
        return "softmax"
    activation = getattr(last, "activation", None)
    if activation is None:
        return None
    name = activation if isinstance(activation, str) else getattr(activation, "__name__", "")
    return name if name in _PROBABILITY_ACTIVATIONS else None


def check_user_model(model, meta):
    """Refuse a model that does not take ``X`` or does not output the loss's logits.

    Parameters
    ----------
    model : keras.Model
    meta : dict
        What the data decide (see ``MultiLabelNetClassifier``'s ``model``).
    """
    _, keras = import_keras()
    if not isinstance(model, keras.Model):
        raise TypeError(
            f"The model build function returned {type(model).__name__}, not a keras.Model: "
            "return an uncompiled keras.Model that outputs logits."
        )
    if len(model.inputs or ()) != 1 or len(model.outputs or ()) != 1:
        raise ValueError(
            "The model must be a built functional or Sequential keras.Model with one input "
            "and one output (start it with keras.Input(shape=meta['input_shape']))."
        )
    expected = tuple(meta["input_shape"])
    takes = tuple(model.inputs[0].shape[1:])
    if len(takes) != len(expected) or any(
        size is not None and size != want for size, want in zip(takes, expected)
    ):
        raise ValueError(
            f"The model takes inputs of shape {takes} (batch axis aside) but the rows of X "
            f"have shape {expected}: build it with keras.Input(shape=meta['input_shape'])."
        )
    output_shape = tuple(model.outputs[0].shape)
    if len(output_shape) != 2 or output_shape[-1] != meta["n_outputs"]:
        raise ValueError(
            f"The model outputs {output_shape[-1] if output_shape else 0} logits per row "
            f"(output shape {output_shape}) but the loss needs {meta['n_outputs']} "
            "(meta['n_outputs'], the labels plus any extra output of the loss): end it with "
            "keras.layers.Dense(meta['n_outputs'])."
        )
    activation = _probability_activation(model)
    if activation is not None:
        raise ValueError(
            f"The model ends with a {activation} activation, but the losses take logits: "
            "remove it (the estimator turns logits into probabilities itself)."
        )


class KerasModelNetwork(Network):
    """A user's Keras model, held as its serialized architecture.

    Parameters
    ----------
    config_json : str
        ``keras.saving.serialize_keras_object(model)`` as JSON.
    input_shape : tuple of int
        Shape of one row of ``X``.
    input_dtype : str
        Dtype of the features the model trains on (``"float32"``, or an
        integer dtype for token ids).
    n_outputs : int
        Number of logits.
    sparse_input : bool, default=False
        Whether the model takes a ``tf.SparseTensor`` (its ``keras.Input`` has
        ``sparse=True``); sparse batches are densified for a dense input.
    template : keras.Model, default=None
        The model itself, kept in this process only: it builds copies
        without deserializing (a custom layer need not be registered to train).
    """

    def __init__(self, config_json, input_shape, input_dtype, n_outputs, *,
                 sparse_input=False, template=None):
        self.config_json = config_json
        self.row_shape = tuple(int(size) for size in input_shape)
        self.input_dtype = str(input_dtype)
        self.n_features = self.row_shape[0]
        self.n_outputs = int(n_outputs)
        self.sparse_input = bool(sparse_input)
        self._template = template
        self._key = None

    @classmethod
    def from_model(cls, model, meta):
        """The network of ``model`` (checked against ``meta``); ``model`` is kept as template."""
        _, keras = import_keras()
        check_user_model(model, meta)
        config = keras.saving.serialize_keras_object(model)
        try:
            config_json = json.dumps(config)
        except TypeError as error:
            raise ValueError(f"The model's config cannot be written as JSON ({error}): give "
                             "every custom layer a get_config of plain values.") from error
        return cls(config_json, meta["input_shape"], meta["input_dtype"], meta["n_outputs"],
                   sparse_input=bool(getattr(model.inputs[0], "sparse", False)),
                   template=model)

    @property
    def input_shape(self):
        return self.row_shape

    @property
    def key(self):
        if self._key is None:
            self._key = ("keras", _architecture_key(self.config_json), self.input_shape,
                         self.input_dtype, self.n_outputs, self.sparse_input)
        return self._key

    # -- the Keras model ----------------------------------------------------

    def _clone(self, draw_seed):
        """A new model of this architecture, every seed from ``draw_seed``."""
        _, keras = import_keras()
        with keep_python_random():
            if self._template is not None:
                return keras.models.clone_model(
                    self._template,
                    clone_function=lambda layer: layer.__class__.from_config(
                        with_seeds(layer.get_config(), draw_seed)),
                )
            return keras.saving.deserialize_keras_object(
                with_seeds(json.loads(self.config_json), draw_seed))

    def build(self, sparse=False):
        # The model's input is as the user built it; ``sparse`` batches are
        # densified in ``train_logits`` when it takes dense ones.
        return self._clone(lambda: 0)

    def initial_weights(self, rng):
        """The variables of a copy whose initializers and dropout layers are seeded from ``rng``."""
        draw = lambda: rng.integers(1, np.iinfo(np.int32).max)
        return self.get_weights(self._clone(draw))

    def _input(self, x):
        tf, _ = import_keras()
        if isinstance(x, tf.SparseTensor) and not self.sparse_input:
            return tf.sparse.to_dense(x)
        return x

    def train_logits(self, model, x, seed, batch, replica=0):
        # The model's own dropout layers draw from their seed generators,
        # whose states are part of the weights (seeded by initial_weights).
        tf, _ = import_keras()
        return tf.cast(model(self._input(x), training=True), tf.float32)

    def logits(self, model, x):
        tf, _ = import_keras()
        return tf.cast(model(self._input(x), training=False), tf.float32)

    def penalty(self, model):
        tf, _ = import_keras()
        losses = model.losses
        if not losses:
            return None
        return tf.add_n([tf.cast(loss, tf.float32) for loss in losses])

    def get_weights(self, model):
        return [np.array(variable.numpy()) for variable in model.variables]

    def set_weights(self, model, weights):
        variables = model.variables
        if len(variables) != len(weights):
            raise ValueError(f"The model has {len(variables)} variables, the weights "
                             f"{len(weights)}.")
        for variable, value in zip(variables, weights):
            variable.assign(value)

    # -- prediction ---------------------------------------------------------

    def fold_input_scaling(self, weights, mean, scale):
        # No layer of an arbitrary model can absorb the scaling: the
        # predictor scales each chunk of rows instead.
        return KerasPredictor(self, weights, mean, scale)

    def cast_weights(self, weights, dtype):
        return weights  # the model computes in its own dtypes

    def forward(self, X, weights):
        predictor = weights if isinstance(weights, KerasPredictor) else KerasPredictor(
            self, weights, None, None)
        return predictor(X)

    # -- pickling -----------------------------------------------------------

    def __getstate__(self):
        if self._template is not None:
            unregistered = unregistered_layers(self._template)
            if unregistered:
                raise TypeError(
                    f"The model holds layers that Keras cannot rebuild by name: "
                    f"{', '.join(unregistered)}. Decorate each class with "
                    "@keras.saving.register_keras_serializable() (and give it a get_config) "
                    "to pickle the estimator."
                )
        state = dict(vars(self))
        state["_template"] = None
        state["_key"] = None
        return state

    def __deepcopy__(self, memo):
        # The template is never modified: copies may share it.
        clone = object.__new__(type(self))
        clone.__dict__.update(vars(self))
        memo[id(self)] = clone
        return clone


class KerasPredictor:
    """Logits of a Keras model in compiled, batched calls, inputs scaled on the way.

    Built lazily at the first call and never pickled (see
    :class:`~._base.PredictionWeights`).

    Parameters
    ----------
    network : KerasModelNetwork
    weights : list of ndarray
        The model's variables.
    mean, scale : ndarray of shape (n_features,) or None
        The input scaling learned at fit (2-D features only).
    """

    def __init__(self, network, weights, mean, scale):
        self.network = network
        self.weights = weights
        self.mean = None if mean is None else np.asarray(mean, dtype=np.float64)
        self.scale = None if scale is None else np.asarray(scale, dtype=np.float64)
        self._model = None
        self._call = None

    def _compile(self):
        tf, _ = import_keras()
        network = self.network
        model = network.build()
        network.set_weights(model, self.weights)
        if network.sparse_input:
            spec = tf.SparseTensorSpec([None, network.n_features], tf.float32)
        else:
            spec = tf.TensorSpec([None, *network.input_shape], network.input_dtype)
        self._model = model
        self._call = tf.function(lambda x: network.logits(model, x), input_signature=[spec],
                                 reduce_retracing=True)

    def _batch(self, X):
        """One batch of rows as the compiled call takes it."""
        tf, _ = import_keras()
        network = self.network
        if sp.issparse(X):
            # Sparse features are scaled, never centred (as at fit).
            if self.scale is not None:
                X = sp.csr_matrix(X.multiply(1.0 / self.scale))
            if not network.sparse_input:
                return np.asarray(X.toarray(), dtype=network.input_dtype)
            coo = sp.coo_matrix(X)
            return tf.sparse.reorder(tf.SparseTensor(
                np.stack([coo.row, coo.col], axis=1).astype(np.int64),
                coo.data.astype(np.float32), coo.shape))
        if self.scale is not None:
            X = (X - self.mean if self.mean is not None else X) / self.scale
        return np.asarray(X, dtype=network.input_dtype)

    def __call__(self, X):
        if self._call is None:
            self._compile()
        if sp.issparse(X):
            X = X.tocsr()
        n_samples = X.shape[0]
        logits = np.empty((n_samples, self.network.n_outputs), dtype=np.float64)
        for start in range(0, n_samples, PREDICT_BATCH_ROWS):
            stop = min(start + PREDICT_BATCH_ROWS, n_samples)
            logits[start:stop] = self._call(self._batch(X[start:stop])).numpy()
        return logits

    def __getstate__(self):
        return {"network": self.network, "weights": self.weights, "mean": self.mean,
                "scale": self.scale, "_model": None, "_call": None}


class SerializedModel:
    """A ``keras.Model`` parameter as its architecture (JSON) and weights, for pickling.

    Parameters
    ----------
    model : keras.Model
    """

    def __init__(self, model):
        _, keras = import_keras()
        unregistered = unregistered_layers(model)
        if unregistered:
            raise TypeError(
                f"The model parameter holds layers that Keras cannot rebuild by name: "
                f"{', '.join(unregistered)}. Decorate each class with "
                "@keras.saving.register_keras_serializable() to pickle the estimator."
            )
        self.config_json = json.dumps(keras.saving.serialize_keras_object(model))
        self.weights = [np.array(variable.numpy()) for variable in model.variables]

    def load(self):
        """The model, rebuilt (imports Keras)."""
        _, keras = import_keras()
        with keep_python_random():
            model = keras.saving.deserialize_keras_object(json.loads(self.config_json))
        for variable, value in zip(model.variables, self.weights):
            variable.assign(value)
        return model
