"""Time a matrix multiply and a batched 2-D convolution in Python loops, NumPy and TensorFlow.

Writes scripts/results/why-cpp.json (raw timings, the machine, library versions), which the "Why a C++
backend?" page draws as a chart and quotes. About a minute on 2 cores:

    .venv/bin/python scripts/bench_why_cpp.py
"""

import argparse
import json
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from tfvisual.benchmarks import why_cpp  # noqa: E402
from tfvisual.machine import describe_machine  # noqa: E402
from tfvisual.paths import RESULTS_DIR  # noqa: E402

# Pure Python is so slow that it only gets the small problems; NumPy and TensorFlow get all of them.
MATMUL_SIZES = [64, 128, 256, 512]
PYTHON_MATMUL_MAX = 128
CONV_IMAGES = (16, 32, 32, 3)  # a batch of 16 RGB images, 32×32
CONV_KERNELS = (3, 3, 3, 16)  # 16 filters of 3×3×3
PYTHON_CONV_BATCH = 2  # Python loops get 2 of the 16 images; their time is scaled to the batch


def median_seconds(run, repeats: int) -> float:
    run()  # warm-up: first calls pay for allocation and TensorFlow's kernel selection
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_matmul(rng: np.random.Generator) -> list[dict]:
    rows = []
    for n in MATMUL_SIZES:
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        ta, tb = tf.constant(a), tf.constant(b)
        timings = {
            "numpy": median_seconds(lambda a=a, b=b: why_cpp.matmul_numpy(a, b), 20),
            # .numpy() waits for the result, so the timing includes all of the work.
            "tensorflow": median_seconds(lambda ta=ta, tb=tb: why_cpp.matmul_tensorflow(ta, tb).numpy(), 20),
        }
        if n <= PYTHON_MATMUL_MAX:
            la, lb = a.tolist(), b.tolist()
            timings["python"] = median_seconds(lambda la=la, lb=lb: why_cpp.matmul_python(la, lb), 3)
        print(f"matmul {n}×{n}: " + ", ".join(f"{k} {v * 1e3:.3f} ms" for k, v in timings.items()), flush=True)
        rows.append({"n": n, "flops": why_cpp.matmul_flops(n), "seconds": timings})
    return rows


def bench_conv(rng: np.random.Generator) -> dict:
    images = rng.random(CONV_IMAGES, dtype=np.float32)
    kernels = rng.standard_normal(CONV_KERNELS, dtype=np.float32)
    timings = {
        "numpy": median_seconds(lambda: why_cpp.conv2d_numpy(images, kernels), 10),
        "tensorflow": median_seconds(
            lambda: why_cpp.conv2d_tensorflow(tf.constant(images), tf.constant(kernels)).numpy(), 10
        ),
    }
    few, lk = images[:PYTHON_CONV_BATCH].tolist(), kernels.tolist()
    per_image = median_seconds(lambda: why_cpp.conv2d_python(few, lk), 1) / PYTHON_CONV_BATCH
    timings["python"] = per_image * CONV_IMAGES[0]
    print("conv2d: " + ", ".join(f"{k} {v * 1e3:.3f} ms" for k, v in timings.items()), flush=True)
    return {
        "images_shape": list(CONV_IMAGES),
        "kernels_shape": list(CONV_KERNELS),
        "flops": why_cpp.conv2d_flops(CONV_IMAGES, CONV_KERNELS),
        "python_measured_on_images": PYTHON_CONV_BATCH,
        "seconds": timings,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "why-cpp.json")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    matmul = bench_matmul(rng)
    conv = bench_conv(rng)
    at = next(row for row in matmul if row["n"] == PYTHON_MATMUL_MAX)["seconds"]
    result = {
        "machine": describe_machine(),
        "versions": {"numpy": np.__version__, "tensorflow": tf.__version__},
        "matmul": matmul,
        "conv2d": conv,
        "summary": {
            "matmul_n": PYTHON_MATMUL_MAX,
            "matmul_python_over_numpy": at["python"] / at["numpy"],
            "matmul_python_over_tensorflow": at["python"] / at["tensorflow"],
            "conv_python_over_numpy": conv["seconds"]["python"] / conv["seconds"]["numpy"],
            "conv_python_over_tensorflow": conv["seconds"]["python"] / conv["seconds"]["tensorflow"],
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
