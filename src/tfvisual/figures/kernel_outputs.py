"""The "Image kernels" page's output images: every kernel of tfvisual.kernels applied with tf.nn.conv2d.

Importing TensorFlow costs seconds, so the site build does not run this: scripts/render_kernel_figures.py
saves the PNGs under scripts/results/kernel-figures/, the build publishes them, and
tests/unit/test_kernel_figures.py renders them again and compares, so they cannot go stale.
"""

import numpy as np

from tfvisual import palette
from tfvisual.convolution import apply_kernel, sobel_magnitude
from tfvisual.data.photos import load_photo, png_bytes
from tfvisual.figures.kernels import OUTPUT_DIR
from tfvisual.kernels import KERNELS

__all__ = ["OUTPUT_DIR", "render_outputs"]
# Small enough that one pixel of a 3×3 kernel's reach is visible on the page, large enough to see the photo.
FIGURE_SIDE = 256
GREY_PHOTO = "camera"
COLOUR_PHOTO = "coffee"
COLOUR_KERNEL = "gaussian-blur-5"
# Differences are scaled so that this share of pixels fits in the colour range. The few pixels beyond it are
# mostly the frame that zero padding creates (the photo next to black), which would otherwise fade the rest.
FULL_SCALE_QUANTILE = 0.995


def _hex_rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.float64)


def clamped(output: np.ndarray) -> np.ndarray:
    """An output that is still an image: values below 0 show as black, above 1 as white."""
    return np.round(np.clip(output, 0, 1) * 255).astype(np.uint8)


def signed(output: np.ndarray) -> np.ndarray:
    """A difference: negative blue, zero near-white, positive red; |values| beyond the full scale saturate.

    Channels are averaged first (the figures' photos are grey, so that changes nothing there).
    """
    values = output.mean(axis=-1)
    scale = np.quantile(np.abs(values), FULL_SCALE_QUANTILE) or 1.0
    t = np.clip(values / scale, -1, 1)[..., np.newaxis]
    zero, negative, positive = (_hex_rgb(c) for c in (palette.ZERO, palette.NEGATIVE, palette.POSITIVE))
    rgb = np.where(t < 0, zero + (negative - zero) * -t, zero + (positive - zero) * t)
    return np.round(rgb).astype(np.uint8)


def magnitude(output: np.ndarray) -> np.ndarray:
    """A non-negative strength, rescaled so that the full-scale quantile is white."""
    return clamped(output / (np.quantile(output, FULL_SCALE_QUANTILE) or 1.0))


def render_outputs() -> dict[str, bytes]:
    """File name -> PNG bytes of every output image the page shows."""
    photo = load_photo(GREY_PHOTO, FIGURE_SIDE).astype(np.float32) / 255
    show = {"clamp": clamped, "signed": signed}
    images = {f"{slug}.png": show[k.display](apply_kernel(photo, k.weights)) for slug, k in KERNELS.items()}
    strength = sobel_magnitude(photo, KERNELS["sobel-x"].weights, KERNELS["sobel-y"].weights)
    images["sobel-magnitude.png"] = magnitude(strength)
    colour = load_photo(COLOUR_PHOTO, FIGURE_SIDE).astype(np.float32) / 255
    images[f"{COLOUR_PHOTO}.png"] = clamped(colour)
    images[f"{COLOUR_PHOTO}-{COLOUR_KERNEL}.png"] = clamped(apply_kernel(colour, KERNELS[COLOUR_KERNEL].weights))
    return {name: png_bytes(pixels) for name, pixels in images.items()}
