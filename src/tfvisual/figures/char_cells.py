"""Held-out text coloured by the character LSTM's named units: one block per unit, each character's background
the unit's value after reading it. From the passage scripts/save_char_units.py saves in
scripts/results/char-units.json (chosen there by a rule, not by eye).

Written as SVG by hand rather than with matplotlib: it is a grid of characters with coloured backgrounds, which
is simpler to lay out directly, and the characters stay real text.
"""

import json
from html import escape

from tfvisual import palette
from tfvisual.char_units import LABELS
from tfvisual.paths import RESULTS_DIR

UNITS = RESULTS_DIR / "char-units.json"
CELL_WIDTH, LINE_HEIGHT, FONT_SIZE = 8.6, 17, 13.5
TITLE_HEIGHT, GAP, MARGIN = 20, 14, 6
NEWLINE_MARK = "↵"


def _hex_to_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _mix(a: str, b: str, t: float) -> tuple[int, int, int]:
    ra, rb = _hex_to_rgb(a), _hex_to_rgb(b)
    return tuple(round(x + (y - x) * t) for x, y in zip(ra, rb, strict=True))


def diverging(value: float) -> tuple[int, int, int]:
    """-1 → the palette's negative colour, 0 → near white, 1 → its positive colour (clipped outside)."""
    value = max(-1.0, min(1.0, value))
    return _mix(palette.ZERO, palette.POSITIVE if value > 0 else palette.NEGATIVE, abs(value))


def ink_on(rgb: tuple[int, int, int]) -> str:
    """Dark text on light backgrounds, white on dark ones (relative luminance, as WCAG defines it)."""
    linear = [(c / 255) / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#ffffff" if luminance < 0.18 else palette.INK


def _lines(text: str) -> list[list[int]]:
    """Character indices of the text by line, the line break kept at the end of its line (drawn as a mark)."""
    lines, current = [], []
    for index, character in enumerate(text):
        current.append(index)
        if character == "\n":
            lines.append(current)
            current = []
    if current:
        lines.append(current)
    return lines


def units_text_svg(result: dict) -> bytes:
    passage = result["passage"]
    text, lines = passage["text"], _lines(passage["text"])
    width = MARGIN * 2 + CELL_WIDTH * max(len(line) for line in lines)
    block_height = TITLE_HEIGHT + LINE_HEIGHT * len(lines) + GAP
    named = result["named_units"]
    height = MARGIN * 2 + block_height * len(named)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="monospace" font-size="{FONT_SIZE}">',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]
    for number, unit in enumerate(named):
        values = passage["values"][unit["feature"]]
        # h lies in (-1, 1); the cell c does not, so it is scaled by its largest value in the passage.
        scale = 1.0 if unit["state"] == "h" else max(abs(v) for v in values) or 1.0
        top = MARGIN + number * block_height
        title = (
            f"{unit['state']}{unit['unit']}: {LABELS[unit['feature']]} (r = {unit['correlation_evaluation']:.2f}"
            f"{'' if unit['state'] == 'h' else f'; scaled by its largest value, {scale:.2f}'})"
        )
        parts.append(
            f'<text x="{MARGIN}" y="{top + 14}" font-family="sans-serif" font-size="13" font-weight="bold" '
            f'fill="{palette.INK}">{escape(title)}</text>'
        )
        for row, line in enumerate(lines):
            y = top + TITLE_HEIGHT + row * LINE_HEIGHT
            for column, index in enumerate(line):
                rgb = diverging(values[index] / scale)
                x = MARGIN + column * CELL_WIDTH
                character = NEWLINE_MARK if text[index] == "\n" else text[index]
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{CELL_WIDTH}" height="{LINE_HEIGHT}" fill="rgb{rgb}"/>')
                if character != " ":
                    parts.append(
                        f'<text x="{x + CELL_WIDTH / 2:.1f}" y="{y + 13}" text-anchor="middle" '
                        f'fill="{ink_on(rgb)}">{escape(character)}</text>'
                    )
    parts.append("</svg>")
    return "\n".join(parts).encode()


def figures() -> dict[str, bytes]:
    if not UNITS.exists():
        raise FileNotFoundError(f"{UNITS} is missing: run `.venv/bin/python scripts/save_char_units.py`")
    return {"figures/rnn/char-units-text.svg": units_text_svg(json.loads(UNITS.read_text()))}
