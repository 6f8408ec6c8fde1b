"""Binary-classification metrics and the cost-based decision threshold, as pure functions."""

import numpy as np
import pandas as pd
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    brier_score_loss,
    f1_score,
    precision_score,
    recall_score,
    roc_auc_score,
)

from ..config import CostMatrix


def total_cost(y_true: np.ndarray, predicted: np.ndarray, costs: CostMatrix) -> float:
    actual = np.asarray(y_true, dtype=bool)
    flagged = np.asarray(predicted, dtype=bool)
    return float(
        costs.true_positive * np.sum(actual & flagged)
        + costs.false_positive * np.sum(~actual & flagged)
        + costs.false_negative * np.sum(actual & ~flagged)
        + costs.true_negative * np.sum(~actual & ~flagged)
    )


def expected_saving(y_true: np.ndarray, predicted: np.ndarray, costs: CostMatrix) -> float:
    """Money saved by acting on `predicted` compared with contacting nobody."""
    nobody = np.zeros(len(predicted), dtype=bool)
    return total_cost(y_true, nobody, costs) - total_cost(y_true, predicted, costs)


def choose_threshold(y_true: np.ndarray, scores: np.ndarray, costs: CostMatrix) -> float:
    """The score cut-off with the lowest total cost; ties go to the higher cut-off (fewer calls).

    Candidates are every score and a 0.01 grid. The costs of all of them come from one sort and
    cumulative counts (what each cut leaves unflagged), not a pass over the data per candidate,
    so the search stays O(n log n) on hundreds of thousands of rows.
    """
    candidates = np.unique(np.concatenate([np.linspace(0.0, 1.0, 101), scores]))
    order = np.argsort(scores, kind="stable")
    actual = np.asarray(y_true, dtype=bool)[order]
    unflagged = np.searchsorted(np.asarray(scores)[order], candidates, side="left")
    false_negative = np.concatenate([[0], np.cumsum(actual)])[unflagged]
    true_negative = unflagged - false_negative
    true_positive = actual.sum() - false_negative
    false_positive = (actual.size - actual.sum()) - true_negative
    totals = (
        costs.true_positive * true_positive
        + costs.false_positive * false_positive
        + costs.false_negative * false_negative
        + costs.true_negative * true_negative
    )
    best = np.flatnonzero(totals == totals.min())
    return float(candidates[best[-1]])


def classification_metrics(
    y_true: np.ndarray, scores: np.ndarray, threshold: float, costs: CostMatrix
) -> dict[str, float]:
    predicted = scores >= threshold
    return {
        "roc_auc": float(roc_auc_score(y_true, scores)),
        "pr_auc": float(average_precision_score(y_true, scores)),
        "f1": float(f1_score(y_true, predicted, zero_division=0)),
        "precision": float(precision_score(y_true, predicted, zero_division=0)),
        "recall": float(recall_score(y_true, predicted, zero_division=0)),
        "accuracy": float(accuracy_score(y_true, predicted)),
        "brier": float(brier_score_loss(y_true, scores)),
        "threshold": float(threshold),
        "expected_saving": expected_saving(y_true, predicted, costs),
    }


def slice_metrics(
    frame: pd.DataFrame, y_true: np.ndarray, scores: np.ndarray, threshold: float, column: str
) -> dict[str, dict[str, float | None]]:
    """Per value of `column`: size, churn rate, recall and ROC-AUC (when both classes occur)."""
    result: dict[str, dict[str, float | None]] = {}
    for value, positions in frame.groupby(column, sort=True).indices.items():
        actual, part = y_true[positions], scores[positions]
        both_classes = 0 < actual.sum() < len(actual)
        result[str(value)] = {
            "rows": int(len(positions)),
            "positive_rate": float(actual.mean()),
            "recall": float(recall_score(actual, part >= threshold, zero_division=0)),
            "roc_auc": float(roc_auc_score(actual, part)) if both_classes else None,
        }
    return result
