import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from {{ package_name }}.api.main import create_app
from {{ package_name }}.config import Settings
from {{ package_name }}.dataset import load_split
from {{ package_name }}.metadata import load_model
from {{ package_name }}.monitoring import read_prediction_log

from .support import make_settings


@pytest.fixture(scope="module")
def client(trained: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(trained)) as test_client:
        yield test_client


def test_ready_and_model_info(client: TestClient, trained: Settings) -> None:
    ready = client.get("/ready").json()
    info = client.get("/model-info").json()
    assert ready["status"] == "ready" and ready["model_version"] == info["model_version"]
    assert info["selection"]["chosen"] == info["model"]["name"]


def test_a_known_user_gets_the_same_items_as_the_batch_path(
    client: TestClient, trained: Settings
) -> None:
    recommender, _ = load_model(trained.paths.models)
    body = client.get("/recommendations/1", params={"k": 10}).json()
    assert body["user_id"] == 1 and body["cold_start"] is False
    expected = recommender.recommend_frame([1], 10)
    assert [item["item_id"] for item in body["items"]] == expected["item_id"].tolist()
    scores = [item["score"] for item in body["items"]]
    assert scores == pytest.approx(expected["score"].tolist(), abs=1e-6)  # JSON keeps 6 places
    assert all(item["title"] and isinstance(item["genres"], list) for item in body["items"])
    history = load_split(trained, "train").query("user_id == 1")["item_id"]
    assert not set(history) & {item["item_id"] for item in body["items"]}


def test_cached_and_live_scores_rank_a_user_alike(trained: Settings) -> None:
    recommender, _ = load_model(trained.paths.models)
    live = [recommender.for_user(user, 10) for user in (1, 2, 3)]
    recommender.cache_user_scores()
    for user, expected in zip((1, 2, 3), live, strict=True):
        cached = recommender.for_user(user, 10)
        assert cached.columns.tolist() == expected.columns.tolist()
        assert np.allclose(cached.scores, expected.scores, atol=1e-5)


def test_an_unknown_user_gets_popular_items_flagged_cold_start(client: TestClient) -> None:
    response = client.get("/recommendations/999999", params={"k": 5})
    assert response.status_code == 200
    body = response.json()
    assert body["cold_start"] is True and len(body["items"]) == 5
    scores = [item["score"] for item in body["items"]]
    assert scores == sorted(scores, reverse=True) and scores[0] == 1.0


@pytest.mark.parametrize(("k", "status"), [(1, 200), (100, 200), (0, 422), (101, 422)])
def test_k_is_bounded(client: TestClient, k: int, status: int) -> None:
    response = client.get("/recommendations/1", params={"k": k})
    assert response.status_code == status
    if status == 422:
        assert response.json()["detail"][0]["loc"] == ["query", "k"]


def test_a_bad_user_id_is_a_422_naming_it(client: TestClient) -> None:
    response = client.get("/recommendations/abc")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "user_id"]


def test_an_anonymous_session_is_scored_from_its_items(client: TestClient) -> None:
    body = client.post("/recommendations", json={"item_ids": [1, 2, 3], "k": 7}).json()
    assert body["user_id"] is None and body["cold_start"] is False
    shown = [item["item_id"] for item in body["items"]]
    assert len(shown) == 7 and not {1, 2, 3} & set(shown)


def test_a_session_of_unknown_items_falls_back_to_popular(client: TestClient) -> None:
    body = client.post("/recommendations", json={"item_ids": [123_456_789]}).json()
    assert body["cold_start"] is True and len(body["items"]) == 10


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"item_ids": []}, "item_ids"), ({"item_ids": [0]}, "item_ids"),
     ({"item_ids": [1], "k": 500}, "k"), ({"item_ids": [1], "user": 3}, "user"),
     ({"item_ids": [True]}, "item_ids"), ({"item_ids": ["5"]}, "item_ids"),
     ({"item_ids": [1.5]}, "item_ids"), ({"item_ids": [1], "k": "5"}, "k"),
     ({"item_ids": [1], "k": True}, "k")],
)  # fmt: skip
def test_a_bad_session_is_a_422_naming_the_field(
    client: TestClient, payload: dict, field: str
) -> None:
    response = client.post("/recommendations", json=payload)
    assert response.status_code == 422
    assert field in response.json()["detail"][0]["loc"]


def test_similar_items_and_an_unknown_item(client: TestClient) -> None:
    body = client.get("/items/1/similar", params={"k": 5}).json()
    assert body["item_id"] == 1 and body["title"]
    assert len(body["items"]) == 5 and 1 not in {item["item_id"] for item in body["items"]}
    missing = client.get("/items/99999/similar")
    assert missing.status_code == 404 and "99999" in missing.json()["detail"]


def test_metrics_count_requests_by_route_and_status(client: TestClient) -> None:
    client.get("/recommendations/2")
    text = client.get("/metrics").text
    assert 'route="/recommendations/{user_id}",status="200"' in text
    assert "model_loaded 1.0" in text


def test_not_ready_until_a_model_is_loaded(tmp_path: Path) -> None:
    with TestClient(create_app(make_settings(tmp_path / "no-model"))) as client:
        assert client.get("/recommendations/1").status_code == 503
        assert client.post("/recommendations", json={"item_ids": [1]}).status_code == 503
        assert client.get("/items/1/similar").status_code == 503


def test_requests_are_logged_when_configured(trained: Settings, tmp_path: Path) -> None:
    log = tmp_path / "log" / "predictions.jsonl"
    settings = make_settings(trained.paths.root, serving={"prediction_log": str(log)})
    with TestClient(create_app(settings)) as client:
        known = client.get("/recommendations/1", params={"k": 3}).json()
        client.post("/recommendations", json={"item_ids": [5, 6], "k": 2})
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(lines) == 2
    assert set(lines[0]) == {"timestamp", "model_version", "input", "output"}
    assert lines[0]["input"] == {"user_id": 1, "k": 3}
    assert lines[0]["output"]["item_ids"] == [item["item_id"] for item in known["items"]]
    assert lines[1]["input"] == {"item_ids": [5, 6], "k": 2}
    logged = read_prediction_log(log)
    assert logged["user_id"].iloc[0] == 1 and pd_isna(logged["user_id"].iloc[1])


def pd_isna(value: object) -> bool:
    return value is None or value != value
