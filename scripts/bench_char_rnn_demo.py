"""Measure the "Write with the character RNN" demo in real Chromium: characters written per second on each TF.js
backend, and the cold time to a ready demo.

    .venv/bin/python scripts/bench_char_rnn_demo.py

Builds the site, serves it on loopback, and for the backend the runtime measures as fastest ("auto") and each
TF.js backend forced with ?backend=:
* opens the page with a cold cache and reads when the demo became ready (its "tfv-char-rnn-ready" mark, in ms
  since navigation started: TF.js, the model, the backend measured on one step, the n-gram tables);
* presses Generate with the opening prompt, temperature and seed and --characters characters, --runs times, and
  reads the demo's own characters per second (written characters over the time from the first step to the last
  paint; several steps per animation frame, one paint per frame) and the time the prompt took.
Writes scripts/results/char-rnn-demo.json with the machine description. Numbers vary between runs and machines:
this is a benchmark, not a test. WebGL here runs on SwiftShader (a CPU emulation of a GPU), so it is slow.
"""

import argparse
import json
import statistics

from tfvisual.benchmarks.demo_backends import measure_each_backend
from tfvisual.local_site import reach_demo, wait_for_demo_idle
from tfvisual.machine import describe_machine
from tfvisual.paths import RESULTS_DIR

RESULT = RESULTS_DIR / "char-rnn-demo.json"
DEMO = '[data-demo="char-rnn"]'


def measure_backend(browser, url: str, backend: str, characters: int, runs: int) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})  # a new context: a cold cache
    page = context.new_page()
    page.goto(f"{url}?backend={backend}")
    reach_demo(page, DEMO)
    page.wait_for_selector(f"{DEMO}[data-ready]", timeout=180_000)
    wait_for_demo_idle(page, DEMO, 0, timeout=60_000)
    ready_ms = page.evaluate("performance.getEntriesByName('tfv-char-rnn-ready')[0].startTime")
    used = page.evaluate("tf.getBackend()")
    reason = page.locator(f"{DEMO} .tfv-status").inner_text()
    demo = page.locator(DEMO)
    demo.get_by_test_id("length").fill(str(characters))
    speeds = []
    for _ in range(runs):
        count = int(demo.get_attribute("data-updates"))
        demo.get_by_test_id("generate").click()
        wait_for_demo_idle(page, DEMO, count + 1, timeout=600_000)
        assert int(demo.get_attribute("data-written")) == characters
        speeds.append(float(demo.get_attribute("data-chars-per-second")))
    context.close()
    return {
        "backend": used,
        "status_line": reason,
        "time_to_ready_ms": round(ready_ms, 1),
        "characters_per_run": characters,
        "characters_per_second": {
            "runs": speeds,
            "median": round(statistics.median(speeds), 1),
            "min": round(min(speeds), 1),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--characters", type=int, default=500, help="characters written per run")
    parser.add_argument("--runs", type=int, default=3, help="runs per backend")
    args = parser.parse_args()

    def measure(browser, url, backend):
        return measure_backend(browser, url, backend, args.characters, args.runs)

    results, chromium_version = measure_each_backend("rnn/char-rnn/", measure)

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    output = {
        "machine": {**describe_machine(), "chromium": chromium_version},
        "characters_per_run": args.characters,
        "runs": args.runs,
        "backends": results,
    }
    RESULT.write_text(json.dumps(output, indent=2, sort_keys=True) + "\n")
    print(f"wrote {RESULT}")


if __name__ == "__main__":
    main()
