"""The checks every image set passes where it crosses a boundary (read from a source, written by
the data stage, read back by training): the shape and type of the arrays, labels that name a
class, every class in every split. Blank images (one value throughout: nothing to learn from)
are removed and counted; images that appear in two splits are counted, so that the manifest
shows how much of the test set training has already seen.
"""

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np

from frame.errors import DataError

from .images import IMAGE_SIZE


def check_images(
    images: np.ndarray, labels: np.ndarray, classes: Sequence[str], origin: str
) -> None:
    """Refuse arrays training cannot use, with one line saying what is wrong."""
    check_pixels(images, origin)
    if labels.dtype != np.int64 or labels.shape != (len(images),):
        raise DataError(
            f"{origin}: labels must be int64 of shape ({len(images)},), "
            f"not {labels.dtype} {labels.shape}"
        )
    outside = labels[(labels < 0) | (labels >= len(classes))]
    if len(outside):
        raise DataError(
            f"{origin}: {len(outside)} label(s) outside 0..{len(classes) - 1} "
            f"(the {len(classes)} classes), e.g. {int(outside[0])}"
        )


def check_pixels(images: np.ndarray, origin: str) -> None:
    """Images as the network takes them: uint8 (N, 28, 28), at least one."""
    if images.dtype != np.uint8 or images.ndim != 3 or images.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE):
        raise DataError(
            f"{origin}: images must be uint8 of shape (N, {IMAGE_SIZE}, {IMAGE_SIZE}), "
            f"not {images.dtype} {images.shape}"
        )
    if len(images) == 0:
        raise DataError(f"{origin} holds no images")


def check_classes(classes: Sequence[str]) -> None:
    if len(classes) < 2:
        raise DataError(f"found {len(classes)} class; classifying needs at least 2")
    if len(set(classes)) != len(classes):
        raise DataError(f"class names repeat: {', '.join(classes)}")
    unusable = [name for name in classes if not name or "/" in name or name.startswith(".")]
    if unusable:
        raise DataError(f"class name {unusable[0]!r} cannot name a file; rename the class")


def check_every_class(labels: Mapping[str, np.ndarray], classes: Sequence[str]) -> None:
    """Every class in every split: a split without a class cannot train or measure it."""
    for split, values in labels.items():
        missing = sorted(set(range(len(classes))) - set(np.unique(values).tolist()))
        if missing:
            names = ", ".join(classes[label] for label in missing[:3])
            raise DataError(
                f"the {split} split has no image of {len(missing)} class(es) ({names}): each "
                "split needs every class; add images of it or remove the class"
            )


def is_blank(images: np.ndarray) -> np.ndarray:
    """True for each image that holds a single value (all black, all white, all grey)."""
    flat = images.reshape(len(images), -1)
    return flat.min(axis=1) == flat.max(axis=1)  # no pixel-sized temporary, at any size


def image_keys(images: np.ndarray) -> set[bytes]:
    """A 16-byte digest of each image's pixels: as exact as the pixels for counting (a chance
    collision is about 1 in 10^28 at a million images), a twentieth of their memory.
    """
    return {image_key(image) for image in images}


def image_key(image: np.ndarray) -> bytes:
    return hashlib.blake2b(image.tobytes(), digest_size=16).digest()


def count_shared(splits: Mapping[str, np.ndarray]) -> dict[str, int]:
    """How many images of each later split appear, pixel for pixel, in an earlier one
    (validation in train, test in train, test in validation)."""
    names = list(splits)
    keys = {name: image_keys(images) for name, images in splits.items() if name != names[-1]}
    return {
        f"{later}_in_{earlier}": sum(image_key(image) in keys[earlier] for image in splits[later])
        for position, later in enumerate(names)
        for earlier in names[:position]
    }
