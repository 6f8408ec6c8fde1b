import json
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
from {{ package_name }}.schemas import (
    CATEGORY_VALUES,
    CustomerRecord,
)
from {{ package_name }}.synthetic import generate_customers

from .support import make_settings


@pytest.fixture(scope="module")
def client(trained: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(trained)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def customers(trained: Settings) -> list[dict[str, Any]]:
    rows = load_split(trained, "test").drop(columns=["Churn"]).head(40).to_dict("records")
    return typing.cast(list[dict[str, Any]], rows)


def pipeline_probabilities(settings: Settings, rows: list[dict[str, Any]]) -> np.ndarray:
    model, _ = load_model(settings.paths.models)
    return model.predict_proba(select_features(pd.DataFrame(rows)))[:, 1]


def test_health_ready_and_model_info(client: TestClient, trained: Settings) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready")
    assert ready.status_code == 200
    version = ready.json()["model_version"]
    info = client.get("/model-info").json()
    _, metadata = load_model(trained.paths.models)
    assert info["model_version"] == version
    assert info["threshold"] == metadata["threshold"]
    assert info["feature_schema"] == metadata["feature_schema"]


def test_predict_one_customer(
    client: TestClient, trained: Settings, customers: list[dict[str, Any]]
) -> None:
    response = client.post("/predict", json=customers[0])
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "customerID",
        "churn_probability",
        "churn_predicted",
        "threshold",
        "model_version",
    }
    assert body["customerID"] == customers[0]["customerID"]
    expected = pipeline_probabilities(trained, customers[:1])[0]
    assert body["churn_probability"] == pytest.approx(expected, abs=1e-9)
    decision = "Yes" if body["churn_probability"] >= body["threshold"] else "No"
    assert body["churn_predicted"] == decision
    assert body["model_version"] == client.get("/ready").json()["model_version"]


def test_predict_batch_keeps_order_and_matches_the_pipeline(
    client: TestClient, trained: Settings, customers: list[dict[str, Any]]
) -> None:
    response = client.post("/predict/batch", json=customers)
    assert response.status_code == 200
    body = response.json()
    assert [item["customerID"] for item in body] == [row["customerID"] for row in customers]
    probabilities = np.array([item["churn_probability"] for item in body])
    np.testing.assert_allclose(
        probabilities, pipeline_probabilities(trained, customers), rtol=0, atol=1e-9
    )


BAD_FIELDS = {
    "unknown category": ("Contract", "Weekly"),
    "out-of-range number": ("tenure", 5000),
    "negative charge": ("MonthlyCharges", -1.0),
    "wrong type": ("tenure", "twelve"),
    "wrong type for a category": ("SeniorCitizen", "maybe"),
    "not a number as text": ("TotalCharges", "abc"),
    "a boolean as a number": ("MonthlyCharges", False),
    "a number sent as text": ("MonthlyCharges", "70.5"),
    "a boolean as a 0/1 flag": ("SeniorCitizen", True),
    "a boolean as a count": ("tenure", True),
}


@pytest.mark.parametrize(("field", "value"), BAD_FIELDS.values(), ids=BAD_FIELDS.keys())
def test_bad_field_is_a_422_naming_it(
    client: TestClient, customers: list[dict[str, Any]], field: str, value: Any
) -> None:
    response = client.post("/predict", json={**customers[0], field: value})
    assert response.status_code == 422
    assert [problem["loc"] for problem in response.json()["detail"]] == [["body", field]]


def test_missing_and_extra_fields_are_422s_naming_them(
    client: TestClient, customers: list[dict[str, Any]]
) -> None:
    missing = {key: value for key, value in customers[0].items() if key != "gender"}
    problems = client.post("/predict", json=missing).json()["detail"]
    assert [(p["type"], p["loc"]) for p in problems] == [("missing", ["body", "gender"])]
    extra = {**customers[0], "favourite_colour": "blue"}
    problems = client.post("/predict", json=extra).json()["detail"]
    assert [(p["type"], p["loc"]) for p in problems] == [
        ("extra_forbidden", ["body", "favourite_colour"])
    ]


def test_bad_batch_names_the_record_and_field(
    client: TestClient, customers: list[dict[str, Any]]
) -> None:
    batch = [customers[0], {**customers[1], "InternetService": "Satellite"}]
    response = client.post("/predict/batch", json=batch)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", 1, "InternetService"]
    assert client.post("/predict/batch", json={"not": "a list"}).status_code == 422
    json_type = {"Content-Type": "application/json"}
    assert client.post("/predict/batch", content=b"[{", headers=json_type).status_code == 422


