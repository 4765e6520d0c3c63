"""Build functions of users' own Keras models, importable by the tests' fresh interpreters."""

import keras


def small_mlp(meta, units=16, rate=0.0, l2=0.0, batch_norm=False):
    """Dense -> (dropout, batch norm) -> logits, for 2-D features."""
    inputs = keras.Input(shape=meta["input_shape"], sparse=False)
    regularizer = keras.regularizers.L2(l2) if l2 else None
    hidden = keras.layers.Dense(units, activation="relu", kernel_regularizer=regularizer)(inputs)
    if rate:
        hidden = keras.layers.Dropout(rate)(hidden)
    if batch_norm:
        hidden = keras.layers.BatchNormalization()(hidden)
    return keras.Model(inputs, keras.layers.Dense(meta["n_outputs"])(hidden))


def small_cnn(meta, filters=4):
    """A convolution over images ``(H, W, C)``."""
    inputs = keras.Input(shape=meta["input_shape"])
    hidden = keras.layers.Conv2D(filters, 3, activation="relu")(inputs)
    hidden = keras.layers.GlobalAveragePooling2D()(hidden)
    return keras.Model(inputs, keras.layers.Dense(meta["n_outputs"])(hidden))


def token_bag(meta, vocabulary=20, width=8):
    """Embedding of integer token ids, averaged over the sequence."""
    inputs = keras.Input(shape=meta["input_shape"], dtype=meta["input_dtype"])
    hidden = keras.layers.Embedding(vocabulary, width)(inputs)
    hidden = keras.layers.GlobalAveragePooling1D()(hidden)
    return keras.Model(inputs, keras.layers.Dense(meta["n_outputs"])(hidden))


def sparse_linear(meta):
    """A Dense layer over a sparse input."""
    inputs = keras.Input(shape=meta["input_shape"], sparse=True)
    return keras.Model(inputs, keras.layers.Dense(meta["n_outputs"])(inputs))


@keras.saving.register_keras_serializable(package="skmultinet_tests")
class Scale(keras.layers.Layer):
    """A registered custom layer: multiplies by a constant."""

    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, inputs):
        return inputs * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


def with_registered_layer(meta):
    inputs = keras.Input(shape=meta["input_shape"])
    hidden = Scale(0.5)(keras.layers.Dense(8, activation="tanh")(inputs))
    return keras.Model(inputs, keras.layers.Dense(meta["n_outputs"])(hidden))
