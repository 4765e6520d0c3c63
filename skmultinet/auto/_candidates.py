"""The network settings that :class:`~skmultinet.AutoMultiLabelNet` compares by default.

:func:`default_candidates` is the catalogue; :func:`choose_candidates` looks at
the training inputs (0/1 words, or a dense matrix small enough for a spline
expansion) to pick which part of it applies.
"""

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone

# The spline candidates turn each feature into 10 dense float64 columns: at most
# 1000 features, and at most 10 million input cells (an 800 MB expansion).
_MAX_SPLINE_FEATURES = 1000
_MAX_SPLINE_CELLS = 10_000_000


def default_candidates(binary_inputs=False, spline_inputs=False):
    """The networks :class:`AutoMultiLabelNet` compares by default.

    Settings that won somewhere on 3-fold cross-validation of the training
    splits of the six MULAN benchmarks (``benchmarks/bench_quality.py``):
    binary cross-entropy (it beat focal, asymmetric, ZLPR, softmax and
    ``pos_weight="balanced"`` on all six), the default network, wide and
    two-layer networks with strong dropout trained for a fixed number of
    epochs (with a constant or a cosine-annealed learning rate), behind a
    normal-output quantile transform (it helped the
    heavy-tailed audio features of birds) or a cubic B-spline expansion of
    each feature (scene, birds), and unscaled inputs with small batches for
    bag-of-words (more steps than the default batch of 200 gives a few
    hundred rows), with label smoothing when the words are 0/1.

    Parameters
    ----------
    binary_inputs : bool, default=False
        Whether every feature is 0/1. The quantile and spline candidates are
        then left out: they add nothing to a binary feature but map a 1 in a
        feature that was always 0 in training to the transform's extreme;
        the bag-of-words candidates get ``label_smoothing=0.1``.
    spline_inputs : bool, default=False
        Whether to add the spline candidates (ignored with
        ``binary_inputs``). Each feature becomes 10 columns, which suits a
        dense matrix of up to about a thousand features.

    Returns
    -------
    candidates : list of dict
        Parameters of :class:`~skmultinet.MultiLabelNetClassifier`, plus
        optionally ``"preprocessing"``: a transformer put before it.

    Notes
    -----
    The spline expansion (``SplineTransformer(n_knots=8, degree=3,
    knots="quantile")``) gives each feature a learned piecewise-polynomial
    response, in the spirit of the piecewise-linear encodings of [1]_: on
    training-split cross-validation it raised scene's micro-F1 from 0.766 to
    0.791 and birds' macro-F1 from 0.402 to 0.436. Label smoothing [2]_
    raised medical's micro-F1 from 0.732 to 0.775 and enron's from 0.605
    to 0.607; on dense features it lowered scene, birds and yeast. Cosine
    annealing of the learning rate (``learning_rate_schedule="cosine"``)
    raised the two-layer network's micro-F1 on yeast (0.666 to 0.671), scene
    (spline inputs, 0.791 to 0.803) and emotions (0.675 to 0.681) and lowered
    it on birds (0.410 to 0.362).

    References
    ----------
    .. [1] Y. Gorishniy, I. Rubachev and A. Babenko, "On Embeddings for
       Numerical Features in Tabular Deep Learning", NeurIPS 2022.
    .. [2] C. Szegedy et al., "Rethinking the Inception Architecture for
       Computer Vision", CVPR 2016 (label smoothing).
    """
    from sklearn.preprocessing import QuantileTransformer, SplineTransformer

    from ..losses import BinaryCrossentropy

    fixed = {"early_stopping": False, "epochs": 60}
    wide = {"hidden_layer_sizes": (1024,), "dropout": 0.6}
    deep = {"hidden_layer_sizes": (512, 256), "dropout": 0.5}
    # Rare words and rare labels: softer targets keep the logits of a few
    # hundred rows from saturating (tested on medical and enron).
    words = {"loss": BinaryCrossentropy(label_smoothing=0.1)} if binary_inputs else {}
    # Cosine annealing helped the two-layer network on yeast, scene and
    # emotions and hurt it on birds: both versions stay in the running.
    cosine = {"learning_rate_schedule": "cosine"}
    candidates = [
        {},
        {"hidden_layer_sizes": (512,), "dropout": 0.5, **fixed},
        {**wide, **fixed},
        {**deep, **fixed},
        {**deep, **fixed, **cosine},
        {"standardize": False, "batch_size": 16, "learning_rate": 1e-3, **words},
        {"standardize": False, "hidden_layer_sizes": (512,), "dropout": 0.5, "batch_size": 32,
         "learning_rate": 1e-3, **words},
    ]
    if not binary_inputs:
        quantile = QuantileTransformer(n_quantiles=200, output_distribution="normal")
        short = {"early_stopping": False, "epochs": 30, "batch_size": 32}
        candidates += [{"preprocessing": quantile, **wide, **short},
                       {"preprocessing": clone(quantile), **deep, **short}]
    if spline_inputs and not binary_inputs:
        spline = SplineTransformer(n_knots=8, degree=3, knots="quantile",
                                   extrapolation="constant")
        candidates += [{"preprocessing": spline, **deep, **fixed},
                       {"preprocessing": clone(spline), **deep, **fixed, **cosine},
                       {"preprocessing": clone(spline), **wide, **fixed}]
    return candidates


def choose_candidates(X):
    """The default candidates that suit the training inputs ``X``.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
        Validated training inputs.

    Returns
    -------
    candidates : list of dict
        :func:`default_candidates` without the quantile and spline transforms
        when every feature is 0/1, and with the spline transforms only when
        :func:`_spline_fits`.
    """
    binary = _is_binary(X)
    return default_candidates(binary_inputs=binary,
                              spline_inputs=not binary and _spline_fits(X))


def _is_binary(X):
    """Whether every entry of ``X`` (dense or sparse) is 0 or 1."""
    values = X.data if sp.issparse(X) else X
    return bool(np.isin(values, (0, 1)).all())


def _spline_fits(X):
    """Whether a dense spline expansion of ``X`` (10 columns per feature) is affordable."""
    n_samples, n_features = X.shape
    return (not sp.issparse(X) and n_features <= _MAX_SPLINE_FEATURES
            and n_samples * n_features <= _MAX_SPLINE_CELLS)
