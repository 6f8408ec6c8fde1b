"""The figures of the ranking and the bias audit (the category's are the frame's:
frame.evaluation.multiclass.multiclass_figures). Each returns a matplotlib Figure.
"""

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from frame.evaluation.ranking import graded_ndcg
from frame.reports import new_axes

COLOURS = {"served": "tab:blue", "lexical only": "tab:orange", "random order": "tab:grey"}


def ndcg_curve(rankings: Sequence[np.ndarray], ks: Sequence[int]) -> list[float]:
    """Mean graded NDCG at each k over the queries that can be scored."""
    curve = []
    for k in ks:
        values = np.array([graded_ndcg(ranked, k) for ranked in rankings])
        scored = values[~np.isnan(values)]
        curve.append(float(scored.mean()) if scored.size else float("nan"))
    return curve


def plot_ranking(rankings: Mapping[str, Sequence[np.ndarray]], k: int) -> Figure:
    """NDCG at every cut-off up to 2k on the test jobs, for each ranking (name to each job's
    grades in ranked order), with the configured k marked.
    """
    figure, axes = new_axes("Ranking the test jobs' pools: NDCG by cut-off")
    ks = list(range(1, 2 * k + 1))
    for name, ranked in rankings.items():
        axes.plot(ks, ndcg_curve(ranked, ks), marker=".", label=name, color=COLOURS.get(name))
    axes.axvline(k, linestyle=":", color="grey")
    axes.set_xlabel("cut-off k (resumes read from the top)")
    axes.set_ylabel("NDCG@k (graded relevance)")
    axes.set_ylim(0.0, 1.0)
    axes.legend(loc="lower right")
    return figure


def plot_selection_rates(audit: Mapping[str, Any]) -> Figure:
    """Selection rate per group at the shortlist cut, each bar labelled with its impact ratio,
    and the four-fifths line under the highest rate.
    """
    rows = audit["groups"]
    figure, axes = new_axes(f"Bias audit: shortlisted in the top {audit['shortlist']} per job")
    if not rows:
        axes.text(0.5, 0.5, "no group in this data set", ha="center", va="center")
        axes.set_axis_off()
        return figure
    names = [row["group"] for row in rows]
    rates = [row["selection_rate"] for row in rows]
    colours = ["tab:red" if row["flagged"] else "tab:blue" for row in rows]
    bars = axes.bar(names, rates, color=colours)
    ratios = [
        f"{row['impact_ratio']:.2f}" if row["impact_ratio"] is not None else "" for row in rows
    ]
    axes.bar_label(bars, labels=ratios, padding=2)
    highest = max(rates)
    floor = audit["floor"] * highest
    axes.axhline(
        floor, linestyle="--", color="tab:red", label=f"{audit['floor']:.0%} of the highest"
    )
    axes.set_ylabel("selection rate (labels: impact ratio)")
    axes.set_xlabel("synthetic group (never a feature)")
    axes.set_ylim(0.0, max(highest * 1.25, 0.01))
    axes.legend(loc="lower right")
    return figure
