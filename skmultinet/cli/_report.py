"""Write what ``skmultinet compare`` found: ``results.csv``, PNG plots, ``report.html``.

The HTML file is self-contained (inline CSS, plots embedded as base64
``data:`` URIs) so it can be mailed or attached to a ticket. Plots need
matplotlib; without it the report is written without them and says so.
Every file is made in memory first and then written by :mod:`._outputs`, so a
report that fails leaves no partial report behind.
"""

import base64
import html
import io

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score

from ..decision import reliability_curve
from ._outputs import write_folder
from ._protocol import SCORINGS
from ._table import recommendation, table_cells

NETWORK_COLOR, PEER_COLOR, WINNER_COLOR = "#4C72B0", "#A0A0A0", "#DD8452"


def results_frame(comparison):
    """Per-fold rows followed by one ``fold == "mean"`` row per model and rule."""
    folds = comparison.folds.copy()
    folds["fold"] = folds["fold"].astype(object)
    means = comparison.summary.drop(columns=[c for c in comparison.summary.columns
                                             if c.endswith("_std") or c == "n_folds"])
    means = means.assign(fold="mean")
    columns = ["model", "kind", "rule", "fold", "rank"] + [
        c for c in folds.columns if c not in ("model", "kind", "rule", "fold")]
    return pd.concat([folds, means], ignore_index=True).reindex(columns=columns)


def _import_pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    return plt


def _label(row):
    if row["kind"] == "network":
        return row["model"]
    return f"{row['model']}, " + ("0.5 cut" if row["rule"] == "0.5" else "tuned")


