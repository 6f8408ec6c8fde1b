"""The project's prediction routes, one per task: `POST /predict/failure` (one process, through
the compiled fast path), `POST /predict/failure/batch`, and `POST /predict/rul` (an engine's recent
cycles). Both tasks' models load at start-up; each response carries its own model's version.
"""

import json
from dataclasses import replace
from typing import Any

import pandas as pd
from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from ..config import Settings
from frame.errors import DataError
from frame.classifier.fastpath import Classifier, build_classifier
from ..modeling.predict import predict_engine, predict_readings
from ..schemas import (
    CYCLE_COLUMNS,
    UNIT_COLUMN,
    EngineCycle,
    EngineHistory,
    FailurePrediction,
    MachineReading,
    RulPrediction,
)
from frame.api.deps import ServedModel, ServingDep, list_body, load_served_tasks, parse_list
from frame.api.guards import BODY_ERRORS

router = APIRouter(tags=["predictions"])
BATCH_BODY = list_body(MachineReading)
CYCLE_FIELDS = list(EngineCycle.model_fields)


def keep_pipeline(pipeline: Any, metadata: dict[str, Any]) -> Any:
    """The RUL pipeline serves as it is: its first step computes the window features."""
    return pipeline


def load_model_for_serving(settings: Settings) -> ServedModel[dict[str, ServedModel[Any]]]:
    """Both tasks' models; /model-info says which scorer serves the failure task, and why."""
    served = load_served_tasks(settings, {"failure": build_classifier, "rul": keep_pipeline})
    check = served.predictor["failure"].predictor.check.as_metadata()
    failure = {**served.metadata["failure"], **check}
    return replace(served, metadata={**served.metadata, "failure": failure})


@router.post("/predict/failure", response_model=FailurePrediction, responses=BODY_ERRORS)
async def predict_failure(reading: MachineReading, serving: ServingDep) -> Response:
    """The probability that this process ends in a machine failure, and whether to inspect."""
    model: ServedModel[Classifier] = serving.model.predictor["failure"]
    classifier, version = model.predictor, model.version
    values = reading.model_dump(by_alias=True)
    probability = classifier.scorer.score_row(values)
    prediction = FailurePrediction(
        UDI=reading.UDI,
        failure_probability=probability,
        inspect=probability >= classifier.threshold,
        threshold=classifier.threshold,
        model_version=version,
    )
    if serving.prediction_log is not None:
        output = {"failure_probability": probability, "inspect": prediction.inspect}
        serving.prediction_log.append([values], [output], version)
    # Serialised here: FastAPI would dump, re-validate and re-encode the model per request.
    return Response(prediction.model_dump_json(), media_type="application/json")


@router.post(
    "/predict/failure/batch",
    response_model=list[FailurePrediction],
    openapi_extra=BATCH_BODY,
    responses=BODY_ERRORS,
)
async def predict_failure_batch(request: Request, serving: ServingDep) -> Response:
    """Failure probabilities of a list of processes (at most serving.batch_limit), in order."""
    limit = serving.settings.serving.batch_limit
    records = parse_list(await request.body(), MachineReading, limit, "readings")
    model: ServedModel[Classifier] = serving.model.predictor["failure"]
    predictions = await run_in_threadpool(
        predict_readings,
        model.predictor.scorer.score_frame,
        records,
        model.predictor.threshold,
        model.version,
    )
    if serving.prediction_log is not None:
        serving.prediction_log.append_batch(
            records, predictions, ("failure_probability", "inspect")
        )
    return Response(json.dumps(predictions), media_type="application/json")


@router.post("/predict/rul", response_model=RulPrediction, responses=BODY_ERRORS)
async def predict_rul(history: EngineHistory, serving: ServingDep) -> RulPrediction:
    """Cycles left after the last of an engine's recent cycles (oldest first; at least the
    longest feature window, or every cycle since cycle 1; at most model.max_request_cycles).
    """
    model: ServedModel[Any] = serving.model.predictor["rul"]
    # Columns straight from the validated cycles (a frame from 50 dicts costs ~1 ms more).
    columns = {name: [getattr(cycle, name) for cycle in history.cycles] for name in CYCLE_FIELDS}
    cycles = pd.DataFrame({UNIT_COLUMN: history.unit, **columns})[CYCLE_COLUMNS]
    try:
        rul = await run_in_threadpool(predict_engine, model.predictor, model.metadata, cycles)
    except DataError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    return RulPrediction(
        unit=history.unit,
        last_cycle=history.cycles[-1].cycle,
        predicted_rul=rul,
        rul_cap=model.metadata["rul_cap"],
        model_version=model.version,
    )
