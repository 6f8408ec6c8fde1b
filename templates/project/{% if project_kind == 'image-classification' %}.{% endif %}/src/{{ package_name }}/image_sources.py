"""Where the images come from: a source name or path turned into train / validation / test
arrays, before any check. A source is `synthetic` (generated shapes, seeded, written as IDX
files in the raw folder), `public` (Fashion-MNIST, MIT: four IDX files downloaded once from its
GitHub repository at a pinned commit, checked against their published MD5s and cached in the raw
folder, never shipped), a folder with one subfolder of PNG / JPEG / WebP images per class (any
size: each goes through images.preprocess, as in the service), or a folder holding the four IDX
files (class names from a `classes.txt` beside them, one per line in label order, else the label
numbers). IDX sources bring their own test set; validation images are drawn from the training
set, stratified by class; a folder of images is split three ways likewise.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from sklearn.model_selection import train_test_split

from frame.errors import DataError
from frame.files import write_text, written_together
from frame.settings import DataSettings as SourceSettings
from frame.settings import PathsSettings
from frame.sources import existing_path, fetch_public

from . import idx, shapes
from .config import Settings
from .images import IMAGE_SIZE, ImageError, image_files, preprocess, read_image

CLASS_NAMES_FILE = "classes.txt"  # beside IDX files: one class name per line, in label order
FASHION_CLASSES = [
    "t-shirt", "trouser", "pullover", "dress", "coat",
    "sandal", "shirt", "sneaker", "bag", "ankle-boot",
]  # fmt: skip
MIN_PER_CLASS = 5  # images of a class in a folder, so that each split holds some
Splits = dict[str, tuple[np.ndarray, np.ndarray]]  # split name: (images, labels)


@dataclass(frozen=True)
class OneFile:
    """One of the public source's files, as frame.sources.fetch_public downloads it."""

    data: SourceSettings
    paths: PathsSettings


def write_synthetic(settings: Settings) -> Path:
    """The generated images as IDX files with Fashion-MNIST's names (and classes.txt), in the
    raw folder; the test set from the next seed."""
    folder = settings.paths.raw / "synthetic"
    sizes = {"train": settings.data.synthetic_train, "test": settings.data.synthetic_test}
    with written_together() as staged:
        for offset, (split, count) in enumerate(sizes.items()):
            images, labels = shapes.generate(count, settings.seed + offset)
            images_name, labels_name = idx.FILES[split]
            idx.write_idx(staged.path(folder / images_name), images)
            idx.write_idx(staged.path(folder / labels_name), labels.astype(np.uint8))
        names = staged.path(folder / CLASS_NAMES_FILE)
        names.write_text("\n".join(shapes.CLASSES) + "\n", encoding="utf-8")
    return folder


def fetch_fashion_mnist(settings: Settings) -> Path:
    """The four Fashion-MNIST files in data/raw/<public_file_name>/, each downloaded once and
    checked against its hash; class names written beside them."""
    data = settings.data
    folder = settings.paths.raw / data.public_file_name
    paths = settings.paths.model_copy(update={"raw_dir": folder.absolute()})
    for name, digest in data.public_files.items():
        one = SourceSettings(
            public_url=data.public_url.rstrip("/") + "/" + name,
            public_hash=digest,
            public_file_name=name,
        )
        fetch_public(OneFile(one, paths), by_hand="the folder of the four downloaded files")
    if not (folder / CLASS_NAMES_FILE).is_file():
        write_text(folder / CLASS_NAMES_FILE, "\n".join(FASHION_CLASSES) + "\n")
    return folder


def locate_source(settings: Settings, source: str) -> Path:
    """The raw data behind a source name, producing it when it is generated or remote."""
    if source == "synthetic":
        return write_synthetic(settings)
    if source == "public":
        return fetch_fashion_mnist(settings)
    path = existing_path(source)
    if not path.is_dir():
        raise DataError(
            f"{path} is a file; a source is a folder: of class subfolders of images, or of the "
            "four IDX files"
        )
    return path


def conform(images: np.ndarray) -> np.ndarray:
    """IDX images of another size, brought to 28x28 by the one preprocessing function."""
    if images.shape[1:] == (IMAGE_SIZE, IMAGE_SIZE):
        return images
    return np.stack([preprocess(Image.fromarray(image)) for image in images])


def idx_class_names(folder: Path, labels: np.ndarray) -> list[str]:
    names_file = folder / CLASS_NAMES_FILE
    if names_file.is_file():
        text = names_file.read_text(encoding="utf-8")
        return [line.strip() for line in text.splitlines() if line.strip()]
    return [str(label) for label in range(int(labels.max(initial=0)) + 1)]


def stratified(
    images: np.ndarray, labels: np.ndarray, fraction: float, seed: int, names: tuple[str, str]
) -> Splits:
    """Two parts, the second `fraction` of the images, each with every class's share."""
    try:
        first, second = train_test_split(
            np.arange(len(labels)), test_size=fraction, stratify=labels, random_state=seed
        )
    except ValueError as error:  # scikit-learn's word for a class too rare to split
        raise DataError(f"cannot split {len(labels)} images by class: {error}") from None
    first, second = np.sort(first), np.sort(second)
    return {names[0]: (images[first], labels[first]), names[1]: (images[second], labels[second])}


def read_idx_source(folder: Path, settings: Settings) -> tuple[Splits, list[str]]:
    """The splits of a folder of IDX files: train and validation from its training set."""
    train_images, train_labels = idx.read_split(folder, "train")
    test_images, test_labels = idx.read_split(folder, "test")
    classes = idx_class_names(folder, np.concatenate([train_labels, test_labels]))
    fraction = settings.split.validation_fraction
    splits = stratified(
        conform(train_images), train_labels, fraction, settings.seed, ("train", "validation")
    )
    splits["test"] = (conform(test_images), test_labels)
    return splits, classes


def read_folder_source(folder: Path, settings: Settings) -> tuple[Splits, list[str]]:
    """The splits of a folder of class subfolders, every image preprocessed as the service does."""
    files = image_files(folder)
    stray = [path for path in files if len(path.relative_to(folder).parts) < 2]
    if not files or stray:
        found = f"{stray[0].name} outside a class subfolder" if stray else "no image"
        raise DataError(
            f"{folder} holds {found}: put the images in one subfolder per class "
            "(cat/1.png, dog/2.jpg)"
        )
    classes = sorted({path.relative_to(folder).parts[0] for path in files})
    labels = np.array(
        [classes.index(path.relative_to(folder).parts[0]) for path in files], dtype=np.int64
    )
    counts = np.bincount(labels, minlength=len(classes))
    if counts.min() < MIN_PER_CLASS:
        rare = classes[int(counts.argmin())]
        raise DataError(
            f"class {rare!r} has {int(counts.min())} image(s); each needs at least "
            f"{MIN_PER_CLASS} so that every split holds some"
        )
    try:
        images = np.stack([read_image(path, settings.data.max_image_pixels) for path in files])
    except ImageError as error:
        raise DataError(str(error)) from None
    split = settings.split
    parts = stratified(images, labels, split.test_fraction, settings.seed, ("rest", "test"))
    fraction = split.validation_fraction / (1 - split.test_fraction)
    splits = stratified(*parts["rest"], fraction, settings.seed, ("train", "validation"))
    return {**splits, "test": parts["test"]}, classes


def read_source(path: Path, settings: Settings) -> tuple[Splits, list[str]]:
    if idx.holds_idx(path):
        return read_idx_source(path, settings)
    return read_folder_source(path, settings)
