"""Reading an uploaded image, safely: whatever arrives, the answer is a short 4xx, never a 500.

- the bytes: read in chunks up to `serving.max_body_bytes` per file, a 413 at the first chunk
  over (the frame's guard has already bounded the whole body the same way, as it streamed in);
- the format: from the file's first bytes (images.decode), never from the declared type or the
  name: PNG, JPEG or WebP, else a 415;
- the pixels: width x height over MAX_PIXELS, or what Pillow counts as a decompression bomb (a
  20,000 x 20,000 PNG is 388 KB), is a 413 before the pixels are decoded;
- a file that starts as an image but cannot be decoded (cut short, corrupt) is a 422;
- then images.preprocess, the one preprocessing path of the data stage and of training (EXIF
  orientation applied, grayscale, 28 x 28).

A large file is decoded in a worker thread, so that the event loop keeps answering meanwhile;
a small one (most requests) inline, which is faster than the hop to a thread.
"""

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from fastapi import HTTPException, UploadFile
from PIL import Image
from starlette.concurrency import run_in_threadpool

from .. import images

MAX_PIXELS = 40_000_000  # width x height: a 40-megapixel photo, about 160 MB once decoded
CHUNK_BYTES = 65_536
INLINE_BYTES = 65_536  # files up to this size are decoded without a thread hop


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


def decode_and_preprocess(data: bytes, name: str) -> UploadedImage:
    """The image the bytes hold, preprocessed; each way to fail is one status and one line."""
    if not data:
        raise HTTPException(status_code=422, detail=f"{name}: the file is empty")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = images.decode(data, max_pixels=MAX_PIXELS)
            pixels = images.preprocess(image)
    except images.UnsupportedImage as error:
        raise HTTPException(status_code=415, detail=f"{name}: {error}") from None
    except (images.ImageTooLarge, Image.DecompressionBombError, Image.DecompressionBombWarning):
        detail = f"{name}: over {MAX_PIXELS:,} pixels"
        raise HTTPException(status_code=413, detail=detail) from None
    except (images.ImageError, OSError, ValueError, SyntaxError, EOFError) as error:
        # Pillow reports a corrupt file in several ways; the first line says which.
        reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        detail = f"{name}: the image cannot be decoded ({reason})"
        raise HTTPException(status_code=422, detail=detail) from None
    return UploadedImage(
        name=name,
        size_bytes=len(data),
        format=str(image.format or "unknown"),
        width=image.width,
        height=image.height,
        pixels=pixels,
    )


async def read_image(upload: UploadFile, max_bytes: int) -> UploadedImage:
    """One uploaded file, read within `max_bytes`, decoded and preprocessed."""
    data = await read_capped(upload, max_bytes)
    name = name_of(upload)
    if len(data) <= INLINE_BYTES:
        return decode_and_preprocess(data, name)
    return await run_in_threadpool(decode_and_preprocess, data, name)
