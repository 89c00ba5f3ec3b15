"""Apply every kernel of src/tfvisual/kernels.py to a photo with tf.nn.conv2d and save the output images.

Writes scripts/results/kernel-figures/*.png, which the site build publishes under figures/kernels/ (the build
does not import TensorFlow: that alone would cost several seconds). Run it after changing a kernel:

    .venv/bin/python scripts/render_kernel_figures.py

tests/unit/test_kernel_figures.py renders the images again and fails if the saved ones differ.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from tfvisual.figures.kernel_outputs import OUTPUT_DIR, render_outputs  # noqa: E402


def main() -> None:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    images = render_outputs()
    for stale in set(p.name for p in OUTPUT_DIR.glob("*.png")) - set(images):
        (OUTPUT_DIR / stale).unlink()
    for name, content in images.items():
        (OUTPUT_DIR / name).write_bytes(content)
    print(f"wrote {len(images)} images to {OUTPUT_DIR}")


if __name__ == "__main__":
    main()
