"""Data stage: images from a source (image_sources.py), checked (validation.py), split into
train / validation / test and saved as arrays in the Fashion-MNIST layout: 28x28 grayscale, one
label per image. Later stages read them with `load_split`.

Written together: data/processed/{train,validation,test}.npz (`images` uint8 (N, 28, 28),
`labels` int64 (N,)), classes.json (class names in label order), the manifest (images per split
and class, blank images removed, images shared between splits, hashes, source), and
data/samples/<class>.png, one test image of each class to try the service with (a typical and
clear one: see `clearest_typical`).

The monitoring side: `write_batch` draws new generated images (`make batch`), `read_batch` reads
a batch to watch or score (.npz, an IDX images file, or a folder of images), `reference` is the
training split; all three as frames with one row per image: `file` (where it came from),
`image` (a 28x28 uint8 array) and `label` (the class name) when it is known.
"""

import json
import zipfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from frame.errors import ArtifactError, DataError
from frame.files import write_file
from frame.sources import Writer, read_manifest, save_prepared

from . import idx, shapes
from .config import Settings
from .image_sources import Splits, conform, locate_source, read_source
from .images import ImageError, image_files, read_image, to_png
from .validation import (
    check_classes,
    check_every_class,
    check_images,
    check_pixels,
    count_shared,
    is_blank,
)

SPLIT_NAMES = ("train", "validation", "test")
CLASSES_FILE = "classes.json"
BATCH_FILE = "images.npz"
BATCH_DRIFT: shapes.Drift = "inverted"  # what the intensity statistics of monitoring flag
MAX_PIXELS = 25_000_000  # of one image in a batch (the data section's default)
SAMPLE_CANDIDATES = 20  # typical test images of a class, from which the clearest is the sample


@dataclass(frozen=True)
class ImageSet:
    """One split: images uint8 (N, 28, 28), labels int64 (N,), and the class names in label
    order (image i shows a classes[labels[i]])."""

    images: np.ndarray
    labels: np.ndarray
    classes: list[str]


def clean_splits(splits: Splits, classes: list[str]) -> tuple[dict[str, ImageSet], dict[str, int]]:
    """The splits checked, without blank images; how many blank images each split lost."""
    check_classes(classes)
    cleaned, removed = {}, {}
    for name in SPLIT_NAMES:
        images, labels = splits[name]
        check_images(images, labels, classes, f"the {name} split")
        blank = is_blank(images)
        removed[name] = int(blank.sum())
        if removed[name]:  # else the arrays as they are: a copy would double the memory
            images, labels = images[~blank], labels[~blank]
        cleaned[name] = ImageSet(images, labels, classes)
    check_every_class({name: part.labels for name, part in cleaned.items()}, classes)
    return cleaned, removed


def describe(splits: dict[str, ImageSet], removed: dict[str, int]) -> dict[str, Any]:
    """What the manifest says of the splits: images per split and class, what was removed, and
    how many images of a later split appear in an earlier one."""
    summary: dict[str, Any] = {}
    for name, part in splits.items():
        counts = np.bincount(part.labels, minlength=len(part.classes)).tolist()
        summary[name] = {
            "images": len(part.labels),
            "per_class": dict(zip(part.classes, counts, strict=True)),
        }
    summary["blank_removed"] = removed
    summary["shared_images"] = count_shared({name: part.images for name, part in splits.items()})
    return summary


def clearest_typical(images: np.ndarray, candidates: int = SAMPLE_CANDIDATES) -> np.ndarray:
    """The image of one class to show first: among the `candidates` images most like the
    class's average (correlation, so that faint and bright images compete equally), the one
    with the widest spread of intensities (95th minus 5th percentile), a clear shape rather than
    a faint or noisy one.
    """
    flat = images.reshape(len(images), -1).astype(np.float64)
    centred = flat - flat.mean(axis=1, keepdims=True)
    average = centred.mean(axis=0)
    norms = np.linalg.norm(centred, axis=1) * np.linalg.norm(average)
    likeness = centred @ average / np.maximum(norms, 1e-9)
    typical = np.argsort(-likeness, kind="stable")[:candidates]
    spread = np.percentile(flat[typical], 95, axis=1) - np.percentile(flat[typical], 5, axis=1)
    return images[typical[int(np.argmax(spread))]]


def samples_folder(settings: Settings) -> Path:
    """data/samples: one image per class, to send to the service."""
    return settings.paths.processed.parent / "samples"


def save_images(
    settings: Settings,
    source: str,
    raw_path: Path,
    splits: dict[str, ImageSet],
    summary: dict[str, Any],
) -> dict[str, Any]:
    """The splits, the class names, one sample PNG per class and the manifest with the hashes of
    the prepared files, replacing the previous ones together (the manifest last)."""
    samples = samples_folder(settings)
    classes, test = splits["train"].classes, splits["test"]
    sample_images = {
        samples / f"{name}.png": clearest_typical(test.images[test.labels == label])
        for label, name in enumerate(classes)
    }
    files: dict[str, Writer] = {
        f"{name}.npz": partial(save_npz, {"images": part.images, "labels": part.labels})
        for name, part in splits.items()
    }
    files[CLASSES_FILE] = partial(write_json, classes)
    manifest = save_prepared(
        settings,
        source,
        raw_path,
        files,
        summary,
        extra_files={path: partial(write_png, pixels) for path, pixels in sample_images.items()},
        details={"classes": classes},
    )
    for stale in set(samples.glob("*.png")) - set(sample_images):
        stale.unlink()
    return manifest


def write_png(pixels: np.ndarray, path: Path) -> None:
    path.write_bytes(to_png(pixels))


def write_json(value: object, path: Path) -> None:
    path.write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8")


