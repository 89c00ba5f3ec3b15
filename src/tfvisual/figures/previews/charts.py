"""Previews drawn as SVG: measured timings, the weather network's state, the character network's text coloured by
probability, and the gradients through time. Text stays text (small, sharp at any size)."""

from html import escape

import numpy as np

from tfvisual import palette
from tfvisual.figures.previews.drawing import diverging, element, hex_rgb, ink_on, svg, text
from tfvisual.figures.previews.numpy_models import char_rnn_sample, weather_window

# The character demo's colour bins (docs/javascripts/demos/char-rnn/colours.js; the unit test holds the two equal):
# probability below this bound -> background colour; dark where the model was surprised.
PROBABILITY_BINS = [(0.01, "#b30000"), (0.05, "#e34a33"), (0.2, "#fc8d59"), (0.5, "#fdcc8a"), (np.inf, "#fef0d9")]
MONO = 'font-family="monospace"'


def _duration(seconds: float) -> str:
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def why_cpp(result: dict) -> bytes:
    """One matrix multiply timed as Python loops, NumPy and TensorFlow (scripts/results/why-cpp.json): bars on a log
    scale, the size the page quotes."""
    n = result["summary"]["matmul_n"]
    (row,) = [row for row in result["matmul"] if row["n"] == n]
    bars = [("Python loops", "python"), ("NumPy", "numpy"), ("TensorFlow", "tensorflow")]
    seconds = [row["seconds"][key] for _, key in bars]
    low, high = np.log10(min(seconds)) - 0.5, np.log10(max(seconds))  # the shortest bar is half a decade long
    left, right = 92, 258
    body = [text(10, 22, f"One {n}×{n} matrix multiply, measured", 12, bold=True)]
    for index, ((label, _), value) in enumerate(zip(bars, seconds, strict=True)):
        y = 40 + index * 36
        length = (np.log10(value) - low) / (high - low) * (right - left)
        body.append(text(left - 6, y + 15, label, 11, "end"))
        body.append(element("rect", x=left, y=y, width=float(length), height=22, fill=palette.SERIES[index]))
        body.append(text(left + length + 5, y + 15, _duration(value), 11))
    body.append(text(10, 150, "time for one multiply, log scale: shorter is faster", 10))
    return svg(body)


def weather_memory() -> bytes:
    """The days the network reads (wet or dry), its state h after each as a heatmap (a row per unit, a column per
    day, coloured as the demo colours it) and its forecast for tomorrow."""
    found = weather_window()
    states, wet = found["states"], found["wet"]
    left, cell, units = 52, 14, states.shape[1]
    body = [text(left, 15, f"{len(wet)} days read, oldest first", 11, bold=True)]
    body.append(text(left - 6, 35, "wet?", 10, "end"))
    for t, is_wet in enumerate(wet):
        fill = palette.PRIMARY if is_wet else "#ffffff"
        x = left + t * cell + 2
        body.append(element("rect", x=x, y=24, width=cell - 4, height=14, rx=3, fill=fill, stroke=palette.PRIMARY))
    body.append(text(left - 6, 48 + units * 9 + 4, "state h", 10, "end"))
    colours = diverging(states)  # h is a tanh: already in −1..1, as the demo draws it
    for t in range(states.shape[0]):
        for unit in range(units):
            fill = "rgb({},{},{})".format(*colours[t, unit])
            body.append(element("rect", x=left + t * cell, y=48 + unit * 18, width=cell, height=18, fill=fill))
    right = left + len(wet) * cell + 10
    body.append(text(right, 60, "tomorrow", 11))
    body.append(text(right, 74, "wet:", 11))
    body.append(text(right, 102, f"{found['forecast']:.0%}", 24, bold=True))
    body.append(text(left, 140, "a column per day: the state after reading it", 10))
    return svg(body)


def wrapped(characters: str, width: int) -> list[list[int]]:
    """Indices of the characters by line: a line ends at a line break, or before a word that would take it past
    `width` characters (the space where it breaks is dropped)."""
    lines, current, word = [], [], []
    for index, character in enumerate(characters + "\n"):
        if character not in " \n":
            word.append(index)
            continue
        if len(current) + len(word) > width:
            lines.append(current[:-1] if current and characters[current[-1]] == " " else current)
            current = []
        current += word
        word = []
        if character == "\n":
            lines.append(current)
            current = []
        elif index < len(characters):
            current.append(index)
    return lines


