"""Fraud metrics: ranking quality first (PR-AUC; ROC-AUC flatters a 0.2% positive rate), what
the review team catches within its budget, and the cost of the decisions in euros.
"""

import math

import numpy as np
from sklearn.metrics import average_precision_score

from ..classification import decision_metrics, ranking_metrics, total_cost
from ..config import CostMatrix, EvaluationSettings

PER_ROWS = 10_000  # costs are reported per this many transactions


def recall_at_budget(y_true: np.ndarray, scores: np.ndarray, budget: float) -> float:
    """Share of frauds among the top `budget` share of transactions by score (ties broken by
    position, so a model with constant scores reaches only what the budget covers at random).
    """
    reviewed = max(1, math.ceil(budget * len(scores)))
    top = np.argsort(-np.asarray(scores), kind="stable")[:reviewed]
    positives = int(np.sum(y_true))
    return float(np.sum(np.asarray(y_true)[top]) / positives) if positives else 0.0


def cost_per_10k(y_true: np.ndarray, predicted: np.ndarray, costs: CostMatrix) -> float:
    """Expected cost of acting on `predicted`, per 10,000 transactions."""
    return total_cost(y_true, predicted, costs) * PER_ROWS / max(len(predicted), 1)


def classification_metrics(
    y_true: np.ndarray, scores: np.ndarray, threshold: float, evaluation: EvaluationSettings
) -> dict[str, float]:
    predicted = scores >= threshold
    return {
        **ranking_metrics(y_true, scores),
        "recall_at_budget": recall_at_budget(y_true, scores, evaluation.alert_budget),
        **decision_metrics(y_true, predicted),
        "threshold": float(threshold),
        "expected_cost_per_10k": cost_per_10k(y_true, predicted, evaluation.costs),
    }


def bootstrap_pr_auc(
    y_true: np.ndarray, scores: np.ndarray, samples: int, seed: int
) -> tuple[float, float]:
    """A 95% interval for PR-AUC, from resampling the test transactions with replacement: with a
    few dozen frauds in a split, the point estimate alone overstates what is known.
    """
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(samples):
        rows = rng.integers(0, len(scores), len(scores))
        if y_true[rows].any():
            values.append(average_precision_score(y_true[rows], scores[rows]))
    low, high = np.percentile(values, [2.5, 97.5])
    return float(low), float(high)
