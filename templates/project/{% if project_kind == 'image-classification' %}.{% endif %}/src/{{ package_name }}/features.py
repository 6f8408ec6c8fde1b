"""What drift monitoring reads of an image, and of what the model says about it.

Of the image, after preprocessing (28 x 28, grayscale, as the model sees it):
- `brightness`: its mean intensity, 0 (black) to 1 (white);
- `contrast`: the standard deviation of its intensities;
- `dark_share`, `bright_share`: its intensity histogram in three bands, the shares of pixels
  below DARK and from BRIGHT up (the middle band is the rest). A brighter or inverted camera, a
  new background, shows here before anywhere else.
- `background`: "light" when the image's border is brighter than mid-grey, else "dark": an
  inverted camera, or a scanner set the other way, flips it.
Of the model's answer (frame.contract.Monitoring.predictions adds it to both frames):
- `predicted`: the most probable class, so the class mix arriving is compared with training's;
- `low_confidence`: "yes" when its probability is below LOW_CONFIDENCE. Images unlike the
  training ones (rotated, another kind of object) raise this share before anyone has labelled
  them. The probability itself is not compared: the reference is the training split, on which
  the model is surer than on any new image, and a test on thousands of rows would flag that
  small gap on every batch; the share of unsure answers moves only with a real change.

Before a model is saved there is no answer to compare, and only the images are. The prediction
log holds no pixels: it keeps these statistics of each image, computed as the
service answered (`logged_statistics`), and monitoring reads them from there. The service imports
this module, and installs no pandas: pandas is imported by the functions that need it.
"""

from typing import TYPE_CHECKING

import numpy as np

from .config import Settings
from .images import IMAGE_SIZE

if TYPE_CHECKING:
    import pandas as pd

NUMERIC_FEATURES = ["brightness", "contrast", "dark_share", "bright_share"]
CATEGORICAL_FEATURES = ["background", "predicted", "low_confidence"]
STATISTICS = [*NUMERIC_FEATURES, "background"]  # what the prediction log keeps of each image
DARK = 64  # intensities below this count as dark (of 0 to 255)
BRIGHT = 192  # and from this one up as bright
MID_GREY = 127.5
LOW_CONFIDENCE = 0.5  # a top probability below this is an unsure answer
CHUNK = 4096  # images scored at a time, to bound memory on a large batch


def image_statistics(pixels: np.ndarray) -> dict[str, np.ndarray]:
    """The statistics of each image of uint8 (N, 28, 28), one array each."""
    flat = pixels.reshape(len(pixels), -1)
    scaled = flat.astype(np.float32) / 255.0
    border = np.concatenate(
        [pixels[:, 0, :], pixels[:, -1, :], pixels[:, :, 0], pixels[:, :, -1]], axis=1
    )
    return {
        "brightness": scaled.mean(axis=1),
        "contrast": scaled.std(axis=1),
        "dark_share": (flat < DARK).mean(axis=1),
        "bright_share": (flat >= BRIGHT).mean(axis=1),
        "background": np.where(border.mean(axis=1) > MID_GREY, "light", "dark"),
    }


def logged_statistics(pixels: np.ndarray) -> dict[str, float | str]:
    """One image's statistics as the prediction log keeps them."""
    statistics = image_statistics(pixels[None])
    return {
        name: str(values[0]) if values.dtype.kind == "U" else round(float(values[0]), 6)
        for name, values in statistics.items()
    }


def stacked(frame: "pd.DataFrame") -> np.ndarray:
    if frame.empty:
        return np.zeros((0, IMAGE_SIZE, IMAGE_SIZE), dtype=np.uint8)
    return np.stack(frame["image"].to_list())


def add_predictions(settings: Settings, frame: "pd.DataFrame") -> "pd.DataFrame":
    """The frame with the served model's `predicted` class and its `confidence`, when it holds
    images (a prediction log holds none, and is returned as it is).
    """
    from frame.errors import ArtifactError

    from .modeling.predict import load_classifier

    if "image" not in frame or frame.empty:
        return frame
    try:
        classifier, _ = load_classifier(settings)
    except ArtifactError:  # no model saved yet: the images alone are compared
        return frame
    images = stacked(frame)
    probabilities = np.concatenate(
        [
            classifier.probabilities(images[start : start + CHUNK])
            for start in range(0, len(images), CHUNK)
        ]
    )
    best = probabilities.argmax(axis=1)
    classes = np.asarray(classifier.classes, dtype=object)
    return frame.assign(predicted=classes[best], confidence=probabilities.max(axis=1))


def monitored_features(frame: "pd.DataFrame", training: "pd.DataFrame") -> "pd.DataFrame":
    """One row per image: its statistics (computed from `image`, or as logged), and the model's
    answer when the frame carries one.
    """
    import pandas as pd

    if "image" in frame:
        features = pd.DataFrame(image_statistics(stacked(frame)), index=frame.index)
    else:
        features = frame[[name for name in STATISTICS if name in frame]].copy()
    if "confidence" in frame:
        features["predicted"] = frame["predicted"].astype(str)
        unsure = frame["confidence"].to_numpy(dtype=np.float64) < LOW_CONFIDENCE
        features["low_confidence"] = np.where(unsure, "yes", "no")
    return features
