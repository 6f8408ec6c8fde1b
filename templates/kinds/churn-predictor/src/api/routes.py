"""This project's prediction routes: one customer, or a batch of customers.

Exports what api/main.py plugs in: `router`, and `load_model_for_serving`, which loads the saved
pipeline and compiles its fast path. /predict scores on the event loop (tens of microseconds, no
thread hop); /predict/batch scores all rows at once (compiled columns, then the estimator's own
predict_proba) in a worker thread, so a large batch does not stall single predictions.
"""

import json
import logging
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import TypeAdapter, ValidationError

from ..config import Settings
from ..fastpath import Classifier, PipelineScorer, Scorer, UnsupportedModel, compile_scorer
from ..features import add_engineered_features, engineer_record
from ..modeling.predict import predict_records
from ..schemas import ID_COLUMN, ChurnPrediction, CustomerRecord
from .deps import PredictionLog, ServedModel, ServingDep, load_served_model

logger = logging.getLogger(__name__)
router = APIRouter(tags=["predictions"])
RECORDS = TypeAdapter(list[CustomerRecord])
MAX_RECORD_BYTES = 2048  # a customer takes ~600 bytes of JSON; this leaves room for whitespace
BATCH_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": RECORDS.json_schema(ref_template="#/components/schemas/{model}")
            }
        },
    }
}


def build_scorer(pipeline: Any) -> Scorer:
    """The fast path (engineered features, compiled columns and trees), else the pipeline."""
    try:
        return compile_scorer(
            pipeline["preprocess"]["columns"],
            pipeline["model"],
            prepare_row=engineer_record,
            prepare_frame=add_engineered_features,
        )
    except (UnsupportedModel, KeyError) as error:
        logger.warning("fast path unavailable; scoring through the pipeline: %s", error)
        return PipelineScorer(pipeline)


def build_classifier(pipeline: Any, metadata: dict[str, Any]) -> Classifier:
    return Classifier(build_scorer(pipeline), float(metadata["threshold"]))


def load_model_for_serving(settings: Settings) -> ServedModel[Classifier]:
    return load_served_model(settings.paths.models, build_classifier)


def log_predictions(
    log: PredictionLog | None, records: list[CustomerRecord], predictions: list[dict[str, Any]]
) -> None:
    if log is not None and predictions:
        outputs = [
            {key: item[key] for key in ("churn_probability", "churn_predicted")}
            for item in predictions
        ]
        log.append(
            [record.model_dump() for record in records], outputs, predictions[0]["model_version"]
        )


@router.post("/predict", response_model=ChurnPrediction)
async def predict(record: CustomerRecord, serving: ServingDep) -> Response:
    """Churn probability of one customer, and the decision at the model's threshold."""
    classifier: Classifier = serving.model.predictor
    version = serving.model.version
    values = record.model_dump()
    features = {name: value for name, value in values.items() if name != ID_COLUMN}
    probability = classifier.scorer.score_row(features)
    prediction = ChurnPrediction(
        customerID=record.customerID,
        churn_probability=probability,
        churn_predicted="Yes" if probability >= classifier.threshold else "No",
        threshold=classifier.threshold,
        model_version=version,
    )
    if serving.prediction_log is not None:
        output = {"churn_probability": probability, "churn_predicted": prediction.churn_predicted}
        serving.prediction_log.append([values], [output], version)
    # Serialised here: FastAPI would dump, re-validate and re-encode the model per request.
    return Response(prediction.model_dump_json(), media_type="application/json")


def parse_batch(body: bytes, limit: int) -> list[CustomerRecord]:
    """A JSON list of at most `limit` customers, validated in one pass; errors located like
    FastAPI's own. An oversized body is refused before it is parsed.
    """
    if len(body) > limit * MAX_RECORD_BYTES:
        raise HTTPException(status_code=413, detail=f"at most {limit} customers per request")
    try:
        records = RECORDS.validate_json(body)
    except ValidationError as error:
        problems = error.errors(include_url=False, include_context=False)
        raise RequestValidationError(
            [{**problem, "loc": ("body", *problem["loc"])} for problem in problems]
        ) from None
    if len(records) > limit:
        raise HTTPException(status_code=413, detail=f"at most {limit} customers per request")
    return records


@router.post(
    "/predict/batch",
    response_model=list[ChurnPrediction],
    openapi_extra=BATCH_BODY,
    responses={413: {"description": "More customers than serving.batch_limit"}},
)
async def predict_batch(request: Request, serving: ServingDep) -> Response:
    """Churn probabilities of a list of customers (at most serving.batch_limit), in order."""
    classifier: Classifier = serving.model.predictor
    records = parse_batch(await request.body(), serving.settings.serving.batch_limit)
    predictions = await run_in_threadpool(
        predict_records,
        classifier.scorer.score_frame,
        records,
        classifier.threshold,
        serving.model.version,
    )
    log_predictions(serving.prediction_log, records, predictions)
    return Response(json.dumps(predictions), media_type="application/json")
