"""The frame's binary-classification helpers (frame.evaluation.binary): the cost of each outcome, the
threshold search, metrics, slices, the model card's table, calibration bins and the gains curve.
"""

import numpy as np
import pandas as pd
import pytest
from frame.evaluation.binary import (
    CostMatrix,
    calibration_bins,
    choose_threshold,
    cumulative_gains,
    decision_metrics,
    metrics_table,
    ranking_metrics,
    slice_metrics,
    total_cost,
)

COSTS = CostMatrix(true_negative=0, false_positive=100, false_negative=500, true_positive=300)


def test_cost_of_each_outcome() -> None:
    actual = np.array([1, 1, 0, 0])
    flagged = np.array([1, 0, 1, 0])
    assert total_cost(actual, flagged, COSTS) == 300 + 500 + 100 + 0


def test_threshold_minimises_cost_and_prefers_fewer_alerts() -> None:
    actual = np.array([0, 0, 0, 1, 1, 1])
    scores = np.array([0.1, 0.2, 0.3, 0.7, 0.8, 0.9])
    threshold = choose_threshold(actual, scores, COSTS)
    assert 0.3 < threshold <= 0.7
    assert total_cost(actual, scores >= threshold, COSTS) == 900


def test_threshold_flags_nothing_when_no_alert_pays() -> None:
    costly = CostMatrix(true_negative=0, false_positive=100, false_negative=500, true_positive=490)
    actual = np.array([0, 0, 1, 0])
    scores = np.array([0.1, 0.9, 0.8, 0.95])  # every cut that catches the positive flags two rows
    threshold = choose_threshold(actual, scores, costly)
    assert not (scores >= threshold).any()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_threshold_search_equals_trying_every_cut(seed: int) -> None:
    rng = np.random.default_rng(seed)
    actual = rng.random(500) < 0.3
    scores = np.round(np.clip(actual * 0.3 + rng.random(500) * 0.7, 0, 1), 2)  # with ties
    candidates = np.unique(np.concatenate([np.linspace(0.0, 1.0, 101), scores]))
    totals = np.array([total_cost(actual, scores >= cut, COSTS) for cut in candidates])
    expected = candidates[np.flatnonzero(totals == totals.min())[-1]]
    assert choose_threshold(actual, scores, COSTS) == expected


def test_metrics_on_a_hand_checked_example() -> None:
    actual = np.array([1, 0, 1, 0, 0])
    scores = np.array([0.9, 0.8, 0.4, 0.3, 0.1])
    ranking = ranking_metrics(actual, scores)
    assert ranking["roc_auc"] == pytest.approx(5 / 6)  # 5 of the 6 positive-negative pairs ordered
    assert ranking["pr_auc"] == pytest.approx((1 / 1 + 2 / 3) / 2)
    decisions = decision_metrics(actual, scores >= 0.5)
    assert decisions == pytest.approx({"precision": 0.5, "recall": 0.5, "f1": 0.5})


def test_slices_report_size_rate_and_recall_per_value() -> None:
    frame = pd.DataFrame({"group": ["a", "a", "b", "b", "b"]})
    actual = np.array([1, 0, 1, 1, 0])
    scores = np.array([0.9, 0.1, 0.2, 0.8, 0.3])
    slices = slice_metrics(frame, actual, scores, 0.5, "group")
    assert slices["a"] == {"rows": 2, "positive_rate": 0.5, "recall": 1.0, "roc_auc": 1.0}
    assert slices["b"]["recall"] == 0.5
    assert slices["b"]["rows"] == 3


def test_metrics_table_has_a_column_per_model_in_role_order() -> None:
    metrics = {"pr_auc": 0.81234, "cost": 1234.4, "baseline_pr_auc": 0.5, "baseline_cost": 2000.0}
    metrics |= {"dummy_pr_auc": 0.01, "dummy_cost": 3000.0}
    names = {"main": "model", "baseline": "baseline", "dummy": "dummy"}
    table = metrics_table(metrics, names, money="cost").splitlines()
    assert table[0] == "| metric | model (served) | baseline | dummy |"
    assert table[2:] == ["| pr_auc | 0.812 | 0.500 | 0.010 |", "| cost | 1,234 | 2,000 | 3,000 |"]


def test_calibration_bins_compare_mean_score_with_observed_rate() -> None:
    actual = np.array([0, 0, 1, 0, 1, 1, 0, 0])
    score = np.array([0.01, 0.02, 0.03, 0.5, 0.6, 0.7, 0.8, 0.05])
    predicted, observed = calibration_bins(actual, score, np.array([0.0, 0.1, 1.0]))
    np.testing.assert_allclose(predicted, [0.11 / 4, 2.6 / 4])
    np.testing.assert_allclose(observed, [1 / 4, 2 / 4])
    _, rare = calibration_bins(actual, score, np.array([0.0, 0.015, 0.1, 1.0]))
    assert len(rare) == 2  # the bin below 0.015 holds no positive and has no point


def test_gains_curve_reaches_every_positive_at_the_end() -> None:
    actual = np.array([0, 1, 0, 1])
    acted, reached = cumulative_gains(actual, np.array([0.1, 0.9, 0.2, 0.8]))
    assert acted.tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert reached.tolist() == [0.0, 0.5, 1.0, 1.0, 1.0]
