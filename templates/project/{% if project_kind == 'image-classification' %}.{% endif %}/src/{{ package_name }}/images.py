"""The one way an image becomes the network's input, shared by the data stage (folders of
images), training, `make score` and the service, so that the model sees in production exactly
what it saw in training.

`decode` turns uploaded or stored bytes into a Pillow image, trusting only the header bytes for
the format (PNG, JPEG or WebP) and refusing images too large to decode safely; `preprocess`
turns it into 28x28 grayscale pixels as the Fashion-MNIST layout stores them; `to_input` makes
the float tensor the network takes.
"""

import io
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

IMAGE_SIZE = 28
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
WIDE_MODES = ("I;16", "I;16B", "I;16L", "I")  # 16-bit grayscale PNGs open in these
# The first bytes of each accepted format; WebP is a RIFF container with WEBP at byte 8.
SIGNATURES = {"PNG": (0, b"\x89PNG\r\n\x1a\n"), "JPEG": (0, b"\xff\xd8\xff"), "WEBP": (8, b"WEBP")}


class ImageError(ValueError):
    """An image that cannot be used; the message is one line a user can act on."""


class UnsupportedImage(ImageError):
    """Not a PNG, JPEG or WebP image, judged by its bytes."""


class ImageTooLarge(ImageError):
    """More pixels than allowed: decoding it could exhaust memory (a decompression bomb)."""


class UnreadableImage(ImageError):
    """The header names an accepted format but the image data is broken or truncated."""


def sniff_format(data: bytes) -> str:
    """PNG, JPEG or WEBP from the first bytes; the declared type or file name is not trusted."""
    for name, (offset, signature) in SIGNATURES.items():
        if data[offset : offset + len(signature)] == signature:
            if name == "WEBP" and not data.startswith(b"RIFF"):
                continue
            return name
    raise UnsupportedImage("not a PNG, JPEG or WebP image (judged by its first bytes)")


def decode(data: bytes, *, max_pixels: int) -> Image.Image:
    """The decoded image, after its size in the header is checked against `max_pixels`, so that
    a small file that inflates to gigabytes (a 20,000 x 20,000 PNG is 388 KB) is refused before
    its pixels are decoded. Pillow's own decompression-bomb warning counts as an error too.
    """
    kind = sniff_format(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=[kind])
            width, height = image.size
            if width * height > max_pixels:
                raise ImageTooLarge(
                    f"the image is {width} x {height} pixels; at most {max_pixels:,} are accepted"
                )
            image.load()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
            raise ImageTooLarge(f"the image is too large to decode safely: {error}") from None
        except ImageError:
            raise
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            raise UnreadableImage(
                f"the {kind} image could not be decoded (truncated or corrupt: {error})"
            ) from None
    return image


def preprocess(image: Image.Image) -> np.ndarray:
    """uint8 pixels (28, 28): EXIF orientation applied, grayscale, scaled to fit keeping its
    aspect ratio and centred on black (the background of the training images). A 28x28
    grayscale image comes out unchanged, so a PNG of a stored image gives back its pixels.
    """
    gray = grayscale(ImageOps.exif_transpose(image))
    if gray.size != (IMAGE_SIZE, IMAGE_SIZE):
        gray = ImageOps.pad(
            gray, (IMAGE_SIZE, IMAGE_SIZE), method=Image.Resampling.BILINEAR, color=0
        )
    return np.array(gray, dtype=np.uint8)


def grayscale(image: Image.Image) -> Image.Image:
    """8-bit grayscale. A 16-bit image keeps its upper byte: Pillow's own conversion clips
    16-bit values to 255, which would turn most of the image white.
    """
    if image.mode in WIDE_MODES:
        wide = np.clip(np.asarray(image, dtype=np.int64), 0, 65_535)
        return Image.fromarray((wide >> 8).astype(np.uint8))
    return image if image.mode == "L" else image.convert("L")


def to_input(images: np.ndarray) -> np.ndarray:
    """float32 (N, 1, 28, 28) in [0, 1]: what the network (torch or ONNX) takes."""
    if images.ndim != 3 or images.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE):
        raise ValueError(f"expected images of shape (N, 28, 28), got {images.shape}")
    return (images.astype(np.float32) / 255.0)[:, None, :, :]


def read_image(path: Path, max_pixels: int) -> np.ndarray:
    """One image file, decoded and preprocessed; an unusable file is named in the error."""
    try:
        with decode(path.read_bytes(), max_pixels=max_pixels) as image:
            return preprocess(image)
    except ImageError as error:
        raise type(error)(f"{path}: {error}") from None


def image_files(folder: Path) -> list[Path]:
    """The PNG, JPEG and WebP files under `folder` (by suffix, hidden files skipped), sorted."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path.suffix.lower() in IMAGE_SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def to_png(pixels: np.ndarray) -> bytes:
    """A (28, 28) uint8 image as PNG bytes (lossless: `preprocess(decode(...))` gives it back)."""
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(pixels, dtype=np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()
