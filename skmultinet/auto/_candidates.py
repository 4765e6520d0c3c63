"""The network settings that :class:`~skmultinet.AutoMultiLabelNet` compares, and when to stop.

:func:`default_candidates` is the catalogue; :func:`choose_candidates` looks at
the training inputs (0/1 words, or a dense matrix small enough for a spline
expansion) to pick which part of it applies, most promising first.
:class:`SearchBudget` decides, against a time budget, whether the search can
afford the next candidate, how many of the best candidates the final model can
average and how many networks it can afford.
"""

import math
import time

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone

# The spline candidates turn each feature into 10 dense float64 columns: at most
# 1000 features, and at most 10 million input cells (an 800 MB expansion).
_MAX_SPLINE_FEATURES = 1000
_MAX_SPLINE_CELLS = 10_000_000


#: The classifier's defaults when the catalogue was measured (issue 7): the
#: first candidate is this network, the others change some of it.
MEASURED_ON = {"hidden_layer_sizes": (256,), "dropout": 0.2, "standardize": True,
               "batch_size": 200}


def default_candidates(binary_inputs=False, spline_inputs=False):
    """The networks :class:`AutoMultiLabelNet` compares by default.

    Settings that won somewhere on 3-fold cross-validation of the training
    splits of the six MULAN benchmarks (``benchmarks/bench_quality.py``):
    binary cross-entropy (it beat focal, asymmetric, ZLPR, softmax and
    ``pos_weight="balanced"`` on all six), the network of the classifier's
    defaults of issue 7 (:data:`MEASURED_ON`, which every candidate spells
    out, so that the catalogue does not move with today's defaults), wide and
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
    # Every candidate was measured on top of MEASURED_ON: spelled out, they
    # keep their meaning when MultiLabelNetClassifier's defaults change.
    return [{**MEASURED_ON, **candidate} for candidate in candidates]


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
        :func:`_spline_fits`; most promising first (see :func:`by_promise`).
    """
    binary = _is_binary(X)
    return by_promise(default_candidates(binary_inputs=binary,
                                         spline_inputs=not binary and _spline_fits(X)),
                      binary_inputs=binary, sparse_inputs=sp.issparse(X))


def by_promise(candidates, binary_inputs, sparse_inputs=False):
    """The default ``candidates`` in the order a time-bounded search should try them.

    The :data:`MEASURED_ON` network comes first (the reference every other setting was
    measured against). On 0/1 inputs the unscaled small-batch candidates come
    next: they were the best settings on both bag-of-words benchmarks (medical,
    enron). On a sparse matrix of other values (TF-IDF weights, counts) they
    come first, before the :data:`MEASURED_ON` network, which standardises every
    column: on training-split cross-validation of yahoo_arts, leaving the
    TF-IDF weights unscaled raised micro-F1 from 0.338 to 0.470
    (``benchmarks/bench_defaults.py``). On dense inputs they come last, and the
    two-layer networks (best single settings on scene, emotions and yeast),
    then the transformed inputs (best on birds and scene) come before the
    one-layer variants.

    Parameters
    ----------
    candidates : list of dict
        What :func:`default_candidates` returned.
    binary_inputs : bool
        Whether every feature is 0/1.
    sparse_inputs : bool, default=False
        Whether the inputs are a sparse matrix.

    Returns
    -------
    candidates : list of dict
        The same dicts, reordered (a stable sort).
    """
    def rank(candidate):
        if candidate == MEASURED_ON:
            return 0
        if candidate.get("standardize") is False:
            if binary_inputs:
                return 1
            return -1 if sparse_inputs else 5
        if "preprocessing" in candidate:
            return 3
        return 2 if len(candidate.get("hidden_layer_sizes", ())) > 1 else 4

    return sorted(candidates, key=rank)


