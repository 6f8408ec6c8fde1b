"""Evaluation figures of the served fraud model against the other candidate: the binary
classifier figures of frame.classifier.figures, the cost of every threshold among them;
`frame.reports.save_figures` writes them as PNG files.
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
    plot_importance,
    plot_precision_recall,
    plot_roc,
)

from .config import EvaluationSettings
from .modeling.metrics import PER_ROWS


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
            title="Alert budget: frauds caught by share reviewed (test split)",
            budget=evaluation.alert_budget,
        ),
    }
    if importance is not None:
        figures["contributions"] = plot_importance(
            importance,
            "Mean |contribution| to the log-odds (test split)",
            "mean |contribution| to the log-odds of fraud\n(lines: ± 1 standard error)",
        )
    return figures
