"""The generated data set: 28x28 grayscale images of ten shape classes, seeded, in the
Fashion-MNIST layout, hard enough that a linear model on pixels stays far below a small CNN.

Every shape is a signed distance function (negative inside, positive outside) evaluated on the
pixel grid for thousands of images at once: filled or outlined shapes, soft (blurred) edges and
anti-aliasing all come from the distance, so 70,000 images take a few seconds of numpy and no
per-image drawing. Each image varies in position, scale, aspect, rotation (within +-20 degrees,
so that a square stays distinct from a diamond), mirroring, fill or stroke, foreground and
background intensity, a background gradient, blur and noise.

Drifted variants, for monitoring: `brighter` and `inverted` change the intensity statistics;
`rotated` (30-60 degrees) changes none of them, only what the model predicts.
"""

from typing import Literal

import numpy as np

CLASSES = [
    "circle", "square", "triangle", "cross", "ring", "star", "bars", "diamond", "arrow", "crescent",
]  # fmt: skip
SIZE = 28
PIXEL = 2.0 / SIZE  # one pixel in the [-1, 1] coordinates the shapes are drawn in
CHUNK = 4096  # images evaluated in one numpy batch: about 13 MB per float32 array
Drift = Literal["brighter", "inverted", "rotated"]
DRIFTS: tuple[Drift, ...] = ("brighter", "inverted", "rotated")
Vertices = list[tuple[float, float]]


def box(x: np.ndarray, y: np.ndarray, half_width: float, half_height: float) -> np.ndarray:
    qx, qy = np.abs(x) - half_width, np.abs(y) - half_height
    outside = np.hypot(np.maximum(qx, 0), np.maximum(qy, 0))
    return outside + np.minimum(np.maximum(qx, qy), 0)


def polygon(x: np.ndarray, y: np.ndarray, vertices: Vertices) -> np.ndarray:
    """Exact signed distance to a closed polygon (after Inigo Quilez), for every pixel at once."""
    v = np.asarray(vertices, dtype=np.float32)
    squared = (x - v[0, 0]) ** 2 + (y - v[0, 1]) ** 2
    sign = np.ones_like(x)
    for i in range(len(v)):
        ex, ey = v[i - 1, 0] - v[i, 0], v[i - 1, 1] - v[i, 1]
        wx, wy = x - v[i, 0], y - v[i, 1]
        t = np.clip((wx * ex + wy * ey) / (ex * ex + ey * ey), 0, 1)
        squared = np.minimum(squared, (wx - ex * t) ** 2 + (wy - ey * t) ** 2)
        above, below_previous, left = y >= v[i, 1], y < v[i - 1, 1], ex * wy > ey * wx
        crossing = (above & below_previous & left) | (~above & ~below_previous & ~left)
        sign = np.where(crossing, -sign, sign)
    return sign * np.sqrt(squared)


def star_vertices(points: int = 5, outer: float = 0.9, inner: float = 0.38) -> Vertices:
    angles = np.pi / 2 + np.arange(2 * points) * np.pi / points
    radii = np.where(np.arange(2 * points) % 2 == 0, outer, inner)
    pairs = zip(radii, angles, strict=True)
    return [(float(r * np.cos(a)), float(-r * np.sin(a))) for r, a in pairs]


TRIANGLE = [(0.0, -0.85), (0.9, 0.7), (-0.9, 0.7)]  # apex up (y grows downwards)
DIAMOND = [(0.0, -0.95), (0.62, 0.0), (0.0, 0.95), (-0.62, 0.0)]  # a tall rhombus
ARROW = [(0.9, 0.0), (0.2, -0.7), (0.2, -0.28), (-0.9, -0.28), (-0.9, 0.28), (0.2, 0.28),
         (0.2, 0.7)]  # fmt: skip
STAR = star_vertices()


