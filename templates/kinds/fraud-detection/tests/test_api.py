import json
import math
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sklearn.ensemble import HistGradientBoostingClassifier

from {{ package_name }}.api.main import create_app
from {{ package_name }}.config import Settings
from {{ package_name }}.dataset import load_split
from {{ package_name }}.fastpath import FastScorer, build_scorer
from {{ package_name }}.features import select_features
from {{ package_name }}.metadata import load_baselines, load_model
from {{ package_name }}.monitoring import read_prediction_log
from {{ package_name }}.schemas import COLUMN_ORDER, TARGET_COLUMN
from {{ package_name }}.synthetic import generate_transactions

from .support import make_settings

INPUT_COLUMNS = [name for name in COLUMN_ORDER if name != TARGET_COLUMN]


@pytest.fixture(scope="module")
def client(trained: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(trained)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def transactions(trained: Settings) -> list[dict[str, Any]]:
    test = load_split(trained, "test")
    picked = pd.concat([test[test["Class"] == 1].head(5), test[test["Class"] == 0].head(35)])
    rows = picked.drop(columns=["Class"]).to_dict("records")
    return typing.cast(list[dict[str, Any]], rows)


def pipeline_probabilities(settings: Settings, rows: list[dict[str, Any]]) -> np.ndarray:
    model, _ = load_model(settings.paths.models)
    return model.predict_proba(select_features(pd.DataFrame(rows)))[:, 1]


def logit(probability: float) -> float:
    return math.log(probability / (1 - probability))


def test_health_ready_and_model_info(client: TestClient, trained: Settings) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200
    info = client.get("/model-info").json()
    _, metadata = load_model(trained.paths.models)
    assert info["model_version"] == ready.json()["model_version"]
    assert info["threshold"] == metadata["threshold"]


def test_predict_one_transaction_with_its_top_contributions(
    client: TestClient, trained: Settings, transactions: list[dict[str, Any]]
) -> None:
    response = client.post("/predict", json=transactions[0])
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "fraud_probability", "alert", "threshold", "model_version", "top_features",
    }  # fmt: skip
    expected = pipeline_probabilities(trained, transactions[:1])[0]
    assert body["fraud_probability"] == pytest.approx(expected, abs=1e-9)
    assert body["alert"] == (body["fraud_probability"] >= body["threshold"])
    top = body["top_features"]
    assert len(top) == 5
    assert {item["feature"] for item in top} <= set(INPUT_COLUMNS)
    sizes = [abs(item["contribution"]) for item in top]
    assert sizes == sorted(sizes, reverse=True)


def test_frauds_are_explained_by_what_pushed_them_up(
    client: TestClient, transactions: list[dict[str, Any]]
) -> None:
    alerted = [client.post("/predict", json=fraud).json() for fraud in transactions[:5]]
    alerted = [body for body in alerted if body["alert"]]
    assert alerted, "the model alerts on at least one of five frauds"
    for body in alerted:
        assert body["top_features"][0]["contribution"] > 0


def test_contributions_add_up_to_the_score(
    trained: Settings, transactions: list[dict[str, Any]]
) -> None:
    """Base value plus every contribution is the log-odds of the served probability."""
    model, _ = load_model(trained.paths.models)
    scorer = build_scorer(model)
    for row in transactions[:10]:
        explanation = scorer.explain_row(row)
        assert explanation is not None
        total = explanation.base + sum(explanation.contributions.values())
        assert total == pytest.approx(logit(scorer.score_row(row)), abs=1e-9)


def test_contributions_of_the_whole_frame_equal_row_by_row(
    trained: Settings, transactions: list[dict[str, Any]]
) -> None:
    model, _ = load_model(trained.paths.models)
    scorer = build_scorer(model)
    assert isinstance(scorer, FastScorer)
    frame = scorer.explain_frame(pd.DataFrame(transactions))
    assert frame is not None
    for position, row in enumerate(transactions):
        explanation = scorer.explain_row(row)
        assert explanation is not None
        expected = pd.Series(explanation.contributions)[frame.columns].to_numpy()
        np.testing.assert_allclose(frame.iloc[position].to_numpy(), expected, atol=1e-12)


def test_predict_batch_keeps_order_and_matches_the_pipeline(
    client: TestClient, trained: Settings, transactions: list[dict[str, Any]]
) -> None:
    response = client.post("/predict/batch", json=transactions)
    assert response.status_code == 200
    body = response.json()
    assert len(body) == len(transactions)
    probabilities = np.array([item["fraud_probability"] for item in body])
    np.testing.assert_allclose(
        probabilities, pipeline_probabilities(trained, transactions), rtol=0, atol=1e-9
    )
    assert [item["alert"] for item in body] == [
        item["fraud_probability"] >= item["threshold"] for item in body
    ]


BAD_FIELDS = {
    "negative amount": ("Amount", -1.0),
    "negative time": ("Time", -5),
    "component out of range": ("V1", 5000.0),
    "wrong type": ("V14", "abc"),
    "missing value": ("V3", None),
    "a boolean as a number": ("Amount", False),
    "a number sent as text": ("Amount", "12.5"),
    "a boolean as a time": ("Time", True),
}


