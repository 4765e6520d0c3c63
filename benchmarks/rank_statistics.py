"""Rank statistics for comparing methods over many datasets (Demšar, JMLR 2006).

Pure functions over a table of scores, one row per dataset and one column per
method: average ranks (:func:`average_ranks`), the Friedman test in its
chi-square and Iman-Davenport F forms (:func:`friedman_test`), the Nemenyi
critical difference (:func:`nemenyi_critical_difference`), the groups of
methods it cannot tell apart (:func:`indistinct_groups`), and a critical
difference diagram (:func:`plot_critical_difference`). ``bench_quality.py``
imports them; ``tests/test_rank_statistics.py`` checks them against the worked
example of Demšar's section 3.2.4.

References
----------
.. [1] J. Demšar, "Statistical Comparisons of Classifiers over Multiple Data
   Sets", Journal of Machine Learning Research 7, 2006, pp. 1-30.
"""

from collections import namedtuple

import numpy as np
from scipy import stats

#: Critical values q_alpha of the two-tailed Nemenyi test for k = 2..10 methods
#: (Demšar 2006, Table 5(a): the Studentized range statistic divided by sqrt(2)).
NEMENYI_Q = {
    0.05: (1.960, 2.343, 2.569, 2.728, 2.850, 2.949, 3.031, 3.102, 3.164),
    0.10: (1.645, 2.052, 2.291, 2.459, 2.589, 2.693, 2.780, 2.855, 2.920),
}

Friedman = namedtuple("Friedman", "chi2 chi2_p f f_p n_datasets n_methods")


def average_ranks(scores, lower_is_better=False):
    """Rank of each method on each dataset (1 = best, ties averaged), and their means.

    Parameters
    ----------
    scores : array-like of shape (n_datasets, n_methods)
        One value per dataset and method; rows with a NaN are left out.
    lower_is_better : bool, default=False
        True for losses (ranking loss, Hamming loss).

    Returns
    -------
    ranks : ndarray of shape (n_kept_datasets, n_methods)
    mean_ranks : ndarray of shape (n_methods,)
    """
    scores = np.asarray(scores, dtype=float)
    scores = scores[~np.isnan(scores).any(axis=1)]
    if scores.shape[0] == 0:
        raise ValueError("No dataset has a score for every method.")
    oriented = scores if lower_is_better else -scores
    ranks = stats.rankdata(oriented, method="average", axis=1)
    return ranks, ranks.mean(axis=0)


def friedman_test(mean_ranks, n_datasets):
    """The Friedman test that all methods rank alike, from their average ranks.

    Parameters
    ----------
    mean_ranks : array-like of shape (n_methods,)
    n_datasets : int

    Returns
    -------
    result : Friedman
        ``chi2`` (Friedman's statistic, chi-square with k - 1 degrees of
        freedom) and its p-value ``chi2_p``; ``f``, Iman and Davenport's
        less conservative statistic (F with k - 1 and (k - 1)(N - 1) degrees
        of freedom), and its p-value ``f_p``.
    """
    mean_ranks = np.asarray(mean_ranks, dtype=float)
    k, n = mean_ranks.shape[0], int(n_datasets)
    chi2 = 12 * n / (k * (k + 1)) * (np.sum(mean_ranks**2) - k * (k + 1) ** 2 / 4)
    chi2_p = float(stats.chi2.sf(chi2, k - 1))
    denominator = n * (k - 1) - chi2
    # all N datasets rank the methods identically: F is infinite, p is 0
    f = (n - 1) * chi2 / denominator if denominator > 0 else np.inf
    f_p = float(stats.f.sf(f, k - 1, (k - 1) * (n - 1))) if n > 1 else float("nan")
    return Friedman(float(chi2), chi2_p, float(f), f_p, n, k)


def nemenyi_critical_difference(n_methods, n_datasets, alpha=0.05):
    """Difference of average ranks beyond which two methods differ (Nemenyi test).

    ``CD = q_alpha * sqrt(k (k + 1) / (6 N))`` with ``q_alpha`` from
    :data:`NEMENYI_Q`.

    Parameters
    ----------
    n_methods : int
        ``k``, from 2 to 10.
    n_datasets : int
        ``N``.
    alpha : {0.05, 0.10}, default=0.05

    Returns
    -------
    cd : float
    """
    if alpha not in NEMENYI_Q or not 2 <= n_methods <= 1 + len(NEMENYI_Q[alpha]):
        raise ValueError(f"The q_alpha table covers alpha in {sorted(NEMENYI_Q)} and 2 to "
                         f"10 methods; got alpha={alpha}, {n_methods} methods.")
    q = NEMENYI_Q[alpha][n_methods - 2]
    return q * np.sqrt(n_methods * (n_methods + 1) / (6 * n_datasets))


