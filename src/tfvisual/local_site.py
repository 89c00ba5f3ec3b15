"""Build the site and serve it on loopback, the way a static host would, for tests, benchmarks and screenshots.

The site is built with SITE_URL set to the origin it is served on, so Material's instant navigation works as
it does for a reader. Chromium is launched with flags that keep it quiet on a closed network.
"""

import os
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tfvisual.paths import REPO_ROOT

# $TFV_CHROMIUM if set, else the system's Chromium; None means Playwright's own download.
CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]

# No background fetches to Google services (they fail on a closed network and slow every start).
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--no-sandbox",
    "--enable-unsafe-swiftshader",
]


class SiteBuildError(RuntimeError):
    """`mkdocs build --strict` failed; the message carries its output."""


def chromium_executable() -> str | None:
    if os.environ.get("TFV_CHROMIUM"):
        return os.environ["TFV_CHROMIUM"]
    return next((path for path in CHROMIUM_CANDIDATES if Path(path).exists()), None)


def chromium_launch_args() -> dict:
    """Keyword arguments for Playwright's chromium.launch()."""
    executable = chromium_executable()
    return {"args": CHROMIUM_ARGS, **({"executable_path": executable} if executable else {})}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files like a static host; `.wasm` gets its MIME type so that streaming compilation works."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".js": "text/javascript"}

    def log_message(self, format, *args):
        pass


def build_site(site_dir: Path, origin: str) -> None:
    """`mkdocs build --strict` into site_dir, for a site served at origin (no trailing slash)."""
    env = {**os.environ, "SITE_URL": f"{origin}/", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SiteBuildError(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")


def wait_for_demo_idle(page, demo: str, at_least: int = 0, timeout: float | None = None) -> None:
    """Wait until the demo at selector `demo` has nothing pending and has finished `at_least` updates.

    Every demo follows one convention: `data-busy` is "false" once nothing is running or queued, and
    `data-updates` counts finished updates. A demo that waits to be reached (`data-waiting`) is scrolled to.
    """
    page.wait_for_function(
        """([selector, n]) => {
            const element = document.querySelector(selector);
            // A demo starts when the reader reaches it: scroll to one still waiting, as a reader would.
            if (element && "waiting" in element.dataset) element.scrollIntoView({ block: "center" });
            return element && element.dataset.busy === "false" && Number(element.dataset.updates ?? 0) >= n;
        }""",
        arg=[demo, at_least],
        **({"timeout": timeout} if timeout is not None else {}),
    )


def reach_demo(page, demo: str) -> None:
    """Scroll to the (first) demo at selector `demo`, as a reader does: a demo starts when the reader reaches it."""
    page.locator(demo).first.scroll_into_view_if_needed()


# For predicates that wait on every demo of a page: scroll to the first one still waiting to be reached.
REACH_NEXT_DEMO = "document.querySelector('[data-demo][data-waiting]')?.scrollIntoView({ block: 'center' });"


def finished_updates(page, demo: str) -> int:
    """How many updates the demo at selector `demo` has finished (its `data-updates`)."""
    return int(page.locator(demo).get_attribute("data-updates"))


def after_update(page, demo: str, action, timeout: float | None = None) -> None:
    """Do `action`, which starts one update of the demo at selector `demo`, and wait until that update has ended."""
    count = finished_updates(page, demo)
    action()
    wait_for_demo_idle(page, demo, count + 1, timeout)


@contextmanager
def serve(site_dir: Path, port: int, handler=None) -> Iterator[str]:
    """Serve site_dir on 127.0.0.1:port (with `handler`, a request handler class, or QuietHandler); yields the
    origin."""
    server = ThreadingHTTPServer(("127.0.0.1", port), handler or partial(QuietHandler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def built_and_served() -> Iterator[str]:
    """Build the site into a temporary folder and serve it; yields the origin (no trailing slash)."""
    port = free_port()
    with tempfile.TemporaryDirectory() as site_dir:
        build_site(Path(site_dir), f"http://127.0.0.1:{port}")
        with serve(Path(site_dir), port) as origin:
            yield origin