class SearchBudget:
    """A time budget for a search of candidates followed by a final fit.

    The search tries candidates in order and stops before one that, at the
    mean cost of those already tried, would leave too little time for the
    final model; the first candidate is always tried. The final model is
    ``n_networks`` networks, each fitted once per fold and once on all rows:
    about ``n_folds / (n_folds - 1)`` times what a candidate's ``n_folds``
    fold fits cost. It averages only as many of the best candidates as the
    rest of the budget pays one network each for (:meth:`ensemble_limit`),
    the best one always.

    Parameters
    ----------
    seconds : float or None
        The budget; None never stops anything.
    n_folds : int
        Folds of the search and of the final threshold tuning.

    Attributes
    ----------
    started : float
        ``time.perf_counter()`` when the budget was opened.
    candidate_seconds : list of float
        Wall time of each candidate tried (its fold fits and its rules).
    fit_seconds : list of float
        Wall time of each candidate's fold fits alone.
    """

    def __init__(self, seconds, n_folds):
        self.seconds = seconds
        self.n_folds = n_folds
        self.started = time.perf_counter()
        self.candidate_seconds = []
        self.fit_seconds = []

    def elapsed(self):
        """Seconds since the budget was opened."""
        return time.perf_counter() - self.started

    def record(self, seconds, fit_seconds):
        """Note that a candidate took ``seconds``, ``fit_seconds`` of them in fold fits."""
        self.candidate_seconds.append(seconds)
        self.fit_seconds.append(fit_seconds)

    def network_cost(self, members):
        """Estimated seconds of one final network of the candidates ``members`` (indices)."""
        # n_folds fits on (n_folds - 1) / n_folds of the rows, plus one on all of them
        fold_fits = float(np.mean([self.fit_seconds[i] for i in members]))
        return fold_fits * self.n_folds / (self.n_folds - 1)

    def affords_candidate(self, n_networks):
        """Whether one more candidate, then ``n_networks`` final networks, fit the budget.

        Always True before the first candidate and without a budget.

        Parameters
        ----------
        n_networks : int
            Networks of the final model.
        """
        if self.seconds is None or not self.candidate_seconds:
            return True
        next_candidate = float(np.mean(self.candidate_seconds))
        final = n_networks * self.network_cost(range(len(self.fit_seconds)))
        return self.elapsed() + next_candidate + final <= self.seconds

    def round_cost(self, members):
        """Estimated seconds of one final network of each of the candidates ``members``."""
        # the members may differ in cost: a round pays for each of them, not their mean
        return sum(self.network_cost([i]) for i in members)

    def ensemble_limit(self, ranked):
        """How many of the best candidates the rest of the budget lets the final model average.

        Parameters
        ----------
        ranked : list of int
            Indices of the candidates that may be averaged (in the order
            tried), best first.

        Returns
        -------
        n_members : int
            The largest ``k`` such that one final network of each of the best
            ``k`` fits in the time left; ``len(ranked)`` without a budget, and
            at least 1 (the best candidate alone is always affordable, so that
            ``fit`` gives a model).
        """
        if self.seconds is None:
            return len(ranked)
        left = self.seconds - self.elapsed()
        # the cost of averaging the best k grows with k: count the prefixes that fit
        costs = np.cumsum([self.network_cost([i]) for i in ranked])
        return max(1, int(np.searchsorted(costs, left, side="right")))

    def final_networks(self, n_networks, members):
        """How many final networks of the candidates ``members`` the rest of the budget pays for.

        Parameters
        ----------
        n_networks : int
            Networks wanted, a multiple of ``len(members)``.
        members : list of int
            Indices of the averaged candidates (in the order tried); each keeps
            at least one network and all the same number, so the result is a
            multiple of ``len(members)``, paid for in rounds of one network per
            member (:meth:`round_cost`).

        Returns
        -------
        n_networks : int
            At most the number wanted, at least ``len(members)``.
        """
        if self.seconds is None:
            return n_networks
        left = self.seconds - self.elapsed()
        rounds = math.floor(left / max(self.round_cost(members), 1e-9))
        n_members = len(members)
        return max(n_members, min(n_networks, rounds * n_members))


def _is_binary(X):
    """Whether every entry of ``X`` (dense or sparse) is 0 or 1."""
    values = X.data if sp.issparse(X) else X
    return bool(np.isin(values, (0, 1)).all())


def _spline_fits(X):
    """Whether a dense spline expansion of ``X`` (10 columns per feature) is affordable."""
    n_samples, n_features = X.shape
    return (not sp.issparse(X) and n_features <= _MAX_SPLINE_FEATURES
            and n_samples * n_features <= _MAX_SPLINE_CELLS)
