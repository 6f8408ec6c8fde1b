"""Evaluation figures of the served fraud model against the other candidate: the binary
classifier figures of frame.classifier.figures (the cost of every threshold among them) and what
drives the scores; `frame.reports.save_figures` writes them as PNG files.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from frame.classifier.figures import (
    named_scores,
    plot_calibration,
    plot_confusion_matrix,
    plot_cost_curve,
    plot_cumulative_gains,
    plot_precision_recall,
    plot_roc,
)
from frame.reports import new_axes

from .config import EvaluationSettings
from .features import input_label
from .modeling.metrics import PER_ROWS


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
        "precision_recall": plot_precision_recall(y_true, named, threshold),
        "roc": plot_roc(y_true, named, threshold),
        "cost_curve": plot_cost_curve(
            y_true, named, threshold, evaluation.costs, PER_ROWS, "transactions", log_scale=True
        ),
        "calibration": plot_calibration(y_true, named, log_scale=True),
        "confusion_matrix": plot_confusion_matrix(
            y_true, scores["main"], threshold, labels=("legitimate", "fraud")
        ),
        "alert_budget": plot_cumulative_gains(
            y_true,
            named,
            threshold,
            ("share of transactions reviewed", "share of frauds caught"),
            title="Frauds caught by the share reviewed (test split)",
            budget=evaluation.alert_budget,
        ),
    }
    if importance is not None:
        figures["contributions"] = plot_contributions(importance)
    return figures
