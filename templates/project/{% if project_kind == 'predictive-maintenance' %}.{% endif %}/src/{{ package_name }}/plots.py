"""Evaluation figures of both tasks; `reports.save_figures` writes them as PNG files.

Failure: the shared classification figures, the served model against the other candidate.
Remaining useful life: predicted against true RUL on the test engines, the error by how much life
was left, and the predicted RUL along a few validation engines' lives against the capped truth.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from frame.evaluation.binary import standard_figures
from frame.reports import new_axes
from .schemas import CYCLE_COLUMN, RUL_COLUMN, UNIT_COLUMN

FAILURE_TEXTS = {
    "negative": "runs",
    "positive": "fails",
    "acted": "share of processes inspected",
    "reached": "share of failures caught",
    "importance": "Permutation importance (drop in test PR-AUC)",
}
ERROR_EDGES = [25, 50, 75, 100, 125]  # true RUL bands: up to 25, 26 to 50, ..., above 125
TRAJECTORY_ENGINES = 4


def draw_failure_figures(
    y_true: np.ndarray,
    scores: dict[str, np.ndarray],
    threshold: float,
    importance: pd.DataFrame,
    names: dict[str, str],
) -> dict[str, Figure]:
    """Calibration on log axes: at a 3% failure rate the useful scores are small. `names`: each
    model's name by role, as training saved them (`metadata["model_names"]`).
    """
    return standard_figures(y_true, scores, threshold, importance, FAILURE_TEXTS, names, True)


def plot_predicted_vs_true(
    truth: np.ndarray, predicted: dict[str, np.ndarray], cap: int, names: dict[str, str]
) -> Figure:
    figure, axes = new_axes("Test engines: predicted against true RUL at the last cycle")
    top = float(max(truth.max(), *(values.max() for values in predicted.values()))) + 5
    axes.plot([0, top], [0, top], color="grey", linestyle="--", label="perfect")
    axes.axhline(cap, color="grey", linestyle=":", label=f"cap ({cap})")
    for role in ("linear", "main"):
        axes.scatter(truth, predicted[role], s=14, alpha=0.7, label=names[role])
    axes.set_xlabel("true RUL (cycles)")
    axes.set_ylabel("predicted RUL (cycles)")
    axes.legend()
    return figure


def plot_error_by_rul(
    truth: np.ndarray, predicted: dict[str, np.ndarray], names: dict[str, str]
) -> Figure:
    figure, axes = new_axes("RMSE by how much life was left (test engines)")
    band = np.digitize(truth, ERROR_EDGES, right=True)
    lower = [0, *(edge + 1 for edge in ERROR_EDGES)]
    labels = [f"{low}-{high}" for low, high in zip(lower, ERROR_EDGES, strict=False)]
    labels.append(f">{ERROR_EDGES[-1]}")
    positions = np.arange(len(labels))
    width = 0.8 / len(predicted)
    for offset, (role, values) in enumerate(predicted.items()):
        squared = (values - truth) ** 2
        rmse = [
            float(np.sqrt(squared[band == index].mean())) if (band == index).any() else 0.0
            for index in positions
        ]
        axes.bar(positions + offset * width, rmse, width, label=names[role])
    axes.set_xticks(positions + width * (len(predicted) - 1) / 2, labels)
    axes.set_xlabel("true RUL (cycles)")
    axes.set_ylabel("RMSE (cycles)")
    axes.legend()
    return figure


def plot_trajectories(validation: pd.DataFrame, predicted: np.ndarray, cap: int) -> Figure:
    figure, axes = new_axes("Validation engines: predicted RUL along their lives")
    units = validation[UNIT_COLUMN].drop_duplicates().head(TRAJECTORY_ENGINES)
    for unit in units:
        rows = (validation[UNIT_COLUMN] == unit).to_numpy()
        cycles = validation.loc[rows, CYCLE_COLUMN]
        (line,) = axes.plot(cycles, predicted[rows], label=f"engine {unit}")
        truth = np.minimum(validation.loc[rows, RUL_COLUMN], cap)
        axes.plot(cycles, truth, color=line.get_color(), linestyle="--")
    axes.set_xlabel("cycle")
    axes.set_ylabel("RUL (cycles; dashed: capped truth)")
    axes.legend()
    return figure


def draw_rul_figures(
    truth: np.ndarray,
    predicted: dict[str, np.ndarray],
    validation: pd.DataFrame,
    validation_predicted: np.ndarray,
    cap: int,
    names: dict[str, str],
) -> dict[str, Figure]:
    """`names`: each model's name by role, as training saved them (`metadata["model_names"]`);
    the served model is `main`.
    """
    served = {**names, "main": f"{names['main']} (served)"}
    return {
        "predicted_vs_true": plot_predicted_vs_true(truth, predicted, cap, served),
        "error_by_rul": plot_error_by_rul(truth, predicted, served),
        "engine_trajectories": plot_trajectories(validation, validation_predicted, cap),
    }
