"""Metrics of both tasks. Failure: the shared classification metrics at the chosen threshold.
Remaining useful life: RMSE, MAE and the asymmetric score of the PHM08 challenge (NASA), which
punishes a late prediction (more life than is left) harder than an early one.
"""

import numpy as np

from frame.evaluation.binary import decision_metrics, ranking_metrics
from ..config import EvaluationSettings

NASA_EARLY_SCALE = 13.0  # predicted below the truth: the engine is serviced too soon
NASA_LATE_SCALE = 10.0  # predicted above the truth: the engine may fail in service


def classification_metrics(
    y_true: np.ndarray, scores: np.ndarray, threshold: float, evaluation: EvaluationSettings
) -> dict[str, float]:
    """Ranking quality, and the decisions at `threshold` (`evaluation` is the stage's signature;
    the failure task reports no cost figure of its own: the model card shows the costs).
    """
    predicted = scores >= threshold
    return {
        **ranking_metrics(y_true, scores),
        **decision_metrics(y_true, predicted),
        "threshold": float(threshold),
    }


def nasa_score(true_rul: np.ndarray, predicted_rul: np.ndarray) -> float:
    """Sum over engines of exp(-d/13) - 1 when early (d < 0) and exp(d/10) - 1 when late,
    with d = predicted - true. 0 is perfect; one badly late engine can dominate the sum.
    """
    error = np.asarray(predicted_rul, dtype=float) - np.asarray(true_rul, dtype=float)
    scale = np.where(error < 0, -NASA_EARLY_SCALE, NASA_LATE_SCALE)
    return float(np.sum(np.expm1(error / scale)))


def regression_metrics(true_rul: np.ndarray, predicted_rul: np.ndarray) -> dict[str, float]:
    error = np.asarray(predicted_rul, dtype=float) - np.asarray(true_rul, dtype=float)
    return {
        "rmse": float(np.sqrt(np.mean(error**2))),
        "mae": float(np.mean(np.abs(error))),
        "nasa_score": nasa_score(true_rul, predicted_rul),
    }
