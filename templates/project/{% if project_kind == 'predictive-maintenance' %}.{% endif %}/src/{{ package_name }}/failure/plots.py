"""Evaluation figures of machine failure: the binary classifier's figures, the served model
against the other candidate; `frame.reports.save_figures` writes them as PNG files.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from frame.classifier.figures import standard_figures

FAILURE_TEXTS = {
    "negative": "runs",
    "positive": "fails",
    "acted": "share of processes inspected",
    "reached": "share of failures caught",
    "importance": "Permutation importance (drop in test PR-AUC)",
}


def draw_failure_figures(
    y_true: np.ndarray,
    scores: dict[str, np.ndarray],
    threshold: float,
    importance: pd.DataFrame,
    names: dict[str, str],
) -> dict[str, Figure]:
    """Calibration on log axes: at a 3% failure rate the useful scores are small. `names`: each
    model's name by role, as training saved them (`metadata["model_names"]`).
    """
    return standard_figures(y_true, scores, threshold, importance, FAILURE_TEXTS, names, True)
