import json

import mlflow
import numpy as np
import pandas as pd
import pytest

from {{ package_name }}.classification import choose_threshold
from {{ package_name }}.config import (
    EstimatorSettings,
    FailureSettings,
    ProjectSettings,
    RulSettings,
)
from {{ package_name }}.dataset import load_split
from {{ package_name }}.features import split_features_target
from {{ package_name }}.metadata import load_model
from {{ package_name }}.modeling.metrics import (
    nasa_score,
    regression_metrics,
)
from {{ package_name }}.modeling.train import select_regressor

from .support import served_candidate

FAILURE_METRICS = {"roc_auc", "pr_auc", "f1", "precision", "recall", "threshold"}
RUL_METRICS = {"rmse", "mae", "nasa_score"}


def read_json(settings: ProjectSettings, name: str) -> dict:
    return dict(json.loads((settings.paths.reports / name).read_text()))


def mlflow_run(settings: ProjectSettings):
    _, metadata = load_model(settings.paths.models)
    store = settings.paths.root / settings.tracking.store
    client = mlflow.MlflowClient(tracking_uri=f"sqlite:///{store}")
    return client, client.get_run(metadata["mlflow_run_id"])


def test_nasa_score_punishes_late_more_than_early() -> None:
    assert nasa_score(np.array([50.0]), np.array([50.0])) == 0.0
    assert nasa_score(np.array([50.0]), np.array([60.0])) == pytest.approx(np.e - 1)
    assert nasa_score(np.array([50.0]), np.array([37.0])) == pytest.approx(np.e - 1)
    assert nasa_score(np.array([50.0]), np.array([60.0])) > nasa_score(
        np.array([50.0]), np.array([40.0])
    )


def test_regression_metrics_on_a_hand_worked_example() -> None:
    metrics = regression_metrics(np.array([10.0, 20.0]), np.array([13.0, 16.0]))
    assert metrics["rmse"] == pytest.approx(np.sqrt((9 + 16) / 2))
    assert metrics["mae"] == pytest.approx(3.5)
    assert metrics["nasa_score"] == pytest.approx(np.expm1(0.3) + np.expm1(4 / 13))


# Machine failure
def test_failure_metrics_file_is_flat_with_baselines(trained: FailureSettings) -> None:
    metrics = read_json(trained, "metrics.json")
    prefixes = ("", "baseline_", "dummy_")
    assert set(metrics) == {f"{prefix}{name}" for prefix in prefixes for name in FAILURE_METRICS}
    assert trained.paths.reports == trained.paths.root / "reports/failure"


def test_failure_model_won_on_validation_and_beats_the_dummy(trained: FailureSettings) -> None:
    """Chosen on the validation split only; on test, every candidate's metrics are reported."""
    metrics = read_json(trained, "metrics.json")
    _, metadata = load_model(trained.paths.models)
    winner = served_candidate(metadata, trained.evaluation.selection_metric)
    assert winner == metadata["model_names"]["main"]
    assert min(metrics["pr_auc"], metrics["baseline_pr_auc"]) > 5 * metrics["dummy_pr_auc"]
    assert min(metrics["roc_auc"], metrics["baseline_roc_auc"]) > metrics["dummy_roc_auc"] == 0.5
    costs = read_json(trained, "slice_metrics.json")["cost_per_1000"]
    assert max(costs["main"], costs["baseline"]) < costs["never_inspect"]


def test_threshold_comes_from_the_validation_split(trained: FailureSettings) -> None:
    model, metadata = load_model(trained.paths.models)
    features, target = split_features_target(load_split(trained, "validation"))
    scores = model.predict_proba(features)[:, 1]
    assert metadata["threshold"] == choose_threshold(
        target.to_numpy(), scores, trained.evaluation.costs
    )
    assert read_json(trained, "metrics.json")["threshold"] == pytest.approx(
        metadata["threshold"], abs=1e-6
    )


def test_failure_model_metadata_and_reports(trained: FailureSettings) -> None:
    _, metadata = load_model(trained.paths.models)
    assert set(metadata["metrics"]) == {"validation", "test"}
    assert set(metadata["feature_schema"]) == {
        "Type", "Air temperature [K]", "Process temperature [K]", "Rotational speed [rpm]",
        "Torque [Nm]", "Tool wear [min]",
    }  # fmt: skip
    assert pd.Timestamp(metadata["trained_at"]).tzinfo is not None
    names = {path.stem for path in trained.paths.figures.glob("*.png")}
    assert names == {
        "roc", "precision_recall", "calibration", "confusion_matrix", "permutation_importance",
        "cumulative_gains",
    }  # fmt: skip
    card = (trained.paths.reports / "model_card.md").read_text()
    assert "## Which failures it catches" in card and "never inspecting" in card
    assert f"Served: `{metadata['selection']['chosen']}`" in card
    assert all(name in card for name in metadata["model_names"].values())
    caught = read_json(trained, "slice_metrics.json")["caught_by_mode"]
    assert caught["HDF"]["flagged"] > 0.7 and caught["PWF"]["flagged"] > 0.7


