"""frame.evaluation.regression: error metrics, the bootstrap interval and the figures."""

import numpy as np
import pytest
from frame.evaluation.regression import (
    band_labels,
    bootstrap_rmse,
    error_metrics,
    plot_error_by_band,
    plot_predicted_vs_true,
    rmse_by_band,
)
from matplotlib.patches import Rectangle

TRUTH = np.array([10.0, 20.0, 30.0, 40.0])


def test_error_metrics_by_hand() -> None:
    predicted = np.array([12.0, 18.0, 30.0, 44.0])  # errors 2, -2, 0, 4
    metrics = error_metrics(TRUTH, predicted)
    assert metrics["rmse"] == pytest.approx(np.sqrt((4 + 4 + 0 + 16) / 4))
    assert metrics["mae"] == pytest.approx(2.0)
    assert error_metrics(TRUTH, TRUTH) == {"rmse": 0.0, "mae": 0.0}


def test_bootstrap_interval_holds_the_rmse_and_is_seeded() -> None:
    rng = np.random.default_rng(0)
    truth = rng.uniform(0, 100, size=200)
    main = truth + rng.normal(0, 5, size=200)
    other = truth + rng.normal(0, 10, size=200)
    interval = bootstrap_rmse(truth, main, other, samples=300, seed=1)
    low, high = interval["rmse"]
    assert low < error_metrics(truth, main)["rmse"] < high
    assert interval["difference"][1] < 0  # the main model is clearly better
    assert bootstrap_rmse(truth, main, other, samples=300, seed=1) == interval
    assert bootstrap_rmse(truth, main, other, samples=300, seed=2) != interval


def test_bootstrap_of_a_perfect_model_is_zero() -> None:
    interval = bootstrap_rmse(TRUTH, TRUTH, TRUTH + 1, samples=20, seed=0)
    assert interval["rmse"] == [0.0, 0.0]
    assert interval["difference"] == [-1.0, -1.0]


def test_bands_and_their_rmse() -> None:
    assert band_labels([25, 50]) == ["0-25", "26-50", ">50"]
    truth = np.array([5.0, 25.0, 30.0, 80.0])
    predicted = np.array([8.0, 21.0, 30.0, 80.0])  # band 0: errors 3 and -4; band 1: 0
    assert rmse_by_band(truth, predicted, [25, 50, 75]) == [
        pytest.approx(np.sqrt(12.5)),
        0.0,
        None,  # nothing between 51 and 75
        0.0,
    ]


def test_figures_show_every_model() -> None:
    predicted = {"linear": TRUTH + 3, "main": TRUTH - 1}
    names = {"linear": "ridge", "main": "boosting (served)"}
    scatter = plot_predicted_vs_true(TRUTH, predicted, names, "t", "RUL", ceiling=(35, "cap"))
    labels = scatter.axes[0].get_legend_handles_labels()[1]
    assert labels == ["perfect", "cap", "ridge", "boosting (served)"]
    assert scatter.axes[0].get_xlabel() == "true RUL"
    bars = plot_error_by_band(TRUTH, predicted, names, [25], "t", "RUL (cycles)", "cycles")
    axes = bars.axes[0]
    assert [tick.get_text() for tick in axes.get_xticklabels()] == ["0-25", ">25"]
    heights = [patch.get_height() for patch in axes.patches if isinstance(patch, Rectangle)]
    assert heights == pytest.approx([3.0, 3.0, 1.0, 1.0])
    assert axes.get_ylabel() == "RMSE (cycles)"
    counted = plot_error_by_band(TRUTH, predicted, names, [25], "t", "RUL", "cycles", "engines")
    ticks = [tick.get_text() for tick in counted.axes[0].get_xticklabels()]
    assert ticks == [f"0-25\n{(TRUTH <= 25).sum()} engines", f">25\n{(TRUTH > 25).sum()} engines"]
