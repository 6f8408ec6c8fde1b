"""IDX files, the format of MNIST and Fashion-MNIST: two zero bytes, a type byte (0x08: unsigned
bytes, the only type these data sets use), the number of dimensions, each dimension as a
big-endian 32-bit integer, then the values. Files may be gzip-compressed (`.gz`), as published.

The generated data set is written in the same layout and with the same file names, so that one
reader serves the generated data, Fashion-MNIST and a user's own IDX files.
"""

import gzip
import struct
import zlib
from pathlib import Path

import numpy as np

from frame.errors import DataError

UNSIGNED_BYTE = 0x08
GZIP_MAGIC = b"\x1f\x8b"
# Fashion-MNIST's names: the training set and the test set (t10k), images and labels.
FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}


def parse_idx(data: bytes, origin: str) -> np.ndarray:
    """The array an IDX file holds; its magic number and its length are checked."""
    if len(data) < 4 or data[:2] != b"\0\0" or data[3] == 0:
        raise DataError(f"{origin} is not an IDX file (it does not start with 00 00 08 <dims>)")
    if data[2] != UNSIGNED_BYTE:
        raise DataError(
            f"{origin} holds IDX type 0x{data[2]:02x}; only unsigned bytes (0x08) are read"
        )
    dimensions = data[3]
    header = 4 + 4 * dimensions
    if len(data) < header:
        raise DataError(f"{origin} ends inside its header: the file is truncated")
    shape = struct.unpack(f">{dimensions}I", data[4:header])
    expected = int(np.prod(shape, dtype=np.int64))
    if len(data) - header != expected:
        raise DataError(
            f"{origin} holds {len(data) - header:,} values where its header announces "
            f"{' x '.join(map(str, shape))} = {expected:,}: the file is truncated or corrupt"
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def read_idx(path: Path) -> np.ndarray:
    """An IDX file, gzip-compressed or not (recognised by its first bytes, not its name)."""
    try:
        raw = path.read_bytes()
        data = gzip.decompress(raw) if raw.startswith(GZIP_MAGIC) else raw
    except FileNotFoundError:
        raise DataError(f"no IDX file at {path}") from None
    except (OSError, EOFError, zlib.error) as error:
        raise DataError(f"{path} is not a readable gzip file ({error})") from None
    return parse_idx(data, str(path))


def idx_bytes(array: np.ndarray) -> bytes:
    values = np.ascontiguousarray(array)
    if values.dtype != np.uint8 or values.ndim == 0:
        raise ValueError(f"IDX holds uint8 arrays here, not {values.dtype} {values.shape}")
    header = struct.pack(">BBBB", 0, 0, UNSIGNED_BYTE, values.ndim)
    return header + struct.pack(f">{values.ndim}I", *values.shape) + values.tobytes()


def write_idx(path: Path, array: np.ndarray) -> None:
    """`array` (uint8) as an IDX file, gzip-compressed when the name ends in .gz; the gzip
    header carries no time or name, so the same array always gives the same bytes.
    """
    data = idx_bytes(array)
    if path.suffix == ".gz":
        data = gzip.compress(data, compresslevel=6, mtime=0)
    path.write_bytes(data)


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
