"""Evaluation figures of the served churn model against the other candidate: the frame's
binary-classifier figures in churn's words, and what every threshold would cost; `frame.reports`
writes them as PNG files.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from frame.classifier.figures import (
    PERMUTATION_AXIS,
    named_scores,
    plot_cost_curve,
    standard_figures,
)

from .config import CostMatrix

TEXTS = {
    "negative": "stays",
    "positive": "churns",
    "acted": "share of customers contacted (highest risk first)",
    "reached": "share of churners reached",
    "importance": "Permutation importance (test split)",
    "importance_axis": PERMUTATION_AXIS.format(score="ROC-AUC"),
}
PER_CUSTOMERS = 1000  # the cost curve's unit: cost per this many customers


def draw_figures(
    y_true: np.ndarray,
    scores: dict[str, np.ndarray],
    threshold: float,
    importance: pd.DataFrame,
    names: dict[str, str],
    costs: CostMatrix,
) -> dict[str, Figure]:
    """`names`: each model's name by role, as training saved them (`metadata["model_names"]`);
    `importance` with the features' plain names.
    """
    figures = standard_figures(y_true, scores, threshold, importance, TEXTS, names)
    named = named_scores(scores, names)
    figures["cost_curve"] = plot_cost_curve(
        y_true, named, threshold, costs, PER_CUSTOMERS, "customers"
    )
    return figures
