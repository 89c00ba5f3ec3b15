"""Build-time files for the kernel pages: kernel matrices, output images, sample photos and playground presets.

Nothing here imports TensorFlow (it would cost seconds on every build): the output images were computed with
tf.nn.conv2d by scripts/render_kernel_figures.py and are published from scripts/results/kernel-figures/.
"""

import json
from fractions import Fraction

import matplotlib.pyplot as plt
from matplotlib.colors import LinearSegmentedColormap

from tfvisual import palette
from tfvisual.data.photos import PHOTOS, load_photo, png_bytes
from tfvisual.figures.chart import svg_bytes
from tfvisual.kernels import KERNELS, Kernel, presets
from tfvisual.paths import RESULTS_DIR

# Written by scripts/render_kernel_figures.py (see tfvisual.figures.kernel_outputs).
OUTPUT_DIR = RESULTS_DIR / "kernel-figures"

# Photos the playground offers; the browser downscales a reader's own image to the same long side.
SAMPLE_SIDE = 512
SIGNED_MAP = LinearSegmentedColormap.from_list("signed", [palette.NEGATIVE, palette.ZERO, palette.POSITIVE])


def kernel_matrix_svg(kernel: Kernel) -> bytes:
    """The integer weights in their grid, coloured by sign, with the divisor and the sum underneath."""
    size = kernel.size
    figure, axes = plt.subplots(figsize=(0.42 * size + 0.3, 0.42 * size + 0.55))
    largest = max(abs(v) for row in kernel.integers for v in row)
    axes.imshow(kernel.integers, cmap=SIGNED_MAP, vmin=-largest, vmax=largest)
    for row, values in enumerate(kernel.integers):
        for column, value in enumerate(values):
            # White on the dark cells (beyond 60% of the largest |weight|), ink on the light ones: always readable.
            colour = "white" if abs(value) > 0.6 * largest else palette.INK
            axes.text(column, row, str(value), ha="center", va="center", color=colour, fontsize=10)
    axes.set_xticks([x - 0.5 for x in range(size + 1)], [])
    axes.set_yticks([y - 0.5 for y in range(size + 1)], [])
    axes.tick_params(length=0)
    axes.grid(True, color=palette.INK, linewidth=0.6)
    scale = f"× 1/{kernel.divisor} · " if kernel.divisor != 1 else ""
    axes.set_xlabel(f"{scale}sum = {Fraction(kernel.total).limit_denominator()}", fontsize=9)
    return svg_bytes(figure)


def output_images() -> dict[str, bytes]:
    paths = sorted(OUTPUT_DIR.glob("*.png"))
    if not paths:
        raise FileNotFoundError(f"{OUTPUT_DIR} is empty: run `.venv/bin/python scripts/render_kernel_figures.py`")
    return {f"figures/kernels/{path.name}": path.read_bytes() for path in paths}


def playground_data() -> bytes:
    """What the playground needs to start: the presets (from tfvisual.kernels) and the sample photos."""
    samples = [
        {"slug": name, "label": label, "path": f"figures/samples/{name}.png"} for name, (_, label) in PHOTOS.items()
    ]
    return (json.dumps({"kernels": presets(), "samples": samples}, indent=1) + "\n").encode()


def figures() -> dict[str, bytes]:
    files = {f"figures/kernels/{slug}-kernel.svg": kernel_matrix_svg(kernel) for slug, kernel in KERNELS.items()}
    files.update(output_images())
    files["figures/kernels/presets.json"] = playground_data()
    for name in PHOTOS:
        files[f"figures/samples/{name}.png"] = png_bytes(load_photo(name, SAMPLE_SIDE))
    return files
