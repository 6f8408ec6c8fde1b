"""Evaluation figures of machine failure: the binary classifier's figures, the served model
against the other candidate, and the cost of every threshold; `frame.reports.save_figures` writes
them as PNG files.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from frame.classifier.figures import named_scores, plot_cost_curve, standard_figures
from frame.evaluation.binary import CostMatrix

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
    named = named_scores(scores, names)
    cost_curve = plot_cost_curve(y_true, named, threshold, costs, 1000, "processes", log_scale=True)
    return {**figures, "cost_curve": cost_curve}
