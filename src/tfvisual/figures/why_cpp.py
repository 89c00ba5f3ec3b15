"""Charts of scripts/results/why-cpp.json: the same computations in Python loops, NumPy and TensorFlow."""

import json

import matplotlib.pyplot as plt

from tfvisual import palette
from tfvisual.figures.chart import svg_bytes
from tfvisual.paths import RESULTS_DIR

LIBRARIES = [("python", "Python loops"), ("numpy", "NumPy"), ("tensorflow", "TensorFlow")]


def _load() -> dict:
    path = RESULTS_DIR / "why-cpp.json"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `.venv/bin/python scripts/bench_why_cpp.py`")
    return json.loads(path.read_text())


def matmul_chart(result: dict) -> bytes:
    """Throughput (GFLOP/s, log scale) of an n×n matrix multiply for each size and library."""
    figure, axes = plt.subplots(figsize=(6.4, 3.4))
    sizes = [row["n"] for row in result["matmul"]]
    for colour, (key, label) in zip(palette.SERIES, LIBRARIES, strict=False):
        points = [
            (row["n"], row["flops"] / row["seconds"][key] / 1e9) for row in result["matmul"] if key in row["seconds"]
        ]
        axes.plot(*zip(*points, strict=True), marker="o", color=colour, label=label)
    axes.set_xscale("log", base=2)
    axes.set_xticks(sizes, [f"{n}×{n}" for n in sizes])
    axes.set_yscale("log")
    axes.set_xlabel("matrix size")
    axes.set_ylabel("GFLOP/s (higher is faster)")
    axes.legend(frameon=False)
    axes.set_title(f"Matrix multiply on {result['machine']['cpu']}", fontsize=9)
    return svg_bytes(figure)


def conv_chart(result: dict) -> bytes:
    """Time of one batched convolution for each library (log scale)."""
    conv = result["conv2d"]
    figure, axes = plt.subplots(figsize=(6.4, 2.2))
    labels = [label for _, label in LIBRARIES]
    seconds = [conv["seconds"][key] * 1e3 for key, _ in LIBRARIES]
    bars = axes.barh(labels, seconds, color=palette.SERIES[: len(LIBRARIES)])
    axes.bar_label(bars, labels=[f"{s:,.2f} ms" for s in seconds], padding=3, fontsize=8)
    axes.set_xscale("log")
    axes.invert_yaxis()
    axes.set_xlabel("milliseconds for the whole batch, log scale (shorter is faster)")
    n, h, w, c = conv["images_shape"]
    kh, kw, _, f = conv["kernels_shape"]
    axes.set_title(f"{f} filters of {kh}×{kw}×{c} over {n} images of {h}×{w}×{c}", fontsize=9)
    return svg_bytes(figure)


def figures() -> dict[str, bytes]:
    result = _load()
    return {
        "figures/why-cpp/matmul.svg": matmul_chart(result),
        "figures/why-cpp/conv2d.svg": conv_chart(result),
    }
