"""What every demo benchmark in Chromium shares: the site built and served, one browser, the demo measured on each
TF.js backend in turn (forced with ?backend=), and percentiles of the timings."""

import json
from collections.abc import Callable

from playwright.sync_api import sync_playwright

from tfvisual.local_site import built_and_served, chromium_launch_args

# "auto" is what a reader gets: the runtime times the demo's work on each candidate and keeps the fastest (an
# unknown ?backend= value is ignored). The others are forced with ?backend=.
BACKENDS = ["auto", "webgl", "wasm", "cpu"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_each_backend(page: str, measure: Callable[..., dict]) -> tuple[dict, str]:
    """Build and serve the site, then `measure(browser, url, backend)` for every backend on the site page `page`
    (e.g. "rnn/weather-memory/"). Returns the results by backend and Chromium's version."""
    print("building the site…", flush=True)
    with built_and_served() as origin, sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium_launch_args())
        results = {}
        for backend in BACKENDS:
            print(f"measuring {backend}…", flush=True)
            results[backend] = measure(browser, f"{origin}/{page}", backend)
            print(json.dumps(results[backend]), flush=True)
        version = browser.version
        browser.close()
    return results, version
