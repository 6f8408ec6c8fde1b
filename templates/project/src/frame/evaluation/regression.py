"""Evaluating a regressor: error metrics, a bootstrap interval for the RMSE, and the figures that
show where the errors are (predicted against true, RMSE by band of the true value). A project's
evaluate, model card and plots modules pick from here and add their own (a domain's score, its
own slices).
"""

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from ..reports import new_axes

INTERVAL = (2.5, 97.5)  # percentiles of a 95% bootstrap interval


def errors(truth: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """Predicted minus true: positive where the prediction is too high."""
    difference: np.ndarray = np.asarray(predicted, dtype=float) - np.asarray(truth, dtype=float)
    return difference


def rmse(truth: np.ndarray, predicted: np.ndarray) -> float:
    return float(np.sqrt(np.mean(errors(truth, predicted) ** 2)))


def mae(truth: np.ndarray, predicted: np.ndarray) -> float:
    return float(np.mean(np.abs(errors(truth, predicted))))


def error_metrics(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """RMSE and MAE, in the unit of the target."""
    return {"rmse": rmse(truth, predicted), "mae": mae(truth, predicted)}


def bootstrap_rmse(
    truth: np.ndarray, main: np.ndarray, other: np.ndarray, samples: int, seed: int
) -> dict[str, list[float]]:
    """95% intervals, over rows drawn with replacement, of the main model's RMSE and of its
    difference with another model's on the same draws (negative: the main model is better).
    """
    truth, main, other = (np.asarray(values, dtype=float) for values in (truth, main, other))
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(truth), size=(samples, len(truth)))
    main_rmse = np.sqrt(np.mean((main[draws] - truth[draws]) ** 2, axis=1))
    other_rmse = np.sqrt(np.mean((other[draws] - truth[draws]) ** 2, axis=1))
    return {
        "rmse": [float(value) for value in np.percentile(main_rmse, INTERVAL)],
        "difference": [float(value) for value in np.percentile(main_rmse - other_rmse, INTERVAL)],
    }


def band_labels(edges: Sequence[float]) -> list[str]:
    """`0-25`, `26-50`, ..., `>125` for whole-number edges 25, 50, ..., 125."""
    lower = [0, *(edge + 1 for edge in edges)]
    labels = [f"{low:g}-{high:g}" for low, high in zip(lower, edges, strict=False)]
    return [*labels, f">{edges[-1]:g}"]


def rmse_by_band(
    truth: np.ndarray, predicted: np.ndarray, edges: Sequence[float]
) -> list[float | None]:
    """The RMSE of the rows whose true value falls in each band (up to edges[0], up to
    edges[1], ..., above the last); None for a band without rows.
    """
    band = np.digitize(truth, edges, right=True)
    squared = errors(truth, predicted) ** 2
    return [
        float(np.sqrt(squared[band == index].mean())) if (band == index).any() else None
        for index in range(len(edges) + 1)
    ]


def plot_predicted_vs_true(
    truth: np.ndarray,
    predicted: Mapping[str, np.ndarray],
    names: Mapping[str, str],
    title: str,
    quantity: str,
    ceiling: tuple[float, str] | None = None,
) -> Figure:
    """One point per row and model (in `predicted`'s order, each labelled by `names`), the
    diagonal, and a horizontal line at `ceiling` (value, label) when given. The last model, the
    one that matters, is drawn filled in the first colour (the colour `plot_error_by_band` gives
    the first); the others hollow, in the next colours, so that overlapping clouds stay apart.
    """
    figure, axes = new_axes(title)
    top = float(max(truth.max(), *(values.max() for values in predicted.values()))) + 5
    axes.plot([0, top], [0, top], color="grey", linestyle="--", label="perfect")
    if ceiling is not None:
        axes.axhline(ceiling[0], color="grey", linestyle=":", label=ceiling[1])
    for position, (role, values) in enumerate(predicted.items()):
        if position == len(predicted) - 1:
            axes.scatter(truth, values, s=16, alpha=0.8, color="C0", label=names[role])
        else:
            axes.scatter(
                truth,
                values,
                s=22,
                facecolors="none",
                edgecolors=f"C{position + 1}",
                linewidths=0.8,
                alpha=0.7,
                label=names[role],
            )
    axes.set_xlabel(f"true {quantity}")
    axes.set_ylabel(f"predicted {quantity}")
    axes.legend()
    return figure


def plot_error_by_band(
    truth: np.ndarray,
    predicted: Mapping[str, np.ndarray],
    names: Mapping[str, str],
    edges: Sequence[float],
    title: str,
    quantity: str,
    unit: str,
    counted: str | None = None,
) -> Figure:
    """Bars of each model's RMSE per band of the true value (an empty band shows no bar); with
    `counted` (what a row is, e.g. "engines"), each band's label says how many rows it holds.
    """
    figure, axes = new_axes(title)
    labels = band_labels(edges)
    if counted is not None:
        index = np.digitize(truth, edges, right=True)
        counts = [int((index == position).sum()) for position in range(len(labels))]
        labels = [
            f"{label}\n{count} {counted}" for label, count in zip(labels, counts, strict=True)
        ]
    positions = np.arange(len(labels))
    width = 0.8 / len(predicted)
    for offset, (role, values) in enumerate(predicted.items()):
        heights = [value or 0.0 for value in rmse_by_band(truth, values, edges)]
        axes.bar(positions + offset * width, heights, width, label=names[role])
    axes.set_xticks(positions + width * (len(predicted) - 1) / 2, labels)
    axes.set_xlabel(f"true {quantity}")
    axes.set_ylabel(f"RMSE ({unit})")
    axes.legend()
    return figure
