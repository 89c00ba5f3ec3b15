"""The few drawing tools the previews share: an SVG of the preview's size, its text and shapes, the demos' colour
rules, and PNGs that are the same bytes on every build."""

import io
from html import escape

import numpy as np
from PIL import Image

from tfvisual import palette

# Every preview's proportions, in CSS pixels: docs/index.md gives each card's <img> this width and height, so the
# card keeps its size before the image arrives.
PREVIEW_SIZE = (320, 160)
FONT = 'font-family="sans-serif"'


def svg(body: list[str]) -> bytes:
    """A preview-sized SVG on white (every figure on the site is drawn on white, in both colour schemes)."""
    width, height = PREVIEW_SIZE
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>{"".join(body)}</svg>\n'
    ).encode()


def element(name: str, **attributes) -> str:
    """An empty SVG element; attribute names are written with hyphens (stroke_width -> stroke-width)."""
    written = " ".join(
        f'{key.replace("_", "-")}="{value:.1f}"' if isinstance(value, float) else f'{key.replace("_", "-")}="{value}"'
        for key, value in attributes.items()
    )
    return f"<{name} {written}/>"


def text(x: float, y: float, content: str, size: float = 11, anchor="start", colour=palette.INK, bold=False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{colour}" {FONT}{weight}>'
        f"{escape(content)}</text>"
    )


def hex_rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.float64)


def diverging(values: np.ndarray) -> np.ndarray:
    """Values in −1..1 to RGB (uint8, one more axis), as every demo colours signed values (lib/palette.js)."""
    t = np.clip(values, -1, 1)[..., np.newaxis]
    zero, negative, positive = (hex_rgb(c) for c in (palette.ZERO, palette.NEGATIVE, palette.POSITIVE))
    return np.round(np.where(t < 0, zero + (negative - zero) * -t, zero + (positive - zero) * t)).astype(np.uint8)


def ink_on(rgb) -> str:
    """Black or white text, whichever contrasts more with the background (WCAG luminance), as the demos choose."""
    linear = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


def canvas(width: int, height: int) -> np.ndarray:
    """A white picture, height × width × RGB."""
    return np.full((height, width, 3), 255, dtype=np.uint8)


def png(pixels: np.ndarray, colours: np.ndarray | None = None) -> bytes:
    """PNG without metadata, so a rebuild gives the same bytes. With `colours` (n × 3, n ≤ 256) every pixel becomes
    the nearest of them: a palette PNG, a third of the size for a photo. (Chosen here rather than by PIL's
    quantize, which matches colours at 5 bits per channel and moved the signed map's near-white by 5 levels.)"""
    if colours is None:
        image = Image.fromarray(pixels)
    else:
        colours = np.asarray(colours, np.float64)
        # Each distinct colour of the picture is matched once (a few thousand, not one per pixel).
        distinct, where = np.unique(pixels.reshape(-1, 3), axis=0, return_inverse=True)
        nearest = ((distinct[:, np.newaxis, :] - colours) ** 2).sum(axis=-1).argmin(axis=-1).astype(np.uint8)
        image = Image.fromarray(nearest[where.ravel()].reshape(pixels.shape[:2]), "P")
        image.putpalette(colours.round().astype(np.uint8).ravel().tolist())
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
