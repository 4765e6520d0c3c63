"""Tests of the rank statistics of the quality benchmark (benchmarks/rank_statistics.py).

The benchmark folder is not a package: the module is imported by path. The
numbers are the worked example of Demšar (JMLR 2006), section 3.2.4: four
methods over fourteen datasets.
"""

import importlib.util
import os

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "..", "benchmarks", "rank_statistics.py")


@pytest.fixture(scope="module")
def rs():
    spec = importlib.util.spec_from_file_location("rank_statistics", PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DEMSAR_RANKS = [3.143, 2.000, 2.893, 1.964]


def test_friedman_statistics_match_demsar(rs):
    # Average ranks 3.143, 2.000, 2.893, 1.964 of k=4 methods on N=14 datasets give
    # chi2_F = 9.28 and F_F = 3.69 (Demšar 2006, section 3.2.4); F_F is significant at
    # 0.05 (critical value 2.85 for F(3, 39)).
    result = rs.friedman_test(DEMSAR_RANKS, 14)
    assert result.chi2 == pytest.approx(9.28, abs=0.01)
    assert result.f == pytest.approx(3.69, abs=0.01)
    assert result.f_p < 0.05 and result.chi2_p < 0.05
    assert (result.n_datasets, result.n_methods) == (14, 4)


def test_nemenyi_critical_difference_matches_demsar(rs):
    # q_0.05 = 2.569 for k = 4, so CD = 2.569 sqrt(4 * 5 / (6 * 14)) = 1.25.
    assert rs.NEMENYI_Q[0.05][4 - 2] == 2.569
    assert rs.nemenyi_critical_difference(4, 14) == pytest.approx(1.25, abs=0.005)
    with pytest.raises(ValueError, match="2 to 10 methods"):
        rs.nemenyi_critical_difference(11, 14)


def test_q_table_is_the_studentized_range_over_sqrt_two(rs):
    # Each tabulated q_alpha equals the Studentized range quantile (infinite degrees of
    # freedom) divided by sqrt(2), to the table's three decimals.
    from scipy.stats import studentized_range

    for alpha, row in rs.NEMENYI_Q.items():
        for k, q in enumerate(row, start=2):
            exact = studentized_range.ppf(1 - alpha, k, 1e5) / np.sqrt(2)
            assert q == pytest.approx(exact, abs=2e-3), (alpha, k)


def test_average_ranks_average_ties_and_respect_the_direction(rs):
    # Ties share the mean of their ranks; a loss ranks its lowest value first.
    scores = [[0.9, 0.8, 0.8], [0.5, 0.7, 0.6]]
    ranks, mean_ranks = rs.average_ranks(scores)
    np.testing.assert_array_equal(ranks, [[1, 2.5, 2.5], [3, 1, 2]])
    np.testing.assert_allclose(mean_ranks, [2, 1.75, 2.25])
    ranks, _ = rs.average_ranks(scores, lower_is_better=True)
    np.testing.assert_array_equal(ranks, [[3, 1.5, 1.5], [1, 3, 2]])
    # a dataset without a score for every method is left out
    ranks, _ = rs.average_ranks([[0.9, np.nan, 0.1], [0.5, 0.7, 0.6]])
    assert ranks.shape == (1, 3)


def test_friedman_of_identical_rankings(rs):
    # Every dataset ranking the methods the same way gives chi2 = N (k - 1) and an
    # infinite F with p = 0; equal average ranks give chi2 = 0 and p = 1.
    result = rs.friedman_test([1, 2, 3], 10)
    assert result.chi2 == pytest.approx(20) and result.f == np.inf and result.f_p == 0
    assert rs.friedman_test([2, 2, 2], 10).chi2_p == pytest.approx(1)


def test_indistinct_groups_are_the_bars_of_the_diagram(rs):
    # With Demšar's ranks and CD 1.25 even the extremes differ by 1.18 only: one group,
    # best first. Overlapping groups are both kept, a group inside another is not.
    assert rs.indistinct_groups(DEMSAR_RANKS, 1.25) == [[3, 1, 2, 0]]
    assert rs.indistinct_groups([1.0, 1.5, 2.2, 3.0], 1.25) == [[0, 1, 2], [2, 3]]
    assert rs.indistinct_groups([1.0, 3.0, 5.0], 1.0) == []


def test_rank_table_and_diagram(rs, tmp_path):
    # The markdown names every method and metric with the Friedman p-value and CD, and
    # the diagram is a PNG file.
    rng = np.random.default_rng(0)
    scores = rng.random((6, 3))
    lines, panels = rs.rank_table([("micro-F1", scores, False), ("rank-loss", scores, True)],
                                  ["a", "b", "c"])
    text = "\n".join(lines)
    assert "| a |" in text and "micro-F1 rank" in text and "rank-loss:" in text
    assert "Friedman chi2" in text and "critical difference" in text
    path = tmp_path / "cd.png"
    rs.plot_critical_difference(panels, str(path), title="test")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
