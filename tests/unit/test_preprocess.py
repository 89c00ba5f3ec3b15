"""The MNIST-style preprocessing of drawn strokes (src/tfvisual/preprocess.py), the reference the browser matches."""

import math

import numpy as np
import pytest

from tfvisual.preprocess import (
    CENTRE,
    IMAGE_SIZE,
    INK_BOX,
    PEN_RADIUS,
    centre_of_mass,
    preprocess_strokes,
)


def seven(scale: float = 1.0, dx: float = 0.0, dy: float = 0.0) -> list[list[tuple[float, float]]]:
    """A 7 with a crossbar, as pad coordinates, optionally drawn smaller and elsewhere."""
    strokes = [[(60, 50), (220, 50), (110, 250)], [(100, 150), (190, 150)]]
    return [[(x * scale + dx, y * scale + dy) for x, y in stroke] for stroke in strokes]


def zero(points: int = 80) -> list[list[tuple[float, float]]]:
    angles = np.linspace(0, 2 * math.pi, points)
    return [[(140 + 60 * math.cos(a), 140 + 100 * math.sin(a)) for a in angles]]


def random_scribbles(seed: int) -> list[list[tuple[float, float]]]:
    rng = np.random.default_rng(seed)
    return [
        [tuple(point) for point in rng.uniform(0, 280, (int(rng.integers(1, 30)), 2))]
        for _ in range(int(rng.integers(1, 4)))
    ]


def ink_extent(image: np.ndarray, threshold: float) -> tuple[int, int]:
    rows = np.flatnonzero((image > threshold).any(axis=1))
    cols = np.flatnonzero((image > threshold).any(axis=0))
    return int(rows[-1] - rows[0] + 1), int(cols[-1] - cols[0] + 1)


@pytest.mark.parametrize("strokes", [seven(), zero(), *(random_scribbles(seed) for seed in range(20))])
def test_centre_of_mass_lands_on_the_image_centre(strokes):
    image = preprocess_strokes(strokes)
    x, y = centre_of_mass(image)
    assert abs(x - CENTRE) <= 0.05 and abs(y - CENTRE) <= 0.05, (x, y)


@pytest.mark.parametrize("strokes", [seven(), zero(), *(random_scribbles(seed) for seed in range(20))])
def test_longer_side_of_the_ink_is_the_mnist_box(strokes):
    height, width = ink_extent(preprocess_strokes(strokes), threshold=0.0)
    # Any ink at all lies within INK_BOX; a box of 20 units can touch 21 pixel columns.
    assert max(height, width) <= INK_BOX + 1
    # ... and the clearly inked part fills it, as in MNIST.
    assert max(ink_extent(preprocess_strokes(strokes), threshold=0.3)) >= INK_BOX - 2


def test_size_and_position_of_the_drawing_do_not_matter():
    reference = preprocess_strokes(seven())
    small_in_a_corner = preprocess_strokes(seven(scale=0.25, dx=5, dy=190))
    np.testing.assert_allclose(small_in_a_corner, reference, atol=1e-9)


def test_stroke_width_is_the_pen_width_whatever_the_drawing_size():
    """A vertical bar: each inked row integrates to the pen's width (2 × radius), like an MNIST stroke."""
    for length in (20, 260):
        image = preprocess_strokes([[(100, 10), (100, 10 + length)]])
        middle_row = image[IMAGE_SIZE // 2]
        assert middle_row.sum() == pytest.approx(2 * PEN_RADIUS, abs=0.02)
        assert middle_row.max() == 1.0


def test_values_stay_in_zero_to_one_where_strokes_cross():
    cross = [[(0, 0), (100, 100)], [(0, 100), (100, 0)], [(0, 0), (100, 100)]]
    image = preprocess_strokes(cross)
    assert image.min() >= 0.0 and image.max() <= 1.0
    assert image.dtype == np.float64 and image.shape == (IMAGE_SIZE, IMAGE_SIZE)


def test_nothing_drawn_gives_no_image():
    assert preprocess_strokes([]) is None
    assert preprocess_strokes([[], []]) is None


def test_a_tap_is_a_centred_dot():
    image = preprocess_strokes([[(37.5, 200.0)]])
    x, y = centre_of_mass(image)
    assert (x, y) == pytest.approx((CENTRE, CENTRE), abs=1e-9)
    assert max(ink_extent(image, threshold=0.0)) <= math.ceil(2 * (PEN_RADIUS + 0.5)) + 1
