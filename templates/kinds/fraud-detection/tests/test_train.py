import json

import mlflow
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import average_precision_score

from {{ package_name }}.classification import choose_threshold
from {{ package_name }}.config import (
    CostMatrix,
    EvaluationSettings,
    Settings,
)
from {{ package_name }}.dataset import load_split
from {{ package_name }}.features import split_features_target
from {{ package_name }}.metadata import load_model
from {{ package_name }}.modeling.metrics import (
    bootstrap_pr_auc,
    classification_metrics,
    cost_per_10k,
    recall_at_budget,
)

from .support import served_candidate

COSTS = CostMatrix(true_negative=0, false_positive=5, false_negative=120, true_positive=5)
METRIC_NAMES = {
    "pr_auc", "roc_auc", "recall_at_budget", "precision", "recall", "f1", "threshold",
    "expected_cost_per_10k",
}  # fmt: skip


def read_metrics(settings: Settings) -> dict[str, float]:
    return dict(json.loads((settings.paths.reports / "metrics.json").read_text()))


def test_recall_at_budget_takes_ties_at_the_cut_off_in_proportion() -> None:
    """A constant score reaches the budget's share wherever the frauds sit in the file."""
    actual = np.array([1] * 10 + [0] * 990)
    assert recall_at_budget(actual, np.full(1000, 0.3), 0.1) == pytest.approx(0.1)
    scores = np.array([0.9] + [0.5] * 999)  # one sure row, then 99 of 999 ties
    assert recall_at_budget(actual, scores, 0.1) == pytest.approx((1 + 9 * 99 / 999) / 10)


def test_recall_at_budget_counts_frauds_in_the_top_share() -> None:
    actual = np.array([1, 0, 0, 1, 0, 0, 0, 0, 0, 1])
    scores = np.array([0.9, 0.8, 0.15, 0.2, 0.3, 0.11, 0.12, 0.13, 0.14, 0.7])
    assert recall_at_budget(actual, scores, 0.2) == pytest.approx(1 / 3)  # reviews 0.9 and 0.8
    assert recall_at_budget(actual, scores, 0.3) == pytest.approx(2 / 3)
    assert recall_at_budget(actual, scores, 0.01) == pytest.approx(1 / 3)  # at least one review


def test_cost_per_10k_of_no_alerts_is_the_fraud_losses() -> None:
    actual = np.array([1] + [0] * 999)
    none = np.zeros(1000, dtype=bool)
    assert cost_per_10k(actual, none, COSTS) == pytest.approx(120 * 10)
    caught = none.copy()
    caught[:5] = True  # one fraud caught, four legitimate reviews
    assert cost_per_10k(actual, caught, COSTS) == pytest.approx(5 * 5 * 10)


def test_threshold_on_cost_catches_frauds_worth_a_review() -> None:
    """With a fraud costing 24 reviews, flag a row once it is at least ~1/24 likely to be fraud."""
    rng = np.random.default_rng(0)
    probability = rng.uniform(0, 0.2, 100_000)
    actual = rng.random(100_000) < probability  # calibrated scores
    threshold = choose_threshold(actual, probability, COSTS)
    assert threshold == pytest.approx(5 / 120, abs=0.01)


def test_metrics_of_a_constant_score_match_chance() -> None:
    actual = (np.arange(10_000) % 100 == 0).astype(int)
    evaluation = EvaluationSettings(costs=COSTS, alert_budget=0.1)
    metrics = classification_metrics(actual, np.full(10_000, 0.01), 1.0, evaluation)
    assert metrics["roc_auc"] == 0.5
    assert metrics["pr_auc"] == pytest.approx(0.01)
    assert metrics["recall_at_budget"] == pytest.approx(0.1)
    assert metrics["recall"] == 0.0
    assert metrics["expected_cost_per_10k"] == pytest.approx(100 * 120)


def test_bootstrap_intervals_surround_the_estimates_and_narrow_with_data() -> None:
    rng = np.random.default_rng(1)
    actual = rng.random(20_000) < 0.01
    noise = rng.normal(0, 1, 20_000)
    better, worse = actual * 2.0 + noise, actual * 1.0 + noise
    intervals = bootstrap_pr_auc(actual, better, worse, 100, seed=0)
    low, high = intervals["pr_auc"]
    assert low < average_precision_score(actual, better) < high
    assert intervals["gain"][0] > 0  # same rows, correlated errors: the gain is clear
    small = bootstrap_pr_auc(actual[:2000], better[:2000], worse[:2000], 100, seed=0)
    assert high - low < small["pr_auc"][1] - small["pr_auc"][0]
    same = bootstrap_pr_auc(actual, better, better, 50, seed=0)
    assert same["gain"] == (0.0, 0.0)


