import json

import mlflow
import numpy as np
import pandas as pd
import pytest

from {{ package_name }}.classification import choose_threshold
from {{ package_name }}.config import CostMatrix, Settings
from {{ package_name }}.dataset import load_split
from {{ package_name }}.features import split_features_target
from {{ package_name }}.metadata import load_model
from {{ package_name }}.modeling.metrics import expected_saving

from .support import served_candidate

COSTS = CostMatrix(true_negative=0, false_positive=100, false_negative=500, true_positive=300)
METRIC_NAMES = {
    "roc_auc", "pr_auc", "f1", "precision", "recall", "accuracy", "brier", "threshold",
    "expected_saving",
}  # fmt: skip


def read_metrics(settings: Settings) -> dict[str, float]:
    return dict(json.loads((settings.paths.reports / "metrics.json").read_text()))


def test_saving_is_against_contacting_nobody() -> None:
    actual = np.array([1, 1, 0, 0])
    flagged = np.array([1, 0, 1, 0])
    assert expected_saving(actual, flagged, COSTS) == (500 + 500) - (300 + 500 + 100)


def test_metrics_file_is_flat_with_baselines(trained: Settings) -> None:
    metrics = read_metrics(trained)
    expected = {
        f"{prefix}{name}" for prefix in ("", "baseline_", "dummy_") for name in METRIC_NAMES
    }
    assert set(metrics) == expected
    assert all(isinstance(value, float) for value in metrics.values())


def test_served_model_won_on_validation_and_beats_the_dummy(trained: Settings) -> None:
    """Chosen on the validation split only; on test, every candidate's metrics are reported."""
    metrics = read_metrics(trained)
    _, metadata = load_model(trained.paths.models)
    winner = served_candidate(metadata, trained.evaluation.selection_metric)
    assert winner == metadata["model_names"]["main"]
    assert metadata["metrics"]["validation"] == metadata["selection"]["validation"][winner]
    assert 0.8 <= metrics["roc_auc"] <= 0.95
    assert metrics["roc_auc"] > metrics["dummy_roc_auc"] + 0.2
    assert metrics["baseline_roc_auc"] > metrics["dummy_roc_auc"] + 0.2
    assert metrics["expected_saving"] > max(metrics["dummy_expected_saving"], 0)


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
    assert metadata["git_commit"] is None  # the temporary project is not a git work tree
    assert len(metadata["data_sha256"]) == 64
    assert metadata["version"]
    assert pd.Timestamp(metadata["trained_at"]).tzinfo is not None
    assert set(metadata["metrics"]) == {"validation", "test"}
    assert "customerID" not in metadata["feature_schema"]
    assert metadata["feature_schema"]["tenure"] == "int64"


def test_reports_figures_and_model_card_are_written(trained: Settings) -> None:
    names = {path.stem for path in trained.paths.figures.glob("*.png")}
    assert names == {
        "roc", "precision_recall", "calibration", "confusion_matrix", "permutation_importance",
        "cumulative_gains",
    }  # fmt: skip
    card = (trained.paths.reports / "model_card.md").read_text()
    assert "Expected saving on the test split" in card
    _, metadata = load_model(trained.paths.models)
    assert f"Served: `{metadata['selection']['chosen']}`" in card
    assert all(name in card for name in metadata["model_names"].values())


def test_run_is_tracked_in_the_local_mlflow_store(trained: Settings) -> None:
    _, metadata = load_model(trained.paths.models)
    store = trained.paths.root / trained.tracking.store
    client = mlflow.MlflowClient(tracking_uri=f"sqlite:///{store}")
    run = client.get_run(metadata["mlflow_run_id"])
    assert run.data.metrics["test_roc_auc"] == pytest.approx(read_metrics(trained)["roc_auc"])
    assert "validation_roc_auc" in run.data.metrics
    assert run.data.params["model.main.name"] == trained.model.main.name
    assert run.data.params["served"] == metadata["model_names"]["main"]
    artifacts = {item.path for item in client.list_artifacts(run.info.run_id, "reports")}
    assert "reports/metrics.json" in artifacts
    models = client.search_logged_models(experiment_ids=[run.info.experiment_id])
    assert any(model.source_run_id == run.info.run_id for model in models)
