"""Evaluation figures of the served churn model against the other candidate: the frame's
binary-classification figures in churn's words; `frame.reports` writes them as PNG files.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from frame.evaluation.binary import standard_figures

TEXTS = {
    "negative": "stays",
    "positive": "churns",
    "acted": "share of customers contacted",
    "reached": "share of churners reached",
    "importance": "Permutation importance (drop in test ROC-AUC)",
}


def draw_figures(
    y_true: np.ndarray,
    scores: dict[str, np.ndarray],
    threshold: float,
    importance: pd.DataFrame,
    names: dict[str, str],
) -> dict[str, Figure]:
    """`names`: each model's name by role, as training saved them (`metadata["model_names"]`)."""
    return standard_figures(y_true, scores, threshold, importance, TEXTS, names)
