"""The prediction routes of machine failure: `POST /predict/failure` (one process, through the
compiled fast path) and `POST /predict/failure/batch` (all rows at once, in a worker thread, so
that a large batch does not stall single predictions).

Exports what project.py hands the frame: `router`, and `load_model_for_serving`, which loads the
saved pipeline and checks its fast path. Each response carries this task's model version.
"""

import json

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from frame.api.deps import ServedModel, ServingDep, list_body, parse_list
from frame.api.guards import BODY_ERRORS
from frame.classifier.fastpath import Classifier, load_classifier

from ..config import FailureSettings
from ..modeling.classifier import CLASSIFIER
from ..modeling.predict import predict_readings
from ..schemas import FailurePrediction, MachineReading

router = APIRouter(tags=["predictions"])
BATCH_BODY = list_body(MachineReading)


def load_model_for_serving(settings: FailureSettings) -> ServedModel[Classifier]:
    """The saved model and its checked scorer; /model-info says which scorer serves, and why."""
    return load_classifier(settings.paths.models, CLASSIFIER)


@router.post("/predict/failure", response_model=FailurePrediction, responses=BODY_ERRORS)
async def predict_failure(reading: MachineReading, serving: ServingDep) -> Response:
    """The probability that this process ends in a machine failure, and whether to inspect."""
    classifier: Classifier = serving.model.predictor
    version = serving.model.version
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
    classifier: Classifier = serving.model.predictor
    limit = serving.settings.serving.batch_limit
    records = parse_list(await request.body(), MachineReading, limit, "readings")
    predictions = await run_in_threadpool(
        predict_readings,
        classifier.scorer.score_frame,
        records,
        classifier.threshold,
        serving.model.version,
    )
    if serving.prediction_log is not None:
        serving.prediction_log.append_batch(
            records, predictions, ("failure_probability", "inspect")
        )
    return Response(json.dumps(predictions), media_type="application/json")
