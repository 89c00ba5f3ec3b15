"""The weather figures (label drift, Markov transition matrix) write exactly the numbers of the saved data, every
number on a coloured cell is readable (WCAG AA contrast), and a rebuild gives the same bytes."""

import json
import re

import numpy as np
import pytest
from matplotlib.colors import to_hex

from tfvisual.data import weather
from tfvisual.figures import weather as weather_figures
from tfvisual.paths import RESULTS_DIR

DRIFT = "figures/rnn/weather-label-drift.svg"
TRANSITIONS = "figures/rnn/weather-transitions.svg"
TEXT = re.compile(r'<text style="(?P<style>[^"]*)"[^>]*>(?P<text>[^<]*)</text>')
AA_SMALL_TEXT = 4.5


@pytest.fixture(scope="module")
def built() -> dict[str, bytes]:
    return weather_figures.figures()


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads((RESULTS_DIR / "weather-data.json").read_text())


def texts(svg: bytes) -> list[tuple[float, str | None, str]]:
    """(font size, fill colour or None for the default, text) of every text element of a figure."""
    found = []
    for match in TEXT.finditer(svg.decode()):
        fill = re.search(r"fill: (#[0-9a-f]{6})", match["style"])
        size = float(re.search(r"font-size: ([\d.]+)px", match["style"])[1])
        found.append((size, fill[1] if fill else None, match["text"]))
    return found


def test_figures_are_byte_for_byte_reproducible(built):
    assert list(built) == [DRIFT, TRANSITIONS]
    assert built == weather_figures.figures()
    for svg in built.values():
        assert svg.startswith(b"<?xml")


def test_saved_data_is_what_the_csv_gives_now(data):
    fresh = weather.explore(weather.load_days())
    assert data["per_year"] == fresh["per_year"], "rerun `.venv/bin/python scripts/train_weather_rnn.py`"
    assert data["p_wet_tomorrow_given_today"] == fresh["p_wet_tomorrow_given_today"]


def test_the_label_changes_meaning_over_the_years(data):
    """What the drift figure is there to show: 2012 calls most wet days "rain", 2014 and 2015 "fog"."""
    shares = weather_figures.wet_day_label_shares(data)
    assert sorted(shares) == ["2012", "2013", "2014", "2015"]
    assert shares["2012"]["rain"] > 0.8 and shares["2012"]["fog"] == 0
    for year in ("2014", "2015"):
        assert shares[year]["fog"] > 0.8, year
        assert shares[year]["rain"] < 0.05, year
    for year in shares:
        assert sum(shares[year].values()) == pytest.approx(1)


def test_drift_figure_writes_each_year_and_each_share(built, data):
    written = texts(built[DRIFT])
    strings = [text for _, _, text in written]
    shares = weather_figures.wet_day_label_shares(data)
    for year, record in data["per_year"].items():
        assert year in strings
        assert f"{record['wet_days']} wet days" in strings
    for label in weather_figures.LABEL_COLOURS:
        assert f'"{label}"' in strings  # the legend names every label
    # Inside the bars (8 px): each share big enough to hold its number, in the colour that reads on its segment.
    inside = sorted((text, fill) for size, fill, text in written if size == 8 and text.endswith("%"))
    expected = sorted(
        (f"{shares[year][label]:.0%}", to_hex(weather_figures.text_colour_on(colour)))
        for label, colour in weather_figures.LABEL_COLOURS.items()
        for year in shares
        if shares[year][label] >= weather_figures.SMALLEST_LABELLED_SHARE
    )
    assert inside == expected
    # Beside the bars (7 px): the thin non-zero segments, such as 2014's and 2015's "rain", are named with their share.
    beside = [text for size, _, text in written if size == 7]
    for year in shares:
        for label, share in shares[year].items():
            if 0 < share < weather_figures.SMALLEST_LABELLED_SHARE:
                assert f"{share:.1%}" in beside, (year, label)
    assert f"{shares['2014']['rain']:.1%}" in beside and f"{shares['2015']['rain']:.1%}" in beside


def test_transition_figure_writes_each_probability_and_count(built, data):
    counts = np.array(data["p_wet_tomorrow_given_today"]["transition_counts"])
    strings = [text for _, _, text in texts(built[TRANSITIONS])]
    for today in range(2):
        for tomorrow in range(2):
            probability = counts[today, tomorrow] / counts[today].sum()
            assert f"{probability:.3f}" in strings
            assert f"{counts[today, tomorrow]} of {counts[today].sum()} days" in strings
    for state in ("dry", "wet"):
        assert f"{state} today" in strings and f"{state} tomorrow" in strings


def test_transition_figure_agrees_with_the_markov_baseline(data):
    """Two saved results count the same days: the figure's matrix is the baseline's."""
    baselines = json.loads((RESULTS_DIR / "weather-baselines.json").read_text())["baselines"]["markov"]
    counts = data["p_wet_tomorrow_given_today"]["transition_counts"]
    assert counts == baselines["transition_counts"]
    matrix = np.array(counts) / np.array(counts).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(matrix, baselines["transition_matrix"], atol=1e-6)
    assert matrix[1, 1] > matrix[0, 1]  # wet today makes wet tomorrow more likely


def test_every_probability_cell_reads_in_aa_contrast(built, data):
    # Whatever the probabilities, not only today's four: the colour map is light enough for one of the two.
    for probability in np.linspace(0, 1, 101):
        cell = weather_figures.PROBABILITY_MAP(probability)
        assert weather_figures.contrast_ratio(weather_figures.text_colour_on(cell), cell) >= AA_SMALL_TEXT
    counts = np.array(data["p_wet_tomorrow_given_today"]["transition_counts"])
    fills = {text: fill for _, fill, text in texts(built[TRANSITIONS])}
    for today in range(2):
        for tomorrow in range(2):
            probability = counts[today, tomorrow] / counts[today].sum()
            expected = weather_figures.text_colour_on(weather_figures.PROBABILITY_MAP(probability))
            assert fills[f"{probability:.3f}"] == to_hex(expected)


def test_every_share_inside_a_bar_reads_in_aa_contrast():
    for label, colour in weather_figures.LABEL_COLOURS.items():
        text = weather_figures.text_colour_on(colour)
        assert weather_figures.contrast_ratio(text, colour) >= AA_SMALL_TEXT, label


def test_text_colour_follows_luminance():
    assert weather_figures.text_colour_on("#000000") == "white"
    assert weather_figures.text_colour_on("#3f51b5") == "white"  # the primary indigo is dark
    assert weather_figures.text_colour_on("#ffffff") != "white"
    assert weather_figures.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
