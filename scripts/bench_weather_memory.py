"""Measure the "Weather memory" demo in real Chromium: the latency of one step on each TF.js backend.

    .venv/bin/python scripts/bench_weather_memory.py

Builds the site, serves it on loopback, and for the backend the runtime measures as fastest ("auto") and each
TF.js backend forced with ?backend=:
* opens the page with a cold cache and reads when the demo became ready (its "tfv-weather-ready" mark, in ms
  since navigation started);
* steps forward one day at a time with the → key on the strip, waiting for each step to be shown, and collects
  the demo's "tfv-weather-step" measures: from the key press to just after the browser painted the new strip,
  hidden states and forecasts. One step is 14 steps of the cell as TF.js ops plus one prediction of the model;
  data-last-ms is that work alone, before painting.
Writes scripts/results/weather-memory.json with the machine description. Numbers vary between runs and
machines: this is a benchmark, not a test. WebGL here runs on SwiftShader (a CPU emulation of a GPU), so it is slow.
"""

import argparse
import json
import statistics

from tfvisual.benchmarks.demo_backends import measure_each_backend, percentile
from tfvisual.local_site import reach_demo, wait_for_demo_idle
from tfvisual.machine import describe_machine
from tfvisual.paths import RESULTS_DIR

RESULT = RESULTS_DIR / "weather-memory.json"
DEMO = '[data-demo="weather-memory"]'
COLLECT_STEPS = """() => {
    window.__weatherSteps = [];
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            if (entry.name === "tfv-weather-step") window.__weatherSteps.push(entry.duration);
        }
    }).observe({ type: "measure" });
}"""


def summary(values: list[float]) -> dict:
    return {
        "p50": round(statistics.median(values), 2),
        "p95": round(percentile(values, 0.95), 2),
        "max": round(max(values), 2),
    }


def measure_backend(browser, url: str, backend: str, steps: int) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})  # a new context: a cold cache
    page = context.new_page()
    page.goto(f"{url}?backend={backend}")
    reach_demo(page, DEMO)
    page.wait_for_selector(f"{DEMO}[data-ready]", timeout=120_000)
    wait_for_demo_idle(page, DEMO, 1, timeout=60_000)
    ready_ms = page.evaluate("performance.getEntriesByName('tfv-weather-ready')[0].startTime")
    used = page.evaluate("tf.getBackend()")
    reason = page.locator(f"{DEMO} .tfv-status").inner_text()

    page.evaluate(COLLECT_STEPS)
    demo = page.locator(DEMO)
    demo.get_by_test_id("strip").focus()
    work = []
    for _ in range(steps):
        count = int(demo.get_attribute("data-updates"))
        page.keyboard.press("ArrowRight")
        wait_for_demo_idle(page, DEMO, count + 1, timeout=60_000)
        work.append(float(demo.get_attribute("data-last-ms")))
    page.wait_for_timeout(200)  # the last measure ends after the next paint
    latencies = page.evaluate("window.__weatherSteps")
    context.close()
    return {
        "backend": used,
        "status_line": reason,
        "time_to_ready_ms": round(ready_ms, 1),
        "steps_measured": len(latencies),
        "first_step_ms": round(latencies[0], 2),
        "step_latency_ms": summary(latencies),
        "step_work_ms": summary(work),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=100, help="days stepped per backend")
    args = parser.parse_args()

    results, chromium_version = measure_each_backend(
        "rnn/weather-memory/", lambda browser, url, backend: measure_backend(browser, url, backend, args.steps)
    )

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    output = {"machine": {**describe_machine(), "chromium": chromium_version}, "steps": args.steps, "backends": results}
    RESULT.write_text(json.dumps(output, indent=2, sort_keys=True) + "\n")
    print(f"wrote {RESULT}")


if __name__ == "__main__":
    main()
