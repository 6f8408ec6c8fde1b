import json

import mlflow
import numpy as np
import pytest
import scipy.sparse as sp

from {{ package_name }}.config import Settings
from {{ package_name }}.errors import ConfigError
from {{ package_name }}.metadata import load_model
from {{ package_name }}.modeling.metrics import (
    catalog_coverage,
    hit_rate_at_k,
    map_at_k,
    mean_popularity_rank,
    ndcg_at_k,
    precision_at_k,
    recall_at_k,
)
from {{ package_name }}.modeling.train import choose, train

from .support import make_settings

METRIC_NAMES = {
    "ndcg_at_10", "precision_at_10", "recall_at_10", "map_at_10", "hit_rate_at_10",
    "catalog_coverage", "mean_popularity_rank",
}  # fmt: skip
# A tiny example at k = 3 over 6 items, computed by hand below.
# user 0: recommended [0, 1, 2], relevant {1, 4}     -> hits [0, 1, 0]
# user 1: recommended [3, 4, 5], relevant {3, 4, 5}  -> hits [1, 1, 1]
# user 2: recommended [0, 1, 2], relevant {}         -> left out of every user average
RECOMMENDED = np.array([[0, 1, 2], [3, 4, 5], [0, 1, 2]])
RELEVANT = sp.csr_matrix(
    np.array([[0, 1, 0, 0, 1, 0], [0, 0, 0, 1, 1, 1], [0, 0, 0, 0, 0, 0]], dtype=float)
)
LOG2_3 = np.log2(3.0)


def read_metrics(settings: Settings) -> dict[str, float]:
    return dict(json.loads((settings.paths.reports / "metrics.json").read_text()))


def test_precision_recall_and_hit_rate_by_hand() -> None:
    assert precision_at_k(RECOMMENDED, RELEVANT) == pytest.approx((1 / 3 + 1) / 2)
    assert recall_at_k(RECOMMENDED, RELEVANT) == pytest.approx((1 / 2 + 1) / 2)
    assert hit_rate_at_k(RECOMMENDED, RELEVANT) == pytest.approx(1.0)  # not 2/3: user 2 is out


def test_ndcg_by_hand() -> None:
    # user 0: DCG = 1/log2(3); ideal DCG over min(2, 3) = 2 slots = 1 + 1/log2(3); user 1: 1
    user_0 = (1 / LOG2_3) / (1 + 1 / LOG2_3)
    assert ndcg_at_k(RECOMMENDED, RELEVANT) == pytest.approx((user_0 + 1) / 2)


def test_map_by_hand() -> None:
    # user 0: a hit at rank 2, precision@2 = 1/2, AP = (1/2) / min(2, 3) = 1/4; user 1: AP = 1
    assert map_at_k(RECOMMENDED, RELEVANT) == pytest.approx((1 / 4 + 1) / 2)


def test_catalogue_metrics_by_hand() -> None:
    assert catalog_coverage(RECOMMENDED, 10) == pytest.approx(0.6)  # 6 distinct of 10
    counts = np.array([10, 9, 8, 7, 6, 5])  # item i has popularity rank i + 1
    assert mean_popularity_rank(RECOMMENDED, counts) == pytest.approx(27 / 9)


def test_choice_is_the_best_on_the_key_with_its_reason() -> None:
    results = {"a": {"ndcg_at_10": 0.2}, "b": {"ndcg_at_10": 0.3}, "c": {"ndcg_at_10": 0.1}}
    chosen, reason = choose(results, "ndcg_at_10")
    assert chosen == "b"
    assert reason == "highest ndcg_at_10 on the validation split: 0.3000 (then a 0.2000, c 0.1000)"


def test_metrics_file_is_flat_with_the_baseline(trained: Settings) -> None:
    metrics = read_metrics(trained)
    assert set(metrics) == METRIC_NAMES | {f"baseline_{name}" for name in METRIC_NAMES}


def test_a_personalised_model_beats_most_popular_clearly(trained: Settings) -> None:
    metrics = read_metrics(trained)
    assert metrics["ndcg_at_10"] > 1.3 * metrics["baseline_ndcg_at_10"]
    assert metrics["recall_at_10"] > metrics["baseline_recall_at_10"]
    assert metrics["baseline_ndcg_at_10"] > 0.1  # the baseline is a real one, not a strawman
    assert metrics["catalog_coverage"] > metrics["baseline_catalog_coverage"]


def test_the_model_is_chosen_on_validation_and_the_reason_is_saved(trained: Settings) -> None:
    recommender, metadata = load_model(trained.paths.models)
    selection = metadata["selection"]
    assert set(selection["validation"]) == {"ease", "item_knn", "most_popular"}
    best = max(
        selection["validation"], key=lambda name: selection["validation"][name]["ndcg_at_10"]
    )
    assert selection["chosen"] == best == recommender.name
    assert selection["reason"].startswith("highest ndcg_at_10 on the validation split")
    assert metadata["metrics"]["validation"] == selection["validation"][best]
    assert "test" in metadata["metrics"]  # added by evaluate


def test_the_saved_model_knows_training_and_validation_history(trained: Settings) -> None:
    recommender, metadata = load_model(trained.paths.models)
    manifest = json.loads((trained.paths.processed / "manifest.json").read_text())
    splits = manifest["splits"]
    assert recommender.catalogue.seen.nnz == splits["train"]["rows"] + splits["validation"]["rows"]
    assert metadata["data_sha256"] == manifest["raw_sha256"]
    assert set(metadata["feature_schema"]) == {"user_id", "item_id", "rating", "timestamp"}


def test_reports_figures_and_model_card_are_written(trained: Settings) -> None:
    reports = trained.paths.reports
    figures = {path.stem for path in (reports / "figures").glob("*.png")}
    assert figures == {"metrics_at_k", "popularity", "coverage"}
    by_k = json.loads((reports / "metrics_by_k.json").read_text())
    assert by_k["main"]["10"]["ndcg_at_10"] == pytest.approx(
        read_metrics(trained)["ndcg_at_10"], abs=1e-6
    )
    card = (reports / "model_card.md").read_text()
    assert "## Test metrics against baselines" in card
    assert "## Model selection on the validation split" in card
    assert "(chosen)" in card


def test_unknown_model_name_is_a_config_error(settings: Settings) -> None:
    from {{ package_name }}.dataset import prepare_data

    prepare_data(settings, "synthetic")
    broken = make_settings(
        settings.paths.root,
        data=settings.data.model_dump(),
        model={"candidates": [{"name": "svdd"}]},
    )
    with pytest.raises(ConfigError, match="unknown model 'svdd'"):
        train(broken)


def test_run_is_tracked_in_the_local_mlflow_store(trained: Settings) -> None:
    _, metadata = load_model(trained.paths.models)
    store = trained.paths.root / trained.tracking.store
    client = mlflow.MlflowClient(tracking_uri=f"sqlite:///{store}")
    run = client.get_run(metadata["mlflow_run_id"])
    assert run.data.metrics["test_ndcg_at_10"] == pytest.approx(read_metrics(trained)["ndcg_at_10"])
    assert "validation_item_knn_ndcg_at_10" in run.data.metrics
    assert run.data.params["chosen"] == metadata["selection"]["chosen"]
    artifacts = {item.path for item in client.list_artifacts(run.info.run_id, "model")}
    assert "model/model.joblib" in artifacts
