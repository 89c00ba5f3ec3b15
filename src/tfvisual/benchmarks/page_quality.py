"""Page quality as a reader's browser sees it: layout shift, accessibility score and bytes, per page with a demo.

Two measurements on the built site, served on loopback like a static host:

* Lighthouse (npm `lighthouse`, pinned in package.json) with its desktop preset and its default mobile
  emulation: Cumulative Layout Shift, the accessibility score (and the audits that failed), the performance
  score and the total byte weight it saw. Lighthouse drives the same Chromium as the tests (CHROME_PATH), with
  the flags that keep Chromium quiet on a closed network; a run that requests anything from another origin is
  an error, so the numbers never depend on the internet.
* The bytes each page makes the browser download (HTML, JS, CSS, models, ...): every same-origin file the page
  requested until its demos settled, fetched again from the server and gzip-compressed here (level 6, what
  static hosts typically use), because the loopback server, like `python -m http.server`, sends them raw.

The tests share two helpers from here: which pages have a demo, and when a page has settled.
"""

import gzip
import json
import os
import subprocess
import tempfile
import urllib.request
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

from tfvisual.local_site import CHROMIUM_ARGS, chromium_executable
from tfvisual.paths import NODE_MODULES, REPO_ROOT

DOCS = REPO_ROOT / "docs"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
FORM_FACTORS = {"desktop": ["--preset=desktop"], "mobile": []}  # Lighthouse's default is a mobile phone
GZIP_LEVEL = 6
PERFORMANCE_METRICS = {
    "fcp_ms": "first-contentful-paint",
    "lcp_ms": "largest-contentful-paint",
    "tbt_ms": "total-blocking-time",
    "speed_index_ms": "speed-index",
}

# A page is settled when every demo on it has been reached and mounted, has nothing running or queued (data-busy,
# where the demo uses it) and the digit demo has its model (data-ready). (Formulas need no wait: they are rendered
# to SVG at build time, src/tfvisual/site/math.py.)
PAGE_SETTLED = """() => {
    const demos = [...document.querySelectorAll("[data-demo]")];
    // Demos start when the reader reaches them: scroll to the first one still waiting, as a reader would.
    demos.find((demo) => "waiting" in demo.dataset)?.scrollIntoView({ block: "center" });
    return demos.every((demo) =>
        demo.dataset.mounted === "true" && demo.dataset.busy !== "true" &&
        !demo.matches('[data-demo="digit"]:not([data-ready])'));
}"""


def wait_until_settled(page, timeout: float = 60_000) -> None:
    """Wait until the page's demos have mounted and are idle (the digit model loaded) and its math is typeset."""
    page.wait_for_function(PAGE_SETTLED, timeout=timeout)


def demo_pages() -> list[str]:
    """Site paths (relative to the site root, "" for home) of the Markdown pages that hold a `data-demo` element."""
    paths = []
    for source in sorted(DOCS.rglob("*.md")):
        if "data-demo=" in source.read_text():
            page = source.relative_to(DOCS).with_suffix("")  # cnn/index.md -> cnn/, basics/why-cpp.md -> ...why-cpp/
            folder = page.parent if page.name == "index" else page
            paths.append("" if folder == Path(".") else f"{folder.as_posix()}/")
    return paths


def site_path(page: str) -> str:
    """A page as given on a command line ("/", "cnn", "/rnn/char-rnn/") as a site path ("", "cnn/", ...)."""
    page = page.strip("/")
    return f"{page}/" if page else ""


class OffOriginRequest(RuntimeError):
    """A measured page requested something from another origin: the site must work offline."""


