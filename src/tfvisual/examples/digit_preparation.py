"""Where MNIST puts a digit, measured on the digits this site trains on, next to what the digit demo does.

MNIST's authors centred each digit by its centre of mass in the 28 x 28 image. With pixel (row i, column j) at
(x=j, y=i), the geometric middle of the image lies between four pixels, at 13.5; the digits' centres of mass
average (14, 14) instead, and the demo's preprocessing (`tfvisual.preprocess.CENTRE`) moves a drawing's centre
of mass there. The "Draw a digit" page quotes these numbers from scripts/results/digit-preparation.json,
written by scripts/save_digit_preparation.py.
"""

import numpy as np

from tfvisual.data.mnist import IMAGE_SIZE, load_embedded_digits
from tfvisual.preprocess import CENTRE, PEN_RADIUS, centre_of_mass


def results() -> dict:
    images, _, _ = load_embedded_digits()
    centres = np.array([centre_of_mass(image[..., 0].astype(np.float64)) for image in images])
    return {
        "digits": len(images),
        # Rounded so that a rerun on another machine (another summation order) saves the same file.
        "mnist_centre_x": round(float(centres[:, 0].mean()), 2),
        "mnist_centre_y": round(float(centres[:, 1].mean()), 2),
        "geometric_middle": (IMAGE_SIZE - 1) / 2,
        "demo_centre": CENTRE,
        # The demo's fixed pen, before the soft edge: its choice, since MNIST's strokes vary in width.
        "demo_pen_width": round(2 * PEN_RADIUS, 2),
    }
