"""The days the "Weather memory" demo serves: fresh, complete, and the same windows the model was scored on."""

import json

import numpy as np
import pytest

from tfvisual.data import weather
from tfvisual.paths import MODELS_DIR, RESULTS_DIR
from tfvisual.weather_baselines import demo_days

SAVED = RESULTS_DIR / "site-data" / "weather-days.json"
CARD = json.loads((MODELS_DIR / "weather-simple-rnn" / "card.json").read_text())


@pytest.fixture(scope="module")
def days():
    return weather.load_days()


@pytest.fixture(scope="module")
def saved():
    return json.loads(SAVED.read_text())


def test_saved_file_matches_a_fresh_computation(days, saved):
    assert saved == demo_days(days, CARD["input"]["window"]), "run `.venv/bin/python scripts/save_weather_days.py`"


def test_every_test_day_is_served_with_the_days_its_window_reaches_back_to(saved):
    served = saved["days"]["date"]
    assert saved["first_test_day"] == "2015-01-01" and saved["last_test_day"] == "2015-12-31"
    assert served.index("2015-01-01") == CARD["input"]["window"] - 1  # 13 days of 2014 before it
    assert served[-1] == "2015-12-31"
    assert len(served) == 365 + CARD["input"]["window"] - 1
    assert all(len(column) == len(served) for column in saved["days"].values())


def test_windows_built_from_the_served_days_are_the_test_windows_the_model_was_scored_on(days, saved):
    """Standardised with the card's numbers, the window that ends on each 2015 day (before the last) is exactly the
    window make_windows gives for the day after it: what the demo feeds the model is what the card's score used."""
    standard = CARD["input"]["standardisation"]
    columns = np.column_stack([saved["days"][name] for name in standard["features"]])
    scaled = ((columns - standard["mean"]) / standard["std"]).astype(np.float32)
    window = CARD["input"]["window"]
    test = weather.make_windows(days, "test", window)
    # Window ending on served day i (i >= window - 1) predicts day i + 1; the test windows start with the
    # window ending on 2014-12-31 (served index window - 2), so the demo's windows are test windows 1..364.
    demo_windows = np.stack([scaled[i - window + 1 : i + 1] for i in range(window - 1, len(scaled) - 1)])
    np.testing.assert_allclose(demo_windows, test.x[1:], atol=1e-6)


def test_the_markov_chain_and_the_edit_rules_are_measured_on_the_training_years(days, saved):
    explored = weather.explore(days)["p_wet_tomorrow_given_today"]
    assert saved["markov"]["p_wet_tomorrow_given_wet_today"] == explored["wet_today"]["p_wet_tomorrow"]
    assert saved["markov"]["p_wet_tomorrow_given_dry_today"] == explored["dry_today"]["p_wet_tomorrow"]
    train = days.measurements[np.isin(days.years, weather.TRAIN_YEARS), 0]
    wet_days = train[train > 0]
    wet_amount = saved["edits"]["wet_precipitation_mm"]
    # The median: at least half the training years' wet days had at most this much, and half at least this much.
    assert wet_amount > 0
    assert np.mean(wet_days <= wet_amount) >= 0.5 and np.mean(wet_days >= wet_amount) >= 0.5
    # Every real test day lies inside the ranges a reader's typed values are held to.
    for name, (low, high) in saved["edits"]["ranges"].items():
        assert low <= min(saved["days"][name]) and max(saved["days"][name]) <= high
