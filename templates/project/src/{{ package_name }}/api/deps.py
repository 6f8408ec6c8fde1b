"""What the routes share: the loaded model, the prediction log, and dependencies that hand them
out. A route that needs the model gets a 503 until the lifespan has loaded it.
"""

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Generic, TextIO, TypeVar

from fastapi import Depends, HTTPException, Request

from ..config import Settings
from ..metadata import MODEL_FILE, load_model

Predictor = TypeVar("Predictor")


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
