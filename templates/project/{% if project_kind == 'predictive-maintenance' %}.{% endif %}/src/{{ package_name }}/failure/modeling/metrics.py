"""Metrics of machine failure: the binary classifier's at the chosen threshold, the cost of its
decisions per 1,000 processes, and a bootstrap interval for PR-AUC.
"""

import numpy as np
from sklearn.metrics import average_precision_score

from frame.evaluation.binary import CostMatrix, decision_metrics, ranking_metrics, total_cost

from ..config import EvaluationSettings

PER_PROCESSES = 1000  # costs are reported per this many processes
INTERVAL = (2.5, 97.5)  # percentiles of a 95% bootstrap interval


def cost_per_1000(y_true: np.ndarray, inspected: np.ndarray, costs: CostMatrix) -> float:
    """Cost of inspecting the processes in `inspected` (and of every failure missed), per 1,000."""
    return total_cost(y_true, inspected, costs) * PER_PROCESSES / max(len(inspected), 1)


def classification_metrics(
    y_true: np.ndarray, scores: np.ndarray, threshold: float, evaluation: EvaluationSettings
) -> dict[str, float]:
    """Ranking quality, the decisions at `threshold`, and what those decisions cost."""
    predicted = scores >= threshold
    return {
        **ranking_metrics(y_true, scores),
        **decision_metrics(y_true, predicted),
        "threshold": float(threshold),
        "cost_per_1000": cost_per_1000(y_true, predicted, evaluation.costs),
    }


def bootstrap_pr_auc(
    y_true: np.ndarray, scores: np.ndarray, baseline: np.ndarray, samples: int, seed: int
) -> dict[str, list[float]]:
    """95% intervals over test processes drawn with replacement: the model's PR-AUC (`pr_auc`),
    and its gain over the baseline's on the same draws (`gain`; two separate intervals would
    overstate the doubt, as both models score the same rows). Draws without a failure are skipped.
    """
    actual = np.asarray(y_true, dtype=int)
    rng = np.random.default_rng(seed)
    values, gains = [], []
    for _ in range(samples):
        rows = rng.integers(0, len(actual), len(actual))
        if actual[rows].any():
            model = average_precision_score(actual[rows], scores[rows])
            values.append(model)
            gains.append(model - average_precision_score(actual[rows], baseline[rows]))
    return {
        "pr_auc": [float(value) for value in np.percentile(values, INTERVAL)],
        "gain": [float(value) for value in np.percentile(gains, INTERVAL)],
    }
