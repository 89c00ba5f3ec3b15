"""Measure the "Gradients through time" demo in real Chromium: the time of one gradient computation per cell and
sequence length, on each TF.js backend.

    .venv/bin/python scripts/bench_gradients_demo.py

Builds the site, serves it on loopback, and for the backend the runtime measures as fastest ("auto") and each
TF.js backend forced with ?backend=: sets each cell (SimpleRNN, GRU, LSTM with Keras' default forget-gate bias 1)
and length (T = 25, 100, 200) in the demo, computes once untimed (WebGL compiles its shaders for new shapes),
then presses Compute `--repeats` times and reads the demo's own timing of each (data-compute-ms: tf.grad forward
and backward through T steps, norms read back into JavaScript). Writes scripts/results/gradients-demo.json with
the machine description. Numbers vary between runs and machines: this is a benchmark, not a test. WebGL here runs
on SwiftShader (a CPU emulation of a GPU), so it is slow.
"""

import argparse
import json
import os
import statistics

from tfvisual.benchmarks.demo_backends import measure_each_backend
from tfvisual.local_site import wait_for_demo_idle
from tfvisual.machine import describe_machine
from tfvisual.paths import RESULTS_DIR

RESULT = RESULTS_DIR / "gradients-demo.json"
PAGE = "rnn/backpropagation-through-time/"
DEMO = '[data-demo="gradients-through-time"]'
CELLS = ["simple_rnn", "gru", "lstm"]
LENGTHS = [25, 100, 200]
FORGET_BIAS = 1  # Keras' default; the bias changes the numbers, not the work
RECURRENT_SCALE = 1  # the kernels as initialised; the scale too changes the numbers, not the work

# Sets the demo's fields as a reader would leave them (the Compute button then reads them).
SET_FIELDS = """([selector, cell, steps, bias, scale]) => {
    const demo = document.querySelector(selector);
    demo.querySelector('[data-testid="cell"]').value = cell;
    demo.querySelector('[data-testid="steps"]').value = String(steps);
    demo.querySelector('[data-testid="forget-bias"]').value = String(bias);
    demo.querySelector('[data-testid="recurrent-scale"]').value = String(scale);
}"""


def compute_once(page, demo) -> float:
    """Press Compute, wait for the chart; the demo's own timing of that computation, in ms."""
    count = int(demo.get_attribute("data-updates"))
    demo.get_by_test_id("compute").click()
    wait_for_demo_idle(page, DEMO, count + 1, timeout=300_000)
    return float(demo.get_attribute("data-compute-ms"))


def measure_backend(browser, url: str, backend: str, repeats: int) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(f"{url}?backend={backend}")
    wait_for_demo_idle(page, DEMO, 1, timeout=300_000)
    demo = page.locator(DEMO)
    result = {
        "backend": page.evaluate("tf.getBackend()"),
        "status_line": demo.locator(".tfv-status").inner_text(),
        "ms_per_gradient": {},
    }
    for cell in CELLS:
        for steps in LENGTHS:
            page.evaluate(SET_FIELDS, [DEMO, cell, steps, FORGET_BIAS, RECURRENT_SCALE])
            first = compute_once(page, demo)  # new shapes: WebGL compiles shaders, caches fill
            times = [compute_once(page, demo) for _ in range(repeats)]
            result["ms_per_gradient"][f"{cell}_T{steps}"] = {
                "first": round(first, 1),
                "median": round(statistics.median(times), 1),
                "min": round(min(times), 1),
                "max": round(max(times), 1),
                "runs": repeats,
            }
            print(f"  {backend:5} {cell:10} T={steps:3}: median {statistics.median(times):7.1f} ms", flush=True)
    context.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5, help="timed computations per cell, length and backend")
    args = parser.parse_args()

    # Other work on the machine slows every backend: the load is saved with the numbers.
    load_before = os.getloadavg()[0]
    results, chromium_version = measure_each_backend(
        PAGE, lambda browser, url, backend: measure_backend(browser, url, backend, args.repeats)
    )

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    output = {
        "machine": {**describe_machine(), "chromium": chromium_version},
        "what": "ms per gradient computation in the demo: tf.grad of sum(last output) w.r.t. the input sequence, "
        "forward and backward through T steps, norms read back (median of the timed runs after one untimed run)",
        "forget_bias": FORGET_BIAS,
        "recurrent_scale": RECURRENT_SCALE,
        "load_average_1min": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
        "backends": results,
    }
    RESULT.write_text(json.dumps(output, indent=2, sort_keys=True) + "\n")
    print(f"wrote {RESULT}")


if __name__ == "__main__":
    main()