def plot_scores(comparison, plt):
    """Score of every model on each fold (dots) with mean and spread (bar)."""
    scoring, summary, folds = comparison.scoring, comparison.summary, comparison.folds
    order = summary.iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.42 * len(order) + 1.4))
    for position, (_, row) in enumerate(order.iterrows()):
        color = WINNER_COLOR if row["rank"] == 1 else (
            NETWORK_COLOR if row["kind"] == "network" else PEER_COLOR)
        ax.barh(position, row[scoring], xerr=row[scoring + "_std"], color=color, alpha=0.85,
                height=0.65, error_kw={"ecolor": "#333333", "capsize": 3, "lw": 1})
        fold_scores = folds[(folds["model"] == row["model"]) & (folds["rule"] == row["rule"])]
        ax.scatter(fold_scores[scoring], np.full(len(fold_scores), position), s=12,
                   color="black", zorder=3)
        ax.text(1.01, position, f"{row[scoring]:.3f}", va="center", ha="left", fontsize=9,
                color="#222222", transform=ax.get_yaxis_transform())
    ax.set_yticks(range(len(order)), [_label(row) for _, row in order.iterrows()], fontsize=9)
    values = folds[scoring]
    low = max(0.0, values.min() - 0.08 * (values.max() - values.min() + 0.05))
    ax.set_xlim(low, values.max() + 0.03 * (values.max() - low + 1e-9))
    ax.set_xlabel(f"{scoring} on the test folds (bar: mean ± sd, dots: folds)")
    ax.set_title("Which loss? Score per model", loc="left", fontsize=11, fontweight="bold")
    ax.grid(axis="x", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def plot_per_label(comparison, plt):
    """Per-label F1 of the winner next to the best peer, rarest label first."""
    best = comparison.best
    truth = comparison.truth
    prevalence = truth.mean(axis=0)
    order = np.argsort(-prevalence)  # barh draws upwards: rarest label on top
    winner = f1_score(truth, comparison.predictions[(best["model"], best["rule"])],
                      average=None, zero_division=0)
    peers = comparison.summary[(comparison.summary["kind"] == "peer")
                               & (comparison.summary["model"] != best["model"])]
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(order) + 1.6))
    positions = np.arange(len(order))
    ax.barh(positions + 0.2, winner[order], height=0.4, color=WINNER_COLOR,
            label=f"{_label(best)} (winner)")
    if not peers.empty:
        peer = peers.iloc[0]
        peer_f1 = f1_score(truth, comparison.predictions[(peer["model"], peer["rule"])],
                           average=None, zero_division=0)
        ax.barh(positions - 0.2, peer_f1[order], height=0.4, color=PEER_COLOR,
                label=f"{_label(peer)} (best peer)")
    names = [f"{comparison.label_names[j]}  ({100 * prevalence[j]:.0f}%)" for j in order]
    ax.set_yticks(positions, names, fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("F1 per label on the test folds  (label, share of rows with it)")
    ax.set_title("Per-label F1 of the winner, rarest label on top", loc="left", fontsize=11,
                 fontweight="bold", pad=24)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, fontsize=8, frameon=False,
              borderaxespad=0.2)
    ax.grid(axis="x", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def plot_learning_curves(comparison, plt):
    """Training and validation loss per epoch of the best network, one line per fold."""
    networks = comparison.summary[comparison.summary["kind"] == "network"]
    if networks.empty or networks.iloc[0]["model"] not in comparison.histories:
        return None
    model = networks.iloc[0]["model"]
    fig, ax = plt.subplots(figsize=(8, 3.6))
    for fold, history in enumerate(comparison.histories[model]):
        epochs = np.arange(1, len(history["loss"]) + 1)
        ax.plot(epochs, history["loss"], color=NETWORK_COLOR, alpha=0.8,
                label="training" if fold == 0 else None)
        if history.get("val_loss"):
            ax.plot(epochs, history["val_loss"], color=WINNER_COLOR, alpha=0.9, ls="--",
                    label="validation (early stopping)" if fold == 0 else None)
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"{model} loss")
    ax.set_title(f"Learning curves of loss={model!r}, one line per fold", loc="left",
                 fontsize=11, fontweight="bold")
    ax.legend(frameon=False)
    ax.grid(alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def plot_reliability(comparison, plt):
    """Reliability diagram: observed frequency against predicted probability, 15 bins.

    One curve for the best network and one for the best peer, over every
    (row, label) entry of the test rows; dot sizes follow the number of
    entries in each bin. None when the comparison kept no probabilities.
    """
    probabilities = getattr(comparison, "probabilities", None)
    if not probabilities:
        return None
    summary = comparison.summary
    shown = []
    for kind, color in (("network", WINNER_COLOR), ("peer", PEER_COLOR)):
        rows = summary[(summary["kind"] == kind) & summary["model"].isin(list(probabilities))]
        if not rows.empty:
            shown.append((rows.iloc[0], color))
    if not shown:
        return None
    fig, ax = plt.subplots(figsize=(5.6, 4.8))
    ax.plot([0, 1], [0, 1], color="#555555", lw=1, ls=":", label="perfectly calibrated")
    for row, color in shown:
        mean_proba, frequency, count = reliability_curve(comparison.truth,
                                                         probabilities[row["model"]])
        filled = count > 0
        ece = f", ECE {row['ece']:.3f}" if "ece" in row.index else ""
        ax.plot(mean_proba[filled], frequency[filled], color=color, marker="o", ms=3,
                label=f"{row['model']}{ece}")
        ax.scatter(mean_proba[filled], frequency[filled], color=color, alpha=0.35,
                   s=400 * count[filled] / count.sum())
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("predicted probability (bin mean)")
    ax.set_ylabel("observed share of positives")
    ax.set_title("Can these probabilities be trusted?", loc="left", fontsize=11,
                 fontweight="bold")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    ax.grid(alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


PLOTS = {"scores.png": plot_scores, "per_label_f1.png": plot_per_label,
         "learning_curves.png": plot_learning_curves, "reliability.png": plot_reliability}

#: Every file name the report may write; ``--force`` replaces only these.
REPORT_FILES = ("results.csv", *PLOTS, "report.html")


_CSS = """
body{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;
 max-width:1100px;margin:2em auto;padding:0 1.2em;color:#222;line-height:1.45;background:#fafafa}
h1{font-size:1.7em;margin-bottom:.1em} h2{font-size:1.2em;margin-top:1.8em;
 border-bottom:1px solid #ddd;padding-bottom:.2em}
.sub{color:#666;margin-top:0}
.reco{background:#fff4ea;border-left:5px solid #DD8452;padding:.8em 1em;font-size:1.08em;
 border-radius:4px}
.facts{display:flex;flex-wrap:wrap;gap:.6em;margin:1em 0}
.fact{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:.45em .8em}
.fact b{display:block;font-size:1.15em}
table{border-collapse:collapse;width:100%;font-size:.88em;background:#fff}
th,td{padding:.35em .55em;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
th{background:#f0f0f0;position:sticky;top:0} td.l,th.l{text-align:left}
tr.peer td{color:#777} tr.win td{background:#fff4ea;font-weight:600}
img{max-width:100%;background:#fff;border:1px solid #e3e3e3;border-radius:6px;margin:.5em 0}
.note{color:#666;font-size:.9em} code{background:#eee;padding:0 .25em;border-radius:3px}
"""


def _table_html(comparison):
    headers, rows = table_cells(comparison)
    left = {1, 2, len(headers) - 1}
    head = "".join(f"<th class='l'>{h}</th>" if j in left else f"<th>{h}</th>"
                   for j, h in enumerate(headers))
    body = []
    for (_, row), cells in zip(comparison.summary.iterrows(), rows):
        css = "win" if row["rank"] == 1 else row["kind"]
        tds = "".join(f"<td class='l'>{html.escape(c)}</td>" if j in left
                      else f"<td>{html.escape(c)}</td>" for j, c in enumerate(cells))
        body.append(f"<tr class='{css}'>{tds}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def report_html(comparison, facts, images, command, note):
    """The report page as a string.

    Parameters
    ----------
    comparison : Comparison
    facts : dict of str to str
        Dataset facts shown as tiles (rows, features, labels, ...).
    images : dict of str to bytes
        PNG files by name, embedded in the page.
    command : str
        The command line that produced the report.
    note : str
        Extra remark (e.g. "matplotlib missing: no plots").
    """
    tiles = "".join(f"<div class='fact'>{html.escape(k)}<b>{html.escape(str(v))}</b></div>"
                    for k, v in facts.items())
    captions = {
        "scores.png": "Score of each model on every test fold. Orange: the winner; blue: "
                      "networks with tuned thresholds; grey: peer models.",
        "per_label_f1.png": "Where the winner gains or loses: F1 of each label, rarest first.",
        "learning_curves.png": "Did training converge? Loss per epoch of the best network "
                               "in each fold; early stopping keeps the best validation epoch.",
        "reliability.png": "Calibration: predicted probability against the observed share "
                           "of positives on the test rows, every label entry pooled in 15 "
                           "bins; on the diagonal, a probability of 0.3 comes true 30% of "
                           "the time (the ECE column is the weighted gap).",
    }
    figures = "".join(
        f"<h2>{html.escape(captions[name].split(':')[0].split('.')[0])}</h2>"
        f"<p class='note'>{html.escape(captions[name])}</p>"
        f"<img alt='{name}' src='data:image/png;base64,{base64.b64encode(data).decode()}'>"
        for name, data in images.items()
    )
    direction = "higher" if SCORINGS[comparison.scoring][2] else "lower"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>skmultinet compare: {html.escape(comparison.best['model'])} wins</title>
<style>{_CSS}</style></head><body>
<h1>Which loss and threshold for these data?</h1>
<p class="sub">{html.escape(facts.get('data', ''))}</p>
<div class="reco">{html.escape(recommendation(comparison))}</div>
<div class="facts">{tiles}</div>
<h2>Ranked models</h2>
<p class="note">Ranked by {html.escape(comparison.scoring)} ({direction} is better).
Protocol: {html.escape(comparison.protocol)}. "gain vs own rule" is what the tuned rule adds
over the model's own decision rule (0.5 cut or the loss's rule); "thresholds" gives the
median and range across labels (averaged over folds). "ECE" is the expected calibration
error of the probabilities on the test rows (15 bins, every label entry; lower is better).</p>
{_table_html(comparison)}
{figures}
<h2>Reproduce</h2><p><code>{html.escape(command)}</code></p>
<p class="note">{html.escape(note)} Files next to this report: <code>results.csv</code>
(one row per model per fold, plus the means) and the PNG plots.</p>
</body></html>
"""


def _render_plots(comparison, plt):
    """PNG bytes by file name; label and model names are drawn as plain text."""
    images = {}
    # A name like 'y_$x$' is data, not mathtext: parsed, it draws wrong or raises.
    with plt.rc_context({"text.parse_math": False}):
        for name, plot in PLOTS.items():
            fig = plot(comparison, plt)
            if fig is None:
                continue
            try:
                buffer = io.BytesIO()
                fig.savefig(buffer, format="png", dpi=110)
            finally:
                plt.close(fig)
            images[name] = buffer.getvalue()
    return images


def write_report(comparison, out_dir, *, facts, command):
    """Write ``results.csv``, the PNG plots and ``report.html`` into ``out_dir``.

    Parameters
    ----------
    comparison : Comparison
    out_dir : str
        Created if needed; checked beforehand by
        :func:`~skmultinet.cli._outputs.check_output_folder`.
    facts : dict of str to str
        Dataset facts for the report header.
    command : str
        The command line, shown in the report.

    Returns
    -------
    written : list of str
        Paths of the files written.
    note : str
        Empty, or why there are no plots.
    """
    csv = results_frame(comparison).to_csv(index=False, float_format="%.6g")
    plt = _import_pyplot()
    images, note = {}, ""
    if plt is None:
        note = "matplotlib is not installed, so this report has no plots (pip install matplotlib)."
    else:
        images = _render_plots(comparison, plt)
    page = report_html(comparison, facts, images, command, note)
    files = {"results.csv": csv.encode("utf-8"), **images, "report.html": page.encode("utf-8")}
    return write_folder(out_dir, files), note