CHAR_COLUMNS, CHAR_ROWS, CHAR_WIDTH, CHAR_LINE = 36, 6, 8.4, 24


def char_rnn() -> bytes:
    """The prompt (underlined) and the first lines the network writes after it, each character on the colour of the
    probability the model gave it before it was written."""
    prompt, written, probabilities = char_rnn_sample()
    shown = prompt + written
    cells, letters = [], []
    for row, line in enumerate(wrapped(shown, CHAR_COLUMNS)[:CHAR_ROWS]):
        y = 8 + row * CHAR_LINE
        for column, index in enumerate(line):
            colour = next(c for bound, c in PROBABILITY_BINS if probabilities[index] < bound)
            x = 10 + column * CHAR_WIDTH
            cells.append(element("rect", x=x, y=y, width=CHAR_WIDTH, height=CHAR_LINE - 3, fill=colour))
            if index < len(prompt):
                cells.append(element("rect", x=x, y=y + CHAR_LINE - 4, width=CHAR_WIDTH, height=1.5, fill=palette.INK))
            if shown[index] != " ":
                ink = ink_on(hex_rgb(colour))
                letters.append(
                    f'<text x="{x + CHAR_WIDTH / 2:.1f}" y="{y + 15}" fill="{ink}">{escape(shown[index])}</text>'
                )
    # The letters share their font in one group: a third of the bytes of writing it on each
    return svg([*cells, f'<g font-size="14" text-anchor="middle" {MONO}>', *letters, "</g>"])


# The cells drawn (scripts/results/gradients-through-time.json): the three kinds, with Keras' default forget-gate
# bias for the LSTM, and the LSTM whose larger bias keeps the gradient from vanishing.
GRADIENT_CURVES = [
    ("simple_rnn", None, "SimpleRNN", palette.ACCENT),
    ("gru", None, "GRU", palette.SERIES[1]),
    ("lstm", 1.0, "LSTM", palette.PRIMARY),
    ("lstm", 5.0, "LSTM, forget bias 5", palette.SERIES[4]),
]


def gradients_through_time(result: dict) -> bytes:
    """How much gradient reaches the input k steps back, by cell, on a log scale: what the BPTT demo recomputes."""
    curves = {(c["cell"], c["forget_bias"]): c["norms"] for c in result["curves"].values()}
    left, right, top, bottom = 36, 206, 26, 128
    logs = np.log10([n for cell, bias, _, _ in GRADIENT_CURVES for n in curves[(cell, bias)] if n > 0])
    low, high = np.floor(logs.min()), np.ceil(logs.max())

    def height_of(norm: float) -> float:
        return bottom - (np.log10(norm) - low) / (high - low) * (bottom - top)

    body = [text(10, 15, "Gradient reaching k steps back", 11, bold=True)]
    for power in (high, np.round((high + low) / 2), low):
        y = float(height_of(10.0**power))
        body.append(element("line", x1=left, x2=right, y1=y, y2=y, stroke=palette.GRID))
        body.append(text(left - 4, y + 3.5, f"1e{power:.0f}", 9, "end"))
    ends = []
    for cell, bias, label, colour in GRADIENT_CURVES:
        norms = curves[(cell, bias)]
        # float32 underflows to exactly 0 far back; a log scale cannot draw 0, so those steps are left out
        points = [(left + k / (len(norms) - 1) * (right - left), height_of(n)) for k, n in enumerate(norms) if n > 0]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        ends.append([points[-1][1], label, colour])
    ends.sort()
    for position in range(1, len(ends)):  # names at the lines' ends, at least 12 px apart
        ends[position][0] = max(ends[position][0], ends[position - 1][0] + 12)
    for y, label, colour in ends:  # ink text beside a swatch of the line: text in the line's colour would be pale
        swatch = {"x1": right + 3, "x2": right + 13, "y1": float(y), "y2": float(y)}
        body.append(element("line", **swatch, stroke=colour, stroke_width=3))
        body.append(text(right + 16, y + 3.5, label, 9.5))
    body.append(text(left, 146, f"k: 0 … {result['steps'] - 1} steps back (untrained cells)", 10))
    return svg(body)
