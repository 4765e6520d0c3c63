"""The built-in network: a multi-layer perceptron, in Keras and as its NumPy twin.

:class:`MLPNetwork` is the :class:`~._base.Network` that
``MultiLabelNetClassifier`` trains. The Keras model trains; prediction runs the
same arithmetic in NumPy on the learned weights (:func:`forward`), which skips
Keras's ``predict`` machinery and keeps one-row prediction in the microseconds.
Both output **logits**. The weights are a pair of lists ``(coefs, intercepts)``,
as in ``MLPClassifier``.

With ``n_members > 1`` the model trains that many perceptrons of the same shape
side by side, each on its own loss, and predicts the mean of their logits. Their
weights are kept as the one perceptron that computes that mean (hidden layers
side by side, block-diagonal kernels between them, the output kernels stacked
and divided by ``n_members``, one output bias shared by the members), so that
prediction, input-scaling folding and model files need nothing new;
:func:`member_weights` and :func:`joined_weights` move between that form and the
members' own kernels that the Keras model trains.
"""

import numpy as np
from scipy.linalg import block_diag
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


def build_network(n_features, n_outputs, *, hidden_layer_sizes, activation, sparse=False,
                  n_members=1):
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
    n_members : int, default=1
        Perceptrons trained side by side (at least one hidden layer): the
        first hidden layer holds all of theirs (a plain Dense layer, which
        takes sparse input), the later ones are per-member kernels
        (``EinsumDense``), and the model returns the mean of the members'
        logits.

    Returns
    -------
    model : keras.Model
        Its weights are placeholders: load real ones with :func:`set_weights`
        (see :func:`initial_weights`).
    """
    _, keras = import_keras()
    layers = keras.layers
    inputs = keras.Input(shape=(n_features,), sparse=sparse, name="features")
    if n_members > 1:
        return _build_members(keras, inputs, n_outputs, hidden_layer_sizes, activation,
                              n_members)
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


def _build_members(keras, inputs, n_outputs, hidden_layer_sizes, activation, n_members):
    """The side-by-side members of :func:`build_network`, averaged at the end."""
    layers = keras.layers
    glorot = keras.initializers.GlorotUniform(seed=0)
    first, *later = hidden_layer_sizes
    hidden = layers.Dense(n_members * first, activation=KERAS_ACTIVATIONS[activation],
                          kernel_initializer=glorot, name="hidden_0")(inputs)
    hidden = layers.Reshape((n_members, first), name="members")(hidden)
    for depth, width in enumerate(later, start=1):
        hidden = layers.EinsumDense(
            "bki,kij->bkj", output_shape=(n_members, width), bias_axes="kj",
            activation=KERAS_ACTIVATIONS[activation], kernel_initializer=glorot,
            name=f"hidden_{depth}",
        )(hidden)
    # One output bias for all members: the mean of their logits then has the
    # same bias, so the joined form of the weights loses nothing.
    member_logits = layers.EinsumDense(
        "bki,kij->bkj", output_shape=(n_members, n_outputs), bias_axes="j",
        kernel_initializer=glorot, name="member_logits",
    )(hidden)
    logits = layers.GlobalAveragePooling1D(name="logits")(member_logits)
    return keras.Model(inputs, logits, name="skmultinet_mlp_members")


def joined_weights(members):
    """The one perceptron whose logits are the mean of the members' logits.

    Parameters
    ----------
    members : list of (coefs, intercepts)
        Perceptrons of the same shape, at least one hidden layer each. Their
        output biases must be equal (the members share theirs).

    Returns
    -------
    coefs, intercepts : list of ndarray
        First layer: the members' kernels side by side; later hidden layers:
        block-diagonal kernels; output: the members' kernels stacked and
        divided by their number, and the shared bias.
    """
    n_members = len(members)
    n_layers = len(members[0][0])
    coefs, intercepts = [], []
    for depth in range(n_layers):
        kernels = [member[0][depth] for member in members]
        biases = [member[1][depth] for member in members]
        if depth == 0:
            coefs.append(np.concatenate(kernels, axis=1))
        elif depth < n_layers - 1:
            coefs.append(block_diag(*kernels).astype(kernels[0].dtype, copy=False))
        else:
            coefs.append(np.concatenate(kernels, axis=0) / kernels[0].dtype.type(n_members))
            intercepts.append(biases[0].copy())
            continue
        intercepts.append(np.concatenate(biases))
    return coefs, intercepts


def member_weights(coefs, intercepts, n_members):
    """The members' own kernels, as the Keras model of ``n_members`` holds them.

    The inverse of :func:`joined_weights`, laid out per Keras layer: the first
    layer's kernel and bias as they are, each later hidden layer's kernel as
    ``(n_members, fan_in, fan_out)`` (the diagonal blocks) and bias as
    ``(n_members, fan_out)``, the output kernel as ``(n_members, fan_in,
    n_outputs)`` and the shared output bias.
    """
    kernels, biases = [coefs[0]], [intercepts[0]]
    last = len(coefs) - 1
    for depth in range(1, len(coefs)):
        kernel = coefs[depth]
        fan_in = kernel.shape[0] // n_members
        if depth < last:
            fan_out = kernel.shape[1] // n_members
            kernels.append(np.stack([
                kernel[k * fan_in:(k + 1) * fan_in, k * fan_out:(k + 1) * fan_out]
                for k in range(n_members)
            ]))
            biases.append(intercepts[depth].reshape(n_members, fan_out))
        else:
            kernels.append(kernel.reshape(n_members, fan_in, -1)
                           * kernel.dtype.type(n_members))
            biases.append(intercepts[depth])
    return kernels, biases


def _joined_from_layers(kernels, biases, n_members):
    """:func:`joined_weights` of the per-layer arrays of :func:`member_weights`."""
    members = []
    for k in range(n_members):
        coefs = [kernels[0][:, k * kernels[1].shape[1]:(k + 1) * kernels[1].shape[1]]]
        member_biases = [biases[0][k * kernels[1].shape[1]:(k + 1) * kernels[1].shape[1]]]
        coefs += [kernel[k] for kernel in kernels[1:]]
        member_biases += [bias[k] for bias in biases[1:-1]] + [biases[-1]]
        members.append((coefs, member_biases))
    return joined_weights(members)


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
        Width of each hidden layer (of each member); ``()`` gives a linear model.
    activation : str
        A key of :data:`KERAS_ACTIVATIONS`.
    dropout : float, default=0.0
        Dropout rate after each hidden layer, in training only.
    n_members : int, default=1
        Perceptrons trained side by side, each on its own loss, whose logits
        are averaged (see the module's docstring). A linear model is always
        one: linear members trained on the same data would reach the same
        weights.
    """

    traces_without_autograph = True

    def __init__(self, n_features, n_outputs, *, hidden_layer_sizes, activation, dropout=0.0,
                 n_members=1):
        self.n_features = int(n_features)
        self.n_outputs = int(n_outputs)
        self.hidden_layer_sizes = tuple(int(width) for width in hidden_layer_sizes)
        self.activation = activation
        self.dropout = float(dropout)
        self.n_members = int(n_members) if self.hidden_layer_sizes else 1

    def get_config(self):
        """The constructor's arguments as plain values (``MLPNetwork(**config)`` rebuilds it)."""
        config = {"n_features": self.n_features, "n_outputs": self.n_outputs,
                  "hidden_layer_sizes": list(self.hidden_layer_sizes),
                  "activation": self.activation, "dropout": self.dropout}
        # Only when it matters, so that files of one network read as they always did.
        if self.n_members > 1:
            config["n_members"] = self.n_members
        return config

    @property
    def key(self):
        return ("mlp", self.n_features, self.hidden_layer_sizes, self.n_outputs,
                self.activation, self.dropout, self.n_members)

    @property
    def layer_sizes(self):
        """``(n_features, hidden..., n_outputs)`` of the weights: members side by side."""
        return (self.n_features, *(self.n_members * width for width in self.hidden_layer_sizes),
                self.n_outputs)

    def build(self, sparse=False):
        return build_network(self.n_features, self.n_outputs,
                             hidden_layer_sizes=self.hidden_layer_sizes,
                             activation=self.activation, sparse=sparse,
                             n_members=self.n_members)

    def initial_weights(self, rng):
        sizes = (self.n_features, *self.hidden_layer_sizes, self.n_outputs)
        if self.n_members == 1:
            return initial_weights(sizes, rng)
        return joined_weights([initial_weights(sizes, rng) for _ in range(self.n_members)])

    def train_logits(self, model, x, seed, batch, replica=0):
        logits = self._graph_logits(model, x, self.dropout, seed, batch, replica)
        if self.n_members == 1:
            return logits
        tf, _ = import_keras()
        # (batch, member, output) -> member after member: (member * batch, output).
        return tf.reshape(tf.transpose(logits, [1, 0, 2]), [-1, self.n_outputs])

    def logits(self, model, x):
        logits = self._graph_logits(model, x, 0.0)
        if self.n_members == 1:
            return logits
        tf, _ = import_keras()
        return tf.reduce_mean(logits, axis=1)

    def _graph_logits(self, model, x, rate, seed=None, batch=None, replica=0):
        """Logits layer by layer (per member, when several); dropout after each hidden layer."""
        tf, _ = import_keras()
        layers = dense_layers(model)
        hidden = x
        last = len(layers) - 1
        for depth, layer in enumerate(layers):
            hidden = layer(hidden)
            if depth == 0 and self.n_members > 1:
                hidden = tf.reshape(hidden, [-1, self.n_members, self.hidden_layer_sizes[0]])
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
        kernels = [layer.kernel.numpy() for layer in layers]
        biases = [layer.bias.numpy() for layer in layers]
        if self.n_members == 1:
            return kernels, biases
        return _joined_from_layers(kernels, biases, self.n_members)

    def set_weights(self, model, weights):
        if self.n_members == 1:
            set_weights(model, *weights)
        else:
            set_weights(model, *member_weights(*weights, self.n_members))

    def fold_input_scaling(self, weights, mean, scale):
        return fold_input_scaling(*weights, mean, scale)

    def cast_weights(self, weights, dtype):
        coefs, intercepts = weights
        return [c.astype(dtype) for c in coefs], [b.astype(dtype) for b in intercepts]

    def forward(self, X, weights):
        return forward(X, *weights, self.activation)
