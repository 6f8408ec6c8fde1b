"""Evaluation figures of machine failure: the binary classifier's figures, the served model
against the other candidate, and the cost of every threshold; `frame.reports.save_figures` writes
them as PNG files.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

from frame.evaluation.binary import CostMatrix, Scores, named_scores, standard_figures
from frame.reports import new_axes

from .modeling.metrics import cost_per_1000

FAILURE_TEXTS = {
    "negative": "runs",
    "positive": "fails",
    "acted": "share of processes inspected",
    "reached": "share of failures caught",
    # The model sees the three engineered columns too, but they are computed from these inputs
    # inside the pipeline: shuffling an input shuffles them with it.
    "importance": "Permutation importance (drop in test PR-AUC)\n"
    "(gap, power, strain move with their inputs)",
}


def plot_cost_curve(
    y_true: np.ndarray, scores: Scores, threshold: float, costs: CostMatrix
) -> Figure:
    """Cost per 1,000 processes at every threshold (log scale: at a 3% failure rate the useful
    thresholds are small), against never inspecting, with the chosen threshold marked.
    """
    figure, axes = new_axes("Cost per 1,000 processes by threshold (test split)")
    cuts = np.geomspace(1e-4, 1.0, 201)
    for name, score in scores.items():
        axes.plot(cuts, [cost_per_1000(y_true, score >= cut, costs) for cut in cuts], label=name)
    never = cost_per_1000(y_true, np.zeros(len(y_true), dtype=bool), costs)
    axes.axhline(never, linestyle=":", color="grey", label=f"never inspecting ({never:,.0f})")
    axes.axvline(threshold, linestyle="--", color="tab:red", label=f"chosen {threshold:.4f}")
    axes.set_xscale("log")
    axes.set_xlabel("threshold (inspect when the failure probability is at least this)")
    axes.set_ylabel("cost per 1,000 processes")
    axes.set_ylim(0, never * 1.5)
    axes.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    axes.legend(loc="upper right", fontsize=8)
    return figure


def draw_failure_figures(
    y_true: np.ndarray,
    scores: dict[str, np.ndarray],
    threshold: float,
    importance: pd.DataFrame,
    names: dict[str, str],
    costs: CostMatrix,
) -> dict[str, Figure]:
    """Calibration on log axes: at a 3% failure rate the useful scores are small. `names`: each
    model's name by role, as training saved them (`metadata["model_names"]`).
    """
    figures = standard_figures(y_true, scores, threshold, importance, FAILURE_TEXTS, names, True)
    cost_curve = plot_cost_curve(y_true, named_scores(scores, names), threshold, costs)
    return {**figures, "cost_curve": cost_curve}
