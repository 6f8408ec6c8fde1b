"""Reading an uploaded image, safely: whatever arrives, the answer is a short 4xx, never a 500.

- the bytes: read in chunks up to `serving.max_body_bytes` per file, a 413 at the first chunk
  over (the frame's guard has already bounded the whole body the same way, as it streamed in);
- the format: from the file's first bytes (images.decode), never from the declared type or the
  name: PNG, JPEG or WebP, else a 415;
- the pixels: width x height over `data.max_image_pixels`, or what Pillow counts as a
  decompression bomb (a 20,000 x 20,000 PNG is 388 KB), is a 413 before the pixels are decoded;
- a file that starts as an image but cannot be decoded (cut short, corrupt) is a 422;
- then images.preprocess, the one preprocessing path of the data stage and of training (EXIF
  orientation applied, grayscale, 28 x 28).

Large files (or many) are decoded in a worker thread, so that the event loop keeps answering
meanwhile; a small one (most requests) inline, which is faster than the hop to a thread.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
from fastapi import HTTPException, UploadFile
from starlette.concurrency import run_in_threadpool

from .. import images

CHUNK_BYTES = 65_536
INLINE_BYTES = 65_536  # files up to this size together are decoded without a thread hop
STATUS = {images.UnsupportedImage: 415, images.ImageTooLarge: 413, images.UnreadableImage: 422}


@dataclass(frozen=True)
class UploadedImage:
    """An upload as the model reads it (`pixels`, uint8 28 x 28), and what the prediction log
    keeps of it: its name, size, format and dimensions, never its pixels.
    """

    name: str
    size_bytes: int
    format: str
    width: int
    height: int
    pixels: np.ndarray

    def described(self) -> dict[str, Any]:
        return {
            "file_bytes": self.size_bytes,
            "format": self.format,
            "width": self.width,
            "height": self.height,
        }


async def read_capped(upload: UploadFile, limit: int) -> bytes:
    """The file's bytes, read a chunk at a time: a 413 as soon as they pass `limit`."""
    chunks: list[bytes] = []
    size = 0
    while chunk := await upload.read(CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            raise HTTPException(status_code=413, detail=f"{name_of(upload)}: over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def name_of(upload: UploadFile) -> str:
    return (upload.filename or "the image")[:100]


def decode_and_preprocess(data: bytes, name: str, max_pixels: int) -> UploadedImage:
    """The image the bytes hold, preprocessed; each way to fail is one status and one line."""
    if not data:
        raise HTTPException(status_code=422, detail=f"{name}: the file is empty")
    try:
        with images.decode(data, max_pixels=max_pixels) as image:
            pixels = images.preprocess(image)
            kind, (width, height) = str(image.format), image.size
    except images.ImageError as error:
        status = next((code for type_, code in STATUS.items() if isinstance(error, type_)), 422)
        raise HTTPException(status_code=status, detail=f"{name}: {one_line(error)}") from None
    except (OSError, ValueError, SyntaxError, EOFError) as error:  # Pillow, while preprocessing
        detail = f"{name}: the image could not be decoded ({one_line(error)})"
        raise HTTPException(status_code=422, detail=detail) from None
    return UploadedImage(name, len(data), kind, width, height, pixels)


def one_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:300] if text else type(error).__name__


async def read_images(
    uploads: list[UploadFile], *, max_bytes: int, max_pixels: int
) -> list[UploadedImage]:
    """The files, each read within `max_bytes`, then decoded within `max_pixels` and
    preprocessed: inline when they are small together, else in a worker thread.
    """
    named = [(name_of(upload), await read_capped(upload, max_bytes)) for upload in uploads]

    def decode_all() -> list[UploadedImage]:
        return [decode_and_preprocess(data, name, max_pixels) for name, data in named]

    if sum(len(data) for _, data in named) <= INLINE_BYTES:
        return decode_all()
    return await run_in_threadpool(decode_all)
