"""Charts of scripts/results/weather-data.json: what the Seattle weather data says before any model is trained.

* The label drift: how each year labels its wet days (precipitation > 0). 2012 calls most of them "rain";
  2014 and 2015 call most of them "fog" and almost none "rain". A model asked to predict the label would learn
  the labelling habit of its training years, so the pages predict "wet tomorrow" from the measurements instead.
* The Markov chain P(tomorrow | today) counted on the training years: a 2×2 matrix, dry/wet today by dry/wet
  tomorrow, each cell with its probability and the days it was counted from.

The numbers come from the saved result (written by scripts/train_weather_rnn.py); no TensorFlow is imported.
"""

import json

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap, to_rgb

from tfvisual import palette
from tfvisual.figures.chart import svg_bytes
from tfvisual.paths import RESULTS_DIR
from tfvisual.weather_baselines import markov_matrix

RESULT = RESULTS_DIR / "weather-data.json"
STATES = ("dry", "wet")
# Stacked bottom to top; each label keeps its colour in every year.
LABEL_COLOURS = {
    "rain": palette.PRIMARY,
    "drizzle": palette.SERIES[1],
    "snow": palette.SERIES[4],
    "fog": palette.SERIES[0],
    "sun": palette.SERIES[3],
}
# Segments smaller than this share of a year's wet days get no number written inside (it would not fit).
SMALLEST_LABELLED_SHARE = 0.04
# Probability 0 is the page's near-white, 1 is a light indigo (55% of the way to the primary colour): the full
# primary would make the mid-tones too dark for ink and too light for white (no AA contrast for either).
PROBABILITY_MAP = LinearSegmentedColormap.from_list(
    "probability",
    [palette.ZERO, LinearSegmentedColormap.from_list("zero-primary", [palette.ZERO, palette.PRIMARY])(0.55)],
)


def _load() -> dict:
    if not RESULT.exists():
        raise FileNotFoundError(f"{RESULT} is missing: run `.venv/bin/python scripts/train_weather_rnn.py`")
    return json.loads(RESULT.read_text())


def _relative_luminance(colour) -> float:
    """WCAG 2 relative luminance of a colour (0 black ... 1 white)."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first, second) -> float:
    """WCAG 2 contrast ratio of two colours, 1 (none) ... 21 (black on white); AA asks 4.5 for small text."""
    lighter, darker = sorted((_relative_luminance(first), _relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(background) -> str:
    """White or ink, whichever contrasts more with the background, so every number on a coloured cell reads."""
    return max(("white", palette.INK), key=lambda text: contrast_ratio(text, background))


def wet_day_label_shares(data: dict) -> dict[str, dict[str, float]]:
    """year -> label -> share of that year's wet days carrying the label (each year sums to 1)."""
    shares = {}
    for year, record in data["per_year"].items():
        counts = record["label_counts_on_wet_days"]
        if sum(counts.values()) != record["wet_days"]:
            raise ValueError(f"{RESULT}: {year}'s wet-day labels do not add up to its wet days")
        shares[year] = {label: counts[label] / record["wet_days"] for label in LABEL_COLOURS}
    return shares


def label_drift_chart(data: dict) -> bytes:
    """Stacked bars: for each year, the share of its wet days labelled rain, drizzle, snow, fog and sun."""
    shares = wet_day_label_shares(data)
    years = sorted(shares)
    figure, axes = plt.subplots(figsize=(6.4, 3.6))
    bottoms = [0.0] * len(years)
    beside = [-1.0] * len(years)  # height of the last name written beside each bar
    for label, colour in LABEL_COLOURS.items():
        heights = [shares[year][label] for year in years]
        axes.bar(years, heights, bottom=bottoms, color=colour, width=0.5, label=f'"{label}"')
        for column, (height, bottom) in enumerate(zip(heights, bottoms, strict=True)):
            if height >= SMALLEST_LABELLED_SHARE:
                centre = bottom + height / 2
                axes.text(
                    column, centre, f"{height:.0%}", ha="center", va="center", fontsize=8, color=text_colour_on(colour)
                )
            elif height > 0:
                # Too thin to write in (2014's and 2015's "rain" is the point of the chart): named beside the bar,
                # each a little above the previous one so that two thin neighbours do not overlap.
                y = max(bottom + height / 2, 0.04, beside[column] + 0.09)
                axes.text(column + 0.29, y, f'"{label}"\n{height:.1%}', va="center", fontsize=7, color=palette.INK)
                beside[column] = y
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    for column, year in enumerate(years):
        axes.text(column, 1.02, f"{data['per_year'][year]['wet_days']} wet days", ha="center", fontsize=8)
    axes.set_axisbelow(True)  # grid lines behind the bars
    axes.set_xlim(-0.5, len(years) - 0.5 + 0.3)  # room for the names beside the last bar
    axes.set_ylim(0, 1.1)
    axes.set_yticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"])
    axes.set_ylabel("share of the year's wet days")
    axes.grid(axis="x", visible=False)
    axes.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0), title="label")
    axes.set_title("How each year labels its wet days (precipitation > 0)", fontsize=9)
    return svg_bytes(figure)


def transition_chart(data: dict) -> bytes:
    """The Markov chain's 2×2 matrix P(tomorrow | today), each cell with its probability and its day counts."""
    memory = data["p_wet_tomorrow_given_today"]
    counts = memory["transition_counts"]
    matrix = markov_matrix(np.asarray(counts, dtype=float))
    figure, axes = plt.subplots(figsize=(4.2, 3.4))
    axes.imshow(matrix, cmap=PROBABILITY_MAP, vmin=0, vmax=1)
    for today, row in enumerate(counts):
        for tomorrow, count in enumerate(row):
            probability = matrix[today, tomorrow]
            colour = text_colour_on(PROBABILITY_MAP(probability))
            text = f"{probability:.3f}\n{count} of {sum(row)} days"
            axes.text(tomorrow, today, text, ha="center", va="center", color=colour, fontsize=10, linespacing=1.5)
    axes.set_xticks(range(2), [f"{s} tomorrow" for s in STATES])
    axes.set_yticks(range(2), [f"{s} today" for s in STATES])
    axes.xaxis.tick_top()
    axes.tick_params(length=0)
    axes.grid(False)
    for spine in axes.spines.values():
        spine.set_visible(False)
    first, last = memory["years"][0], memory["years"][-1]
    axes.set_xlabel(f"P(tomorrow | today), counted on {first}–{last}\neach row sums to 1", fontsize=9)
    return svg_bytes(figure)


def figures() -> dict[str, bytes]:
    data = _load()
    return {
        "figures/rnn/weather-label-drift.svg": label_drift_chart(data),
        "figures/rnn/weather-transitions.svg": transition_chart(data),
    }
