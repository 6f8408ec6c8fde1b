"""The service of a classifier: `POST /predict` scores one record on the event loop through the
checked scorer (tens of microseconds, no thread hop); `POST /predict/batch` scores a list at once
(compiled columns, then the estimator's own predict_proba) in a worker thread, so that a large
batch does not stall single predictions. A project says what its records and answers are in one
`ClassifierRoutes`; `classifier_serving` makes the frame's `Serving` of it.
"""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np
import pandas as pd
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel

from ..api.deps import ServedModel, ServingDep, list_body, parse_list
from ..api.deps import Serving as ServingNow
from ..api.guards import BODY_ERRORS
from ..contract import Demo, Serving
from .fastpath import Classifier, load_classifier
from .tabular import TabularClassifier

Record = TypeVar("Record", bound=BaseModel)


@dataclass(frozen=True)
class Answer:
    """One record's answer, and what the prediction log keeps of the request and of the answer."""

    prediction: BaseModel
    logged_input: dict[str, Any]
    logged_output: dict[str, Any]


@dataclass(frozen=True)
class ClassifierRoutes(Generic[Record]):  # noqa: UP046 (3.11)
    """What a classifier's routes take and give.

    `answer(record, classifier, model_version)` answers one record (the scorer is
    `classifier.scorer`, the decision threshold `classifier.threshold`); `answers(score_frame,
    records, threshold, model_version)` answers a batch as plain dicts with the fields of
    `batch_item` (a thousand pydantic models would cost milliseconds), `logged` naming those
    the prediction log keeps.
    """

    record: type[Record]
    prediction: type[BaseModel]
    batch_item: type[BaseModel]
    answer: Callable[[Record, Classifier, str], Answer]
    answers: Callable[
        [Callable[[pd.DataFrame], np.ndarray], list[Record], float, str], list[dict[str, Any]]
    ]
    logged: Sequence[str]
    plural: str  # how an error names the records of a batch: "at most 1000 customers"
    path: str = "/predict"
    summary: str = "The probability of one record, and the decision at the model's threshold."
    batch_summary: str = "The probabilities of a list of records, in order."


Pick = Callable[[ServingNow], ServedModel[Classifier]]


def served(serving: ServingNow) -> ServedModel[Classifier]:
    """The model a single-model project serves."""
    model: ServedModel[Classifier] = serving.model
    return model


def classifier_router(routes: ClassifierRoutes[Any], pick: Pick = served) -> APIRouter:
    """`POST <path>` and `POST <path>/batch`; `pick` finds the classifier among the models the
    service loaded (a project of several models serves them together).
    """
    router = APIRouter(tags=["predictions"])
    record_type = routes.record

    async def predict(record: record_type, serving: ServingDep) -> Response:  # type: ignore[valid-type]
        model = pick(serving)
        answer = routes.answer(record, model.predictor, model.version)
        if serving.prediction_log is not None:
            serving.prediction_log.append(
                [answer.logged_input], [answer.logged_output], model.version
            )
        # Serialised here: FastAPI would dump, re-validate and re-encode the model per request.
        return Response(answer.prediction.model_dump_json(), media_type="application/json")

    async def predict_batch(request: Request, serving: ServingDep) -> Response:
        model = pick(serving)
        classifier = model.predictor
        limit = serving.settings.serving.batch_limit
        records = parse_list(await request.body(), record_type, limit, routes.plural)
        predictions = await run_in_threadpool(
            routes.answers,
            classifier.scorer.score_frame,
            records,
            classifier.threshold,
            model.version,
        )
        if serving.prediction_log is not None:
            serving.prediction_log.append_batch(records, predictions, tuple(routes.logged))
        return Response(json.dumps(predictions), media_type="application/json")

    predict.__doc__, predict_batch.__doc__ = routes.summary, routes.batch_summary
    router.add_api_route(
        routes.path,
        predict,
        methods=["POST"],
        response_model=routes.prediction,
        responses=BODY_ERRORS,
    )
    router.add_api_route(
        f"{routes.path}/batch",
        predict_batch,
        methods=["POST"],
        response_model=list[routes.batch_item],  # type: ignore[name-defined]
        openapi_extra=list_body(record_type),
        responses=BODY_ERRORS,
    )
    return router


def classifier_serving(
    routes: ClassifierRoutes[Any], classifier: TabularClassifier[Any], demos: Sequence[Demo] = ()
) -> Serving[Any]:
    """The service of a single-classifier project: its two routes, the saved model with its
    checked scorer (/model-info says which scorer serves, and why), and the demo page's forms.
    """
    return Serving(
        classifier_router(routes),
        lambda settings: load_classifier(settings.paths.models, classifier),
        demos,
    )
