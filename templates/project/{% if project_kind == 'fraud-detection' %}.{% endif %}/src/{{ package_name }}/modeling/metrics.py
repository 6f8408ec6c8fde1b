"""Fraud metrics: ranking quality first (PR-AUC; ROC-AUC flatters a 0.2% positive rate), what
the review team catches within its budget, and the cost of the decisions in euros.
"""

import math

import numpy as np
from sklearn.metrics import average_precision_score

from frame.evaluation.binary import decision_metrics, ranking_metrics, total_cost

from ..config import CostMatrix, EvaluationSettings

PER_ROWS = 10_000  # costs are reported per this many transactions


def recall_at_budget(y_true: np.ndarray, scores: np.ndarray, budget: float) -> float:
    """Share of frauds a review team catches when it reviews the top `budget` share of
    transactions by score. Rows tied at the cut-off are taken in proportion (the recall expected
    if ties were broken at random), so a constant score reaches exactly the budget's share.
    """
    actual = np.asarray(y_true, dtype=bool)
    values = np.asarray(scores, dtype=float)
    positives = int(actual.sum())
    if positives == 0:
        return 0.0
    reviewed = max(1, math.ceil(budget * len(values)))
    cut = np.partition(values, len(values) - reviewed)[len(values) - reviewed]
    above, tied = values > cut, values == cut
    slots = reviewed - int(above.sum())
    caught = actual[above].sum() + actual[tied].sum() * slots / int(tied.sum())
    return float(caught / positives)


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
        "alert_rate": float(np.mean(predicted)) if len(predicted) else 0.0,
        "threshold": float(threshold),
        "expected_cost_per_10k": cost_per_10k(y_true, predicted, evaluation.costs),
    }


def bootstrap_pr_auc(
    y_true: np.ndarray, scores: np.ndarray, baseline: np.ndarray, samples: int, seed: int
) -> dict[str, tuple[float, float]]:
    """95% intervals from resampling the test transactions with replacement: for the model's
    PR-AUC (`pr_auc`), and for its gain over the baseline on the same resamples (`gain`). With
    a split of few frauds, a point estimate alone overstates what is known, and two models'
    separate intervals say little about their difference: they are scored on the same rows.
    """
    rng = np.random.default_rng(seed)
    values, gains = [], []
    for _ in range(samples):
        rows = rng.integers(0, len(scores), len(scores))
        if y_true[rows].any():
            model = average_precision_score(y_true[rows], scores[rows])
            values.append(model)
            gains.append(model - average_precision_score(y_true[rows], baseline[rows]))
    low, high = np.percentile(values, [2.5, 97.5])
    gain_low, gain_high = np.percentile(gains, [2.5, 97.5])
    return {"pr_auc": (float(low), float(high)), "gain": (float(gain_low), float(gain_high))}
