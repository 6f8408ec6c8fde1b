"""Evaluation figures; `reports.save_figures` writes them as PNG files."""

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import NullLocator

from frame.evaluation.ranking import popularity_ranks
from frame.reports import new_axes

Curves = Mapping[str, Mapping[int, Mapping[str, float]]]  # role -> k -> metric -> value
CURVE_METRICS = {
    "ndcg": "NDCG", "precision": "precision", "recall": "recall", "hit_rate": "hit rate",
}  # fmt: skip
STYLES = {"main": ("C0", "-"), "baseline": ("C1", "--")}
# Popularity bands: the top 1% of the catalogue by training popularity, the next 4%, and so on.
BANDS = (0.01, 0.05, 0.2, 0.5, 1.0)


def k_axis(axes: Axes, ks: Sequence[int]) -> None:
    """A log k axis labelled with the k values themselves (1, 3, 5, 10, ...), not powers of 10."""
    axes.set_xscale("log")
    axes.set_xticks(list(ks), labels=[str(k) for k in ks])
    axes.xaxis.set_minor_locator(NullLocator())


def plot_metrics_at_k(curves: Curves, names: Mapping[str, str], users: int) -> Figure:
    """NDCG, precision, recall and hit rate against k, one panel each: the model against the
    baseline, with the legend below the panels; `users` is how many test users they average.
    """
    figure = Figure(figsize=(7.5, 6), layout="constrained")
    figure.suptitle(f"Ranking metrics by k (test split, averaged over {users:,} users)")
    panels = figure.subplots(2, 2, sharex=True)
    for axes, (metric, label) in zip(panels.ravel(), CURVE_METRICS.items(), strict=True):
        for role, curve in curves.items():
            ks = sorted(curve)
            colour, style = STYLES[role]
            values = [curve[k][f"{metric}_at_{k}"] for k in ks]
            axes.plot(ks, values, style, marker="o", color=colour, label=names[role])
        k_axis(axes, sorted(curves["main"]))
        axes.set_title(label)
        axes.set_ylim(0, None)
        axes.grid(alpha=0.3)
    for axes in panels[1]:
        axes.set_xlabel("k (items shown)")
    handles, labels = panels[0, 0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower center", ncols=len(labels))
    return figure


def band_edges(n_items: int) -> list[tuple[int, int]]:
    """The popularity-rank range (first, last) of each band, for a catalogue of n_items."""
    lasts = [max(1, round(n_items * share)) for share in BANDS]
    firsts = [1, *(last + 1 for last in lasts[:-1])]
    return [(first, last) for first, last in zip(firsts, lasts, strict=True) if first <= last]


def plot_popularity(counts: np.ndarray, recommended: Mapping[str, np.ndarray]) -> Figure:
    """Share of recommended slots, per model, in each band of the training popularity ranking,
    beside the share of the training interactions themselves: a model that only shows
    blockbusters puts everything in the top bands.
    """
    figure, axes = new_axes("Where recommendations sit in the popularity ranking")
    ranks = popularity_ranks(counts)
    bands = band_edges(len(counts))
    band_of = np.searchsorted([last for _, last in bands], ranks)  # item column -> band
    shares = {"training interactions": np.bincount(band_of, weights=counts, minlength=len(bands))}
    largest = 0.0
    for name, columns in recommended.items():
        shares[f"{name} ({columns.size:,} slots)"] = np.bincount(
            band_of[columns.ravel()], minlength=len(bands)
        ).astype(float)
    height = 0.8 / len(shares)
    positions = np.arange(len(bands))
    for offset, (label, values) in enumerate(shares.items()):
        share = values / max(values.sum(), 1.0)
        largest = max(largest, float(share.max()))
        colour = "grey" if offset == 0 else f"C{offset - 1}"
        bars = axes.barh(positions + offset * height, share, height, label=label, color=colour)
        labels = [f"{value:.0%}" for value in share]
        axes.bar_label(bars, labels=labels, fontsize="small", padding=2)
    axes.set_yticks(
        positions + height * (len(shares) - 1) / 2,
        labels=[f"ranks {first:,}-{last:,}" for first, last in bands],
    )
    axes.invert_yaxis()  # the most popular band on top
    axes.set_xlim(0, min(1.0, largest + 0.15))
    axes.set_xlabel("share of recommended slots, or of training interactions")
    axes.set_ylabel("item popularity rank in training (1 = most popular)")
    axes.legend(loc="lower right", fontsize="small")
    return figure


def plot_coverage(curves: Curves, names: Mapping[str, str], n_items: int) -> Figure:
    """Share of the catalogue that appears in at least one user's top k, as k grows, with the
    number of distinct items at each point.
    """
    figure, axes = new_axes(f"Catalogue coverage by k (test users, {n_items:,} items)")
    for role, curve in curves.items():
        ks = sorted(curve)
        values = [curve[k]["catalog_coverage"] for k in ks]
        colour, style = STYLES[role]
        axes.plot(ks, values, style, marker="o", color=colour, label=names[role])
        above = 6 if role == "main" else -12  # the baseline's labels under its points
        for k, value in zip(ks, values, strict=True):
            axes.annotate(
                f"{round(value * n_items):,}", (k, value), textcoords="offset points",
                xytext=(0, above), ha="center", fontsize="x-small", color=colour,
            )  # fmt: skip
    k_axis(axes, sorted(curves["main"]))
    highest = max(curve[k]["catalog_coverage"] for curve in curves.values() for k in curve)
    top = min(1.0, 1.2 * highest)
    axes.set_ylim(-0.08 * top, top)  # room for the labels under the baseline's points
    axes.set_xlabel("k (items shown)")
    axes.set_ylabel("share of catalogue recommended (labels: items)")
    axes.legend(loc="upper left")
    axes.grid(alpha=0.3)
    return figure


def plot_ndcg_by_activity(analysis: Mapping[str, Any], names: Mapping[str, str]) -> Figure:
    """NDCG@k of the model and the baseline for light, typical and heavy users, with how many
    users each third holds and how many items they had rated.
    """
    k = analysis["k"]
    figure, axes = new_axes(f"NDCG@{k} by user activity (test split)")
    segments = analysis["segments"]
    positions = np.arange(len(segments))
    for offset, role in enumerate(("main", "baseline")):
        values = [row[role] for row in segments]
        bars = axes.bar(
            positions + (offset - 0.5) * 0.4, values, 0.4, label=names[role],
            color=STYLES[role][0],
        )  # fmt: skip
        axes.bar_label(bars, fmt="%.3f", fontsize="small", padding=2)
    axes.set_xticks(
        positions,
        labels=[
            f"{row['segment']}\n{row['rated_from']:,}-{row['rated_to']:,} items rated\n"
            f"{row['users']:,} users"
            for row in segments
        ],
    )
    axes.set_ylim(0, max(max(row["main"], row["baseline"]) for row in segments) * 1.2)
    axes.set_ylabel(f"NDCG@{k}")
    axes.legend(loc="upper left")
    return figure
