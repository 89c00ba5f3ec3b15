"""The site on a simulated mid-range phone on a modest network, served gzip-compressed like a static host.

Most readers meet a page on a phone: a few times slower than a laptop, on a network of tens of milliseconds and
a few megabytes a second. This measures what such a reader waits for on a first, cold visit:

* the phone: Chromium with a 390 × 844 viewport, touch, a mobile layout and 2 device pixels per CSS pixel, its
  CPU slowed 4× (DevTools' CPU throttling) and its network held to 40 ms of latency per request and
  1.25 MB/s (10 Mbit/s) each way (DevTools' network emulation). A new browser context for every page and run,
  so nothing is cached, and service workers blocked, so every visit is a first visit;
* the host: the built site served on loopback gzip-compressed, as a static host sends it (static_host.py);
* "first demo ready": from navigation start until the demo nearest the top of the page has mounted and has
  nothing running or queued (`data-mounted="true"` and `data-busy="false"`, the convention the demos follow;
  why-cpp, which keeps no busy flag, is ready when its Run button is enabled). Demos start when the reader
  reaches them, so right after DOMContentLoaded the first demo is scrolled into view, as a reader would. The
  moment is taken inside the page (`performance.now()` in a MutationObserver installed before any page script),
  not by polling from Python;
* bytes: Resource Timing's transferSize (compressed body plus headers) of the page and of everything it fetched:
  JavaScript and WebAssembly finished before the first demo was ready, everything finished by then, and
  everything once every demo on the page has been reached and has settled. The home page has no demo: its
  moment is the load event.

Nothing here asserts a time: it saves numbers to compare (a site before and after a change, on one machine).
"""

import statistics
from pathlib import Path
from urllib.parse import urlparse

from tfvisual.benchmarks.page_quality import GZIP_LEVEL, kind_of, wait_until_settled
from tfvisual.benchmarks.static_host import COMPRESSED_SUFFIXES, gzip_bytes

PHONE_CONTEXT = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "service_workers": "block",
}
CPU_THROTTLING = {"rate": 4}
NETWORK_CONDITIONS = {"offline": False, "latency": 40, "downloadThroughput": 1.25e6, "uploadThroughput": 1.25e6}
TIMEOUT_MS = 180_000  # generous: a slowed CPU on a busy machine can take a minute for a model-heavy page
POLL_MS = 250  # Playwright's default polls every frame, which would take time from the slowed page being timed


def setup() -> dict:
    """What the numbers were measured under, saved beside them."""
    return {
        "context": PHONE_CONTEXT,
        "cpu_throttling": CPU_THROTTLING,
        "network_conditions": NETWORK_CONDITIONS,
        "gzip": {"level": GZIP_LEVEL, "suffixes": list(COMPRESSED_SUFFIXES)},
        "visits": "cold: a new browser context per page and run, service workers blocked",
        "first_demo_ready": 'data-mounted="true" and data-busy="false" (why-cpp: its Run button enabled)',
    }


def tfjs_file_sizes(site_dir: Path) -> dict[str, dict]:
    """Each TF.js file the site serves (vendor/tfjs/*.js and *.wasm): bytes raw and gzip-compressed."""
    files = sorted(path for path in (site_dir / "vendor" / "tfjs").iterdir() if path.suffix in (".js", ".wasm"))
    return {path.name: {"raw": path.stat().st_size, "gzip": len(gzip_bytes(path.read_bytes()))} for path in files}


# --- one visit --------------------------------------------------------------------------------------------------

# Installed before any script of the page: records the moment its first demo is first ready.
RECORD_FIRST_DEMO_READY = """(() => {
    performance.setResourceTimingBufferSize(100000); // the default keeps 250 entries and drops the rest
    const record = (globalThis.__phoneBenchmark = { firstDemoReady: null });
    const ready = (demo) =>
        demo.dataset.mounted === "true" &&
        (demo.dataset.demo === "why-cpp"
            ? demo.querySelector(":scope > button:enabled") !== null // its Run button: why-cpp keeps no busy flag
            : demo.dataset.busy === "false");
    const observer = new MutationObserver(() => {
        const first = document.querySelector("[data-demo]");
        if (first && ready(first)) {
            record.firstDemoReady = performance.now();
            observer.disconnect();
        }
    });
    const watched = ["data-mounted", "data-busy", "disabled"];
    observer.observe(document, { subtree: true, attributes: true, attributeFilter: watched });
})();"""

# Where the first demo sits (before the reader scrolls), then scroll to it as a reader would.
REACH_FIRST_DEMO = """() => {
    const first = document.querySelector("[data-demo]");
    if (!first) return null;
    const seen = { name: first.dataset.demo, top_px: Math.round(first.getBoundingClientRect().top + scrollY) };
    first.scrollIntoView({ block: "center" });
    return seen;
}"""

FIRST_DEMO_READY = """() => {
    const first = document.querySelector("[data-demo]");
    // A reader whose demo slid out of reach as the page above it grew scrolls to it again.
    if ("waiting" in first.dataset) first.scrollIntoView({ block: "center" });
    return globalThis.__phoneBenchmark.firstDemoReady !== null;
}"""

LOADED = "() => performance.getEntriesByType('navigation')[0]?.loadEventStart > 0"

