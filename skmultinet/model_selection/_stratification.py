"""Iterative stratification: split multi-label samples into parts of given sizes.

Pure NumPy helpers behind :mod:`skmultinet.model_selection`; they take a dense
or sparse 0/1 indicator matrix and return, for every sample, the index of the
part (fold) it goes to.
"""

import numpy as np
import scipy.sparse as sp


def _fill_order(levels, tie_break, n_items, rng_keys):
    """Replay the greedy "give the next item to the most-wanting part" rule.

    The greedy rule of iterative stratification hands each item, one after
    the other, to the part ``m`` with the largest ``levels[m]`` (ties: largest
    ``tie_break[m]``, then smallest ``rng_keys[m]``) and then lowers both
    numbers of that part by one. Because a part's keys only ever drop by one
    per item it receives, the whole sequence of choices is the ``n_items``
    largest keys ``(levels[m] - x, tie_break[m] - x, -rng_keys[m])`` over
    ``x = 0, 1, ...``; sorting those keys replays the loop without a Python
    iteration per item.

    Parameters
    ----------
    levels : ndarray of shape (n_parts,)
        Primary demand of each part.
    tie_break : ndarray of shape (n_parts,)
        Secondary demand, used when primary demands are equal.
    n_items : int
        Number of items handed out.
    rng_keys : ndarray of shape (n_parts,)
        Last tie-breaker; smaller wins.

    Returns
    -------
    parts : ndarray of shape (n_items,)
        The part receiving each item, in hand-out order.
    """
    n_parts = levels.shape[0]
    steps = np.arange(n_items)
    part = np.repeat(np.arange(n_parts), n_items)
    step = np.tile(steps, n_parts)
    primary = levels[part] - step
    secondary = tie_break[part] - step
    # lexsort sorts by the last key first, ascending: negate to get "largest first"
    order = np.lexsort((rng_keys[part], -secondary, -primary))
    return part[order[:n_items]]


def iterative_stratification(y, proportions, *, rng=None):
    """Assign samples to parts so that every label is spread by ``proportions``.

    Implements Algorithm 1 of Sechidis et al. (2011): labels are processed
    from the rarest (fewest samples still unassigned) to the most common; the
    unassigned samples carrying the current label go, one by one, to the part
    that still wants most of that label, then most samples overall.
    Unlabelled samples finally fill the parts that still want most samples.
    Each label costs one sort over its samples instead of a loop over them.

    Parameters
    ----------
    y : {ndarray, sparse matrix} of shape (n_samples, n_labels)
        Binary indicator matrix.
    proportions : array-like of shape (n_parts,)
        Desired fraction of the samples in each part; sums to 1.
    rng : numpy.random.Generator or None, default=None
        Shuffles the visiting order of samples and breaks ties at random.
        ``None`` visits samples in index order and breaks ties by part index,
        which is deterministic.

    Returns
    -------
    parts : ndarray of shape (n_samples,)
        Index of the part each sample is assigned to.

    References
    ----------
    .. [1] K. Sechidis, G. Tsoumakas and I. Vlahavas, "On the stratification of
       multi-label data", ECML PKDD 2011, pp. 145-158.
    """
    y = sp.csc_matrix(y) if sp.issparse(y) else sp.csc_matrix(np.asarray(y) != 0)
    y.data = (y.data != 0).astype(np.int64)
    y.eliminate_zeros()
    n_samples, n_labels = y.shape
    proportions = np.asarray(proportions, dtype=float)
    n_parts = proportions.shape[0]

    visit_rank = np.arange(n_samples) if rng is None else rng.permutation(n_samples)
    label_counts = np.asarray(y.sum(axis=0)).ravel().astype(float)
    wanted_labels = np.outer(label_counts, proportions)  # (n_labels, n_parts)
    wanted_samples = n_samples * proportions
    remaining = label_counts.copy()
    parts = np.full(n_samples, -1)
    y_rows = y.tocsr()

    def tie_keys():
        if rng is None:
            return np.arange(n_parts, dtype=float)
        return rng.random(n_parts)

    while np.any(remaining > 0):
        label = np.flatnonzero(remaining == remaining[remaining > 0].min())[0]
        samples = y.indices[y.indptr[label] : y.indptr[label + 1]]
        samples = samples[parts[samples] < 0]
        samples = samples[np.argsort(visit_rank[samples], kind="stable")]
        chosen = _fill_order(
            wanted_labels[label], wanted_samples, samples.shape[0], tie_keys()
        )
        parts[samples] = chosen
        # the greedy rule above only read this label's demand; the other labels
        # carried by the same samples are updated in one sparse product
        one_hot = sp.csr_matrix(
            (np.ones(samples.shape[0]), (np.arange(samples.shape[0]), chosen)),
            shape=(samples.shape[0], n_parts),
        )
        carried = y_rows[samples]
        wanted_labels -= (carried.T @ one_hot).toarray()
        wanted_samples -= np.bincount(chosen, minlength=n_parts)
        remaining -= np.asarray(carried.sum(axis=0)).ravel()

    unlabelled = np.flatnonzero(parts < 0)
    unlabelled = unlabelled[np.argsort(visit_rank[unlabelled], kind="stable")]
    parts[unlabelled] = _fill_order(
        wanted_samples, np.zeros(n_parts), unlabelled.shape[0], tie_keys()
    )
    return _rebalance(parts, y_rows, _integer_sizes(n_samples, proportions))


def _integer_sizes(n_samples, proportions):
    """Split ``n_samples`` into integer part sizes closest to ``proportions``."""
    exact = n_samples * proportions
    sizes = np.floor(exact).astype(int)
    shortfall = n_samples - sizes.sum()
    sizes[np.argsort(-(exact - sizes), kind="stable")[:shortfall]] += 1
    return sizes


def _rebalance(parts, y, sizes):
    """Move a few samples so that part ``m`` holds about ``sizes[m]`` samples.

    The greedy assignment can overshoot a part by a few samples. The samples
    moved are those whose labels are the most common (unlabelled ones first),
    so that rare labels stay where stratification put them.

    Parameters
    ----------
    parts : ndarray of shape (n_samples,)
        Part of each sample; modified in place.
    y : sparse matrix of shape (n_samples, n_labels)
        Indicator matrix in CSR format.
    sizes : ndarray of shape (n_parts,)
        Target sizes, summing to ``n_samples``.

    Returns
    -------
    parts : ndarray of shape (n_samples,)
        The same array, rebalanced.
    """
    n_parts = sizes.shape[0]
    label_counts = np.asarray(y.sum(axis=0)).ravel()
    rarity = y.multiply(1.0 / np.maximum(label_counts, 1)).tocsr().max(axis=1)
    rarity = np.asarray(rarity.todense()).ravel()
    for _ in range(n_parts * n_parts):
        surplus = np.bincount(parts, minlength=n_parts) - sizes
        giver, taker = surplus.argmax(), surplus.argmin()
        n_moved = min(surplus[giver], -surplus[taker])
        if n_moved <= 0:
            break
        candidates = np.flatnonzero(parts == giver)
        moved = candidates[np.argsort(rarity[candidates], kind="stable")[:n_moved]]
        parts[moved] = taker
    return parts
