"""The ranked table of ``skmultinet compare``, its rule column and the recommendation.

Text cells are shared by the terminal table (:func:`format_table`) and the
HTML report.
"""


from ..thresholds.strategies import rule_text as strategy_rule_text
from ._protocol import METRICS, SCORINGS


def rule_text(row):
    """Short description of a decision rule from a summary row (its strategy says how)."""
    if row["rule"] == "0.5":
        return "0.5 cut"
    return strategy_rule_text(row["rule"], row)


def recommendation(comparison):
    """One line: the best loss and rule, and its margin over the best peer."""
    summary, scoring = comparison.summary, comparison.scoring
    sign = 1 if SCORINGS[scoring][2] else -1
    networks = summary[summary["kind"] == "network"]
    peers = summary[summary["kind"] == "peer"]
    if networks.empty:
        return f"Best model: {summary.iloc[0]['model']} ({scoring} {summary.iloc[0][scoring]:.3f})."
    best = networks.iloc[0]
    text = (f"Use loss={best['model']!r} with {comparison.strategy} thresholds "
            f"({scoring} {best[scoring]:.3f} ± {best[scoring + '_std']:.3f})")
    if peers.empty:
        return text + "."
    peer = peers.iloc[0]
    margin = sign * (best[scoring] - peer[scoring])
    how = "at its 0.5 cut" if peer["rule"] == "0.5" else f"with {peer['rule']} thresholds"
    peer_name = f"{peer['model']} {how}"
    if margin >= 0:
        return text + f": {margin:+.3f} over the best peer, {peer_name} ({peer[scoring]:.3f})."
    return (text + f"; but the peer {peer_name} scores {peer[scoring]:.3f}, "
            f"{-margin:.3f} better: prefer it here.")


COLUMN_TITLES = {"f1_micro": "micro-F1", "f1_macro": "macro-F1", "f1_samples": "ex-F1",
                 "hamming_loss": "Hamming", "ranking_loss": "rank-loss", "ece": "ECE"}


def table_cells(comparison):
    """Header and rows of the ranked table as text cells (shared by text and HTML).

    The ``scoring`` column comes first with its spread; the other metrics
    follow as means, then the calibration column ``ECE`` (expected
    calibration error of ``predict_proba`` on the test rows) when the
    comparison measured it.
    """
    scoring = comparison.scoring
    others = [name for name in METRICS if name != scoring]
    if "ece" in comparison.summary.columns:
        others.append("ece")
    headers = ["#", "model", "rule", f"{COLUMN_TITLES.get(scoring, scoring)} ± sd",
               *(COLUMN_TITLES[name] for name in others), "gain", "fit s", "thresholds"]
    rows = []
    for _, row in comparison.summary.iterrows():
        rows.append([
            str(row["rank"]), row["model"], row["rule"],
            f"{row[scoring]:.3f} ± {row[scoring + '_std']:.3f}",
            *(f"{row[name]:.3f}" for name in others),
            f"{row['gain']:+.3f}", f"{row['fit_time']:.1f}", rule_text(row),
        ])
    return headers, rows


def format_table(comparison):
    """The ranked table as fixed-width text."""
    headers, lines = table_cells(comparison)
    widths = [max(len(headers[j]), *(len(line[j]) for line in lines)) for j in range(len(headers))]
    left = {1, 2, len(headers) - 1}

    def render(cells):
        return "  ".join(cell.ljust(w) if j in left else cell.rjust(w)
                         for j, (cell, w) in enumerate(zip(cells, widths))).rstrip()

    rule = "-" * len(render(headers))
    return "\n".join([render(headers), rule, *(render(line) for line in lines)])