def prepare_data(settings: Settings, source: str | None = None) -> dict[str, Any]:
    """Read the source, check it, split it and save it; return the manifest."""
    chosen = source or settings.data.source
    raw_path = locate_source(settings, chosen)
    read, classes = read_source(raw_path, settings)
    splits, removed = clean_splits(read, classes)
    return save_images(settings, chosen, raw_path, splits, describe(splits, removed))


def load_classes(settings: Settings) -> list[str]:
    """The class names of the prepared data, in label order."""
    path = settings.paths.processed / CLASSES_FILE
    if not path.is_file():
        raise ArtifactError(f"no prepared data in {path.parent}: run `make data` first")
    try:
        classes = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        classes = None
    if not isinstance(classes, list) or not all(isinstance(name, str) for name in classes):
        raise ArtifactError(f"{path} is not a list of class names: run `make data`")
    return classes


def load_split(settings: Settings, name: str) -> ImageSet:
    """A prepared split, its files checked against the manifest's hashes, its arrays checked."""
    read_manifest(settings)
    classes = load_classes(settings)
    path = settings.paths.processed / f"{name}.npz"
    with np.load(path, allow_pickle=False) as arrays:
        images, labels = arrays["images"], arrays["labels"]
    check_images(images, labels, classes, str(path))
    return ImageSet(images, labels, classes)


def write_batch(settings: Settings, rows: int, seed: int, drifted: bool = False) -> Path:
    """New generated images as they would arrive, with their labels (`make batch`); `drifted`:
    inverted (dark shapes on a light background), which the intensity statistics flag."""
    images, labels = shapes.generate(rows, seed, BATCH_DRIFT if drifted else None)
    arrays = {"images": images, "labels": labels, "classes": np.array(shapes.CLASSES)}
    return write_file(settings.paths.batches / BATCH_FILE, partial(save_npz, arrays))


def save_npz(arrays: dict[str, np.ndarray], path: Path) -> None:
    """np.savez: its zip entries carry a fixed date, so the same arrays give the same bytes."""
    np.savez(path, **arrays)  # type: ignore[arg-type]  # numpy's stub misreads **kwargs


def as_frame(images: np.ndarray, names: list[str], labels: list[str] | None) -> pd.DataFrame:
    """One row per image: `file` (where it came from), `image` (28x28 uint8), `label`."""
    frame = pd.DataFrame({"file": names, "image": pd.Series(list(images), dtype=object)})
    return frame if labels is None else frame.assign(label=labels)


def read_npz_batch(path: Path) -> pd.DataFrame:
    """`images` (N, 28, 28) uint8, with `labels` (and `classes` to name them) when known."""
    contents = npz_arrays(path)
    if "images" not in contents:
        raise DataError(f"{path} holds no `images` array (it has {', '.join(contents) or 'none'})")
    images = at_image_size(contents["images"], path)
    names = [f"{path.name}[{row}]" for row in range(len(images))]
    if "labels" not in contents:
        return as_frame(images, names, None)
    labels = contents["labels"].astype(np.int64)
    classes = [str(name) for name in contents.get("classes", [])]
    classes = classes or [str(label) for label in range(int(labels.max(initial=0)) + 1)]
    check_images(images, labels, classes, str(path))
    return as_frame(images, names, [classes[label] for label in labels])


def npz_arrays(path: Path) -> dict[str, np.ndarray]:
    """Every array of an .npz file; anything else (a lone .npy, a broken zip) is one line."""
    try:
        loaded = np.load(path, allow_pickle=False)
        if not isinstance(loaded, np.lib.npyio.NpzFile):
            raise ValueError("it holds a single array, not named arrays")
        with loaded as arrays:
            return {name: arrays[name] for name in arrays.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise DataError(f"{path} is not a readable .npz file ({error})") from None


def at_image_size(images: np.ndarray, origin: Path) -> np.ndarray:
    """Checked uint8 images at 28x28; grayscale images of another size are brought to it by
    the one preprocessing function, as the data stage does with IDX files."""
    if images.dtype == np.uint8 and images.ndim == 3 and len(images):
        images = conform(images)
    check_pixels(images, str(origin))
    return images


def read_idx_batch(path: Path) -> pd.DataFrame:
    images = at_image_size(idx.read_idx(path), path)
    return as_frame(images, [f"{path.name}[{row}]" for row in range(len(images))], None)


def read_folder_batch(folder: Path) -> pd.DataFrame:
    """Every PNG / JPEG / WebP image under `folder`, decoded and preprocessed as the service
    does; the subfolder name is the label when the images sit in class subfolders."""
    files = image_files(folder)
    if not files:
        raise DataError(f"{folder} holds no PNG, JPEG or WebP image")
    try:
        images = np.stack([read_image(path, MAX_PIXELS) for path in files])
    except ImageError as error:
        raise DataError(str(error)) from None
    relative = [path.relative_to(folder) for path in files]
    nested = all(len(name.parts) == 2 for name in relative)
    labels = [name.parts[0] for name in relative] if nested else None
    return as_frame(images, [name.as_posix() for name in relative], labels)


def read_batch(path: Path) -> pd.DataFrame:
    """Images to watch or score: a .npz (as `make batch` writes), an IDX images file, or a
    folder of images."""
    if path.is_dir():
        return read_folder_batch(path)
    if not path.is_file():
        raise DataError(f"no batch at {path}: expected a .npz, an IDX images file or a folder")
    if path.suffix == ".npz":
        return read_npz_batch(path)
    return read_idx_batch(path)


def reference(settings: Settings) -> pd.DataFrame:
    """The training split as a monitoring frame."""
    train = load_split(settings, "train")
    names = [f"train[{row}]" for row in range(len(train.labels))]
    return as_frame(train.images, names, [train.classes[label] for label in train.labels])