def run_lighthouse(url: str, form_factor: str, chrome_path: str | None = None) -> dict:
    """One Lighthouse run (performance and accessibility categories); returns the numbers we keep."""
    chrome_path = chrome_path or chromium_executable()
    if not LIGHTHOUSE.exists():
        raise FileNotFoundError(f"{LIGHTHOUSE} is missing: run `npm ci` (or `make bench`) in the repository root")
    if chrome_path is None:
        raise FileNotFoundError("no Chromium found: set TFV_CHROMIUM or run scripts/ensure_chromium.sh")
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    with tempfile.TemporaryDirectory() as folder:
        report_path = Path(folder) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={report_path}",
            "--quiet",
            "--only-categories=performance,accessibility",
            f"--chrome-flags={flags}",
            *FORM_FACTORS[form_factor],
        ]
        env = {**os.environ, "CHROME_PATH": chrome_path}
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        if result.returncode != 0 or not report_path.exists():
            raise RuntimeError(f"lighthouse failed on {url} ({form_factor}):\n{result.stdout}\n{result.stderr}")
        report = json.loads(report_path.read_text())
    return summarise_lighthouse(report, url)


def summarise_lighthouse(report: dict, url: str) -> dict:
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse on {url}: {report['runtimeError']}")
    origin = f"{urlparse(url).scheme}://{urlparse(url).netloc}/"
    audits = report["audits"]
    requested = [item["url"] for item in audits["network-requests"]["details"]["items"]]
    elsewhere = [u for u in requested if not u.startswith((origin, "data:", "blob:"))]
    if elsewhere:
        raise OffOriginRequest(f"{url} requested from another origin: {elsewhere}")
    accessibility = report["categories"]["accessibility"]
    failed = sorted(
        ref["id"]
        for ref in accessibility["auditRefs"]
        if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    )
    return {
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 4),
        "accessibility_score": accessibility["score"],
        "accessibility_failed_audits": failed,
        "performance_score": report["categories"]["performance"]["score"],
        # The metrics the performance score weighs, in milliseconds (Lighthouse's simulated values on mobile).
        **{name: round(audits[audit]["numericValue"]) for name, audit in PERFORMANCE_METRICS.items()},
        "total_byte_weight": audits["total-byte-weight"]["numericValue"],
        "requests": len(requested),
        "warnings": report.get("runWarnings", []),
        "lighthouse": report["lighthouseVersion"],
        "user_agent": report["environment"]["hostUserAgent"],
    }


def kind_of(url: str) -> str:
    """What a requested file is, for the byte breakdown: html, js, css, model, wasm or other."""
    path = urlparse(url).path
    if path.endswith("/") or path.endswith(".html"):
        return "html"
    if "/models/" in path and path.endswith((".json", ".bin")):
        return "model"
    suffix = Path(path).suffix
    return {".js": "js", ".mjs": "js", ".css": "css", ".wasm": "wasm"}.get(suffix, "other")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def transfer_bytes(browser, url: str, viewport: dict | None = None) -> dict:
    """Open the page, wait until it has settled, and add up the same-origin files it requested, raw and gzipped."""
    origin = f"{urlparse(url).scheme}://{urlparse(url).netloc}/"
    # A new context: a cold cache, and no service worker downloading the whole site in the background.
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 800}, service_workers="block")
    page = context.new_page()
    requested: list[str] = []
    page.on("requestfinished", lambda request: requested.append(request.url))
    page.goto(url, wait_until="networkidle")
    wait_until_settled(page)
    page.wait_for_load_state("networkidle")
    context.close()

    files = sorted({u.split("#")[0] for u in requested if u.startswith(origin)})
    elsewhere = [u for u in requested if not u.startswith((origin, "data:", "blob:"))]
    if elsewhere:
        raise OffOriginRequest(f"{url} requested from another origin: {elsewhere}")
    by_kind: dict[str, dict] = defaultdict(lambda: {"files": 0, "raw": 0, "gzip": 0})
    for file in files:
        body = fetch(file)
        totals = by_kind[kind_of(file)]
        totals["files"] += 1
        totals["raw"] += len(body)
        totals["gzip"] += len(gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0))
    return {
        "files": len(files),
        "raw_bytes": sum(k["raw"] for k in by_kind.values()),
        "gzip_bytes": sum(k["gzip"] for k in by_kind.values()),
        "by_kind": dict(sorted(by_kind.items())),
        "gzip_level": GZIP_LEVEL,
    }
