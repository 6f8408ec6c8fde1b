"""What the routes share: the loaded model, the prediction log, and dependencies that hand them
out. A route that needs the model gets a 503 until the lifespan has loaded it.
"""

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, TextIO

from fastapi import Depends, HTTPException, Request

from ..config import Settings
from ..fastpath import Scorer
from ..metadata import MODEL_FILE, load_model


@dataclass(frozen=True)
class ServedModel:
    """The fitted pipeline, its saved metadata, and the scorer compiled from it."""

    pipeline: Any
    metadata: dict[str, Any]
    version: str
    threshold: float
    scorer: Scorer


def model_version(metadata: Mapping[str, Any], model_file: Path) -> str:
    """Package version plus the start of the model file's sha256: unique per trained model."""
    digest = hashlib.sha256(model_file.read_bytes()).hexdigest()[:12]
    return f"{metadata.get('version', '0+unknown')}+{digest}"


def load_served_model(directory: Path, build_scorer: Callable[[Any], Scorer]) -> ServedModel:
    """Load the saved pipeline and compile its scorer; ArtifactError when none is saved."""
    pipeline, metadata = load_model(directory)
    return ServedModel(
        pipeline=pipeline,
        metadata=metadata,
        version=model_version(metadata, directory / MODEL_FILE),
        threshold=float(metadata["threshold"]),
        scorer=build_scorer(pipeline),
    )


class PredictionLog:
    """Appends one JSON line per prediction: input, probability, decision, version, time."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.stream: TextIO = path.open("a", encoding="utf-8")

    def append(
        self, inputs: list[dict[str, Any]], outputs: list[tuple[float, Any]], version: str
    ) -> None:
        timestamp = datetime.now(UTC).isoformat(timespec="milliseconds")
        lines = [
            json.dumps(
                {
                    "timestamp": timestamp,
                    "model_version": version,
                    "probability": probability,
                    "decision": decision,
                    "input": record,
                }
            )
            for record, (probability, decision) in zip(inputs, outputs, strict=True)
        ]
        self.stream.write("\n".join(lines) + "\n")
        self.stream.flush()

    def close(self) -> None:
        self.stream.close()


@dataclass(frozen=True)
class Serving:
    """What a route that scores gets, in one dependency: the model, the settings, the log."""

    model: ServedModel
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
