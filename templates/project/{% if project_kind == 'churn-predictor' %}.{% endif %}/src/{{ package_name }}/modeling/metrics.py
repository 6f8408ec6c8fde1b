"""Churn metrics: the frame's binary-classification metrics, accuracy, Brier score, and the money a
retention campaign at the chosen threshold saves against contacting nobody.
"""

import numpy as np
from sklearn.metrics import accuracy_score, brier_score_loss

from frame.evaluation.binary import decision_metrics, ranking_metrics, total_cost

from ..config import CostMatrix, EvaluationSettings


def expected_saving(y_true: np.ndarray, predicted: np.ndarray, costs: CostMatrix) -> float:
    """Money saved by acting on `predicted` compared with contacting nobody."""
    nobody = np.zeros(len(predicted), dtype=bool)
    return total_cost(y_true, nobody, costs) - total_cost(y_true, predicted, costs)


def classification_metrics(
    y_true: np.ndarray, scores: np.ndarray, threshold: float, evaluation: EvaluationSettings
) -> dict[str, float]:
    predicted = scores >= threshold
    return {
        **ranking_metrics(y_true, scores),
        **decision_metrics(y_true, predicted),
        "accuracy": float(accuracy_score(y_true, predicted)),
        "brier": float(brier_score_loss(y_true, scores)),
        "threshold": float(threshold),
        "expected_saving": expected_saving(y_true, predicted, evaluation.costs),
    }
