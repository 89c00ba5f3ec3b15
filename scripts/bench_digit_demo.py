"""Measure the draw-a-digit demo in real Chromium: update latency, time to a ready demo, bytes downloaded.

    .venv/bin/python scripts/bench_digit_demo.py

Builds the site, serves it on loopback, and for the backend the runtime measures as fastest ("auto") and each
TF.js backend forced:
* opens the page with a cold cache and reads when the demo became ready (the demo's "tfv-digit-ready" mark,
  in ms since navigation started) and how many bytes the page transferred (Resource Timing);
* draws with the mouse and collects the demo's "tfv-digit-update" measures: from the pointer event to just
  after the browser painted the new prediction and feature maps.
Writes scripts/results/digit-demo.json with the machine description. Numbers vary between runs and machines:
this is a benchmark, not a test. WebGL here runs on SwiftShader (a CPU emulation of a GPU), so it is slow.
"""

import argparse
import json
import statistics

from tfvisual.benchmarks.demo_backends import measure_each_backend, percentile
from tfvisual.local_site import reach_demo, wait_for_demo_idle
from tfvisual.machine import describe_machine
from tfvisual.paths import RESULTS_DIR

RESULT = RESULTS_DIR / "digit-demo.json"
COLLECT_UPDATES = """() => {
    window.__digitUpdates = [];
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            if (entry.name === "tfv-digit-update") window.__digitUpdates.push(entry.duration);
        }
    }).observe({ type: "measure" });
}"""
PAGE_BYTES = """() => {
    const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
    return {
        requests: entries.length,
        transferred: entries.reduce((sum, e) => sum + e.transferSize, 0),
        decoded: entries.reduce((sum, e) => sum + e.decodedBodySize, 0),
    };
}"""


def measure_backend(browser, url: str, backend: str, moves: int) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})  # a new context: a cold cache
    page = context.new_page()
    page.goto(f"{url}?backend={backend}")
    reach_demo(page, '[data-demo="digit"]')
    page.wait_for_selector('[data-demo="digit"][data-ready]', timeout=120_000)
    ready_ms = page.evaluate("performance.getEntriesByName('tfv-digit-ready')[0].startTime")
    used = page.evaluate("tf.getBackend()")
    reason = page.locator('[data-demo="digit"] .tfv-status').inner_text()
    transfer = page.evaluate(PAGE_BYTES)

    page.evaluate(COLLECT_UPDATES)
    box = page.locator('canvas[data-testid="digit-pad"]').bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.2)
    page.mouse.down()
    for step in range(moves):
        # A slow zig-zag, like a hand drawing: one pointer event every 8 ms.
        phase = (step % 40) / 20  # 0..2: right, then back left
        x = 0.25 + 0.5 * (phase if phase <= 1 else 2 - phase)
        y = 0.2 + 0.6 * step / moves
        page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
        page.wait_for_timeout(8)
    page.mouse.up()
    wait_for_demo_idle(page, '[data-demo="digit"]')
    page.wait_for_timeout(200)
    latencies = page.evaluate("window.__digitUpdates")
    context.close()
    return {
        "backend": used,
        "status_line": reason,
        "time_to_ready_ms": round(ready_ms, 1),
        "page_requests": transfer["requests"],
        "page_bytes_transferred": transfer["transferred"],
        "page_bytes_decoded": transfer["decoded"],
        "updates_measured": len(latencies),
        "first_update_ms": round(latencies[0], 1),
        "update_latency_ms": {
            "p50": round(statistics.median(latencies), 1),
            "p95": round(percentile(latencies, 0.95), 1),
            "max": round(max(latencies), 1),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--moves", type=int, default=200, help="pointer moves per backend")
    args = parser.parse_args()

    results, chromium_version = measure_each_backend(
        "cnn/draw-a-digit/", lambda browser, url, backend: measure_backend(browser, url, backend, args.moves)
    )

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    output = {"machine": {**describe_machine(), "chromium": chromium_version}, "backends": results}
    RESULT.write_text(json.dumps(output, indent=2, sort_keys=True) + "\n")
    print(f"wrote {RESULT}")


if __name__ == "__main__":
    main()
