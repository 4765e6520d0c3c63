"""The network interface: what the trainer and the estimator need from a network.

A :class:`Network` describes one architecture by value. It builds the Keras
model that trains, draws its starting weights, runs its forward pass inside
the compiled training step, moves weights in and out of the model as NumPy
arrays, and predicts in NumPy from those arrays. The trainer and the estimator
use nothing else, so any architecture that fills in these methods trains and
predicts like the built-in multi-layer perceptron (:mod:`._mlp`).

*Weights* are whatever structure of NumPy arrays a network chooses (the MLP:
a pair of lists ``(coefs, intercepts)``); only the network looks inside.
"""

import abc

import numpy as np


class Network(abc.ABC):
    """An architecture the training engine can build, train and predict with.

    Two networks with the same :attr:`key` are interchangeable: the trainer
    cache reuses the compiled model of one for the other. Subclasses set
    ``n_features`` and ``n_outputs`` and implement the abstract methods;
    they are pickled with the fitted estimator, so they hold plain values,
    never Keras objects.

    Attributes
    ----------
    n_features : int
        Width of the input.
    n_outputs : int
        Number of logits.
    input_dtype : str
        Dtype of the features, ``"float32"`` unless a network says otherwise.
    """

    n_features: int
    n_outputs: int
    #: Dtype of the features the model takes (integer dtypes travel as they are).
    input_dtype = "float32"
    #: Whether the graph code of the network branches only on static values
    #: (shapes, Python settings), so that it traces without AutoGraph.
    traces_without_autograph = False

    @property
    def input_shape(self):
        """Shape of one row of the features (without the batch axis)."""
        return (self.n_features,)

    @property
    @abc.abstractmethod
    def key(self):
        """A hashable value that identifies the architecture (the trainer cache key)."""

    def __eq__(self, other):
        return type(other) is type(self) and other.key == self.key

    def __hash__(self):
        return hash(self.key)

    @abc.abstractmethod
    def build(self, sparse=False):
        """An uncompiled ``keras.Model`` from features to logits.

        Parameters
        ----------
        sparse : bool, default=False
            Whether the input is a ``tf.SparseTensor``.
        """

    @abc.abstractmethod
    def initial_weights(self, rng):
        """Starting weights drawn from ``rng`` (a ``numpy.random.Generator``)."""

    @abc.abstractmethod
    def train_logits(self, model, x, seed, batch, replica=0):
        """Training-mode logits (float32) inside the compiled step.

        Parameters
        ----------
        model : keras.Model
            A model made by :meth:`build`.
        x : tf.Tensor or tf.SparseTensor
            A batch of features.
        seed : tf.Tensor of shape (2,)
            The epoch's seed for stateless randomness (dropout masks).
        batch, replica : int or tf.Tensor
            Index of the batch in the epoch and of the replica that runs it,
            so that every batch and replica draws its own masks.
        """

    def penalty(self, model):
        """A scalar added to each batch's objective inside the tape, or None.

        Called right after :meth:`train_logits`; e.g. a Keras model's own
        regularization losses (``model.losses``).
        """
        # An explicit body: AutoGraph, which converts the training step, warns
        # on every trace about a method made of a docstring alone.
        return None

    def logits(self, model, x):
        """Inference-mode logits (float32) in a graph, e.g. for the validation loss."""
        from ..._backend import import_keras

        tf, _ = import_keras()
        return tf.cast(model(x, training=False), tf.float32)

    @abc.abstractmethod
    def get_weights(self, model):
        """Copies of the model's weights as NumPy arrays."""

    @abc.abstractmethod
    def set_weights(self, model, weights):
        """Load ``weights`` (as made by :meth:`initial_weights`) into ``model``."""

    @abc.abstractmethod
    def fold_input_scaling(self, weights, mean, scale):
        """Weights that take raw inputs, from weights learned on ``(X - mean) / scale``.

        Parameters
        ----------
        weights : float64 weights
        mean : ndarray of shape (n_features,) or None
        scale : ndarray of shape (n_features,) or None
            ``None`` for no scaling.
        """

    @abc.abstractmethod
    def cast_weights(self, weights, dtype):
        """``weights`` with every array cast to ``dtype``."""

    @abc.abstractmethod
    def forward(self, X, weights):
        """Logits in NumPy: the twin of the Keras model's inference call.

        Parameters
        ----------
        X : ndarray or sparse matrix of shape (n_samples, n_features)
        weights : weights of the network, in ``X``'s dtype

        Returns
        -------
        logits : ndarray of shape (n_samples, n_outputs)
        """


class PredictionWeights:
    """A network's prediction weights, input scaling folded in, built per dtype on first use.

    ``prediction_weights[X.dtype == np.float32]`` gives the weights that
    :meth:`Network.forward` takes: float64 inputs predict in float64 (results
    do not depend on how rows are batched), float32 inputs in float32 (half
    the memory traffic). Built lazily and never pickled, because for a wide
    sparse first layer each copy is as large as the network: a fit that never
    predicts (``partial_fit`` over a stream of chunks) does not pay for them.

    Parameters
    ----------
    network : Network
    weights : weights learned on scaled inputs
    mean, scale : ndarray of shape (n_features,) or None
        The input scaling to fold in.
    """

    def __init__(self, network, weights, mean, scale):
        self._learned = (network, weights, mean, scale)
        self._built = {}

    def __getitem__(self, float32):
        weights = self._built.get(float32)
        if weights is None:
            weights = self._built[float32] = self._build(float32)
        return weights

    def _build(self, float32):
        network, weights, mean, scale = self._learned
        as64 = lambda array: None if array is None else array.astype(np.float64)
        folded = network.fold_input_scaling(
            network.cast_weights(weights, np.float64), as64(mean), as64(scale)
        )
        return network.cast_weights(folded, np.float32) if float32 else folded

    def __getstate__(self):
        return {"_learned": self._learned, "_built": {}}