def test_failure_run_is_tracked(trained: FailureSettings) -> None:
    client, run = mlflow_run(trained)
    assert run.data.metrics["test_pr_auc"] == pytest.approx(
        read_json(trained, "metrics.json")["pr_auc"]
    )
    assert run.data.params["model.main.name"] == trained.model.main.name
    assert run.data.params["served"] == load_model(trained.paths.models)[1]["model_names"]["main"]
    artifacts = {item.path for item in client.list_artifacts(run.info.run_id, "reports")}
    assert "reports/metrics.json" in artifacts


# Remaining useful life
def test_rul_metrics_file_is_flat_with_baselines(trained_rul: RulSettings) -> None:
    metrics = read_json(trained_rul, "metrics.json")
    prefixes = ("", "linear_", "baseline_")
    assert set(metrics) == {f"{prefix}{name}" for prefix in prefixes for name in RUL_METRICS}


def test_rul_model_beats_the_training_mean_by_far(trained_rul: RulSettings) -> None:
    metrics = read_json(trained_rul, "metrics.json")
    assert metrics["rmse"] < 0.6 * metrics["baseline_rmse"]
    assert metrics["mae"] < 0.6 * metrics["baseline_mae"]
    assert metrics["nasa_score"] < 0.2 * metrics["baseline_nasa_score"]
    # The served model won on validation RMSE; on test it is level with the other candidate.
    assert metrics["rmse"] < metrics["linear_rmse"] + 2.0
    details = read_json(trained_rul, "slice_metrics.json")
    near = details["near_failure"]
    assert max(near["main"], near["linear"]) < near["baseline"]
    low, high = details["bootstrap"]["rmse"]
    assert low < metrics["rmse"] < high


def test_rul_is_scored_per_test_engine_at_its_last_cycle(trained_rul: RulSettings) -> None:
    details = read_json(trained_rul, "slice_metrics.json")
    test = load_split(trained_rul, "test")
    assert details["engines"] == test["unit"].nunique() == 100
    worst = details["worst_engines"][0]
    engine = test[test["unit"] == worst["unit"]]
    assert worst["last_cycle"] == engine["cycle"].max() and worst["true_rul"] == engine["RUL"].min()


def test_rul_model_metadata_and_reports(trained_rul: RulSettings) -> None:
    _, metadata = load_model(trained_rul.paths.models)
    assert metadata["rul_cap"] == 125 and metadata["windows"] == [10, 20, 30]
    assert metadata["flat_sensors"] == ["s_1", "s_5", "s_6", "s_10", "s_16", "s_18", "s_19"]
    assert set(metadata["metrics"]["validation"]) == {"rmse", "mae"}
    assert "s_4_slope_30" in metadata["feature_schema"]
    names = {path.stem for path in trained_rul.paths.figures.glob("*.png")}
    assert names == {"predicted_vs_true", "error_by_rul", "engine_trajectories"}
    card = (trained_rul.paths.reports / "model_card.md").read_text()
    assert "## Test metrics against baselines" in card and "Split by engine" in card
    validation = metadata["selection"]["validation"]
    winner = min(validation, key=lambda name: validation[name]["rmse"])
    assert metadata["selection"]["chosen"] == winner == metadata["model"]["name"]
    assert f"Served: `{winner}`" in card
    assert all(name in card for name in metadata["model_names"].values())


def test_rul_serves_the_candidate_with_the_lower_validation_rmse() -> None:
    specs = {
        "main": EstimatorSettings(name="hist_gradient_boosting"),
        "linear": EstimatorSettings(name="ridge"),
    }
    scores = {"main": {"rmse": 21.0, "mae": 15.0}, "linear": {"rmse": 19.5, "mae": 16.0}}
    selection, served = select_regressor(specs, scores)
    assert served == "linear" and selection["chosen"] == "ridge"
    expected = {"hist_gradient_boosting": scores["main"], "ridge": scores["linear"]}
    assert selection["validation"] == expected
    tie = {"main": scores["linear"], "linear": scores["linear"]}
    assert select_regressor(specs, tie)[1] == "main"


def test_rul_run_is_tracked(trained_rul: RulSettings) -> None:
    client, run = mlflow_run(trained_rul)
    assert run.data.metrics["test_rmse"] == pytest.approx(
        read_json(trained_rul, "metrics.json")["rmse"]
    )
    assert "validation_rmse" in run.data.metrics
    assert run.data.params["task"] == "rul"
    models = client.search_logged_models(experiment_ids=[run.info.experiment_id])
    assert any(model.source_run_id == run.info.run_id for model in models)
