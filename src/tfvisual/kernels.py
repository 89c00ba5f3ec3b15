"""The image kernels of the site, defined once.

The figures (src/tfvisual/figures/kernels.py), the notebook and the kernel playground's presets (which the
browser reads from the generated `figures/kernels/presets.json`) all take their numbers from here.

Every kernel is written the way TensorFlow *applies* it: `tf.nn.conv2d` computes a cross-correlation, so the
top-left weight multiplies the pixel above and to the left of the output pixel, exactly where it is written.
A library that computes true convolution (`np.convolve`, `scipy.signal.convolve2d`) turns the kernel by 180°
first: for the kernels below that are their own 180° turn (blurs, sharpen, Laplacian) that changes nothing, Sobel
becomes its own negative, the difference kernel a difference with the pixel on the other side, and emboss is lit
from the opposite side.

Weights are stored as integers and one divisor ("1/16 of this integer matrix"), which is how they are usually
derived and easiest to read; `Kernel.weights` gives the float32 matrix that is actually applied.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Kernel:
    slug: str  # stable identifier: file names, the playground's preset values, test ids
    label: str  # what a reader sees
    integers: tuple[tuple[int, ...], ...]
    divisor: int = 1

    @property
    def size(self) -> int:
        return len(self.integers)

    @property
    def weights(self) -> np.ndarray:
        """The k×k float32 weights that are multiplied with the pixels."""
        return (np.array(self.integers, dtype=np.float64) / self.divisor).astype(np.float32)

    @property
    def total(self) -> float:
        """Sum of the weights: 1 keeps the average brightness (blurs), 0 answers 0 on flat areas (edges)."""
        return sum(map(sum, self.integers)) / self.divisor

    @property
    def display(self) -> str:
        """How an output is best shown: 'clamp' to 0..1 when it stays an image, 'signed' when it is a difference."""
        return "signed" if self.total == 0 else "clamp"


def _binomial(row: list[int]) -> tuple[tuple[int, ...], ...]:
    """Outer product of a row of binomial coefficients with itself: the integer form of a Gaussian."""
    return tuple(tuple(a * b for b in row) for a in row)


KERNELS: dict[str, Kernel] = {
    kernel.slug: kernel
    for kernel in [
        Kernel("identity", "Identity", ((0, 0, 0), (0, 1, 0), (0, 0, 0))),
        Kernel("box-blur", "Box blur 3×3", ((1, 1, 1), (1, 1, 1), (1, 1, 1)), 9),
        Kernel("gaussian-blur", "Gaussian blur 3×3", _binomial([1, 2, 1]), 16),
        Kernel("gaussian-blur-5", "Gaussian blur 5×5", _binomial([1, 4, 6, 4, 1]), 256),
        Kernel("sharpen", "Sharpen", ((0, -1, 0), (-1, 5, -1), (0, -1, 0))),
        Kernel("difference", "Difference of two adjacent pixels", ((0, 0, 0), (0, -1, 1), (0, 0, 0))),
        Kernel("sobel-x", "Sobel x (left to right)", ((-1, 0, 1), (-2, 0, 2), (-1, 0, 1))),
        Kernel("sobel-y", "Sobel y (top to bottom)", ((-1, -2, -1), (0, 0, 0), (1, 2, 1))),
        Kernel("laplacian", "Laplacian", ((0, 1, 0), (1, -4, 1), (0, 1, 0))),
        Kernel("emboss", "Emboss", ((-2, -1, 0), (-1, 1, 1), (0, 1, 2))),
    ]
}


def presets() -> list[dict]:
    """The kernels as plain data for the browser playground (written to figures/kernels/presets.json)."""
    return [
        {
            "slug": kernel.slug,
            "label": kernel.label,
            "size": kernel.size,
            "integers": [list(row) for row in kernel.integers],
            "divisor": kernel.divisor,
            "display": kernel.display,
        }
        for kernel in KERNELS.values()
    ]
