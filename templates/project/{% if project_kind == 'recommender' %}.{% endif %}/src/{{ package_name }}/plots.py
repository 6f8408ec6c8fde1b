"""Evaluation figures; `reports.save_figures` writes them as PNG files."""

from collections.abc import Mapping

import numpy as np
from matplotlib.figure import Figure

from frame.evaluation.ranking import popularity_ranks
from frame.reports import new_axes

Curves = Mapping[str, Mapping[int, Mapping[str, float]]]  # role -> k -> metric -> value
CURVE_METRICS = ("ndcg", "precision", "recall", "hit_rate")


def plot_metrics_at_k(curves: Curves, names: Mapping[str, str]) -> Figure:
    """NDCG, precision, recall and hit rate against k, model (solid) and baseline (dashed)."""
    figure, axes = new_axes("Ranking metrics by k (test split)")
    colours = dict(zip(CURVE_METRICS, ("C0", "C1", "C2", "C3"), strict=True))
    for role, curve in curves.items():
        ks = sorted(curve)
        for metric in CURVE_METRICS:
            values = [curve[k][f"{metric}_at_{k}"] for k in ks]
            style = "-" if role == "main" else "--"
            label = f"{metric} ({names[role]})"
            axes.plot(ks, values, style, marker="o", color=colours[metric], label=label)
    axes.set_xscale("log")
    axes.set_xlabel("k (items shown)")
    axes.set_ylabel("metric value")
    axes.legend(fontsize="small", ncols=2)
    return figure


def plot_popularity(counts: np.ndarray, recommended: Mapping[str, np.ndarray]) -> Figure:
    """Where recommended items sit in the training popularity ranking, against where the
    interactions themselves sit: a model that only shows blockbusters hugs the left edge.
    """
    figure, axes = new_axes("Popularity of recommended items vs all interactions")
    ranks = popularity_ranks(counts)
    bins = np.unique(np.geomspace(1, len(counts), 30).round()).tolist()
    interactions = np.repeat(ranks, counts.astype(np.int64))
    axes.hist(interactions, bins=bins, density=True, alpha=0.35, color="grey", label="interactions")
    for name, columns in recommended.items():
        axes.hist(ranks[columns.ravel()], bins=bins, density=True, histtype="step", label=name)
    axes.set_xscale("log")
    axes.set_xlabel("item popularity rank in training (1 = most popular)")
    axes.set_ylabel("density")
    axes.legend()
    return figure


def plot_coverage(curves: Curves, names: Mapping[str, str]) -> Figure:
    """Share of the catalogue that appears in at least one user's top k, as k grows."""
    figure, axes = new_axes("Catalogue coverage by k (test users)")
    for role, curve in curves.items():
        ks = sorted(curve)
        axes.plot(ks, [curve[k]["catalog_coverage"] for k in ks], marker="o", label=names[role])
    axes.set_xscale("log")
    axes.set_ylim(0, 1)
    axes.set_xlabel("k (items shown)")
    axes.set_ylabel("share of catalogue recommended")
    axes.legend()
    return figure