def test_metrics_file_is_flat_with_baselines(trained: Settings) -> None:
    metrics = read_metrics(trained)
    expected = {
        f"{prefix}{name}" for prefix in ("", "baseline_", "dummy_") for name in METRIC_NAMES
    }
    assert set(metrics) == expected
    assert all(isinstance(value, float) for value in metrics.values())


def test_served_model_won_on_validation_and_beats_no_model(trained: Settings) -> None:
    """Chosen on the validation split only; on test, every candidate's metrics are reported."""
    metrics = read_metrics(trained)
    _, metadata = load_model(trained.paths.models)
    winner = served_candidate(metadata, trained.evaluation.selection_metric)
    assert winner == metadata["model_names"]["main"]
    assert 0.5 < metrics["pr_auc"] < 0.97  # good, not perfect: some frauds look normal
    assert min(metrics["pr_auc"], metrics["baseline_pr_auc"]) > 10 * metrics["dummy_pr_auc"]
    assert metrics["expected_cost_per_10k"] < metrics["dummy_expected_cost_per_10k"]
    assert metrics["baseline_expected_cost_per_10k"] < metrics["dummy_expected_cost_per_10k"]
    assert metrics["dummy_recall"] == 0.0  # the dummy raises no alert: the cost of no model


def test_threshold_comes_from_the_validation_split(trained: Settings) -> None:
    model, metadata = load_model(trained.paths.models)
    features, target = split_features_target(load_split(trained, "validation"))
    scores = model.predict_proba(features)[:, 1]
    assert metadata["threshold"] == choose_threshold(
        target.to_numpy(), scores, trained.evaluation.costs
    )
    assert read_metrics(trained)["threshold"] == pytest.approx(metadata["threshold"], abs=1e-6)


def test_saved_model_carries_its_metadata(trained: Settings) -> None:
    _, metadata = load_model(trained.paths.models)
    assert len(metadata["data_sha256"]) == 64
    assert metadata["version"]
    assert pd.Timestamp(metadata["trained_at"]).tzinfo is not None
    assert set(metadata["metrics"]) == {"validation", "test"}
    assert "Class" not in metadata["feature_schema"]
    assert metadata["feature_schema"]["Amount"] == "float64"


def test_reports_figures_and_model_card_are_written(trained: Settings) -> None:
    names = {path.stem for path in trained.paths.figures.glob("*.png")}
    assert names == {
        "precision_recall", "roc", "cost_curve", "calibration", "confusion_matrix",
        "alert_budget", "contributions",
    }  # fmt: skip
    card = (trained.paths.reports / "model_card.md").read_text()
    assert "Expected cost per 10,000 test transactions" in card
    assert "95% bootstrap interval" in card
    assert "with no model at all (no alerts)" in card
    assert "Split by time" in card
    _, metadata = load_model(trained.paths.models)
    assert f"Served: `{metadata['selection']['chosen']}`" in card
    assert all(name in card for name in metadata["model_names"].values())
    slices = json.loads((trained.paths.reports / "slice_metrics.json").read_text())
    assert set(slices) == {"time_of_day", "amount"}


def test_run_is_tracked_in_the_local_mlflow_store(trained: Settings) -> None:
    _, metadata = load_model(trained.paths.models)
    store = trained.paths.root / trained.tracking.store
    client = mlflow.MlflowClient(tracking_uri=f"sqlite:///{store}")
    run = client.get_run(metadata["mlflow_run_id"])
    assert run.data.metrics["test_pr_auc"] == pytest.approx(read_metrics(trained)["pr_auc"])
    assert "validation_recall_at_budget" in run.data.metrics
    assert run.data.params["model.main.name"] == trained.model.main.name
    assert run.data.params["served"] == metadata["model_names"]["main"]
    models = client.search_logged_models(experiment_ids=[run.info.experiment_id])
    assert any(model.source_run_id == run.info.run_id for model in models)
