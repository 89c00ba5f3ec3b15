"""Take the README's screenshot: the draw-a-digit demo after a digit is drawn with the mouse.

    .venv/bin/python scripts/take_screenshot.py

Builds the site into a temporary folder, serves it on loopback, draws a "2" in Chromium and writes
docs/assets/screenshot.png.
"""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from tfvisual.local_site import built_and_served, chromium_launch_args
from tfvisual.paths import REPO_ROOT

# A "2" in pad fractions (0..1): the top arc, the diagonal, the base.
STROKES = [
    [(0.30, 0.30), (0.40, 0.20), (0.55, 0.18), (0.67, 0.25), (0.68, 0.38), (0.58, 0.52), (0.30, 0.78)],
    [(0.30, 0.78), (0.72, 0.78)],
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs/assets/screenshot.png")
    args = parser.parse_args()

    with built_and_served() as origin, sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium_launch_args())
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.goto(f"{origin}/cnn/draw-a-digit/")
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
        finally:
            browser.close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
