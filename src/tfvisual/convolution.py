"""Applying one k×k kernel to a photo with `tf.nn.conv2d`, the op every convolutional layer is built on.

The "Image kernels" page shows this code; scripts/render_kernel_figures.py runs it to make the page's figures,
and tests/unit/test_kernel_figures.py checks it against SciPy.
"""

import numpy as np
import tensorflow as tf


# --8<-- [start:apply_kernel]
def apply_kernel(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Filter each colour channel of an H×W×C image (values 0..1) with the same k×k kernel.

    tf.nn.conv2d wants a batch of images, NHWC, and a kernel of shape [height, width, in, out] (HWIO). A conv
    layer's kernel mixes all input channels into each output channel; to filter R, G and B *separately* with
    one 2-D kernel, we move the channels into the batch: C images of one channel each.
    """
    batch = tf.transpose(tf.constant(image, tf.float32), [2, 0, 1])[..., tf.newaxis]  # [C, H, W, 1]
    hwio = tf.constant(kernel, tf.float32)[:, :, tf.newaxis, tf.newaxis]  # [k, k, 1, 1]
    # SAME: pad with zeros so the output has the input's size. conv2d computes cross-correlation:
    # the kernel is laid over the pixels as written, not flipped.
    filtered = tf.nn.conv2d(batch, hwio, strides=1, padding="SAME")  # [C, H, W, 1]
    return tf.transpose(filtered[..., 0], [1, 2, 0]).numpy()  # back to [H, W, C]


# --8<-- [end:apply_kernel]


# --8<-- [start:sobel_magnitude]
def sobel_magnitude(image: np.ndarray, sobel_x: np.ndarray, sobel_y: np.ndarray) -> np.ndarray:
    """Edge strength whatever its direction: the length of the gradient vector (gx, gy) at each pixel."""
    gx = apply_kernel(image, sobel_x)
    gy = apply_kernel(image, sobel_y)
    return tf.sqrt(gx**2 + gy**2).numpy()


# --8<-- [end:sobel_magnitude]
