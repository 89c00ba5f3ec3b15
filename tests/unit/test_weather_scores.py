"""The scores the recurrent-networks page compares (scripts/results/weather-baselines.json and
weather-comparisons.json): recomputed from the data and the exported models, resampled in blocks of days, and
saying what the page says about them."""

import json
import os

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tfvisual import weather_baselines as baselines  # noqa: E402
from tfvisual import weather_comparisons as comparisons  # noqa: E402
from tfvisual.data import weather  # noqa: E402
from tfvisual.paths import MODELS_DIR, RESULTS_DIR  # noqa: E402

SAVED_BASELINES = json.loads((RESULTS_DIR / "weather-baselines.json").read_text())
SAVED = json.loads((RESULTS_DIR / "weather-comparisons.json").read_text())


@pytest.fixture(scope="module")
def days():
    return weather.load_days()


@pytest.fixture(scope="module")
def base(days):
    return baselines.compute_baselines(days)


def test_a_resample_strings_together_runs_of_consecutive_days():
    n, block = 365, 10
    rows = baselines.bootstrap_indices(n, resamples=50, seed=3, block_days=block)
    assert rows.shape == (50, n) and rows.min() >= 0 and rows.max() < n
    for row in rows:
        runs = row[: (n // block) * block].reshape(-1, block)
        # Inside a run each day follows the one before (after 31 December comes 1 January again).
        assert np.all((np.diff(runs, axis=1) % n) == 1)
    # The same seed gives the same resamples, so every forecast is judged on the same days (the pairing).
    np.testing.assert_array_equal(rows, baselines.bootstrap_indices(n, resamples=50, seed=3, block_days=block))
    # Circular: every day is drawn about equally often, the first and last days of the year included.
    counts = np.bincount(baselines.bootstrap_indices(n, resamples=4000, seed=1).ravel(), minlength=n)
    assert counts.min() > 0.8 * counts.mean() and counts.max() < 1.2 * counts.mean()
    with pytest.raises(ValueError):
        baselines.bootstrap_indices(n, block_days=0)


def test_the_climatology_row_is_a_constant_probability_that_decides_dry(days, base):
    """The page's row "Climatology: P(wet) = 45%, decides dry": its Brier score is that of the constant
    probability, not of a certain "dry", which scores the test year's share of wet days."""
    rows = SAVED_BASELINES["baselines"]
    climatology, always_dry = rows["climatology"], rows["always_dry"]
    train_share = float(days.wet[weather.target_days(days, "train", 1)].mean())
    assert climatology["p_wet"] == pytest.approx(train_share, abs=1e-6) and round(100 * train_share) == 45
    assert climatology["decides"] == "dry" and train_share < 0.5
    y = base["_predictions"]["y"]
    assert climatology["test"]["brier"] == pytest.approx(np.mean((train_share - y) ** 2), abs=1e-6)
    assert always_dry["test"]["brier"] == pytest.approx(y.mean(), abs=1e-6)
    assert always_dry["test"]["brier"] == pytest.approx(SAVED_BASELINES["test_wet_days"] / 365, abs=1e-6)
    assert always_dry["test"]["log_loss"] is None  # a certain forecast that misses costs infinity
    # Same decisions, so the same accuracy: the whole difference in Brier score is the probability.
    assert climatology["test"]["correct"] == always_dry["test"]["correct"] == int(np.sum(y == 0))
    assert climatology["test"]["brier"] < always_dry["test"]["brier"] - 0.1


def test_saved_comparisons_equal_a_recomputation_from_the_exported_models(days, base):
    probabilities, cards = {}, {}
    for cell, folder in comparisons.MODELS.items():
        probabilities[cell], cards[cell] = comparisons.exported_probabilities(MODELS_DIR / folder, days)
    fresh = json.loads(json.dumps(comparisons.compare_models(days, base, probabilities, cards)))
    assert fresh == SAVED, "run `.venv/bin/python scripts/save_weather_scores.py`"
    for cell, model in SAVED["models"].items():
        card = cards[cell]
        assert model["test"]["correct"] == card["metrics"]["test"]["correct"]
        assert model["test"]["brier"] == pytest.approx(card["metrics"]["test"]["brier"], abs=1e-5)
        # A card written by a training run with the same intervals holds the same comparisons for its seed.
        if card["interval_methods"] == baselines.INTERVAL_METHODS:
            run = card["seeds"]["runs"][0]
            assert run["accuracy_minus_markov"] == SAVED["comparisons"][f"{cell}_minus_markov"]["accuracy"]


def test_every_verdict_is_the_one_its_interval_gives():
    for name, comparison in SAVED["comparisons"].items():
        for metric in comparisons.METRICS:
            result = comparison[metric]
            low, high = result["ci95"]
            assert low <= result["difference"] <= high, (name, metric)
            assert result["beyond_noise"] == (low > 0 or high < 0), (name, metric)
            for days_per_block, other in comparison["other_block_days"].items():
                low, high = other[metric]["ci95"]
                assert other[metric]["beyond_noise"] == (low > 0 or high < 0), (name, metric, days_per_block)


def verdict(name: str, metric: str) -> dict:
    return SAVED["comparisons"][name][metric]


def test_what_the_page_says_was_detected():
    """ "Detected: better probabilities than the chain's" for both networks and logistic regression."""
    for name in ("simple_rnn_minus_markov", "gru_minus_markov", "logistic_minus_markov"):
        brier = verdict(name, "brier")
        assert brier["beyond_noise"] and brier["ci95"][1] < 0, name


def test_what_the_page_says_was_not_detected_nor_ruled_out():
    """ "Not detected: more right answers than the chain" and "anything the state adds to logistic regression":
    each interval contains 0, so it rules out neither better nor worse."""
    for name in ("simple_rnn_minus_markov", "gru_minus_markov"):
        low, high = verdict(name, "accuracy")["ci95"]
        assert low < 0 < high, name
    for cell in ("simple_rnn", "gru"):
        for metric in comparisons.METRICS:
            low, high = verdict(f"{cell}_minus_logistic", metric)["ci95"]
            assert low < 0 < high, (cell, metric)
    # "could be lower by as much as the interval's end, about logistic regression's whole gain over the chain"
    could_gain = -verdict("gru_minus_logistic", "brier")["ci95"][0]
    logistic_gain = -verdict("logistic_minus_markov", "brier")["difference"]
    assert 0.75 < could_gain / logistic_gain < 1.25


def test_blocks_widen_one_forecasts_interval_but_leave_every_paired_verdict_alone():
    """The note: climatology's accuracy interval is wider with blocks than Wilson's (which treats days as
    independent); for the paired differences, runs of 1, 7 or 14 days give every verdict that 10 gives; and the
    paired intervals are narrower: here half as wide as either forecast's own, or less."""
    climatology = SAVED_BASELINES["baselines"]["climatology"]["test"]
    blocks, wilson = climatology["accuracy_ci95"], climatology["accuracy_ci95_independent_days"]
    assert blocks[1] - blocks[0] > 1.5 * (wilson[1] - wilson[0])
    assert SAVED["same_verdicts_with_7_and_14_day_blocks"]
    for name, comparison in SAVED["comparisons"].items():
        assert comparisons.same_verdicts(comparison, comparisons.OTHER_BLOCK_DAYS), name
    own = {name: row["test"] for name, row in SAVED_BASELINES["baselines"].items()}
    own.update({cell: model["test"] for cell, model in SAVED["models"].items()})
    for name, comparison in SAVED["comparisons"].items():
        a, b = name.split("_minus_")
        for metric, key in (("accuracy", "accuracy_ci95"), ("brier", "brier_ci95")):
            paired = comparison[metric]["ci95"][1] - comparison[metric]["ci95"][0]
            for single in (own[a][key], own[b][key]):
                assert paired < 0.6 * (single[1] - single[0]), (name, metric)


def test_what_the_note_says_about_the_other_seeds():
    """Judged day by day, some but not all of the SimpleRNN's seeds beat the chain's Brier score detectably, and no
    seed of either cell differs detectably from logistic regression's, lower or higher."""
    for folder, cell in (("weather-simple-rnn", "simple_rnn"), ("weather-gru", "gru")):
        card = json.loads((MODELS_DIR / folder / "card.json").read_text())
        runs = card["seeds"]["runs"]
        assert not any(run["scores_minus_logistic"]["brier"]["beyond_noise"] for run in runs), cell
        better = card["versus_markov"]["seeds_better_brier_beyond_noise"]
        if cell == "simple_rnn":
            assert 0 < better < len(runs)  # "the seed can change a verdict at the margin"
        # The committed run, judged day by day, has the verdict the blocks give.
        single_day = SAVED["comparisons"][f"{cell}_minus_markov"]["other_block_days"]["1"]["brier"]["beyond_noise"]
        assert runs[0]["scores_minus_markov"]["brier"]["beyond_noise"] == single_day
