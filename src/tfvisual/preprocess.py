"""Turn pen strokes into the 28 x 28 image the digit CNN expects, the way MNIST's digits were made.

MNIST's authors took each scanned digit, scaled its ink to fit a 20 x 20 box (keeping the aspect ratio,
with anti-aliasing), and placed it in a 28 x 28 image so that its *centre of mass* lands in the middle.
A network trained on those images has only ever seen digits that size, that thick and that centred: a digit
drawn small in a corner, or with a thin pen, looks like nothing it knows unless we normalise it the same way.

We do not let the browser's canvas draw the strokes, because its anti-aliasing differs between browsers and
cannot be reproduced in Python. Instead both this file and ``docs/javascripts/demos/digit/preprocess.js`` draw
each stroke segment as a "capsule" (all points within a fixed pen radius of the segment) with the same float
arithmetic, so a test can check that the browser feeds the model exactly the image this reference computes.

Coordinates: pixel (row i, column j) has its centre at (x=j, y=i), the same convention as a centre of mass
computed from array indices, for which MNIST's digits average (14, 14).
"""

import math

import numpy as np

IMAGE_SIZE = 28
# The ink, soft edge included, fits a box this big; then the centre of mass moves to CENTRE.
INK_BOX = 20.0
CENTRE = 14.0
# Half the stroke width, in pixels of the 28 x 28 image: MNIST strokes are about 3 pixels wide. Because the
# strokes are scaled first and drawn afterwards, a digit drawn with a thin line or drawn small still gets
# MNIST's stroke width.
PEN_RADIUS = 1.4
# Ink fades from 1 to 0 over this distance around the pen radius: the soft edge of a scanned stroke.
EDGE_WIDTH = 1.0
# Each pixel is the average of SAMPLES x SAMPLES points inside it (supersampled anti-aliasing).
SAMPLES = 4

# The x (or y) coordinate of every sample point, in pixel units: SAMPLES per pixel, spread evenly inside it.
SAMPLE_POSITIONS = (np.arange(IMAGE_SIZE * SAMPLES) + 0.5) / SAMPLES - 0.5
# A sample farther than this from every segment gets no ink at all.
REACH = PEN_RADIUS + EDGE_WIDTH / 2

Stroke = list[tuple[float, float]]


def fit_to_box(strokes: list[Stroke]) -> list[Stroke]:
    """Scale and move the strokes so the longer side of their ink's bounding box spans INK_BOX.

    Returns the strokes in 28 x 28 pixel coordinates, with the bounding box centred on (CENTRE, CENTRE).
    A single dot (a box of size zero) is just moved there.
    """
    xs = [x for stroke in strokes for x, _ in stroke]
    ys = [y for stroke in strokes for _, y in stroke]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    longer = max(max_x - min_x, max_y - min_y)
    # The pen's ink reaches REACH beyond the centre line on each side, so the line itself gets less room.
    scale = (INK_BOX - 2 * REACH) / longer if longer > 0 else 1.0
    mid_x = (min_x + max_x) / 2
    mid_y = (min_y + max_y) / 2
    return [[((x - mid_x) * scale + CENTRE, (y - mid_y) * scale + CENTRE) for x, y in stroke] for stroke in strokes]


def _segments(strokes: list[Stroke]) -> list[tuple[float, float, float, float]]:
    """Every pair of consecutive points; a stroke of one point (a tap) is a segment of length zero."""
    segments = []
    for stroke in strokes:
        if len(stroke) == 1:
            segments.append((*stroke[0], *stroke[0]))
        for (ax, ay), (bx, by) in zip(stroke, stroke[1:], strict=False):
            segments.append((ax, ay, bx, by))
    return segments


def _sample_range(low: float, high: float) -> slice:
    """The sample indices whose position may lie in [low, high], one extra on each side to be safe."""
    first = math.floor((low + 0.5) * SAMPLES - 0.5) - 1
    last = math.ceil((high + 0.5) * SAMPLES - 0.5) + 1
    return slice(max(first, 0), min(last + 1, IMAGE_SIZE * SAMPLES))


def rasterize(strokes: list[Stroke], shift_x: float = 0.0, shift_y: float = 0.0) -> np.ndarray:
    """Draw strokes (in 28 x 28 pixel coordinates, moved by the shift) as anti-aliased capsules.

    Returns a (28, 28) float64 array in 0..1. Overlapping strokes do not get darker than 1, as with a pen:
    each sample takes its distance to the *nearest* segment.
    """
    size = IMAGE_SIZE * SAMPLES
    nearest = np.full((size, size), np.inf)
    for ax, ay, bx, by in _segments(strokes):
        ax, ay, bx, by = ax + shift_x, ay + shift_y, bx + shift_x, by + shift_y
        rows = _sample_range(min(ay, by) - REACH, max(ay, by) + REACH)
        cols = _sample_range(min(ax, bx) - REACH, max(ax, bx) + REACH)
        if rows.start >= rows.stop or cols.start >= cols.stop:
            continue  # the segment lies entirely outside the image
        px = SAMPLE_POSITIONS[cols][np.newaxis, :]
        py = SAMPLE_POSITIONS[rows][:, np.newaxis]
        # Distance from each sample to the segment: project onto it, clamp to its ends, measure.
        vx, vy = bx - ax, by - ay
        length2 = vx * vx + vy * vy
        wx, wy = px - ax, py - ay
        t = (wx * vx + wy * vy) / length2 if length2 > 0 else np.zeros((py.size, px.size))
        t = np.minimum(1.0, np.maximum(0.0, t))
        ex, ey = wx - t * vx, wy - t * vy
        distance = np.sqrt(ex * ex + ey * ey)
        nearest[rows, cols] = np.minimum(nearest[rows, cols], distance)
    ink = np.minimum(1.0, np.maximum(0.0, (PEN_RADIUS - nearest) / EDGE_WIDTH + 0.5))
    return ink.reshape(IMAGE_SIZE, SAMPLES, IMAGE_SIZE, SAMPLES).sum(axis=(1, 3)) / (SAMPLES * SAMPLES)


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    """(x, y) of the ink's centre of mass, pixel (i, j) weighing image[i, j] at x = j, y = i."""
    total = image.sum()
    indices = np.arange(IMAGE_SIZE)
    return float((image.sum(axis=0) * indices).sum() / total), float((image.sum(axis=1) * indices).sum() / total)


# --8<-- [start:preprocess]
def preprocess_strokes(strokes: list[Stroke]) -> np.ndarray | None:
    """The model's 28 x 28 input for strokes drawn anywhere, at any size; None when nothing was drawn.

    Draw once to find the centre of mass, then draw again moved by the (fractional) distance from it to the
    image centre, so the result stays anti-aliased instead of being shifted by whole pixels.
    """
    strokes = [[(float(x), float(y)) for x, y in stroke] for stroke in strokes if stroke]
    if not strokes:
        return None
    fitted = fit_to_box(strokes)
    centre_x, centre_y = centre_of_mass(rasterize(fitted))
    return rasterize(fitted, CENTRE - centre_x, CENTRE - centre_y)


# --8<-- [end:preprocess]
