"""The built-in network: a multi-layer perceptron, in Keras and as its NumPy twin.

:class:`MLPNetwork` is the :class:`~._base.Network` that
``MultiLabelNetClassifier`` trains. The Keras model trains; prediction runs the
same arithmetic in NumPy on the learned weights (:func:`forward`), which skips
Keras's ``predict`` machinery and keeps one-row prediction in the microseconds.
Both output **logits**. The weights are a pair of lists ``(coefs, intercepts)``,
as in ``MLPClassifier``.
"""

import numpy as np
from scipy.special import erf, expit

from ..._backend import import_keras
from ._base import Network

# Our name -> Keras activation name. The NumPy twins below must match Keras's
# definitions exactly (leaky_relu: slope 0.2; gelu: the exact erf form).
KERAS_ACTIVATIONS = {
    "relu": "relu",
    "tanh": "tanh",
    "logistic": "sigmoid",
    "identity": "linear",
    "elu": "elu",
    "selu": "selu",
    "gelu": "gelu",
    "silu": "silu",
    "leaky_relu": "leaky_relu",
}

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _gelu(x):
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


NUMPY_ACTIVATIONS = {
    # ``forward`` hands over a fresh array, so relu may work in place.
    "relu": lambda x: np.maximum(x, 0.0, out=x),
    "tanh": np.tanh,
    "logistic": expit,
    "identity": lambda x: x,
    "elu": lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0.0))),
    "selu": lambda x: _SELU_SCALE * np.where(x > 0, x, _SELU_ALPHA * np.expm1(np.minimum(x, 0.0))),
    "gelu": _gelu,
    "silu": lambda x: x * expit(x),
    "leaky_relu": lambda x: np.where(x > 0, x, 0.2 * x),
}


def build_network(n_features, n_outputs, *, hidden_layer_sizes, activation, sparse=False):
    """Build the multi-layer perceptron that outputs one logit per output.

    Dropout is not a layer here: the training loop applies it with stateless
    masks (see :meth:`MLPNetwork.train_logits`), so the model holds nothing but weights.

    Parameters
    ----------
    n_features : int
        Width of the input.
    n_outputs : int
        Number of logits.
    hidden_layer_sizes : tuple of int
        Width of each hidden layer.
    activation : str
        A key of :data:`KERAS_ACTIVATIONS`.
    sparse : bool, default=False
        Whether the input is a ``tf.SparseTensor``.

    Returns
    -------
    model : keras.Model
        Its weights are placeholders: load real ones with :func:`set_weights`
        (see :func:`initial_weights`).
    """
    _, keras = import_keras()
    layers = keras.layers
    inputs = keras.Input(shape=(n_features,), sparse=sparse, name="features")
    hidden = inputs
    for depth, width in enumerate(hidden_layer_sizes):
        # A fixed initializer seed: Keras's global seed generator stays untouched.
        hidden = layers.Dense(
            width,
            activation=KERAS_ACTIVATIONS[activation],
            kernel_initializer=keras.initializers.GlorotUniform(seed=0),
            name=f"hidden_{depth}",
        )(hidden)
    logits = layers.Dense(
        n_outputs, kernel_initializer=keras.initializers.GlorotUniform(seed=0), name="logits"
    )(hidden)
    return keras.Model(inputs, logits, name="skmultinet_mlp")


_INIT_BLOCK_ROWS = 4096


def initial_weights(layer_sizes, rng):
    """Glorot-uniform kernels and zero biases, Keras's default for Dense layers.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``(n_features, hidden..., n_outputs)``.
    rng : numpy.random.Generator

    Returns
    -------
    coefs, intercepts : list of ndarray (float32)
    """
    coefs, intercepts = [], []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        kernel = np.empty((fan_in, fan_out), dtype=np.float32)
        # Drawn in float64 blocks of rows (the same stream as one draw), so a
        # wide first layer never exists in float64 at once.
        for start in range(0, fan_in, _INIT_BLOCK_ROWS):
            stop = min(start + _INIT_BLOCK_ROWS, fan_in)
            kernel[start:stop] = rng.uniform(-limit, limit, size=(stop - start, fan_out))
        coefs.append(kernel)
        intercepts.append(np.zeros(fan_out, dtype=np.float32))
    return coefs, intercepts


def dense_layers(model):
    """The model's Dense layers, input to output."""
    return [layer for layer in model.layers if hasattr(layer, "kernel")]


def get_weights(model):
    """Copy the weights out of a network built by :func:`build_network`.

    Returns
    -------
    coefs : list of ndarray
        Kernel of each layer, shape (fan_in, fan_out).
    intercepts : list of ndarray
        Bias of each layer.
    """
    layers = dense_layers(model)
    coefs = [np.array(layer.kernel.numpy()) for layer in layers]
    intercepts = [np.array(layer.bias.numpy()) for layer in layers]
    return coefs, intercepts


def set_weights(model, coefs, intercepts):
    """Load kernels and biases into a network built by :func:`build_network`."""
    for layer, kernel, bias in zip(dense_layers(model), coefs, intercepts):
        layer.kernel.assign(kernel)
        layer.bias.assign(bias)


