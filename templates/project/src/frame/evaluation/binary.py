"""Evaluating a binary classifier: the cost of acting on a score, the cost-optimal threshold, the
metrics every binary classifier reports, metrics per slice, the model card's tables and the
evaluation figures. A project's metrics, evaluate, model card and plots modules pick from here
and add their own.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from pydantic import Field, model_validator
from sklearn.calibration import CalibrationDisplay
from sklearn.inspection import permutation_importance
from sklearn.metrics import (
    ConfusionMatrixDisplay,
    PrecisionRecallDisplay,
    RocCurveDisplay,
    average_precision_score,
    f1_score,
    precision_score,
    recall_score,
    roc_auc_score,
)

from ..reports import new_axes
from ..settings import Section

Scores = Mapping[str, np.ndarray]
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


def choose_threshold(y_true: np.ndarray, scores: np.ndarray, costs: CostMatrix) -> float:
    """The score cut-off with the lowest total cost; ties go to the higher cut-off (fewer alerts).

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


def slices_table(slices: Mapping[str, Mapping[str, Mapping[str, float | None]]], rows: str) -> str:
    """Markdown: one row per slice value; `rows` names what a row of data is."""
    lines = [
        f"| slice | {rows} | positive rate | recall | ROC-AUC |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for column, values in slices.items():
        for value, row in values.items():
            auc = "n/a" if row["roc_auc"] is None else f"{row['roc_auc']:.3f}"
            lines.append(
                f"| {column} = {value} | {row['rows']:,.0f} | {row['positive_rate']:.2%} "
                f"| {row['recall']:.3f} | {auc} |"
            )
    return "\n".join(lines)


def slice_metrics(
    frame: pd.DataFrame, y_true: np.ndarray, scores: np.ndarray, threshold: float, column: str
) -> dict[str, dict[str, float | None]]:
    """Per value of `column`: size, positive rate, recall and ROC-AUC (when both classes occur)."""
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


def plot_roc(y_true: np.ndarray, scores: Scores) -> Figure:
    figure, axes = new_axes("ROC curve (test split)")
    for name, score in scores.items():
        RocCurveDisplay.from_predictions(y_true, score, name=name, ax=axes)
    axes.plot([0, 1], [0, 1], linestyle=":", color="grey")
    return figure


def plot_precision_recall(y_true: np.ndarray, scores: Scores) -> Figure:
    figure, axes = new_axes("Precision-recall curve (test split)")
    for name, score in scores.items():
        PrecisionRecallDisplay.from_predictions(y_true, score, name=name, ax=axes)
    return figure


def calibration_bins(
    y_true: np.ndarray, score: np.ndarray, edges: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Mean score and observed positive rate of the rows in each bin of `edges` that holds at
    least one positive (an empty or positive-free bin has no point on a log scale).
    """
    bins = np.clip(np.searchsorted(edges, score, side="right") - 1, 0, len(edges) - 2)
    rows = np.bincount(bins, minlength=len(edges) - 1)
    positives = np.bincount(bins, weights=y_true, minlength=len(edges) - 1)
    totals = np.bincount(bins, weights=score, minlength=len(edges) - 1)
    kept = positives > 0
    return totals[kept] / rows[kept], positives[kept] / rows[kept]


def plot_calibration(y_true: np.ndarray, scores: Scores, log_scale: bool = False) -> Figure:
    """Predicted against observed positive rate: 10 bins of equal width or, with `log_scale`
    for rare positives (whose scores crowd near zero), 12 bins from 1e-4 to 1 on log axes.
    """
    if not log_scale:
        figure, axes = new_axes("Calibration (test split)")
        for name, score in scores.items():
            CalibrationDisplay.from_predictions(y_true, score, n_bins=10, name=name, ax=axes)
        return figure
    figure, axes = new_axes("Calibration (test split, log scale)")
    edges = np.concatenate([[0.0], np.geomspace(1e-4, 1.0, 13)[1:]])
    for name, score in scores.items():
        predicted, observed = calibration_bins(y_true, score, edges)
        axes.loglog(predicted, observed, marker="s", label=name)
    axes.loglog([1e-4, 1.0], [1e-4, 1.0], linestyle=":", color="grey", label="perfectly calibrated")
    axes.set_xlabel("mean score in the bin")
    axes.set_ylabel("observed positive rate in the bin")
    axes.legend(loc="lower right")
    return figure


def plot_confusion_matrix(
    y_true: np.ndarray, score: np.ndarray, threshold: float, labels: Sequence[str]
) -> Figure:
    """`labels` name the negative and the positive class, in that order."""
    figure, axes = new_axes(f"Confusion matrix at threshold {threshold:.3f}")
    ConfusionMatrixDisplay.from_predictions(
        y_true, score >= threshold, display_labels=list(labels), ax=axes, colorbar=False
    )
    return figure


def plot_importance(importance: pd.DataFrame, title: str) -> Figure:
    """`importance` has columns feature, mean and std; the largest mean is drawn on top."""
    ordered = importance.sort_values("mean")
    figure, axes = new_axes(title)
    axes.barh(ordered["feature"], ordered["mean"], xerr=ordered["std"], color="tab:blue")
    axes.tick_params(axis="y", labelsize=7)
    return figure


def cumulative_gains(y_true: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Share of rows acted on (highest scores first) against share of positives reached."""
    order = np.argsort(-score, kind="stable")
    reached = np.cumsum(y_true[order]) / max(int(y_true.sum()), 1)
    acted = np.arange(1, len(order) + 1) / len(order)
    return np.concatenate([[0.0], acted]), np.concatenate([[0.0], reached])


def plot_cumulative_gains(
    y_true: np.ndarray, scores: Scores, axis_labels: tuple[str, str], up_to: float = 1.0
) -> Figure:
    """Gains curves up to the share `up_to` of rows; `axis_labels` say what x and y count."""
    figure, axes = new_axes("Cumulative gains (test split)")
    for name, score in scores.items():
        acted, reached = cumulative_gains(y_true, score)
        shown = acted <= up_to
        axes.plot(acted[shown], reached[shown], label=name)
    axes.plot([0, up_to], [0, up_to], linestyle=":", color="grey", label="random")
    axes.set_xlabel(axis_labels[0])
    axes.set_ylabel(axis_labels[1])
    axes.legend(loc="lower right")
    return figure


def named_scores(
    scores: Mapping[str, np.ndarray], names: Mapping[str, str]
) -> dict[str, np.ndarray]:
    """The served model's and the other candidate's scores under the names figures show: each
    estimator's name in configs/model.yaml (`metadata["model_names"]`), the served one marked.
    """
    return {f"{names['main']} (served)": scores["main"], names["baseline"]: scores["baseline"]}


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


def standard_figures(
    y_true: np.ndarray,
    scores: Mapping[str, np.ndarray],
    threshold: float,
    importance: pd.DataFrame,
    texts: Mapping[str, str],
    names: Mapping[str, str],
    log_calibration: bool = False,
) -> dict[str, Figure]:
    """The served model against the other candidate in six figures: ROC, precision-recall,
    calibration, the confusion matrix at `threshold`, permutation importance and cumulative
    gains. `texts` name the outcomes (`negative`, `positive`), the gains axes (`acted`,
    `reached`) and the importance figure (`importance`), in the project's own words; `names` the
    models, by role (see `named_scores`).
    """
    named = named_scores(scores, names)
    return {
        "roc": plot_roc(y_true, named),
        "precision_recall": plot_precision_recall(y_true, named),
        "calibration": plot_calibration(y_true, named, log_scale=log_calibration),
        "confusion_matrix": plot_confusion_matrix(
            y_true, scores["main"], threshold, labels=(texts["negative"], texts["positive"])
        ),
        "permutation_importance": plot_importance(importance, texts["importance"]),
        "cumulative_gains": plot_cumulative_gains(
            y_true, named, (texts["acted"], texts["reached"])
        ),
    }
