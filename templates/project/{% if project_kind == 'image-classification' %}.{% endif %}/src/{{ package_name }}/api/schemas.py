"""The service's answers, and the refusals its upload routes document.

The requests are multipart forms (the routes declare their files), so only the answers are
models here: the k most probable classes of an image, best first, and the version of the model
that gave them.
"""

from typing import Any

from pydantic import BaseModel

from frame.api.guards import Problems, Refusal

MAX_TOP_K = 10  # classes one answer may list (the query's `k`)

UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Refusal, "description": "The body could not be read as a multipart form"},
    413: {"model": Refusal, "description": "An image, its pixels or the batch is over the limits"},
    415: {"model": Refusal, "description": "Not a multipart form, or a file not PNG, JPEG or WebP"},
    422: {"model": Problems, "description": "A field is missing, or an image cannot be decoded"},
}


class ClassScore(BaseModel):
    label: str
    probability: float


class Prediction(BaseModel):
    """One image's k most probable classes, best first."""

    predictions: list[ClassScore]
    model_version: str


class FilePrediction(BaseModel):
    file: str  # the name the client gave the file ("" when it gave none)
    predictions: list[ClassScore]


class BatchPrediction(BaseModel):
    """Each image's k most probable classes, in the order the files were sent."""

    results: list[FilePrediction]
    model_version: str
