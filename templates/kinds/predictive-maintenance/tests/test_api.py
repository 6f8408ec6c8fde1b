import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from {{ package_name }}.api.main import create_app
from {{ package_name }}.config import FailureSettings, RulSettings
from {{ package_name }}.dataset import load_split
from {{ package_name }}.fastpath import FastScorer, build_scorer
from {{ package_name }}.features import select_features
from {{ package_name }}.metadata import load_model
from {{ package_name }}.modeling.train import predict_rul
from {{ package_name }}.monitoring import (
    monitor,
    read_prediction_log,
)
from {{ package_name }}.schemas import FAILURE_MODES, TARGET_COLUMN


@pytest.fixture(scope="module")
def served(trained: FailureSettings, trained_rul: RulSettings, tmp_path_factory) -> FailureSettings:
    """One project folder holding both tasks' trained models, as `make train` leaves it."""
    root = tmp_path_factory.mktemp("served")
    for settings in (trained, trained_rul):
        source, target = settings.paths, settings.paths.model_copy(update={"root": root})
        for folder in ("models", "processed"):
            destination = getattr(target, folder)
            destination.mkdir(parents=True)
            for file in getattr(source, folder).iterdir():
                (destination / file.name).write_bytes(file.read_bytes())
    return trained.model_copy(update={"paths": trained.paths.model_copy(update={"root": root})})


@pytest.fixture(scope="module")
def client(served: FailureSettings) -> Iterator[TestClient]:
    with TestClient(create_app(served)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def readings(trained: FailureSettings) -> list[dict[str, Any]]:
    frame = load_split(trained, "test").drop(columns=[TARGET_COLUMN, *FAILURE_MODES])
    return cast(list[dict[str, Any]], frame.head(40).to_dict("records"))


def history(cycles: pd.DataFrame) -> dict[str, Any]:
    rows = cycles.drop(columns=["unit", "RUL"], errors="ignore").to_dict("records")
    return {"unit": int(cycles["unit"].iloc[0]), "cycles": rows}


def test_health_ready_and_model_info_for_both_tasks(
    client: TestClient, served: FailureSettings
) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    version = client.get("/ready").json()["model_version"]
    info = client.get("/model-info").json()
    assert info["model_version"] == version
    for task in ("failure", "rul"):
        _, metadata = load_model(served.paths.for_task(task).models)
        assert info[task]["feature_schema"] == metadata["feature_schema"]
        assert f"{task}:{info[task]['model_version']}" in version
    assert info["failure"]["threshold"] > 0 and info["rul"]["rul_cap"] == 125


def test_predict_failure_for_one_process(
    client: TestClient, served: FailureSettings, readings
) -> None:
    response = client.post("/predict/failure", json=readings[0])
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"UDI", "failure_probability", "inspect", "threshold", "model_version"}
    model, _ = load_model(served.paths.models)
    expected = model.predict_proba(select_features(pd.DataFrame(readings[:1])))[0, 1]
    assert body["failure_probability"] == pytest.approx(expected, abs=1e-9)
    assert body["inspect"] == (body["failure_probability"] >= body["threshold"])
    assert body["model_version"] == client.get("/model-info").json()["failure"]["model_version"]


def test_predict_failure_batch_keeps_order_and_matches_the_pipeline(
    client: TestClient, served: FailureSettings, readings
) -> None:
    response = client.post("/predict/failure/batch", json=readings)
    assert response.status_code == 200
    body = response.json()
    assert [item["UDI"] for item in body] == [row["UDI"] for row in readings]
    model, _ = load_model(served.paths.models)
    expected = model.predict_proba(select_features(pd.DataFrame(readings)))[:, 1]
    assert [item["failure_probability"] for item in body] == pytest.approx(expected, abs=1e-9)


def test_a_bad_reading_is_a_422_that_names_the_field(client: TestClient, readings) -> None:
    response = client.post("/predict/failure", json={**readings[0], "Type": "X"})
    assert response.status_code == 422 and "Type" in response.text
    response = client.post("/predict/failure", json={**readings[0], "TWF": 1})
    assert response.status_code == 422 and "TWF" in response.text  # no flag gets in
    response = client.post(
        "/predict/failure/batch", json=[readings[0], {**readings[1], "Torque [Nm]": -3}]
    )
    assert response.status_code == 422 and "Torque [Nm]" in response.text
    assert client.post("/predict/failure/batch", json=[readings[0]] * 1001).status_code == 413


