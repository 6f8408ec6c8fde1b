"""This project's prediction routes: one customer, or a batch of customers.

Exports what project.py hands the frame: `router`, and `load_model_for_serving`, which loads the
saved pipeline and compiles its fast path. /predict scores on the event loop (tens of microseconds,
no thread hop); /predict/batch scores all rows at once (compiled columns, then the estimator's own
predict_proba) in a worker thread, so a large batch does not stall single predictions.
"""

import json

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from frame.api.deps import ServedModel, ServingDep, list_body, parse_list
from frame.api.guards import BODY_ERRORS
from frame.classifier.fastpath import Classifier, load_classifier

from ..config import Settings
from ..modeling.classifier import CLASSIFIER
from ..modeling.predict import predict_records
from ..schemas import ID_COLUMN, ChurnPrediction, CustomerRecord

router = APIRouter(tags=["predictions"])
BATCH_BODY = list_body(CustomerRecord)


def load_model_for_serving(settings: Settings) -> ServedModel[Classifier]:
    """The saved model and its checked scorer; /model-info says which scorer serves, and why."""
    return load_classifier(settings.paths.models, CLASSIFIER)


@router.post("/predict", response_model=ChurnPrediction, responses=BODY_ERRORS)
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


@router.post(
    "/predict/batch",
    response_model=list[ChurnPrediction],
    openapi_extra=BATCH_BODY,
    responses=BODY_ERRORS,
)
async def predict_batch(request: Request, serving: ServingDep) -> Response:
    """Churn probabilities of a list of customers (at most serving.batch_limit), in order."""
    classifier: Classifier = serving.model.predictor
    limit = serving.settings.serving.batch_limit
    records = parse_list(await request.body(), CustomerRecord, limit, "customers")
    predictions = await run_in_threadpool(
        predict_records,
        classifier.scorer.score_frame,
        records,
        classifier.threshold,
        serving.model.version,
    )
    if serving.prediction_log is not None:
        serving.prediction_log.append_batch(
            records, predictions, ("churn_probability", "churn_predicted")
        )
    return Response(json.dumps(predictions), media_type="application/json")
