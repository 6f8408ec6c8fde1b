"""Evaluation figures; `reports.save_figures` writes them as PNG files."""

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from sklearn.calibration import CalibrationDisplay
from sklearn.metrics import ConfusionMatrixDisplay, PrecisionRecallDisplay, RocCurveDisplay

from .reports import new_axes

Scores = Mapping[str, np.ndarray]


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