@pytest.mark.parametrize(
    ("field", "value"),
    [("Torque [Nm]", False), ("Torque [Nm]", "40.1"), ("UDI", True), ("UDI", "7")],
)
def test_a_number_must_be_a_json_number(client: TestClient, readings, field, value) -> None:
    for path, body in (
        ("/predict/failure", {**readings[0], field: value}),
        ("/predict/failure/batch", [readings[0], {**readings[1], field: value}]),
    ):
        response = client.post(path, json=body)
        assert response.status_code == 422
        assert [problem["loc"][-1] for problem in response.json()["detail"]] == [field]


def test_an_engine_cycle_with_a_boolean_is_a_422_naming_it(
    client: TestClient, trained_rul: RulSettings
) -> None:
    engine = history(load_split(trained_rul, "test").query("unit == 1").tail(40))
    engine["cycles"][-1]["s_2"] = True
    response = client.post("/predict/rul", json=engine)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "cycles", 39, "s_2"]


def test_fast_path_equals_the_pipeline(trained: FailureSettings) -> None:
    model, _ = load_model(trained.paths.models)
    scorer = build_scorer(model)
    assert isinstance(scorer, FastScorer)
    frame = load_split(trained, "test")
    expected = model.predict_proba(select_features(frame))[:, 1]
    assert np.allclose(scorer.score_frame(select_features(frame)), expected, atol=1e-9)
    rows = cast(list[dict[str, Any]], select_features(frame).head(50).to_dict("records"))
    assert [scorer.score_row(row) for row in rows] == pytest.approx(expected[:50], abs=1e-9)


def test_predict_rul_equals_the_batch_prediction_for_the_same_cycle(
    client: TestClient, served: FailureSettings, trained_rul: RulSettings
) -> None:
    test = load_split(trained_rul, "test")
    model, _ = load_model(trained_rul.paths.models)
    batch = predict_rul(model, test)
    for unit in (1, 2, 3):
        engine = test[test["unit"] == unit]
        response = client.post("/predict/rul", json=history(engine.tail(40)))
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["last_cycle"] == engine["cycle"].max() and body["rul_cap"] == 125
        assert body["predicted_rul"] == pytest.approx(batch[test.index.get_loc(engine.index[-1])])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda engine: engine.tail(12), "at least the last 30 cycles"),
        (lambda engine: engine.tail(40).drop(engine.index[-20]), "consecutive and in order"),
        (lambda engine: engine.tail(60), "at most 50 cycles"),
    ],
)
def test_an_engine_history_that_would_skew_is_a_422(
    client: TestClient, trained_rul: RulSettings, change, message: str
) -> None:
    test = load_split(trained_rul, "test")
    engine = test[test["unit"] == 1]
    response = client.post("/predict/rul", json=history(change(engine)))
    assert response.status_code == 422 and message in response.text


def test_a_new_engine_has_most_of_its_life_ahead(
    client: TestClient, trained_rul: RulSettings
) -> None:
    first = load_split(trained_rul, "test").head(1)
    response = client.post("/predict/rul", json=history(first))
    assert response.status_code == 200
    assert response.json()["predicted_rul"] > 100


def test_prediction_log_records_failure_predictions_for_monitoring(
    served: FailureSettings, readings, tmp_path: Path
) -> None:
    log = tmp_path / "predictions.jsonl"
    settings = served.model_copy(
        update={"serving": served.serving.model_copy(update={"prediction_log": log})}
    )
    with TestClient(create_app(settings)) as client:
        client.post("/predict/failure", json=readings[0])
        client.post("/predict/failure/batch", json=readings[1:5])
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(lines) == 5 and {"failure_probability", "inspect"} <= set(lines[0]["output"])
    logged = read_prediction_log(log)
    assert list(logged["Air temperature [K]"]) == [
        row["Air temperature [K]"] for row in readings[:5]
    ]
    assert monitor(settings, log)["status"] == "insufficient data"