def test_a_boolean_in_a_batch_is_a_422_and_total_charges_stay_text(
    client: TestClient, customers: list[dict[str, Any]]
) -> None:
    batch = [customers[0], {**customers[1], "MonthlyCharges": False}]
    response = client.post("/predict/batch", json=batch)
    assert response.status_code == 422
    assert [problem["loc"] for problem in response.json()["detail"]] == [
        ["body", 1, "MonthlyCharges"]
    ]
    as_in_the_data = [
        {**customers[0], "TotalCharges": "191.5"},
        {**customers[1], "TotalCharges": " "},
    ]
    assert client.post("/predict/batch", json=as_in_the_data).status_code == 200


def test_batch_above_the_limit_is_a_413(
    client: TestClient, trained: Settings, customers: list[dict[str, Any]]
) -> None:
    limit = trained.serving.batch_limit
    response = client.post("/predict/batch", json=[customers[0]] * (limit + 1))
    assert response.status_code == 413
    assert str(limit) in response.json()["detail"]


def test_not_ready_until_a_model_is_loaded(tmp_path: Path) -> None:
    empty = make_settings(tmp_path / "no-model")
    record = generate_customers(1, seed=0).drop(columns=["Churn"]).iloc[0].to_dict()
    with TestClient(create_app(empty)) as client:
        assert client.get("/health").status_code == 200
        ready = client.get("/ready")
        assert ready.status_code == 503
        assert "make train" in ready.json()["reason"]
        assert client.post("/predict", json=record).status_code == 503
        assert client.post("/predict/batch", json=[record]).status_code == 503
        assert client.get("/model-info").status_code == 503


def test_fast_path_equals_the_pipeline_on_many_rows(trained: Settings) -> None:
    """2,000 fresh rows, first-month customers (blank TotalCharges) included."""
    model, _ = load_model(trained.paths.models)
    scorer = build_scorer(model)
    assert isinstance(scorer, FastScorer)
    # Boosted trees are compiled; a linear winner scores with its own predict_proba.
    assert (scorer.trees is not None) == isinstance(model["model"], HistGradientBoostingClassifier)
    frame = generate_customers(2000, seed=2024).drop(columns=["Churn"])
    assert frame["TotalCharges"].str.strip().eq("").sum() >= 2
    records = [CustomerRecord.model_validate(row) for row in frame.to_dict("records")]
    expected = model.predict_proba(select_features(frame))[:, 1]
    one_by_one = np.array([scorer.score_row(record.model_dump()) for record in records])
    np.testing.assert_allclose(one_by_one, expected, rtol=0, atol=1e-9)
    all_at_once = scorer.score_frame(select_features(frame))
    np.testing.assert_allclose(all_at_once, expected, rtol=0, atol=1e-9)


def test_fast_path_of_a_linear_model_uses_its_own_predict_proba(trained: Settings) -> None:
    baseline = load_baselines(trained.paths.models)["baseline"]
    scorer = build_scorer(baseline)
    assert isinstance(scorer, FastScorer)
    assert scorer.trees is None
    frame = generate_customers(200, seed=5).drop(columns=["Churn"])
    expected = baseline.predict_proba(select_features(frame))[:, 1]
    rows = typing.cast(list[dict[str, Any]], frame.to_dict("records"))
    one_by_one = [scorer.score_row(row) for row in rows]
    np.testing.assert_allclose(one_by_one, expected, rtol=0, atol=1e-9)


def test_metrics_count_requests_by_route_and_status(
    client: TestClient, customers: list[dict[str, Any]]
) -> None:
    client.post("/predict", json=customers[0])
    client.post("/predict", json={**customers[0], "tenure": -1})
    text = client.get("/metrics").text
    assert 'http_requests_total{method="POST",route="/predict",status="200"}' in text
    assert 'http_requests_total{method="POST",route="/predict",status="422"}' in text
    assert 'http_request_duration_seconds_bucket{le="0.005",method="POST",route="/predict"}' in text
    assert "model_loaded 1.0" in text


def test_predictions_are_logged_when_configured(
    trained: Settings, tmp_path: Path, customers: list[dict[str, Any]]
) -> None:
    log = tmp_path / "log" / "predictions.jsonl"
    settings = make_settings(trained.paths.root, serving={"prediction_log": str(log)})
    with TestClient(create_app(settings)) as client:
        single = client.post("/predict", json=customers[0]).json()
        client.post("/predict/batch", json=customers[1:4])
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(lines) == 4
    assert set(lines[0]) == {"timestamp", "model_version", "input", "output"}
    assert lines[0]["input"] == customers[0]
    assert lines[0]["output"] == {
        key: single[key] for key in ("churn_probability", "churn_predicted")
    }
    assert {line["model_version"] for line in lines} == {single["model_version"]}
    logged = read_prediction_log(log)
    assert logged["customerID"].tolist() == [row["customerID"] for row in customers[:4]]


def test_request_model_categories_follow_the_data_schema() -> None:
    for name, values in CATEGORY_VALUES.items():
        annotation = CustomerRecord.model_fields[name].annotation
        assert list(typing.get_args(annotation)) == values, name
