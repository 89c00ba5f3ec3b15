"""The three ways of computing each benchmark give the same answer, so the race is between equals; the saved
results the page quotes hold what the page needs."""

import json

import numpy as np
import tensorflow as tf

from tfvisual.benchmarks import why_cpp
from tfvisual.paths import RESULTS_DIR


def test_matmul_agrees_across_python_numpy_tensorflow():
    rng = np.random.default_rng(1)
    a = rng.standard_normal((7, 5)).astype(np.float32)
    b = rng.standard_normal((5, 3)).astype(np.float32)
    expected = a.astype(np.float64) @ b.astype(np.float64)
    np.testing.assert_allclose(why_cpp.matmul_python(a.tolist(), b.tolist()), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(why_cpp.matmul_numpy(a, b), expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(
        why_cpp.matmul_tensorflow(tf.constant(a), tf.constant(b)), expected, rtol=1e-5, atol=1e-5
    )


def test_conv2d_agrees_across_python_numpy_tensorflow():
    rng = np.random.default_rng(2)
    images = rng.random((2, 6, 5, 3)).astype(np.float32)
    kernels = rng.standard_normal((3, 2, 3, 4)).astype(np.float32)
    reference = why_cpp.conv2d_tensorflow(tf.constant(images), tf.constant(kernels)).numpy()
    assert reference.shape == (2, 4, 4, 4)
    np.testing.assert_allclose(why_cpp.conv2d_numpy(images, kernels), reference, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(
        why_cpp.conv2d_python(images.tolist(), kernels.tolist()), reference, rtol=1e-5, atol=1e-5
    )
    assert why_cpp.conv2d_flops(images.shape, kernels.shape) == 2 * reference.size * 3 * 2 * 3


def test_saved_results_hold_every_library_and_consistent_speedups():
    result = json.loads((RESULTS_DIR / "why-cpp.json").read_text())
    assert result["machine"]["cores"] >= 1
    for row in result["matmul"]:
        assert row["flops"] == why_cpp.matmul_flops(row["n"])
        assert {"numpy", "tensorflow"} <= row["seconds"].keys()
    at = next(row for row in result["matmul"] if row["n"] == result["summary"]["matmul_n"])["seconds"]
    assert result["summary"]["matmul_python_over_numpy"] == at["python"] / at["numpy"]
    conv = result["conv2d"]["seconds"]
    assert result["summary"]["conv_python_over_tensorflow"] == conv["python"] / conv["tensorflow"]
