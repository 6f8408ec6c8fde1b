"""The frame's binary-classification helpers (frame.evaluation.binary): the cost of each outcome, the
threshold search, the break-even, metrics, slices and the model card's tables.
"""

import numpy as np
import pandas as pd
import pytest
from frame.evaluation.binary import (
    CostMatrix,
    break_even_threshold,
    choose_threshold,
    costs_at_thresholds,
    decision_metrics,
    metrics_table,
    ranking_metrics,
    slice_metrics,
    slices_table,
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


def test_costs_at_thresholds_equal_the_cost_of_each_cut() -> None:
    rng = np.random.default_rng(3)
    actual = rng.random(300) < 0.2
    scores = np.round(rng.random(300), 2)
    cuts = np.array([0.0, 0.15, 0.5, 0.99, 1.0, np.inf])
    expected = [total_cost(actual, scores >= cut, COSTS) for cut in cuts]
    assert costs_at_thresholds(actual, scores, cuts, COSTS).tolist() == expected


def test_break_even_is_where_flagging_and_leaving_cost_the_same() -> None:
    even = break_even_threshold(COSTS)  # flag: p * 300 + (1 - p) * 100; leave: p * 500
    assert even == pytest.approx(1 / 3)
    assert even * 300 + (1 - even) * 100 == pytest.approx(even * 500)
    fraud = CostMatrix(true_negative=0, false_positive=5, false_negative=120, true_positive=5)
    assert break_even_threshold(fraud) == pytest.approx(5 / 120)
    free = CostMatrix(true_negative=10, false_positive=0, false_negative=500, true_positive=0)
    assert break_even_threshold(free) == 0.0  # a wasted alert costs nothing: flag everything


def test_metrics_on_a_hand_checked_example() -> None:
    actual = np.array([1, 0, 1, 0, 0])
    scores = np.array([0.9, 0.8, 0.4, 0.3, 0.1])
    ranking = ranking_metrics(actual, scores)
    assert ranking["roc_auc"] == pytest.approx(5 / 6)  # 5 of the 6 positive-negative pairs ordered
    assert ranking["pr_auc"] == pytest.approx((1 / 1 + 2 / 3) / 2)
    decisions = decision_metrics(actual, scores >= 0.5)
    assert decisions == pytest.approx({"precision": 0.5, "recall": 0.5, "f1": 0.5})


def test_slices_report_counts_rates_and_recall_per_value() -> None:
    frame = pd.DataFrame({"group": ["a", "a", "b", "b", "b"]})
    actual = np.array([1, 0, 1, 1, 0])
    scores = np.array([0.9, 0.1, 0.2, 0.8, 0.6])
    slices = slice_metrics(frame, actual, scores, 0.5, "group")
    assert slices["a"] == {
        "rows": 2, "positives": 1, "flagged": 1, "caught": 1, "positive_rate": 0.5,
        "recall": 1.0, "roc_auc": 1.0,
    }  # fmt: skip
    assert slices["b"] == pytest.approx(
        {"rows": 3, "positives": 2, "flagged": 2, "caught": 1, "positive_rate": 2 / 3,
         "recall": 0.5, "roc_auc": 0.5}
    )  # fmt: skip
    table = slices_table({"group": slices}, rows="customers", positives="churners").splitlines()
    assert table[0].startswith("| slice | customers | churners (rate) | flagged |")
    assert table[3] == "| group = b | 3 | 2 (66.7%) | 2 | 1 of 2 (0.500) | 0.500 |"


def test_metrics_table_has_a_column_per_model_in_role_order() -> None:
    metrics = {"pr_auc": 0.81234, "cost": 1234.4, "baseline_pr_auc": 0.5, "baseline_cost": 2000.0}
    metrics |= {"dummy_pr_auc": 0.01, "dummy_cost": 3000.0}
    names = {"main": "model", "baseline": "baseline", "dummy": "dummy"}
    table = metrics_table(metrics, names, money="cost").splitlines()
    assert table[0] == "| metric | model (served) | baseline | dummy |"
    assert table[2:] == ["| pr_auc | 0.812 | 0.500 | 0.010 |", "| cost | 1,234 | 2,000 | 3,000 |"]