# [the page's moment, its load event], in ms since navigation start: a page without a demo is timed to its load.
MOMENTS = """() => {
    const load = performance.getEntriesByType("navigation")[0].loadEventStart;
    return [globalThis.__phoneBenchmark.firstDemoReady ?? load, load];
}"""

# The page itself and everything it fetched, in ms since navigation start and bytes over the wire.
REQUESTS = """() => [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
    .map((e) => ({ url: e.name, start: e.startTime, end: e.responseEnd, bytes: e.transferSize }))"""


def open_phone_page(browser):
    """A cold phone: a new context (no cache, no service worker), its CPU and network slowed through DevTools."""
    context = browser.new_context(**PHONE_CONTEXT)
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    devtools.send("Emulation.setCPUThrottlingRate", CPU_THROTTLING)
    devtools.send("Network.enable")
    devtools.send("Network.emulateNetworkConditions", NETWORK_CONDITIONS)
    page.add_init_script(RECORD_FIRST_DEMO_READY)
    return context, page


def visit(browser, url: str) -> dict:
    """One cold visit: when the first demo was ready (or, without a demo, the page loaded) and the bytes."""
    context, page = open_phone_page(browser)
    try:
        page.goto(url, wait_until="domcontentloaded", timeout=TIMEOUT_MS)
        first_demo = page.evaluate(REACH_FIRST_DEMO)
        if first_demo:
            page.wait_for_function(FIRST_DEMO_READY, timeout=TIMEOUT_MS, polling=POLL_MS)
        page.wait_for_function(LOADED, timeout=TIMEOUT_MS, polling=POLL_MS)
        moment_ms, load_ms = page.evaluate(MOMENTS)
        wait_until_settled(page, TIMEOUT_MS)  # every demo reached and idle: what a reader of the whole page fetches
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
        requests = page.evaluate(REQUESTS)
    finally:
        context.close()
    origin = f"{urlparse(url).scheme}://{urlparse(url).netloc}"
    done = [r for r in requests if r["end"] <= moment_ms]
    in_flight = [r for r in requests if r["start"] < moment_ms < r["end"]]
    return {
        "first_demo": first_demo,
        "moment_ms": round(moment_ms, 1),
        "load_ms": round(load_ms, 1),
        "js_wasm_bytes_before": sum(r["bytes"] for r in done if kind_of(r["url"]) in ("js", "wasm")),
        "bytes_before": sum(r["bytes"] for r in done),
        "bytes_total": sum(r["bytes"] for r in requests),
        "requests_before": [described(r, origin) for r in sorted(done, key=lambda r: r["end"])],
        "in_flight": [described(r, origin) for r in sorted(in_flight, key=lambda r: r["start"])],
    }


def described(request: dict, origin: str) -> str:
    """A request, for reading: its path, its bytes, and when it started and ended (ms since navigation start)."""
    where = request["url"].removeprefix(origin)
    return f"{where} {request['bytes']} B, {request['start']:.0f}-{request['end']:.0f} ms"


# --- the numbers kept -------------------------------------------------------------------------------------------


def page_result(visits: list[dict]) -> dict:
    """A page's runs: its times per run with their median, its bytes as the median over runs (each run's too),
    and the request lists of the run whose time was the median. Pages with a demo time their first demo
    ("ready"), the home page its load event ("load")."""
    moment = "ready" if visits[0]["first_demo"] else "load"
    times = {"moment_ms": f"{moment}_ms", "load_ms": "load_ms"}  # the home page's two are one
    sizes = {
        "js_wasm_bytes_before": f"js_wasm_bytes_before_{moment}",
        "bytes_before": f"bytes_before_{moment}",
        "bytes_total": "bytes_total",
    }
    typical = sorted(visits, key=lambda v: v["moment_ms"])[(len(visits) - 1) // 2]
    result = {}
    for key, name in times.items():
        result[name] = [v[key] for v in visits]
        result[f"{name}_median"] = statistics.median(result[name])
    for key, name in sizes.items():
        result[name] = statistics.median(v[key] for v in visits)
    result["bytes_per_run"] = [{name: v[key] for key, name in sizes.items()} for v in visits]
    result[f"requests_before_{moment}"] = typical["requests_before"]
    result[f"requests_in_flight_at_{moment}"] = typical["in_flight"]
    if typical["first_demo"]:
        result["first_demo"] = typical["first_demo"]
    return result


def summarise(pages: dict[str, dict]) -> dict:
    """Over the pages with a demo: the median page's time to its first ready demo, the slowest, the heaviest."""
    timed = {path: page for path, page in pages.items() if "ready_ms_median" in page}
    if not timed:
        return {}
    slowest = max(timed, key=lambda path: timed[path]["ready_ms_median"])
    heaviest = max(timed, key=lambda path: timed[path]["js_wasm_bytes_before_ready"])
    return {
        "pages_with_a_demo": len(timed),
        "ready_ms_median_over_pages": statistics.median(page["ready_ms_median"] for page in timed.values()),
        "slowest_page": {"page": slowest, "ready_ms_median": timed[slowest]["ready_ms_median"]},
        "max_js_wasm_bytes_before_ready": {
            "page": heaviest,
            "bytes": timed[heaviest]["js_wasm_bytes_before_ready"],
        },
    }