def fold_input_scaling(coefs, intercepts, mean, scale):
    """Fold ``(X - mean) / scale`` into the first layer.

    ``((X - mean) / scale) @ W + b == X @ (W / scale[:, None]) + (b - (mean / scale) @ W)``
    so prediction needs no scaled copy of ``X`` (and sparse ``X`` stays sparse).

    Parameters
    ----------
    coefs, intercepts : list of ndarray
        Weights learned on scaled inputs.
    mean : ndarray of shape (n_features,) or None
    scale : ndarray of shape (n_features,) or None

    Returns
    -------
    coefs, intercepts : list of ndarray
        Weights that take unscaled inputs.
    """
    if scale is None:
        return list(coefs), list(intercepts)
    first = coefs[0] / scale[:, None].astype(coefs[0].dtype)
    bias = intercepts[0]
    if mean is not None:
        bias = bias - (mean / scale).astype(np.float64) @ coefs[0].astype(np.float64)
    return [first.astype(coefs[0].dtype)] + list(coefs[1:]), [
        np.asarray(bias, dtype=intercepts[0].dtype)
    ] + list(intercepts[1:])


def forward(X, coefs, intercepts, activation):
    """Logits of the network in NumPy: the twin of the Keras model's call.

    Parameters
    ----------
    X : ndarray or sparse matrix of shape (n_samples, n_features)
    coefs, intercepts : list of ndarray
    activation : str

    Returns
    -------
    logits : ndarray of shape (n_samples, n_outputs)
    """
    activate = NUMPY_ACTIVATIONS[activation]
    hidden = X
    last = len(coefs) - 1
    for depth, (kernel, bias) in enumerate(zip(coefs, intercepts)):
        hidden = hidden @ kernel
        hidden += bias
        if depth < last:
            hidden = activate(hidden)
    return np.asarray(hidden)


class MLPNetwork(Network):
    """Dense layers with one activation, and dropout after each hidden layer.

    Parameters
    ----------
    n_features : int
        Width of the input.
    n_outputs : int
        Number of logits.
    hidden_layer_sizes : tuple of int
        Width of each hidden layer; ``()`` gives a linear model.
    activation : str
        A key of :data:`KERAS_ACTIVATIONS`.
    dropout : float, default=0.0
        Dropout rate after each hidden layer, in training only.
    """

    traces_without_autograph = True

    def __init__(self, n_features, n_outputs, *, hidden_layer_sizes, activation, dropout=0.0):
        self.n_features = int(n_features)
        self.n_outputs = int(n_outputs)
        self.hidden_layer_sizes = tuple(int(width) for width in hidden_layer_sizes)
        self.activation = activation
        self.dropout = float(dropout)

    def get_config(self):
        """The constructor's arguments as plain values (``MLPNetwork(**config)`` rebuilds it)."""
        return {"n_features": self.n_features, "n_outputs": self.n_outputs,
                "hidden_layer_sizes": list(self.hidden_layer_sizes),
                "activation": self.activation, "dropout": self.dropout}

    @property
    def key(self):
        return ("mlp", self.n_features, self.hidden_layer_sizes, self.n_outputs,
                self.activation, self.dropout)

    @property
    def layer_sizes(self):
        """``(n_features, hidden..., n_outputs)``."""
        return (self.n_features, *self.hidden_layer_sizes, self.n_outputs)

    def build(self, sparse=False):
        return build_network(self.n_features, self.n_outputs,
                             hidden_layer_sizes=self.hidden_layer_sizes,
                             activation=self.activation, sparse=sparse)

    def initial_weights(self, rng):
        return initial_weights(self.layer_sizes, rng)

    def train_logits(self, model, x, seed, batch, replica=0):
        return self._graph_logits(model, x, self.dropout, seed, batch, replica)

    def logits(self, model, x):
        return self._graph_logits(model, x, 0.0)

    @staticmethod
    def _graph_logits(model, x, rate, seed=None, batch=None, replica=0):
        """Logits layer by layer; dropout after each hidden layer when ``rate > 0``."""
        tf, _ = import_keras()
        layers = dense_layers(model)
        hidden = x
        last = len(layers) - 1
        for depth, layer in enumerate(layers):
            hidden = layer(hidden)
            if rate > 0 and depth < last:
                # Stateless masks from (epoch seed, batch, layer): reproducible,
                # and no random state outlives the fit.
                mask_seed = tf.stack([seed[0] + depth + replica * 1024, seed[1] + batch * 64])
                keep = tf.random.stateless_uniform(tf.shape(hidden), mask_seed, alg="philox") >= rate
                hidden = tf.where(keep, hidden / (1.0 - rate), tf.zeros_like(hidden))
        return tf.cast(hidden, tf.float32)

    def get_weights(self, model):
        # .numpy() of a variable reads it into a new array: no second copy.
        layers = dense_layers(model)
        return [layer.kernel.numpy() for layer in layers], [layer.bias.numpy() for layer in layers]

    def set_weights(self, model, weights):
        set_weights(model, *weights)

    def fold_input_scaling(self, weights, mean, scale):
        return fold_input_scaling(*weights, mean, scale)

    def cast_weights(self, weights, dtype):
        coefs, intercepts = weights
        return [c.astype(dtype) for c in coefs], [b.astype(dtype) for b in intercepts]

    def forward(self, X, weights):
        return forward(X, *weights, self.activation)