@pytest.mark.parametrize(("field", "value"), BAD_FIELDS.values(), ids=BAD_FIELDS.keys())
def test_bad_field_is_a_422_naming_it(
    client: TestClient, transactions: list[dict[str, Any]], field: str, value: Any
) -> None:
    response = client.post("/predict", json={**transactions[0], field: value})
    assert response.status_code == 422
    assert [problem["loc"] for problem in response.json()["detail"]] == [["body", field]]


def test_missing_and_extra_fields_are_422s_naming_them(
    client: TestClient, transactions: list[dict[str, Any]]
) -> None:
    missing = {key: value for key, value in transactions[0].items() if key != "V28"}
    problems = client.post("/predict", json=missing).json()["detail"]
    assert [(p["type"], p["loc"]) for p in problems] == [("missing", ["body", "V28"])]
    extra = {**transactions[0], "Class": 1}
    problems = client.post("/predict", json=extra).json()["detail"]
    assert [(p["type"], p["loc"]) for p in problems] == [("extra_forbidden", ["body", "Class"])]


def test_bad_batch_names_the_record_and_field(
    client: TestClient, transactions: list[dict[str, Any]]
) -> None:
    batch = [transactions[0], {**transactions[1], "Amount": "lots"}]
    response = client.post("/predict/batch", json=batch)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", 1, "Amount"]
    assert client.post("/predict/batch", json={"not": "a list"}).status_code == 422
    json_type = {"Content-Type": "application/json"}
    assert client.post("/predict/batch", content=b"[{", headers=json_type).status_code == 422
    batch = [transactions[0], {**transactions[1], "Amount": False}]
    problems = client.post("/predict/batch", json=batch).json()["detail"]
    assert [problem["loc"] for problem in problems] == [["body", 1, "Amount"]]


def test_batch_above_the_limit_is_a_413(
    client: TestClient, trained: Settings, transactions: list[dict[str, Any]]
) -> None:
    limit = trained.serving.batch_limit
    response = client.post("/predict/batch", json=[transactions[0]] * (limit + 1))
    assert response.status_code == 413
    assert str(limit) in response.json()["detail"]


def test_not_ready_until_a_model_is_loaded(tmp_path: Path) -> None:
    empty = make_settings(tmp_path / "no-model")
    record = generate_transactions(1, seed=0).drop(columns=["Class"]).iloc[0].to_dict()
    with TestClient(create_app(empty)) as client:
        assert client.get("/health").status_code == 200
        ready = client.get("/ready")
        assert ready.status_code == 503
        assert "make train" in ready.json()["reason"]
        assert client.post("/predict", json=record).status_code == 503
        assert client.post("/predict/batch", json=[record]).status_code == 503


def test_fast_path_equals_the_pipeline_on_many_rows(trained: Settings) -> None:
    model, _ = load_model(trained.paths.models)
    scorer = build_scorer(model)
    assert isinstance(scorer, FastScorer)
    # Boosted trees are compiled; a linear winner scores with its own predict_proba.
    assert (scorer.trees is not None) == isinstance(model["model"], HistGradientBoostingClassifier)
    frame = generate_transactions(2000, seed=2024, fraud_rate=0.05).drop(columns=["Class"])
    expected = model.predict_proba(frame)[:, 1]
    rows = typing.cast(list[dict[str, Any]], frame.to_dict("records"))
    one_by_one = np.array([scorer.score_row(row) for row in rows])
    np.testing.assert_allclose(one_by_one, expected, rtol=0, atol=1e-9)
    np.testing.assert_allclose(scorer.score_frame(frame), expected, rtol=0, atol=1e-9)


def test_logistic_baseline_is_explained_by_its_exact_terms(trained: Settings) -> None:
    baseline = load_baselines(trained.paths.models)["baseline"]
    scorer = build_scorer(baseline)
    assert isinstance(scorer, FastScorer)
    assert scorer.trees is None
    frame = generate_transactions(50, seed=5).drop(columns=["Class"])
    for row, probability in zip(
        typing.cast(list[dict[str, Any]], frame.to_dict("records")),
        baseline.predict_proba(frame)[:, 1],
        strict=True,
    ):
        explanation = scorer.explain_row(row)
        assert explanation is not None
        total = explanation.base + sum(explanation.contributions.values())
        assert total == pytest.approx(logit(probability), abs=1e-9)


def test_metrics_count_requests_by_route_and_status(
    client: TestClient, transactions: list[dict[str, Any]]
) -> None:
    client.post("/predict", json=transactions[0])
    client.post("/predict", json={**transactions[0], "Amount": -1})
    text = client.get("/metrics").text
    assert 'http_requests_total{method="POST",route="/predict",status="200"}' in text
    assert 'http_requests_total{method="POST",route="/predict",status="422"}' in text
    assert "model_loaded 1.0" in text


def test_predictions_are_logged_when_configured(
    trained: Settings, tmp_path: Path, transactions: list[dict[str, Any]]
) -> None:
    log = tmp_path / "log" / "predictions.jsonl"
    settings = make_settings(trained.paths.root, serving={"prediction_log": str(log)})
    with TestClient(create_app(settings)) as client:
        single = client.post("/predict", json=transactions[0]).json()
        client.post("/predict/batch", json=transactions[1:4])
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(lines) == 4
    assert lines[0]["input"] == transactions[0]
    assert lines[0]["output"] == {key: single[key] for key in ("fraud_probability", "alert")}
    logged = read_prediction_log(log)
    np.testing.assert_allclose(logged["Amount"], [row["Amount"] for row in transactions[:4]])
