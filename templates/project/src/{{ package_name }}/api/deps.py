"""What the routes share: the loaded model, the prediction log, dependencies that hand them out,
and the parsing of a JSON list of records for batch routes. A route that needs the model gets a
503 until the lifespan has loaded it.
"""

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Generic, TextIO, TypeVar

from fastapi import Depends, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, TypeAdapter, ValidationError

from ..config import Settings
from ..metadata import MODEL_FILE, load_model

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


def load_served_tasks(
    settings: Settings, builders: Mapping[str, Callable[[Any, dict[str, Any]], Any]]
) -> ServedModel[dict[str, ServedModel[Any]]]:
    """A project with several tasks serves them together: each task's model loaded from its own
    folder and built by its builder. The routes get one ServedModel per task (`predictor[task]`,
    with that model's version); `/model-info` shows each task's metadata under its name.
    """
    served = {
        task: load_served_model(settings.paths.for_task(task).models, build)
        for task, build in builders.items()
    }
    return ServedModel(
        artifact={task: model.artifact for task, model in served.items()},
        metadata={
            task: {"model_version": model.version, **model.metadata}
            for task, model in served.items()
        },
        version=" ".join(f"{task}:{model.version}" for task, model in served.items()),
        predictor=served,
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
    settings: Settings
    prediction_log: PredictionLog | None = None


@dataclass
class ServingState:
    """Lives on `app.state.serving`; the lifespan sets `ready` once the model is loaded."""

    settings: Settings
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
    return ready


ServingDep = Annotated[Serving, Depends(require_ready)]


def list_body(adapter: TypeAdapter[Any]) -> dict[str, Any]:
    """The OpenAPI request body of a route that reads its JSON list itself (see `parse_list`)."""
    schema = adapter.json_schema(ref_template="#/components/schemas/{model}")
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def parse_list(  # noqa: UP047 (3.11)
    body: bytes, adapter: TypeAdapter[list[Record]], limit: int, noun: str, item_bytes: int
) -> list[Record]:
    """A JSON list of at most `limit` records, validated in one pass (FastAPI's own parsing
    would build a dict per record first); errors are located like FastAPI's. A body larger than
    `limit` records of `item_bytes` each is refused before it is parsed.
    """
    too_many = HTTPException(status_code=413, detail=f"at most {limit} {noun} per request")
    if len(body) > limit * item_bytes:
        raise too_many
    try:
        records = adapter.validate_json(body)
    except ValidationError as error:
        problems = error.errors(include_url=False, include_context=False)
        raise RequestValidationError(
            [{**problem, "loc": ("body", *problem["loc"])} for problem in problems]
        ) from None
    if len(records) > limit:
        raise too_many
    return records
