"""Real photos that ship inside the scikit-image wheel, so figures and demos need no download.

Each photo is downscaled (never upscaled) with PIL's Lanczos filter so its long side is at most `max_side`,
and comes back as uint8 H×W×3: grey photos are repeated into three equal channels, so every consumer (the
figures, the browser playground, the tests) handles one layout.
"""

import io

import numpy as np
from PIL import Image
from skimage import data

# name -> (scikit-image loader, what the photo shows)
PHOTOS = {
    "camera": (data.camera, "a photographer with a camera (greyscale)"),
    "astronaut": (data.astronaut, "astronaut Eileen Collins"),
    "coffee": (data.coffee, "a cup of coffee"),
}


def load_photo(name: str, max_side: int = 512) -> np.ndarray:
    loader, _ = PHOTOS[name]
    pixels = loader()
    if pixels.ndim == 2:
        pixels = np.stack([pixels] * 3, axis=-1)
    image = Image.fromarray(pixels, "RGB")
    scale = max_side / max(image.size)
    if scale < 1:
        size = (round(image.width * scale), round(image.height * scale))
        image = image.resize(size, Image.Resampling.LANCZOS)
    return np.asarray(image)


def png_bytes(pixels: np.ndarray) -> bytes:
    """Lossless PNG with no metadata chunk (no gamma, no colour profile): a browser decodes the exact values."""
    buffer = io.BytesIO()
    grey = bool((pixels[..., 0] == pixels[..., 1]).all() and (pixels[..., 1] == pixels[..., 2]).all())
    # A grey photo is stored with one channel (a third of the bytes); browsers decode it to R = G = B.
    image = Image.fromarray(pixels[..., 0], "L") if grey else Image.fromarray(pixels, "RGB")
    image.save(buffer, format="PNG")
    return buffer.getvalue()
