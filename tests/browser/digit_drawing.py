"""Helpers for the draw-a-digit browser tests: digits as pen strokes, drawn with the real mouse."""

import math

from tfvisual.local_site import reach_demo, wait_for_demo_idle

PAD_UNITS = 280  # the demo records strokes in these units whatever the pad's size on screen
DEMO = '[data-demo="digit"]'


def ellipse(cx: float, cy: float, rx: float, ry: float, points: int = 28) -> list[tuple[float, float]]:
    """Starting at the top and going anticlockwise, as people draw a 0."""
    return [
        (cx - rx * math.sin(2 * math.pi * k / points), cy - ry * math.cos(2 * math.pi * k / points))
        for k in range(points + 1)
    ]


def moved(strokes, scale: float, dx: float, dy: float):
    return [[(x * scale + dx, y * scale + dy) for x, y in stroke] for stroke in strokes]


# Digits as a person draws them, in pad units (0..280). Only the corners: the mouse moves in steps between them.
DIGITS = {
    0: [ellipse(140, 140, 60, 95)],
    1: [[(150, 40), (132, 240)]],
    2: [[(80, 90), (100, 55), (140, 40), (180, 55), (195, 90), (180, 130), (80, 235), (210, 235)]],
    3: [
        [(80, 60), (130, 40), (180, 55), (190, 95), (150, 135), (120, 140), (150, 145), (195, 180)]
        + [(185, 225), (135, 245), (80, 225)]
    ],
    4: [[(160, 240), (160, 40), (70, 170), (210, 170)]],
    7: [[(70, 50), (210, 50), (120, 245)]],
}


def open_demo(page, site_server: str, backend: str = "cpu", path: str = "cnn/draw-a-digit/") -> None:
    page.goto(f"{site_server}{path}?backend={backend}")
    reach_demo(page, DEMO)
    page.wait_for_selector(f"{DEMO}[data-ready]", timeout=60_000)


def updates(page) -> int:
    return int(page.locator(DEMO).first.get_attribute("data-updates") or 0)


def wait_until_idle(page, at_least: int = 0) -> None:
    """Until every input so far has been shown (and at least `at_least` updates have happened)."""
    wait_for_demo_idle(page, DEMO, at_least)


def draw(page, strokes, steps: int = 3) -> None:
    """Draw strokes with the mouse: press, move in `steps` pointer events per segment, release."""
    pad = page.locator('canvas[data-testid="digit-pad"]').first
    # As a reader would: a click on a button below the pad may have scrolled part of it out of view.
    pad.evaluate("pad => pad.scrollIntoView({block: 'center'})")
    box = pad.bounding_box()

    def to_screen(point):
        x, y = point
        return box["x"] + x * box["width"] / PAD_UNITS, box["y"] + y * box["height"] / PAD_UNITS

    for stroke in strokes:
        page.mouse.move(*to_screen(stroke[0]))
        page.mouse.down()
        for point in stroke[1:]:
            page.mouse.move(*to_screen(point), steps=steps)
        page.mouse.up()


def demo_state(page) -> dict:
    return page.evaluate(
        """() => {
            const demo = document.querySelector('[data-demo="digit"]');
            const json = (key) => (demo.dataset[key] ? JSON.parse(demo.dataset[key]) : null);
            return {
                prediction: demo.dataset.prediction ?? null,
                probabilities: json("probabilities"),
                input: json("input"),
                strokes: json("strokes"),
            };
        }"""
    )
