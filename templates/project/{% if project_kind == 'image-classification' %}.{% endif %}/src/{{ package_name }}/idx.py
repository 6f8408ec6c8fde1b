"""IDX files, the format of MNIST and Fashion-MNIST: two zero bytes, a type byte (0x08: unsigned
bytes, the only type these data sets use), the number of dimensions, each dimension as a
big-endian 32-bit integer, then the values. Files may be gzip-compressed (`.gz`), as published.

The generated data set is written in the same layout and with the same file names, so that one
reader serves the generated data, Fashion-MNIST and a user's own IDX files.
"""

import gzip
import io
import itertools
import struct
import zlib
from pathlib import Path

import numpy as np

from frame.errors import DataError

UNSIGNED_BYTE = 0x08
GZIP_MAGIC = b"\x1f\x8b"
WRITE_ROWS = 10_000  # images (first-axis entries) compressed and written at a time
READ_BYTES = 1 << 20
# Fashion-MNIST's names: the training set and the test set (t10k), images and labels.
FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}


def parse_idx(stream: io.BufferedIOBase, origin: str) -> np.ndarray:
    """The array an IDX stream holds, read straight into it (no copy of the file is held);
    its magic number and its length are checked."""
    start = stream.read(4)
    if len(start) < 4 or start[:2] != b"\0\0" or start[3] == 0:
        raise DataError(f"{origin} is not an IDX file (it does not start with 00 00 08 <dims>)")
    if start[2] != UNSIGNED_BYTE:
        raise DataError(
            f"{origin} holds IDX type 0x{start[2]:02x}; only unsigned bytes (0x08) are read"
        )
    dimensions = start[3]
    sizes = stream.read(4 * dimensions)
    if len(sizes) < 4 * dimensions:
        raise DataError(f"{origin} ends inside its header: the file is truncated")
    shape = struct.unpack(f">{dimensions}I", sizes)
    values = np.empty(shape, dtype=np.uint8)
    buffer = values.reshape(-1).data
    filled = 0
    while filled < len(buffer) and (read := stream.readinto(buffer[filled:])):
        filled += read
    while block := stream.read(READ_BYTES):  # more values than announced: count them
        filled += len(block)
    if filled != values.size:
        raise DataError(
            f"{origin} holds {filled:,} values where its header announces "
            f"{' x '.join(map(str, shape))} = {values.size:,}: the file is truncated or corrupt"
        )
    return values


def read_idx(path: Path) -> np.ndarray:
    """An IDX file, gzip-compressed or not (recognised by its first bytes, not its name)."""
    try:
        with path.open("rb") as stream:
            compressed = stream.read(2) == GZIP_MAGIC
        with gzip.open(path, "rb") if compressed else path.open("rb") as stream:
            return parse_idx(stream, str(path))
    except FileNotFoundError:
        raise DataError(f"no IDX file at {path}") from None
    except (OSError, EOFError, zlib.error) as error:
        raise DataError(f"{path} is not a readable gzip file ({error})") from None


def idx_header(values: np.ndarray) -> bytes:
    if values.dtype != np.uint8 or values.ndim == 0:
        raise ValueError(f"IDX holds uint8 arrays here, not {values.dtype} {values.shape}")
    header = struct.pack(">BBBB", 0, 0, UNSIGNED_BYTE, values.ndim)
    return header + struct.pack(f">{values.ndim}I", *values.shape)


def write_idx(path: Path, array: np.ndarray) -> None:
    """`array` (uint8) as an IDX file, gzip-compressed when the name ends in .gz; the gzip
    header carries no time or name, so the same array always gives the same bytes (those of
    `gzip.compress(..., mtime=0)`). Written `WRITE_ROWS` rows at a time, so that no copy of a
    large array is made.
    """
    values = np.ascontiguousarray(array)
    header = idx_header(values)
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31) if path.suffix == ".gz" else None
    rows = range(0, len(values), WRITE_ROWS)
    blocks = (values[start : start + WRITE_ROWS].tobytes() for start in rows)
    with path.open("wb") as stream:
        for block in itertools.chain([header], blocks):
            stream.write(compressor.compress(block) if compressor else block)
        if compressor:
            stream.write(compressor.flush())


def find_idx(folder: Path, name: str) -> Path:
    """`name` in `folder`, compressed or not (train-images-idx3-ubyte.gz or ...-ubyte), or with
    the dot some copies use (train-images.idx3-ubyte)."""
    plain = name.removesuffix(".gz")
    for candidate in (name, plain, plain.replace("-idx", ".idx")):
        if (folder / candidate).is_file():
            return folder / candidate
    raise DataError(
        f"{folder} has no {name} (nor {plain}): a folder of IDX files holds the "
        f"four files {', '.join(file for pair in FILES.values() for file in pair)}"
    )


def holds_idx(folder: Path) -> bool:
    """Whether `folder` holds IDX training images, under any of the names find_idx accepts."""
    return any(folder.glob("train-images[-.]idx3-ubyte*"))


def read_split(folder: Path, split: str) -> tuple[np.ndarray, np.ndarray]:
    """Images (N, rows, columns) and labels (N,) of the `train` or `test` split of a folder of
    IDX files, checked to agree with each other.
    """
    images_name, labels_name = FILES[split]
    images_path, labels_path = find_idx(folder, images_name), find_idx(folder, labels_name)
    images, labels = read_idx(images_path), read_idx(labels_path)
    if images.ndim != 3:
        raise DataError(f"{images_path} holds a {images.ndim}-dimensional array, not images")
    if labels.ndim != 1 or len(labels) != len(images):
        raise DataError(
            f"{labels_path} holds {labels.shape} labels for the {len(images)} images of "
            f"{images_path.name}"
        )
    return images, labels.astype(np.int64)
