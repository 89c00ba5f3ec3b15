"""Previews made of pixels: a photo and its filtered twin, a digit and its feature maps, the learned kernels.

The network's pictures are stored at their own small size, one pixel per value, and enlarged by the page without
smoothing (the `tfv-pixels` class), so every value stays a crisp square at any size; the photo is stored at the size
it is shown.
"""

from pathlib import Path

import numpy as np
from PIL import Image

from tfvisual import palette
from tfvisual.data.photos import PHOTOS, load_photo
from tfvisual.figures.cnn import first_layer_kernels
from tfvisual.figures.kernels import OUTPUT_DIR as KERNEL_OUTPUTS
from tfvisual.figures.previews.drawing import PREVIEW_SIZE, canvas, diverging, hex_rgb, png
from tfvisual.figures.previews.numpy_models import digit_feature_maps
from tfvisual.paths import MODELS_DIR

# The playground opens on its first sample photo; beside it, the output of a kernel whose effect still shows at this
# size, as tf.nn.conv2d computed it for the "Image kernels" page (tfvisual.figures.kernel_outputs, same photo).
PLAYGROUND_PHOTO, PLAYGROUND_KERNEL = next(iter(PHOTOS)), "sobel-x"
PLAYGROUND_CROP = (10, 30)  # top, left of the square shown: the photographer's head and camera
FEATURE_MAPS_SHOWN = 9


def kernel_playground() -> bytes:
    """The photo and what tf.nn.conv2d made of it, side by side: the same square of each, at the pixels of the
    page's figure (a thumbnail of the whole photo would average the thin edges away)."""
    width, height = PREVIEW_SIZE
    side = (width - 8) // 2
    output = np.asarray(Image.open(KERNEL_OUTPUTS / f"{PLAYGROUND_KERNEL}.png").convert("RGB"))
    photo = load_photo(PLAYGROUND_PHOTO, max(output.shape[:2]))  # the photo the figure was computed from
    top, left = PLAYGROUND_CROP
    pixels = canvas(width, height)
    edge = (height - side) // 2
    pixels[edge : edge + side, :side] = photo[top : top + side, left : left + side]
    pixels[edge : edge + side, width - side :] = output[top : top + side, left : left + side]
    # 40 greys for the photo and 41 steps of the signed colours for the output: no visible banding, 15 kB not 60
    greys = np.repeat(np.linspace(0, 255, 40).round()[:, np.newaxis], 3, axis=1)
    return png(pixels, np.concatenate([greys, diverging(np.linspace(-1, 1, 41))]))


def draw_a_digit() -> bytes:
    """The digit, three times enlarged, and the first layer's feature maps that respond most to it (in filter order),
    coloured as the demo colours a layer: one scale for all of its maps."""
    image, maps = digit_feature_maps()
    strongest = sorted(np.argsort(maps.sum(axis=(1, 2)))[-FEATURE_MAPS_SHOWN:])
    scale = float(maps.max()) or 1.0
    columns = int(np.sqrt(FEATURE_MAPS_SHOWN))
    pixels = canvas(176, 88)  # 2:1; the digit 84 px square, then 3 × 3 maps of 28 px with 1 px between them
    ink = hex_rgb(palette.INK)
    digit = np.round(255 + (ink - 255) * image[..., np.newaxis]).astype(np.uint8)
    pixels[2:86, 2:86] = digit.repeat(3, axis=0).repeat(3, axis=1)
    for position, k in enumerate(strongest):
        top, left = 1 + (position // columns) * 29, 90 + (position % columns) * 29
        pixels[top : top + 28, left : left + 28] = diverging(maps[k] / scale)
    return png(pixels)


def convolutional_networks(model_dir: Path = MODELS_DIR / "digit-cnn") -> bytes:
    """The first layer's learned kernels, eight to a row, each scaled by its own largest weight as the CNN page's
    figure shows them; the grid in the middle of a picture twice as wide as tall."""
    _, kernels, _ = first_layer_kernels(model_dir)
    size, count, columns = kernels.shape[0], kernels.shape[-1], 8
    step = size + 1  # one white pixel between kernels
    height = 1 + -(-count // columns) * step
    pixels = canvas(2 * height, height)
    offset = (2 * height - (columns * step - 1)) // 2
    for k in range(count):
        weights = kernels[:, :, 0, k]
        top, left = 1 + (k // columns) * step, offset + (k % columns) * step
        pixels[top : top + size, left : left + size] = diverging(weights / (np.abs(weights).max() or 1.0))
    return png(pixels)
