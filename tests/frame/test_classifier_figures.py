"""The binary classifier's figures (frame.classifier.figures): what each one says, read back from the
drawn figure, and the same PNG bytes for the same scores.
"""

import io

import numpy as np
import pandas as pd
import pytest
from frame.classifier.figures import (
    calibration_table,
    cumulative_gains,
    gains_zoom,
    operating_point,
    plot_confusion_matrix,
    plot_cost_curve,
    plot_cumulative_gains,
    plot_precision_recall,
    standard_figures,
)
from frame.evaluation.binary import CostMatrix
from matplotlib.figure import Figure

COSTS = CostMatrix(true_negative=0, false_positive=5, false_negative=120, true_positive=5)
NAMES = {"main": "boosting", "baseline": "logistic", "dummy": "dummy"}
TEXTS = {
    "negative": "stays", "positive": "churns", "acted": "contacted", "reached": "reached",
    "importance": "Permutation importance", "importance_axis": "drop in ROC-AUC",
}  # fmt: skip


def rare_positives(rows: int = 50_000, seed: int = 0) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """About 0.3% positives, the served model's scores better than the other's."""
    rng = np.random.default_rng(seed)
    actual = (rng.random(rows) < 0.003).astype(int)
    served = np.clip(rng.beta(1, 60, rows) + actual * rng.beta(2, 3, rows), 0, 1)
    other = np.clip(rng.beta(1, 40, rows) + actual * rng.beta(1, 4, rows), 0, 1)
    return actual, {"main": served, "baseline": other}


def texts_of(figure: Figure) -> list[str]:
    return [text.get_text() for text in figure.axes[0].texts]


def legend_of(figure: Figure) -> list[str]:
    legend = figure.axes[0].get_legend()
    assert legend is not None
    return [text.get_text() for text in legend.get_texts()]


def png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=60)
    return buffer.getvalue()


def test_confusion_matrix_shows_counts_with_separators_and_row_rates() -> None:
    actual, scores = rare_positives()
    figure = plot_confusion_matrix(actual, scores["main"], 0.2, labels=("legitimate", "fraud"))
    flagged = scores["main"] >= 0.2
    true_negative = int(np.sum((actual == 0) & ~flagged))
    cells = texts_of(figure)
    assert len(cells) == 4
    assert cells[0].startswith(f"{true_negative:,}\n")
    assert "e+" not in "".join(cells)
    assert cells[0].endswith("of actual legitimate") and cells[3].endswith("of actual fraud")
    caught = int(np.sum((actual == 1) & flagged)) / int(actual.sum())
    assert f"{caught:.1%} of actual fraud" in cells[3]
    image = figure.axes[0].images[0].get_array()
    assert image is not None
    np.testing.assert_allclose(np.asarray(image).sum(axis=1), [1.0, 1.0])  # colour: row rates


def test_precision_recall_marks_prevalence_and_the_operating_point() -> None:
    actual, scores = rare_positives()
    named = {"boosting (served)": scores["main"], "logistic": scores["baseline"]}
    figure = plot_precision_recall(actual, named, 0.2)
    point = operating_point(actual, scores["main"], 0.2)
    labels = legend_of(figure)
    assert f"positive rate {actual.mean():.2%} (random)" in labels
    assert any(label.startswith("threshold 0.200: precision") for label in labels)
    axes = figure.axes[0]
    assert "Positive label" not in axes.get_xlabel() + axes.get_ylabel()
    marker = next(line for line in axes.get_lines() if line.get_marker() == "o")
    assert marker.get_xydata().tolist() == [[point["recall"], point["precision"]]]


def test_gains_zoom_keeps_the_budget_and_the_operating_point_in_view() -> None:
    actual, scores = rare_positives()
    named = {"boosting (served)": scores["main"]}
    figure = plot_cumulative_gains(actual, named, 0.2, ("reviewed", "caught"), title="Alert budget", budget=0.005)
    axes = figure.axes[0]
    assert axes.get_title() == "Alert budget"
    flagged = operating_point(actual, scores["main"], 0.2)["flagged"]
    assert axes.get_xlim() == (0.0, gains_zoom(flagged, 0.005, float(actual.mean())))
    assert axes.get_xlim()[1] < 0.1
    assert any(label.startswith("budget 0.5%: ") for label in legend_of(figure))
    assert gains_zoom(0.37, 0.27) == 1.0 and gains_zoom(0.004, 0.005) == 0.02


def test_cost_curve_marks_the_chosen_threshold_and_the_break_even() -> None:
    actual, scores = rare_positives()
    figure = plot_cost_curve(actual, {"boosting (served)": scores["main"]}, 0.02, COSTS, 10_000, "transactions", True)
    labels = legend_of(figure)
    assert any(label.startswith("chosen 0.020: ") for label in labels)
    assert "break-even of the costs 0.042" in labels
    nobody = 10_000 * 120 * actual.sum() / len(actual)
    assert f"flag nothing: {nobody:,.0f}" in labels


def test_calibration_table_counts_rows_and_positives_per_bin() -> None:
    actual = np.array([0, 0, 1, 0, 1, 1, 0, 0])
    score = np.array([0.01, 0.02, 0.03, 0.5, 0.6, 0.7, 0.8, 0.05])
    table = calibration_table(actual, score, np.array([0.0, 0.1, 0.55, 1.0]))
    assert table["rows"].tolist() == [4, 1, 3]
    assert table["positives"].tolist() == [1, 0, 2]
    np.testing.assert_allclose(table["mean_score"], [0.11 / 4, 0.5, 2.1 / 3])
    np.testing.assert_allclose(table["observed"], [1 / 4, 0, 2 / 3])


def test_gains_curve_reaches_every_positive_at_the_end() -> None:
    actual = np.array([0, 1, 0, 1])
    acted, reached = cumulative_gains(actual, np.array([0.1, 0.9, 0.2, 0.8]))
    assert acted.tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert reached.tolist() == [0.0, 0.5, 1.0, 1.0, 1.0]


@pytest.mark.parametrize("log_calibration", [False, True])
def test_the_same_scores_draw_the_same_bytes(log_calibration: bool) -> None:
    actual, scores = rare_positives(rows=5_000, seed=1)
    importance = pd.DataFrame({"feature": ["a", "b"], "mean": [0.1, 0.2], "std": [0.01, 0.0]})

    def draw() -> dict[str, bytes]:
        figures = standard_figures(actual, scores, 0.2, importance, TEXTS, NAMES, log_calibration)
        return {name: png(figure) for name, figure in figures.items()}

    first, second = draw(), draw()
    assert set(first) == {
        "roc", "precision_recall", "calibration", "confusion_matrix", "permutation_importance",
        "cumulative_gains",
    }  # fmt: skip
    assert first == second