def indistinct_groups(mean_ranks, cd):
    """Maximal groups of methods whose average ranks differ by less than ``cd``.

    Parameters
    ----------
    mean_ranks : array-like of shape (n_methods,)
    cd : float

    Returns
    -------
    groups : list of list of int
        Method indices, best-ranked first; only groups of two or more, none
        contained in another (the bars of a critical difference diagram).
    """
    mean_ranks = np.asarray(mean_ranks, dtype=float)
    order = np.argsort(mean_ranks, kind="stable")
    sorted_ranks = mean_ranks[order]
    groups, last_end = [], -1
    for start in range(order.shape[0]):
        end = start
        while end + 1 < order.shape[0] and sorted_ranks[end + 1] - sorted_ranks[start] < cd:
            end += 1
        # a group ending where the previous one ended lies inside it
        if end > start and end > last_end:
            groups.append([int(i) for i in order[start:end + 1]])
            last_end = end
    return groups


def plot_critical_difference(panels, path, title=None):
    """Critical difference diagrams, one panel per metric, written to a PNG.

    Methods sit on an axis of average rank (1 on the left); a thick bar joins
    each group that the Nemenyi test cannot tell apart, and a segment of
    length CD is drawn above the axis.

    Parameters
    ----------
    panels : list of (str, list of str, array-like, float)
        ``(metric title, method names, mean ranks, critical difference)``.
    path : str
        Where the PNG goes.
    title : str, default=None
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    height = max(2.2 + 0.32 * len(names) for _, names, _, _ in panels)
    fig, axes = plt.subplots(len(panels), 1, figsize=(9, height * len(panels)), squeeze=False)
    for ax, (metric, names, mean_ranks, cd) in zip(axes[:, 0], panels):
        _draw_panel(ax, metric, list(names), np.asarray(mean_ranks, dtype=float), cd)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _draw_panel(ax, metric, names, mean_ranks, cd):
    """One critical difference diagram on ``ax``."""
    k = len(names)
    order = np.argsort(mean_ranks, kind="stable")
    ax.set_xlim(0.5, k + 0.5)
    n_rows = (k + 1) // 2
    ax.set_ylim(-n_rows - 1.5, 2.2)
    ax.axhline(0, color="black", lw=1)
    for rank in range(1, k + 1):
        ax.plot([rank, rank], [0, 0.15], color="black", lw=1)
        ax.text(rank, 0.3, str(rank), ha="center", va="bottom", fontsize=8)
    # with few datasets CD can exceed the whole axis: drawn up to its end, labelled in full
    ax.plot([1, 1 + min(cd, k - 1)], [1.3, 1.3], color="black", lw=1.5)
    ax.text(1 + min(cd, k - 1) / 2, 1.45, f"CD = {cd:.2f}", ha="center", va="bottom", fontsize=8)
    # the better half labelled on the left, the rest on the right
    for position, index in enumerate(order):
        left = position < n_rows
        row = position if left else k - 1 - position
        y = -0.6 - row * 0.7
        x_text = 0.55 if left else k + 0.45
        ax.plot([mean_ranks[index]] * 2, [0, y], color="C0", lw=0.8)
        ax.plot([mean_ranks[index], x_text], [y, y], color="C0", lw=0.8)
        ax.text(x_text, y + 0.08, f"{names[index]} ({mean_ranks[index]:.2f})",
                ha="left" if left else "right", va="bottom", fontsize=8)
    for level, group in enumerate(indistinct_groups(mean_ranks, cd)):
        low, high = mean_ranks[group].min(), mean_ranks[group].max()
        y = -0.25 - 0.12 * level
        ax.plot([low - 0.03, high + 0.03], [y, y], color="black", lw=3)
    ax.set_title(metric, fontsize=10)
    ax.axis("off")


def rank_table(columns, names):
    """Markdown lines of average ranks, Friedman and Nemenyi results per metric.

    Parameters
    ----------
    columns : list of (str, array-like, bool)
        ``(metric title, scores of shape (n_datasets, n_methods),
        lower_is_better)``.
    names : list of str
        The methods, in the columns' order.

    Returns
    -------
    lines : list of str
    panels : list
        What :func:`plot_critical_difference` draws.
    """
    ranked = []
    for title, scores, lower in columns:
        ranks, mean_ranks = average_ranks(scores, lower)
        n_datasets = ranks.shape[0]
        ranked.append((title, mean_ranks, friedman_test(mean_ranks, n_datasets),
                       nemenyi_critical_difference(len(names), n_datasets)))
    lines = ["| method | " + " | ".join(f"{title} rank" for title, *_ in ranked) + " |",
             "|---|" + "---:|" * len(ranked)]
    for j, name in enumerate(names):
        cells = []
        for _, mean_ranks, _, _ in ranked:
            best = mean_ranks[j] == mean_ranks.min()
            cells.append(f"**{mean_ranks[j]:.2f}**" if best else f"{mean_ranks[j]:.2f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")
    for title, _, friedman, cd in ranked:
        lines.append(
            f"- {title}: Friedman chi2 = {friedman.chi2:.2f} (p = {friedman.chi2_p:.3g}), "
            f"Iman-Davenport F = {friedman.f:.2f} (p = {friedman.f_p:.3g}); Nemenyi critical "
            f"difference (alpha = 0.05, k = {friedman.n_methods}, N = {friedman.n_datasets}) "
            f"= {cd:.2f}")
    panels = [(title, list(names), mean_ranks, cd) for title, mean_ranks, _, cd in ranked]
    return lines, panels
