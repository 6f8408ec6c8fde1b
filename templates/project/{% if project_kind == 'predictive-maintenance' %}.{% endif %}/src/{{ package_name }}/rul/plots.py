"""Evaluation figures of remaining useful life; `frame.reports.save_figures` writes them as PNG
files. Predicted against true RUL on the test engines and the error by how much life was left
(the regressor's figures, frame.evaluation.regression; the late side shaded, the worst engines
named, each band's engine count shown), and the predicted RUL along a few validation engines'
lives against the capped truth.
"""

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from frame.evaluation.regression import plot_error_by_band, plot_predicted_vs_true
from frame.reports import new_axes

from .schemas import CYCLE_COLUMN, RUL_COLUMN, UNIT_COLUMN

ERROR_EDGES = [25, 50, 75, 100, 125]  # true RUL bands: up to 25, 26 to 50, ..., above 125
TRAJECTORY_ENGINES = 4
WORST_LABELLED = 3  # engines named on the predicted-against-true figure
QUANTITY = "RUL (cycles)"


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


def mark_late_and_worst(
    figure: Figure, truth: np.ndarray, predicted: np.ndarray, units: np.ndarray
) -> Figure:
    """Shade the late side of the diagonal (more life predicted than was left: the engine may
    fail in service) and name the engines with the largest errors.
    """
    axes = figure.axes[0]
    top = axes.get_xlim()[1]
    axes.fill_between([0, top], [0, top], [top, top], color="tab:red", alpha=0.06, zorder=0)
    axes.text(0.03 * top, 0.92 * top, "late: the dangerous side", color="tab:red", fontsize=8)
    for i in np.argsort(-np.abs(predicted - truth))[:WORST_LABELLED]:
        axes.annotate(
            f"engine {units[i]}",
            (truth[i], predicted[i]),
            textcoords="offset points",
            xytext=(4, 4),
            fontsize=7,
        )
    return figure


def draw_rul_figures(
    truth: np.ndarray,
    predicted: dict[str, np.ndarray],
    units: np.ndarray,
    validation: pd.DataFrame,
    validation_predicted: np.ndarray,
    cap: int,
    names: dict[str, str],
) -> dict[str, Figure]:
    """`names`: each model's name by role, as training saved them (`metadata["model_names"]`);
    the served model is `main`. `units`: the test engine of each entry of `truth`.
    """
    served = {**names, "main": f"{names['main']} (served)"}
    candidates = {role: predicted[role] for role in ("baseline", "main")}
    scatter = plot_predicted_vs_true(
        truth,
        candidates,
        served,
        "Test engines: predicted against true RUL at the last cycle",
        QUANTITY,
        ceiling=(cap, f"cap ({cap})"),
    )
    return {
        "predicted_vs_true": mark_late_and_worst(scatter, truth, predicted["main"], units),
        "error_by_rul": plot_error_by_band(
            truth,
            predicted,
            served,
            ERROR_EDGES,
            "RMSE by how much life was left (test engines)",
            QUANTITY,
            "cycles",
            counted="engines",
        ),
        "engine_trajectories": plot_trajectories(validation, validation_predicted, cap),
    }
