"""Evaluation figures, drawn with matplotlib's Agg backend (no display needed) and saved as PNG."""

from collections.abc import Mapping
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before pyplot is imported anywhere: figures are files, never windows

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from sklearn.calibration import CalibrationDisplay  # noqa: E402
from sklearn.metrics import ConfusionMatrixDisplay, PrecisionRecallDisplay, RocCurveDisplay  # noqa: E402

Scores = Mapping[str, np.ndarray]


def new_axes(title: str) -> tuple[Figure, "matplotlib.axes.Axes"]:
    figure = Figure(figsize=(6, 4.5), layout="constrained")
    axes = figure.add_subplot()
    axes.set_title(title)
    return figure, axes


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


def plot_calibration(y_true: np.ndarray, scores: Scores) -> Figure:
    figure, axes = new_axes("Calibration (test split)")
    for name, score in scores.items():
        CalibrationDisplay.from_predictions(y_true, score, n_bins=10, name=name, ax=axes)
    return figure


def plot_confusion_matrix(y_true: np.ndarray, score: np.ndarray, threshold: float) -> Figure:
    figure, axes = new_axes(f"Confusion matrix at threshold {threshold:.3f}")
    ConfusionMatrixDisplay.from_predictions(
        y_true, score >= threshold, display_labels=["stays", "churns"], ax=axes, colorbar=False
    )
    return figure


def plot_permutation_importance(importance: pd.DataFrame) -> Figure:
    """`importance` has columns feature, mean, std (drop in ROC-AUC when a feature is shuffled)."""
    ordered = importance.sort_values("mean")
    figure, axes = new_axes("Permutation importance (drop in test ROC-AUC)")
    axes.barh(ordered["feature"], ordered["mean"], xerr=ordered["std"], color="tab:blue")
    axes.tick_params(axis="y", labelsize=7)
    return figure


def cumulative_gains(y_true: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Share of customers contacted (highest scores first) against share of churners reached."""
    order = np.argsort(-score, kind="stable")
    reached = np.cumsum(y_true[order]) / max(int(y_true.sum()), 1)
    contacted = np.arange(1, len(order) + 1) / len(order)
    return np.concatenate([[0.0], contacted]), np.concatenate([[0.0], reached])


def plot_cumulative_gains(y_true: np.ndarray, scores: Scores) -> Figure:
    figure, axes = new_axes("Cumulative gains (test split)")
    for name, score in scores.items():
        axes.plot(*cumulative_gains(y_true, score), label=name)
    axes.plot([0, 1], [0, 1], linestyle=":", color="grey", label="random")
    axes.set_xlabel("share of customers contacted")
    axes.set_ylabel("share of churners reached")
    axes.legend(loc="lower right")
    return figure


def save_figures(figures: Mapping[str, Figure], directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, figure in figures.items():
        path = directory / f"{name}.png"
        figure.savefig(path, dpi=110)
        paths.append(path)
    return paths
