"""Metrics of machine failure: the binary classifier's, at the chosen threshold."""

import numpy as np

from frame.evaluation.binary import decision_metrics, ranking_metrics

from ..config import EvaluationSettings


def classification_metrics(
    y_true: np.ndarray, scores: np.ndarray, threshold: float, evaluation: EvaluationSettings
) -> dict[str, float]:
    """Ranking quality, and the decisions at `threshold` (`evaluation` is the stage's signature;
    this task reports no cost figure of its own: the model card shows the costs).
    """
    predicted = scores >= threshold
    return {
        **ranking_metrics(y_true, scores),
        **decision_metrics(y_true, predicted),
        "threshold": float(threshold),
    }
