"""Updates per second of the kernel playground, per TF.js backend and image size, in headless Chromium.

Builds the site, serves it on loopback, opens the playground with ?backend=webgl|wasm|cpu, loads a generated
256×256 and 512×512 photo-sized image, and nudges one kernel weight many times; each nudge is one update
(tf.conv2d, reading the result back, drawing it). The times are the demo's own (its data-last-ms), so the
Python side's round trips are not counted. Writes scripts/results/kernel-playground.json:

    .venv/bin/python scripts/bench_kernel_playground.py

Headless Chromium's WebGL here is SwiftShader, a software renderer: its numbers say nothing about a real GPU.
"""

import argparse
import io
import json
import statistics
from pathlib import Path

import numpy as np
from PIL import Image
from playwright.sync_api import sync_playwright

from tfvisual.local_site import built_and_served, chromium_launch_args, wait_for_demo_idle
from tfvisual.machine import describe_machine
from tfvisual.paths import RESULTS_DIR

BACKENDS = ["webgl", "wasm", "cpu"]
SIZES = [256, 512]
WARM_UP = 3  # the first updates compile shaders (WebGL) and allocate: not the steady state
DEMO = '[data-demo="kernel-playground"]'


def test_image(side: int) -> dict:
    """A deterministic colour image (smooth gradients plus noise), as a PNG file for the file input."""
    rng = np.random.default_rng(side)
    rows, columns = np.mgrid[0:side, 0:side] / side
    smooth = np.stack([rows, columns, (rows + columns) / 2], axis=-1)
    pixels = np.clip(smooth * 200 + rng.integers(0, 56, (side, side, 3)), 0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return {"name": f"bench-{side}.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def wait_idle(page, at_least: int) -> None:
    wait_for_demo_idle(page, DEMO, at_least, timeout=120_000)


def measure(page, side: int, updates: int, kernel_size: int) -> dict:
    demo = page.locator(DEMO)
    count = int(demo.get_attribute("data-updates"))
    demo.get_by_test_id("file-input").set_input_files(test_image(side))
    wait_idle(page, count + 1)
    demo.get_by_test_id("size").select_option(str(kernel_size))
    cell = demo.get_by_test_id("kernel-cell").nth(kernel_size * kernel_size // 2)
    cell.focus()
    totals, convolutions = [], []
    for step in range(WARM_UP + updates):
        count = int(demo.get_attribute("data-updates"))
        page.keyboard.press("PageUp" if step % 2 == 0 else "PageDown")
        wait_idle(page, count + 1)
        if step >= WARM_UP:
            totals.append(float(demo.get_attribute("data-last-ms")))
            convolutions.append(float(demo.get_attribute("data-convolve-ms")))
    # The "Why a GPU?" readout runs the plain JavaScript loop at most once a second; wait until it has run on this
    # image and kernel size (its text names them), not on the previous measurement's.
    workload = f"this {side}×{side}×3 image with a {kernel_size}×{kernel_size} kernel"
    page.wait_for_function(
        "([selector, workload]) => document.querySelector(selector).textContent.includes(workload)",
        arg=[f'{DEMO} [data-testid="race"]', workload],
        timeout=30_000,
    )
    loop_ms = float(demo.get_by_test_id("race").get_attribute("data-loop-ms"))
    update_ms = statistics.median(totals)
    return {
        "image": [side, side, 3],
        "kernel": [kernel_size, kernel_size],
        "updates_measured": updates,
        "median_update_ms": update_ms,
        "median_convolve_ms": statistics.median(convolutions),
        "updates_per_second": 1000 / update_ms,
        "javascript_loop_ms": loop_ms,
    }


def describe(row: dict) -> str:
    return (
        f"{row['backend']:5} {row['image'][0]}×{row['image'][1]} {row['kernel'][0]}×{row['kernel'][1]}: "
        f"{row['updates_per_second']:.1f} updates/s (update {row['median_update_ms']:.1f} ms, "
        f"tf.conv2d {row['median_convolve_ms']:.1f} ms, JS loop {row['javascript_loop_ms']:.1f} ms)"
    )


def bench_backend(browser, origin: str, backend: str, updates: int) -> list[dict]:
    page = browser.new_page()
    try:
        page.goto(f"{origin}/kernels/playground/?backend={backend}")
        wait_idle(page, 1)
        # The backend that really started (a failed one falls back to the next): that is what was measured.
        actual = page.locator(f"{DEMO} .tfv-status").get_attribute("data-backend")
        rows = []
        for side in SIZES:
            for kernel_size in (3, 5):
                rows.append({"backend": actual, **measure(page, side, updates, kernel_size)})
                print(describe(rows[-1]), flush=True)
        return rows
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--updates", type=int, default=20, help="measured updates per backend, size and kernel")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "kernel-playground.json")
    args = parser.parse_args()

    rows = []
    print("building the site…", flush=True)
    with built_and_served() as origin, sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium_launch_args())
        try:
            for backend in BACKENDS:
                rows.extend(bench_backend(browser, origin, backend, args.updates))
        finally:
            browser.close()

    result = {
        "machine": describe_machine(),
        "browser": "headless Chromium (WebGL on SwiftShader, a CPU renderer)",
        "what": "median time of one playground update: tf.conv2d + reading the result + drawing it",
        "results": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
