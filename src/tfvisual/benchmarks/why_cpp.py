"""The same two computations written three ways: Python loops, NumPy, TensorFlow.

The "Why a C++ backend?" page shows these functions (through snippet markers) and the timings that
scripts/bench_why_cpp.py measured on them; tests/unit/test_why_cpp.py checks that all three agree, so the race
is between equal computations.
"""

import numpy as np
import tensorflow as tf


# --8<-- [start:matmul_python]
def matmul_python(a: list[list[float]], b: list[list[float]]) -> list[list[float]]:
    """C = A·B with three nested loops: every multiply-add is a Python bytecode round trip."""
    n, k, m = len(a), len(b), len(b[0])
    c = [[0.0] * m for _ in range(n)]
    for i in range(n):
        for j in range(m):
            total = 0.0
            for p in range(k):
                total += a[i][p] * b[p][j]
            c[i][j] = total
    return c


# --8<-- [end:matmul_python]


# --8<-- [start:matmul_fast]
def matmul_numpy(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a @ b  # one call into compiled BLAS code


def matmul_tensorflow(a: tf.Tensor, b: tf.Tensor) -> tf.Tensor:
    return tf.linalg.matmul(a, b)  # one op, run by TensorFlow's C++ kernel (Eigen or oneDNN)


# --8<-- [end:matmul_fast]


# --8<-- [start:conv_python]
def conv2d_python(images: list, kernels: list) -> list:
    """'VALID' cross-correlation, as tf.nn.conv2d computes it: images [N][H][W][C], kernels [KH][KW][C][F]."""
    n, h, w, c = len(images), len(images[0]), len(images[0][0]), len(images[0][0][0])
    kh, kw, f = len(kernels), len(kernels[0]), len(kernels[0][0][0])
    out = [[[[0.0] * f for _ in range(w - kw + 1)] for _ in range(h - kh + 1)] for _ in range(n)]
    for b in range(n):
        for y in range(h - kh + 1):
            for x in range(w - kw + 1):
                for o in range(f):
                    total = 0.0
                    for dy in range(kh):
                        for dx in range(kw):
                            for ch in range(c):
                                total += images[b][y + dy][x + dx][ch] * kernels[dy][dx][ch][o]
                    out[b][y][x][o] = total
    return out


# --8<-- [end:conv_python]


# --8<-- [start:conv_fast]
def conv2d_numpy(images: np.ndarray, kernels: np.ndarray) -> np.ndarray:
    """Every kh×kw window, then one tensor contraction over window and channels, for the whole batch at once.

    sliding_window_view itself copies nothing: it is a view that revisits each pixel kh·kw times. But einsum
    reads every element of every window, and to hand the contraction to a matrix multiply (BLAS) it first
    copies the windows into one contiguous array: kh·kw values per pixel, nearly kh·kw times the images' memory.
    """
    kh, kw = kernels.shape[:2]
    windows = np.lib.stride_tricks.sliding_window_view(images, (kh, kw), axis=(1, 2))  # N,H',W',C,KH,KW
    return np.einsum("nyxcij,ijcf->nyxf", windows, kernels, optimize=True)


def conv2d_tensorflow(images: tf.Tensor, kernels: tf.Tensor) -> tf.Tensor:
    return tf.nn.conv2d(images, kernels, strides=1, padding="VALID")


# --8<-- [end:conv_fast]


def matmul_flops(n: int) -> int:
    """Floating-point operations of an n×n by n×n product: n³ multiply-adds, two operations each."""
    return 2 * n**3


def conv2d_flops(images_shape: tuple, kernels_shape: tuple) -> int:
    n, h, w, c = images_shape
    kh, kw, _, f = kernels_shape
    return 2 * n * (h - kh + 1) * (w - kw + 1) * f * kh * kw * c
