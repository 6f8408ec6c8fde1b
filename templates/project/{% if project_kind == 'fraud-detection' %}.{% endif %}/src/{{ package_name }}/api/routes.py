"""This project's prediction routes: one transaction, explained, or a batch of transactions.

Exports what project.py hands the frame: `router`, and `load_model_for_serving`, which loads the
saved pipeline and compiles its fast path. /predict scores and explains on the event loop (one
walk of the compiled trees each, tens of microseconds); /predict/batch scores all rows at once in
a worker thread, so a large batch does not stall single predictions.
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
from ..modeling.predict import predict_records, score_and_explain
from ..schemas import FraudPrediction, FraudScore, TransactionRecord

router = APIRouter(tags=["predictions"])
BATCH_BODY = list_body(TransactionRecord)


def load_model_for_serving(settings: Settings) -> ServedModel[Classifier]:
    """The saved model and its checked scorer; /model-info says which scorer serves, and why."""
    return load_classifier(settings.paths.models, CLASSIFIER)


@router.post("/predict", response_model=FraudPrediction, responses=BODY_ERRORS)
async def predict(record: TransactionRecord, serving: ServingDep) -> Response:
    """Fraud probability of one transaction, the decision at the model's threshold, and the
    input columns that moved the score most (contributions to the log-odds).
    """
    classifier: Classifier = serving.model.predictor
    version = serving.model.version
    values = record.model_dump()
    probability, top_features = score_and_explain(classifier.scorer, values)
    prediction = FraudPrediction.model_validate(
        {
            "fraud_probability": probability,
            "alert": probability >= classifier.threshold,
            "threshold": classifier.threshold,
            "model_version": version,
            "top_features": top_features,
        }
    )
    if serving.prediction_log is not None:
        output = {"fraud_probability": probability, "alert": prediction.alert}
        serving.prediction_log.append([values], [output], version)
    # Serialised here: FastAPI would dump, re-validate and re-encode the model per request.
    return Response(prediction.model_dump_json(), media_type="application/json")


@router.post(
    "/predict/batch",
    response_model=list[FraudScore],
    openapi_extra=BATCH_BODY,
    responses=BODY_ERRORS,
)
async def predict_batch(request: Request, serving: ServingDep) -> Response:
    """Fraud probabilities of a list of transactions (at most serving.batch_limit), in order."""
    classifier: Classifier = serving.model.predictor
    limit = serving.settings.serving.batch_limit
    records = parse_list(await request.body(), TransactionRecord, limit, "transactions")
    predictions = await run_in_threadpool(
        predict_records,
        classifier.scorer.score_frame,
        records,
        classifier.threshold,
        serving.model.version,
    )
    if serving.prediction_log is not None:
        serving.prediction_log.append_batch(records, predictions, ("fraud_probability", "alert"))
    return Response(json.dumps(predictions), media_type="application/json")
