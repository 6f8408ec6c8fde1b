"""Evaluation figures of the churn model against the logistic baseline: the shared classification
figures in churn's words; `reports.save_figures` writes them as PNG files.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .classification import standard_figures

TEXTS = {
    "negative": "stays",
    "positive": "churns",
    "acted": "share of customers contacted",
    "reached": "share of churners reached",
    "importance": "Permutation importance (drop in test ROC-AUC)",
}


def draw_figures(
    y_true: np.ndarray, scores: dict[str, np.ndarray], threshold: float, importance: pd.DataFrame
) -> dict[str, Figure]:
    return standard_figures(y_true, scores, threshold, importance, TEXTS)
