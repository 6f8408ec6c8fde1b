"""Evaluation figures of the churn model against the logistic baseline, drawn with the shared
classification figures; `reports.save_figures` writes them as PNG files.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .classification import (
    plot_calibration,
    plot_confusion_matrix,
    plot_cumulative_gains,
    plot_importance,
    plot_precision_recall,
    plot_roc,
)


def draw_figures(
    y_true: np.ndarray, scores: dict[str, np.ndarray], threshold: float, importance: pd.DataFrame
) -> dict[str, Figure]:
    named = {"gradient boosting": scores["main"], "logistic regression": scores["baseline"]}
    return {
        "roc": plot_roc(y_true, named),
        "precision_recall": plot_precision_recall(y_true, named),
        "calibration": plot_calibration(y_true, named),
        "confusion_matrix": plot_confusion_matrix(
            y_true, scores["main"], threshold, labels=("stays", "churns")
        ),
        "permutation_importance": plot_importance(
            importance, "Permutation importance (drop in test ROC-AUC)"
        ),
        "cumulative_gains": plot_cumulative_gains(
            y_true, named, ("share of customers contacted", "share of churners reached")
        ),
    }
