"""What the routes share: the loaded model, the prediction log, dependencies that hand them out,
and the declaration and parsing of a JSON list of records for batch routes. A route that needs
the model gets a 503 until the lifespan has loaded it.
"""

import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Generic, TextIO, TypeVar

from fastapi import Depends, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field, TypeAdapter, ValidationError
from starlette.routing import BaseRoute

from ..metadata import MODEL_FILE, load_model
from ..settings import ProjectSettings

Predictor = TypeVar("Predictor")
Record = TypeVar("Record", bound=BaseModel)


@dataclass(frozen=True)
class ServedModel(Generic[Predictor]):  # noqa: UP046 (3.11)
    """What training saved (`artifact`), its metadata, its version, and the `predictor` the
    project's routes call: whatever its `load_model_for_serving` builds from the artifact.
    """

    artifact: Any
    metadata: dict[str, Any]
    version: str
    predictor: Predictor
    # A model served in parts (a project of several models serves them together): the part each
    # route answers with, by the route's endpoint function; a route not listed gets the whole model.
    parts: Mapping[Callable[..., Any], "ServedModel[Any]"] = field(default_factory=dict)


def model_version(metadata: Mapping[str, Any], model_file: Path) -> str:
    """Package version plus the start of the model file's sha256: unique per trained model."""
    digest = hashlib.sha256(model_file.read_bytes()).hexdigest()[:12]
    return f"{metadata.get('version', '0+unknown')}+{digest}"


def load_served_model(  # noqa: UP047 (3.11)
    directory: Path, build_predictor: Callable[[Any, dict[str, Any]], Predictor]
) -> ServedModel[Predictor]:
    """Load the saved model and build its predictor; ArtifactError when none is saved."""
    artifact, metadata = load_model(directory)
    return ServedModel(
        artifact=artifact,
        metadata=metadata,
        version=model_version(metadata, directory / MODEL_FILE),
        predictor=build_predictor(artifact, metadata),
    )


class PredictionLog:
    """Appends one JSON line per prediction: time, model version, the input and the output."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.stream: TextIO = path.open("a", encoding="utf-8")

    def append(
        self, inputs: list[dict[str, Any]], outputs: list[dict[str, Any]], version: str
    ) -> None:
        timestamp = datetime.now(UTC).isoformat(timespec="milliseconds")
        lines = [
            json.dumps(
                {
                    "timestamp": timestamp,
                    "model_version": version,
                    "input": record,
                    "output": output,
                }
            )
            for record, output in zip(inputs, outputs, strict=True)
        ]
        self.stream.write("\n".join(lines) + "\n")
        self.stream.flush()

    def append_batch(
        self, records: list[Record], predictions: list[dict[str, Any]], keys: tuple[str, ...]
    ) -> None:
        """Log a batch route's records with the `keys` of each prediction as its output."""
        if predictions:
            outputs = [{key: item[key] for key in keys} for item in predictions]
            inputs = [record.model_dump(by_alias=True) for record in records]
            self.append(inputs, outputs, predictions[0]["model_version"])

    def close(self) -> None:
        self.stream.close()


@dataclass(frozen=True)
class Serving:
    """What a route that scores gets, in one dependency: the model, the settings, the log."""

    model: ServedModel[Any]
    settings: ProjectSettings
    prediction_log: PredictionLog | None = None


@dataclass
class ServingState:
    """Lives on `app.state.serving`; the lifespan sets `ready` once the model is loaded."""

    settings: ProjectSettings
    ready: Serving | None = None
    load_error: str | None = None


def serving_state(request: Request) -> ServingState:
    state: ServingState = request.app.state.serving
    return state


# One async dependency: sync ones would each cost a threadpool hop, and each dependency costs
# FastAPI some microseconds per request.
async def require_ready(request: Request) -> Serving:
    ready = serving_state(request).ready
    if ready is None:
        raise HTTPException(status_code=503, detail="model not loaded")
    route = request.scope.get("route")
    if ready.model.parts and isinstance(route, APIRoute) and route.endpoint in ready.model.parts:
        return replace(ready, model=ready.model.parts[route.endpoint])
    return ready


ServingDep = Annotated[Serving, Depends(require_ready)]


BATCH_ROUTE = "x-batch-of-records"  # marks a batch route in the OpenAPI, for its body limit
# Marks a route whose body is a multipart form of uploaded files (`openapi_extra={UPLOAD_ROUTE:
# True}`), for the media type its guard lets through.
UPLOAD_ROUTE = "x-file-upload"


@functools.cache
def records_adapter(record_type: type[BaseModel], limit: int | None = None) -> TypeAdapter[Any]:
    """A non-empty JSON list of records, of at most `limit` when given: pydantic stops at the
    limit, so a long list of bad records is one error, not one per record.
    """
    bounds = Field(min_length=1, max_length=limit)
    return TypeAdapter(Annotated[list[record_type], bounds])  # type: ignore[valid-type,arg-type]


def list_body(record_type: type[BaseModel]) -> dict[str, Any]:
    """The OpenAPI entry of a batch route, which reads its JSON list itself (`parse_list`)."""
    schema = records_adapter(record_type).json_schema(ref_template="#/components/schemas/{model}")
    content = {"application/json": {"schema": schema}}
    return {"requestBody": {"required": True, "content": content}, BATCH_ROUTE: True}


def marked_paths(routes: Iterable[BaseRoute], marker: str) -> set[str]:
    return {
        route.path
        for route in routes
        if isinstance(route, APIRoute) and (route.openapi_extra or {}).get(marker)
    }


def batch_paths(routes: Iterable[BaseRoute]) -> set[str]:
    """The paths of the batch routes (declared with `list_body`, or marked BATCH_ROUTE)."""
    return marked_paths(routes, BATCH_ROUTE)


def upload_paths(routes: Iterable[BaseRoute]) -> set[str]:
    """The paths of the routes that take uploaded files (marked UPLOAD_ROUTE)."""
    return marked_paths(routes, UPLOAD_ROUTE)


def parse_list(  # noqa: UP047 (3.11)
    body: bytes, record_type: type[Record], limit: int, noun: str
) -> list[Record]:
    """A JSON list of 1 to `limit` records, validated in one pass (FastAPI's own parsing would
    build a dict per record first); errors are located like FastAPI's. An empty list is a 422:
    an empty batch is most often a client's mistake, and its answer would say nothing.
    """
    try:
        records: list[Record] = records_adapter(record_type, limit).validate_json(body)
    except ValidationError as error:
        problems = error.errors(include_url=False, include_context=False)
        if any(problem["type"] == "too_long" and not problem["loc"] for problem in problems):
            raise HTTPException(
                status_code=413, detail=f"at most {limit} {noun} per request"
            ) from None
        raise RequestValidationError(
            [{**problem, "loc": ("body", *problem["loc"])} for problem in problems]
        ) from None
    return records
