"""Evaluating a binary classifier: the cost of acting on a score, the cost-optimal threshold and
the cost matrix's break-even, the metrics every binary classifier reports, metrics per slice and
the model card's tables. A project's metrics, evaluate and model card modules pick from here and
add their own; the figures are in frame.classifier.figures.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from pydantic import Field, model_validator
from sklearn.inspection import permutation_importance
from sklearn.metrics import (
    average_precision_score,
    f1_score,
    precision_score,
    recall_score,
    roc_auc_score,
)

from ..settings import Section

# The saved models, and the prefix of each one's keys in reports/metrics.json: the served model
# (the validation winner), the candidate it beat, the dummy.
ROLE_PREFIXES = {"main": "", "baseline": "baseline_", "dummy": "dummy_"}
MetricsOf = Callable[[np.ndarray, np.ndarray, float], dict[str, float]]


class CostMatrix(Section):
    """Cost of each outcome for one scored row; only differences between cells matter."""

    true_negative: float = 0.0
    false_positive: float = Field(ge=0)
    false_negative: float = Field(ge=0)
    true_positive: float = Field(ge=0)

    @model_validator(mode="after")
    def acting_must_pay_off(self) -> "CostMatrix":
        if self.true_positive >= self.false_negative:
            raise ValueError(
                "true_positive must cost less than false_negative, or no alert is worth raising"
            )
        return self


def total_cost(y_true: np.ndarray, predicted: np.ndarray, costs: CostMatrix) -> float:
    actual = np.asarray(y_true, dtype=bool)
    flagged = np.asarray(predicted, dtype=bool)
    return float(
        costs.true_positive * np.sum(actual & flagged)
        + costs.false_positive * np.sum(~actual & flagged)
        + costs.false_negative * np.sum(actual & ~flagged)
        + costs.true_negative * np.sum(~actual & ~flagged)
    )


def costs_at_thresholds(
    y_true: np.ndarray, scores: np.ndarray, thresholds: np.ndarray, costs: CostMatrix
) -> np.ndarray:
    """Total cost of flagging the rows scored at or above each of `thresholds`. One sort and
    cumulative counts (what each cut leaves unflagged), not a pass over the data per threshold,
    so it stays O(n log n) on hundreds of thousands of rows.
    """
    order = np.argsort(scores, kind="stable")
    actual = np.asarray(y_true, dtype=bool)[order]
    unflagged = np.searchsorted(np.asarray(scores)[order], thresholds, side="left")
    false_negative = np.concatenate([[0], np.cumsum(actual)])[unflagged]
    true_negative = unflagged - false_negative
    true_positive = actual.sum() - false_negative
    false_positive = (actual.size - actual.sum()) - true_negative
    return np.asarray(
        costs.true_positive * true_positive
        + costs.false_positive * false_positive
        + costs.false_negative * false_negative
        + costs.true_negative * true_negative,
        dtype=float,
    )


def choose_threshold(y_true: np.ndarray, scores: np.ndarray, costs: CostMatrix) -> float:
    """The score cut-off with the lowest total cost; ties go to the higher cut-off (fewer alerts).
    Candidates are every score and a 0.01 grid.
    """
    candidates = np.unique(np.concatenate([np.linspace(0.0, 1.0, 101), scores]))
    totals = costs_at_thresholds(y_true, scores, candidates, costs)
    best = np.flatnonzero(totals == totals.min())
    return float(candidates[best[-1]])


def break_even_threshold(costs: CostMatrix) -> float:
    """The probability of being positive above which flagging a row costs less than leaving it:
    p * true_positive + (1 - p) * false_positive < p * false_negative + (1 - p) * true_negative.
    The right threshold for calibrated scores; a model's scores rarely are, hence the search.
    """
    wasted = costs.false_positive - costs.true_negative  # flagging a negative
    saved = costs.false_negative - costs.true_positive  # flagging a positive (> 0, validated)
    return float(min(max(wasted / (wasted + saved), 0.0), 1.0)) if wasted > 0 else 0.0


def ranking_metrics(y_true: np.ndarray, scores: np.ndarray) -> dict[str, float]:
    """How well the scores order the rows, whatever the threshold. PR-AUC (average precision)
    comes first: with rare positives, ROC-AUC looks good for almost any model.
    """
    return {
        "pr_auc": float(average_precision_score(y_true, scores)),
        "roc_auc": float(roc_auc_score(y_true, scores)),
    }


def decision_metrics(y_true: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """How good the yes/no decisions are at one threshold."""
    return {
        "precision": float(precision_score(y_true, predicted, zero_division=0)),
        "recall": float(recall_score(y_true, predicted, zero_division=0)),
        "f1": float(f1_score(y_true, predicted, zero_division=0)),
    }


@dataclass(frozen=True)
class ScoredSplit:
    """The test split scored once by the saved model and its baselines (keys of ROLE_PREFIXES),
    each with the threshold it was given on the validation split.
    """

    frame: pd.DataFrame
    features: pd.DataFrame
    y_true: np.ndarray
    scores: dict[str, np.ndarray]
    thresholds: dict[str, float]
    model: Any
    metadata: dict[str, Any]


def flat_metrics(scored: ScoredSplit, metrics_of: MetricsOf) -> dict[str, float]:
    """One flat object: the main model's metrics bare, the baselines' under their prefixes."""
    flat: dict[str, float] = {}
    for role, prefix in ROLE_PREFIXES.items():
        metrics = metrics_of(scored.y_true, scored.scores[role], scored.thresholds[role])
        flat.update({f"{prefix}{name}": round(value, 6) for name, value in metrics.items()})
    return flat


def metrics_table(metrics: Mapping[str, float], model_names: Mapping[str, str], money: str) -> str:
    """Markdown: one row per metric, one column per model (`model_names` by role, as the metadata
    saves them: the served model, the other candidate, the dummy); `money` is the metric shown in
    whole units.
    """
    columns = [model_names[role] for role in ROLE_PREFIXES]
    names = [name for name in metrics if not name.startswith(("baseline_", "dummy_"))]
    lines = [
        f"| metric | {columns[0]} (served) | " + " | ".join(columns[1:]) + " |",
        "| --- |" + " ---: |" * len(columns),
    ]
    for name in names:
        values = [metrics[f"{prefix}{name}"] for prefix in ROLE_PREFIXES.values()]
        shown = ",.0f" if name == money else ".3f"
        lines.append(f"| {name} | " + " | ".join(format(value, shown) for value in values) + " |")
    return "\n".join(lines)


def slices_table(
    slices: Mapping[str, Mapping[str, Mapping[str, float | None]]],
    rows: str,
    positives: str = "positives",
) -> str:
    """Markdown: one row per slice value, with its counts beside its rates; `rows` names what a
    row of data is and `positives` what a positive one is (customers and churners, say).
    """
    lines = [
        f"| slice | {rows} | {positives} (rate) | flagged "
        f"| {positives} caught (recall) | ROC-AUC |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for column, values in slices.items():
        for value, row in values.items():
            auc = "n/a" if row["roc_auc"] is None else f"{row['roc_auc']:.3f}"
            found = row["positives"] or 0
            lines.append(
                f"| {column} = {value} | {row['rows']:,.0f} | {found:,.0f} "
                f"({row['positive_rate']:.1%}) | {row['flagged']:,.0f} | {row['caught']:,.0f} of "
                f"{found:,.0f} ({row['recall']:.3f}) | {auc} |"
            )
    return "\n".join(lines)


def slice_metrics(
    frame: pd.DataFrame, y_true: np.ndarray, scores: np.ndarray, threshold: float, column: str
) -> dict[str, dict[str, float | None]]:
    """Per value of `column`: rows, positives, rows flagged at `threshold`, positives caught, the
    positive rate, recall and ROC-AUC (when both classes occur).
    """
    result: dict[str, dict[str, float | None]] = {}
    for value, positions in frame.groupby(column, sort=True).indices.items():
        actual, part = np.asarray(y_true[positions], dtype=bool), scores[positions]
        flagged = part >= threshold
        both_classes = 0 < actual.sum() < len(actual)
        result[str(value)] = {
            "rows": int(len(positions)),
            "positives": int(actual.sum()),
            "flagged": int(flagged.sum()),
            "caught": int((actual & flagged).sum()),
            "positive_rate": float(actual.mean()),
            "recall": float(recall_score(actual, flagged, zero_division=0)),
            "roc_auc": float(roc_auc_score(actual, part)) if both_classes else None,
        }
    return result


def importance_table(
    model: Any, features: pd.DataFrame, y_true: np.ndarray, scoring: str, repeats: int, seed: int
) -> pd.DataFrame:
    """Permutation importance on a scored split: how much `scoring` drops when a column is
    shuffled (`repeats` times); columns feature, mean and std, the most important first.
    """
    result = permutation_importance(
        model, features, y_true, scoring=scoring, n_repeats=repeats, random_state=seed
    )
    return pd.DataFrame(
        {
            "feature": features.columns,
            "mean": result.importances_mean,
            "std": result.importances_std,
        }
    ).sort_values("mean", ascending=False)


def selection_section(selection: Mapping[str, Any]) -> str:
    """Markdown: every candidate's validation metrics, which one is served, and why."""
    candidates = list(selection["validation"])
    lines = [
        "| validation metric | "
        + " | ".join(
            f"{name} (served)" if name == selection["chosen"] else name for name in candidates
        )
        + " |",
        "| --- |" + " ---: |" * len(candidates),
    ]
    for metric in selection["validation"][candidates[0]]:
        values = [selection["validation"][name][metric] for name in candidates]
        shown = [f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4f}" for value in values]
        lines.append(f"| {metric} | " + " | ".join(shown) + " |")
    return (
        "\n".join(lines)
        + f"\n\nServed: `{selection['chosen']}`, {selection['reason']}. The test split had no part "
        "in the choice; the test metrics below show every candidate."
    )
