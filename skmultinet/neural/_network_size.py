"""The largest network a fit may train: a guard before anything is allocated."""

from itertools import pairwise

# Most values that a fit may hold for the network's weights and biases together
# with the optimizer's copies of them (counted as two per parameter: Adam's
# moments, the most that the built-in optimizers keep): 8 GiB of float32.
# Only a mistake reaches it, such as a LIBSVM file with one huge feature index.
MAX_TRAINING_VALUES = 2**31
OPTIMIZER_COPIES = 2


def check_network_size(layer_sizes):
    """Refuse a network whose parameters and optimizer copies exceed ``MAX_TRAINING_VALUES``.

    Parameters
    ----------
    layer_sizes : tuple of int
        ``(n_features, hidden..., n_outputs)``.
    """
    n_parameters = sum((fan_in + 1) * fan_out for fan_in, fan_out in pairwise(layer_sizes))
    n_values = n_parameters * (1 + OPTIMIZER_COPIES)
    if n_values <= MAX_TRAINING_VALUES:
        return
    raise ValueError(
        f"The network {' -> '.join(f'{size:,}' for size in layer_sizes)} (features -> "
        f"hidden layers -> outputs) has {n_parameters:,} parameters; with the optimizer's "
        f"{OPTIMIZER_COPIES} copies of them, training would hold {n_values:,} float32 "
        f"values ({n_values * 4 / 2**30:.1f} GiB), over the limit of "
        f"{MAX_TRAINING_VALUES:,} ({MAX_TRAINING_VALUES * 4 / 2**30:.0f} GiB). Use fewer "
        f"features than {layer_sizes[0]:,} (check that the data's feature indices are "
        "right; hash the features, e.g. sklearn.feature_extraction.FeatureHasher("
        "n_features=2**18), or select them, e.g. sklearn.feature_selection.SelectKBest), "
        "or a narrower first hidden layer (hidden_layer_sizes)."
    )
