"""The saved models as the service and `make score` use them: a `Classifier` holds an ONNX
graph and the class names, and runs the graph with ONNX Runtime. Nothing the service calls
imports torch, pandas or scikit-learn: its environment installs onnxruntime, Pillow and numpy,
not the training stack (`predict_partition`, for `make score`, is given pandas frames).

Images arrive as uint8 arrays (N, 28, 28), already through images.preprocess (the one
preprocessing path of the data stage, training and the service); the Classifier scales them
with images.to_input, as training did.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from frame.errors import DataError
from frame.metadata import load_model

from ..config import Settings
from ..images import IMAGE_SIZE, ImageError, read_image, to_input

if TYPE_CHECKING:  # the service's environment has no pandas: predict_partition is given frames
    import pandas as pd

    from frame.api.deps import ServedModel

LOGITS = "logits"  # the graph's first output is one score per class (the network)
PROBABILITIES = "probabilities"  # the last output is probabilities (skl2onnx's classifiers)
RUN_BATCH = 1024  # images per run of a graph: the network's first layer holds 50 KB per image


@dataclass
class Classifier:
    """One model as an ONNX graph: the served network, or a baseline (exported by skl2onnx).
    `inputs` says what the graph reads: "image" (N, 1, 28, 28) or "pixels" (N, 784), both in
    [0, 1]. The ONNX Runtime session is made on first use with `threads` intra-op threads, and
    is not saved with the model.
    """

    name: str
    graph: bytes
    classes: list[str]
    inputs: str = "image"
    outputs: str = LOGITS
    threads: int = 1
    _session: Any = field(default=None, init=False, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        """What is saved: the graph and the names, not the session built from them."""
        return {key: value for key, value in self.__dict__.items() if key != "_session"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._session = None

    def with_threads(self, threads: int) -> "Classifier":
        """The same model, run with `threads` intra-op threads from its next session on."""
        if threads != self.threads:
            self.threads, self._session = max(1, int(threads)), None
        return self

    def session(self) -> Any:
        if self._session is None:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
            options.log_severity_level = 3  # errors only
            self._session = ort.InferenceSession(
                self.graph, options, providers=["CPUExecutionProvider"]
            )
        return self._session

    def probabilities(self, images: np.ndarray) -> np.ndarray:
        """float32 (N, C): each image's probability of each class, in the order of `classes`."""
        checked = checked_images(images)
        parts = [self.run(checked[i : i + RUN_BATCH]) for i in range(0, len(checked), RUN_BATCH)]
        if not parts:
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        return np.concatenate(parts)

    def run(self, images: np.ndarray) -> np.ndarray:
        """One run of the graph over a few images: their probabilities."""
        scaled = to_input(images)
        if self.inputs == "pixels":
            scaled = scaled.reshape(len(scaled), -1)
        session = self.session()
        outputs = session.run(None, {session.get_inputs()[0].name: scaled})
        if self.outputs == LOGITS:
            return softmax(np.asarray(outputs[0], dtype=np.float32))
        return np.asarray(outputs[-1], dtype=np.float32)

    def top_k(self, images: np.ndarray, k: int) -> list[list[tuple[str, float]]]:
        """Each image's k most probable classes with their probabilities, best first (a tie goes
        to the class listed first).
        """
        probabilities = self.probabilities(images)
        best = np.argsort(-probabilities, axis=1, kind="stable")[:, : max(1, k)]
        return [
            [(self.classes[column], float(row[column])) for column in columns]
            for row, columns in zip(probabilities, best, strict=True)
        ]


def checked_images(images: np.ndarray) -> np.ndarray:
    """The images as uint8 (N, 28, 28); a one-line ValueError for anything else."""
    array = np.asarray(images)
    expected = (IMAGE_SIZE, IMAGE_SIZE)
    if array.ndim != 3 or array.shape[1:] != expected or array.dtype != np.uint8:
        raise ValueError(
            f"expected uint8 images of shape (N, {IMAGE_SIZE}, {IMAGE_SIZE}), "
            f"got {array.dtype} {array.shape}"
        )
    return array


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=1, keepdims=True), dtype=np.float32)


def serving_threads(settings: Settings) -> int:
    """ONNX Runtime's intra-op threads: `compute.threads` when set, else one (a request holds
    a few images; more threads only wait for each other on a shared machine).
    """
    return settings.compute.threads or 1


def load_classifier(settings: Settings) -> tuple[Classifier, dict[str, Any]]:
    """The served model, set to the configured threads, and its metadata."""
    classifier, metadata = load_model(settings.paths.models)
    return classifier.with_threads(serving_threads(settings)), metadata


def predict_partition(
    settings: Settings, served: "ServedModel[Classifier]", listing: "pd.DataFrame"
) -> "pd.DataFrame":
    """Batch scoring (`make score`), one partition of a listing of images: its `image` column
    holds each file's path (absolute, or relative to where the command runs). Each file is
    decoded and preprocessed as the service does an upload; the output holds the path, the
    most probable class and its probability.
    """
    import pandas as pd

    if "image" not in listing.columns:
        columns = ", ".join(map(str, listing.columns))
        raise DataError(f"the input needs an `image` column of file paths (columns: {columns})")
    max_pixels = settings.data.max_image_pixels
    pixels = []
    for label, path in zip(listing.index, listing["image"].astype(str), strict=True):
        try:
            pixels.append(read_image(Path(path), max_pixels))
        except (ImageError, OSError) as error:
            raise DataError(f"row {int(label) + 1:,}: {error}") from None
    top = served.predictor.top_k(np.stack(pixels), 1)
    return pd.DataFrame(
        {
            "image": listing["image"].astype(str).tolist(),
            "predicted": [best[0][0] for best in top],
            "probability": [round(best[0][1], 6) for best in top],
        },
        columns=["image", "predicted", "probability"],
    )
