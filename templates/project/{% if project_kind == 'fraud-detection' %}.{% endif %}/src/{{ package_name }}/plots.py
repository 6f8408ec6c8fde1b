"""Evaluation figures of the served fraud model against the other candidate: the binary
classifier figures of frame.evaluation.binary plus the cost of every threshold and what drives
the scores; `frame.reports.save_figures` writes them as PNG files.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from frame.evaluation.binary import (
    Scores,
    named_scores,
    plot_calibration,
    plot_confusion_matrix,
    plot_cumulative_gains,
    plot_precision_recall,
    plot_roc,
)
from frame.reports import new_axes

from .config import CostMatrix, EvaluationSettings
from .features import input_label
from .modeling.metrics import cost_per_10k


def break_even(costs: CostMatrix) -> float:
    """The fraud probability at which an alert costs what it saves: above it, reviewing a
    transaction whose score is a calibrated probability pays off on average.
    """
    review = costs.false_positive - costs.true_negative
    return review / (review + costs.false_negative - costs.true_positive)


def plot_cost_curve(
    y_true: np.ndarray, scores: Scores, threshold: float, evaluation: EvaluationSettings
) -> Figure:
    """Expected cost per 10,000 transactions at every threshold (log scale: with 0.2% fraud the
    good thresholds are small), against no model at all, with the chosen threshold and the
    break-even one: where a review costs what it saves if the scores are calibrated.
    """
    figure, axes = new_axes("Expected cost per 10,000 transactions (test split)")
    cuts = np.geomspace(1e-4, 1.0, 201)
    for name, score in scores.items():
        costs = [cost_per_10k(y_true, score >= cut, evaluation.costs) for cut in cuts]
        axes.plot(cuts, costs, label=name)
    nobody = cost_per_10k(y_true, np.zeros(len(y_true), dtype=bool), evaluation.costs)
    axes.axhline(nobody, linestyle=":", color="grey", label="no model (no alerts)")
    axes.axvline(threshold, linestyle="--", color="tab:red", label=f"chosen {threshold:.3f}")
    even = break_even(evaluation.costs)
    axes.axvline(even, linestyle="-.", color="tab:green", label=f"break-even {even:.3f}")
    axes.set_xscale("log")
    axes.set_xlabel("threshold")
    axes.set_ylabel("euros per 10,000 transactions")
    axes.set_ylim(0, nobody * 2)
    axes.legend(loc="upper right")
    return figure


def plot_contributions(importance: pd.DataFrame) -> Figure:
    """Mean absolute contribution of each input column to the log-odds, largest on top; the
    error bars are the standard error of each mean over the test rows.
    """
    ordered = importance.sort_values("mean")
    figure, axes = new_axes("What drives the scores (test split)")
    labels = [input_label(name) for name in ordered["feature"]]
    axes.barh(labels, ordered["mean"], xerr=ordered["std"], color="tab:blue", capsize=2)
    axes.set_xlabel("mean |contribution| to the log-odds of fraud, per transaction")
    axes.tick_params(axis="y", labelsize=7)
    axes.text(
        0.98,
        0.02,
        "bars: mean over the test transactions\nerror bars: standard error of that mean",
        transform=axes.transAxes,
        ha="right",
        va="bottom",
        fontsize=7,
        color="dimgrey",
    )
    return figure


def draw_figures(
    y_true: np.ndarray,
    scores: dict[str, np.ndarray],
    threshold: float,
    importance: pd.DataFrame | None,
    evaluation: EvaluationSettings,
    names: dict[str, str],
) -> dict[str, Figure]:
    """`names`: each model's name by role, as training saved them (`metadata["model_names"]`)."""
    named = named_scores(scores, names)
    figures = {
        "precision_recall": plot_precision_recall(y_true, named),
        "roc": plot_roc(y_true, named),
        "cost_curve": plot_cost_curve(y_true, named, threshold, evaluation),
        "calibration": plot_calibration(y_true, named, log_scale=True),
        "confusion_matrix": plot_confusion_matrix(
            y_true, scores["main"], threshold, labels=("legitimate", "fraud")
        ),
        "alert_budget": plot_cumulative_gains(
            y_true,
            named,
            ("share of transactions reviewed", "share of frauds caught"),
            up_to=min(1.0, 10 * evaluation.alert_budget),
        ),
    }
    # The file is named for what a review team reads from it, and so is its title.
    figures["alert_budget"].axes[0].set_title("Frauds caught by the share reviewed (test split)")
    if importance is not None:
        figures["contributions"] = plot_contributions(importance)
    return figures
