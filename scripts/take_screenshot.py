"""Take the README's screenshot: the draw-a-digit demo after a digit is drawn with the mouse.

    .venv/bin/python scripts/take_screenshot.py

Builds the site into a temporary folder, serves it on loopback, draws a "2" in Chromium and writes
docs/assets/screenshot.png.
"""

import argparse
import functools
import os
import socket
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

from tfvisual.paths import REPO_ROOT

CHROMIUM = os.environ.get("TFV_CHROMIUM", "/usr/bin/chromium")

# A "2" in pad fractions (0..1): the top arc, the diagonal, the base.
STROKES = [
    [(0.30, 0.30), (0.40, 0.20), (0.55, 0.18), (0.67, 0.25), (0.68, 0.38), (0.58, 0.52), (0.30, 0.78)],
    [(0.30, 0.78), (0.72, 0.78)],
]


class Handler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".js": "text/javascript"}

    def log_message(self, format, *args):
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs/assets/screenshot.png")
    args = parser.parse_args()

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    origin = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as site_dir:
        env = {**os.environ, "SITE_URL": origin, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", site_dir], cwd=REPO_ROOT, env=env, check=True
        )
        server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=site_dir))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking"]
            )
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.goto(f"{origin}cnn/draw-a-digit/")
            pad = page.locator('canvas[data-testid="digit-pad"]')
            pad.wait_for()
            page.wait_for_function(
                "document.querySelector('[data-demo=\"digit\"]')?.dataset.mounted === 'true'", timeout=60_000
            )
            box = pad.bounding_box()
            for stroke in STROKES:
                x, y = stroke[0]
                page.mouse.move(box["x"] + x * box["width"], box["y"] + y * box["height"])
                page.mouse.down()
                for x, y in stroke[1:]:
                    page.mouse.move(box["x"] + x * box["width"], box["y"] + y * box["height"], steps=6)
                page.mouse.up()
            page.wait_for_selector('[data-demo="digit"][data-prediction]')
            page.wait_for_timeout(500)
            # The demo's top just below Material's fixed header.
            page.evaluate(
                "window.scrollTo(0, document.querySelector('[data-demo=\"digit\"]')"
                ".getBoundingClientRect().top + scrollY - 64)"
            )
            page.wait_for_timeout(1000)  # let the header's title animation finish
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
            browser.close()
        server.shutdown()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