def distance(label: int, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Signed distance to the shape of class `label`, in the shape's own coordinates."""
    name = CLASSES[label]
    if name == "circle":
        return np.hypot(x, y) - 0.8
    if name == "square":
        return box(x, y, 0.7, 0.7)
    if name == "triangle":
        return polygon(x, y, TRIANGLE)
    if name == "cross":
        return np.minimum(box(x, y, 0.85, 0.22), box(x, y, 0.22, 0.85))
    if name == "ring":
        return np.abs(np.hypot(x, y) - 0.65) - 0.2
    if name == "star":
        return polygon(x, y, STAR)
    if name == "bars":
        return np.minimum.reduce([box(x + dx, y, 0.14, 0.8) for dx in (-0.6, 0.0, 0.6)])
    if name == "diamond":
        return polygon(x, y, DIAMOND)
    if name == "arrow":  # points right, or left when mirrored
        return polygon(x, y, ARROW)
    # crescent: a disk minus a shifted disk
    return np.maximum(np.hypot(x, y) - 0.85, -(np.hypot(x - 0.45, y + 0.1) - 0.7))


def sample_parameters(
    rng: np.random.Generator, count: int, drift: Drift | None = None
) -> dict[str, np.ndarray]:
    """What varies from image to image, drawn up front so that chunking changes nothing."""
    parameters = {
        "label": rng.integers(0, len(CLASSES), count),
        "cx": rng.uniform(-0.28, 0.28, count),  # centre, about +-4 pixels
        "cy": rng.uniform(-0.28, 0.28, count),
        "scale": rng.uniform(0.45, 0.85, count),
        "aspect": rng.uniform(0.85, 1.15, count),
        "rotation": np.deg2rad(rng.uniform(-20, 20, count)),
        "mirror": rng.random(count) < 0.5,
        "outline": rng.random(count) < 0.4,  # a stroke instead of a filled shape
        "width": rng.uniform(1.0, 2.6, count) * PIXEL,  # of the stroke
        "softness": rng.uniform(0.6, 2.2, count) * PIXEL,  # of the edge: the blur
        "foreground": rng.uniform(0.55, 1.0, count),
        "background": rng.uniform(0.0, 0.3, count),
        "gradient": rng.uniform(0.0, 0.35, count),
        "gradient_angle": rng.uniform(0, 2 * np.pi, count),
        "noise": rng.uniform(0.0, 0.1, count),
    }
    if drift == "rotated":
        degrees = rng.uniform(30, 60, count) * rng.choice([-1, 1], count)
        parameters["rotation"] = np.deg2rad(degrees)
    return parameters


def render_chunk(
    p: dict[str, np.ndarray], rng: np.random.Generator, drift: Drift | None
) -> np.ndarray:
    """Intensities in [0, 1], (n, 28, 28), for one chunk of parameters."""
    grid = (np.arange(SIZE, dtype=np.float32) + 0.5) * PIXEL - 1.0
    gy, gx = np.meshgrid(grid, grid, indexing="ij")
    column = {name: values[:, None, None] for name, values in p.items()}
    cos, sin = np.cos(column["rotation"]), np.sin(column["rotation"])
    dx, dy = gx[None] - column["cx"], gy[None] - column["cy"]
    scale = column["scale"]
    x = (cos * dx + sin * dy) / (scale * column["aspect"])
    y = (-sin * dx + cos * dy) / scale
    x = np.where(column["mirror"], -x, x)
    signed = np.empty(x.shape, dtype=np.float32)
    for label in range(len(CLASSES)):
        chosen = np.nonzero(p["label"] == label)[0]
        if len(chosen):
            signed[chosen] = distance(label, x[chosen], y[chosen])
    signed *= scale  # back to image units (the aspect is ignored: close enough for edges)
    signed = np.where(column["outline"], np.abs(signed) - column["width"] / 2, signed)
    edge = np.clip(signed / (0.35 * column["softness"]), -30, 30)
    alpha = 1.0 / (1.0 + np.exp(edge))
    angle = column["gradient_angle"]
    ramp = (np.cos(angle) * gx[None] + np.sin(angle) * gy[None]) * 0.5 + 0.5
    background = column["background"] + column["gradient"] * ramp
    image = background + alpha * (column["foreground"] - background)
    image += rng.standard_normal(image.shape, dtype=np.float32) * column["noise"]
    if drift == "brighter":
        image = image * 0.7 + 0.35
    image = np.clip(image, 0, 1)
    return 1.0 - image if drift == "inverted" else image


def generate(count: int, seed: int, drift: Drift | None = None) -> tuple[np.ndarray, np.ndarray]:
    """`count` images, uint8 (count, 28, 28), and their labels, int64 (count,); the same seed
    gives the same images, byte for byte.
    """
    rng = np.random.default_rng(seed)
    parameters = sample_parameters(rng, count, drift)
    images = np.empty((count, SIZE, SIZE), dtype=np.uint8)
    for start in range(0, count, CHUNK):
        part = slice(start, min(count, start + CHUNK))
        chunk = {
            name: values[part].astype(np.float32) if values.dtype.kind == "f" else values[part]
            for name, values in parameters.items()
        }
        images[part] = np.round(render_chunk(chunk, rng, drift) * 255).astype(np.uint8)
    return images, parameters["label"].astype(np.int64)
