"""Metrics of remaining useful life: the regressor's RMSE and MAE (frame.evaluation.regression)
and the asymmetric score of the PHM08 challenge (NASA), which punishes a late prediction (more
life than is left) harder than an early one.
"""

import numpy as np

from frame.evaluation.regression import error_metrics, errors

NASA_EARLY_SCALE = 13.0  # predicted below the truth: the engine is serviced too soon
NASA_LATE_SCALE = 10.0  # predicted above the truth: the engine may fail in service


def nasa_score(true_rul: np.ndarray, predicted_rul: np.ndarray) -> float:
    """Sum over engines of exp(-d/13) - 1 when early (d < 0) and exp(d/10) - 1 when late,
    with d = predicted - true. 0 is perfect; one badly late engine can dominate the sum.
    """
    error = errors(true_rul, predicted_rul)
    scale = np.where(error < 0, -NASA_EARLY_SCALE, NASA_LATE_SCALE)
    return float(np.sum(np.expm1(error / scale)))


def regression_metrics(true_rul: np.ndarray, predicted_rul: np.ndarray) -> dict[str, float]:
    return {
        **error_metrics(true_rul, predicted_rul),
        "nasa_score": nasa_score(true_rul, predicted_rul),
    }
