"""This project's routes: the most probable classes of an uploaded image, or of several.

Hands project.py `router`, `DEMOS` (the demo page's form) and `load_model_for_serving`. Images
arrive as multipart uploads (the field `image`, or `images` for a batch); uploads.py reads each
one within the byte and pixel caps and preprocesses it as training did. The prediction log, when
configured, records each image's size, format and intensity statistics and the answer, never its
pixels.
"""

import functools
import io
import json
from pathlib import Path
from typing import Annotated, Any, cast

import numpy as np
from fastapi import APIRouter, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse, Response
from PIL import Image, ImageDraw

from frame.api.deps import (
    BATCH_ROUTE,
    UPLOAD_ROUTE,
    ServedModel,
    Serving,
    ServingDep,
    load_served_model,
    serving_state,
)
from frame.contract import Demo
from frame.settings import ProjectSettings

from ..config import Settings
from ..features import logged_statistics
from ..images import IMAGE_SIZE
from ..modeling.predict import Classifier, serving_threads
from .schemas import MAX_TOP_K, UPLOAD_ERRORS, BatchPrediction, Prediction
from .uploads import UploadedImage, read_images

router = APIRouter(tags=["images"])
TopK = Annotated[int, Query(ge=1, le=MAX_TOP_K, description="how many classes to list")]
EXAMPLE_PATH = "/example-image.png"


def load_model_for_serving(settings: Settings) -> ServedModel[Classifier]:
    def build(classifier: Classifier, metadata: dict[str, Any]) -> Classifier:
        classifier = classifier.with_threads(serving_threads(settings))
        # One call at start-up, so that the first visitor does not wait for the session.
        classifier.probabilities(np.zeros((1, IMAGE_SIZE, IMAGE_SIZE), dtype=np.uint8))
        return classifier

    return load_served_model(settings.paths.models, build)


def caps(serving: Serving) -> dict[str, int]:
    """The most bytes one uploaded file may have, and the most pixels."""
    settings = cast(Settings, serving.settings)
    return {
        "max_bytes": settings.serving.max_body_bytes,
        "max_pixels": settings.data.max_image_pixels,
    }


def answer(body: dict[str, Any]) -> Response:
    # Encoded here, in the documented shape: FastAPI would validate and re-encode the model.
    return Response(json.dumps(body), media_type="application/json")


def classified(
    serving: Serving, uploads: list[UploadedImage], k: int
) -> list[list[dict[str, Any]]]:
    """Each image's k most probable classes as the answer lists them; logged when configured."""
    classifier: Classifier = serving.model.predictor
    pixels = np.stack([upload.pixels for upload in uploads])
    top = classifier.top_k(pixels, min(k, len(classifier.classes)))
    if serving.prediction_log is not None:
        inputs = [
            {"file": upload.name, **upload.described(), **logged_statistics(upload.pixels)}
            for upload in uploads
        ]
        outputs = [{"predicted": best[0][0], "probability": best[0][1]} for best in top]
        serving.prediction_log.append(inputs, outputs, serving.model.version)
    return [[{"label": label, "probability": p} for label, p in best] for best in top]


@router.post(
    "/predict",
    response_model=Prediction,
    responses=UPLOAD_ERRORS,
    openapi_extra={UPLOAD_ROUTE: True},
)
async def predict(
    image: Annotated[UploadFile, File(description="a PNG, JPEG or WebP image")],
    serving: ServingDep,
    k: TopK = 3,
) -> Response:
    """The k classes the image most looks like, best first, with their probabilities."""
    uploads = await read_images([image], **caps(serving))
    [predictions] = classified(serving, uploads, k)
    return answer({"predictions": predictions, "model_version": serving.model.version})


@router.post(
    "/predict/batch",
    response_model=BatchPrediction,
    responses=UPLOAD_ERRORS,
    openapi_extra={UPLOAD_ROUTE: True, BATCH_ROUTE: True},
)
async def predict_batch(
    images: Annotated[list[UploadFile], File(description="PNG, JPEG or WebP images")],
    serving: ServingDep,
    k: TopK = 3,
) -> Response:
    """Each image's k most probable classes, in the order the files were sent. One file that
    cannot be read refuses the whole request, naming the file.
    """
    limit = serving.settings.serving.batch_limit
    if len(images) > limit:
        raise HTTPException(status_code=413, detail=f"at most {limit} images per request")
    uploads = await read_images(images, **caps(serving))
    results = [
        {"file": upload.name, "predictions": predictions}
        for upload, predictions in zip(uploads, classified(serving, uploads, k), strict=True)
    ]
    return answer({"results": results, "model_version": serving.model.version})


@router.get(EXAMPLE_PATH, include_in_schema=False)
async def example_image(request: Request) -> Response:
    """The image the demo page starts with: the first of the samples `make data` wrote, or, in a
    project served without its data (the container), a ring drawn here.
    """
    folder = samples_folder(serving_state(request).settings)
    samples = sorted(folder.glob("*.png")) if folder.is_dir() else []
    if samples:
        return FileResponse(samples[0], media_type="image/png")
    return Response(drawn_ring(), media_type="image/png")


def samples_folder(settings: ProjectSettings) -> Path:
    """data/samples, where `make data` writes one test image per class (as dataset.py says; that
    module is not imported here: it needs pandas, which the service does not install).
    """
    return settings.paths.processed.parent / "samples"


@functools.cache
def drawn_ring() -> bytes:
    image = Image.new("L", (IMAGE_SIZE, IMAGE_SIZE), 0)
    ImageDraw.Draw(image).ellipse((5, 5, 22, 22), outline=255, width=3)
    encoded = io.BytesIO()
    image.save(encoded, format="PNG")
    return encoded.getvalue()


DEMOS = [
    Demo(
        title="Classify an image",
        description=(
            "Choose or drop an image (PNG, JPEG or WebP): the model answers with the classes it "
            "most looks like. It starts with one of the project's sample images."
        ),
        path="/predict",
        example={"image": EXAMPLE_PATH, "k": 3},
        renderer="classes",
        answer={
            "items": "predictions",
            "label": "label",
            "probability": "probability",
            "version": "model_version",
        },
    ),
]
