"""Seattle weather: the chronological split, the targets, the baselines, and the committed RNN exports and cards."""

import json
import os
from pathlib import Path

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tfvisual import weather_baselines as baselines  # noqa: E402
from tfvisual.data import weather  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "scripts" / "results"
MODEL_FOLDERS = {"simple_rnn": ROOT / "models" / "weather-simple-rnn", "gru": ROOT / "models" / "weather-gru"}
FORMER_NAMES = {"majority": "climatology"}  # baselines renamed since cards were written


@pytest.fixture(scope="module")
def days():
    return weather.load_days()


@pytest.fixture(scope="module")
def committed_baselines():
    return json.loads((RESULTS / "weather-baselines.json").read_text())


def test_the_csv_is_the_pinned_one(days):
    assert len(days.dates) == 1461
    assert str(days.dates[0]) == "2012-01-01" and str(days.dates[-1]) == "2015-12-31"
    assert set(days.labels) == set(weather.LABELS)
    data = json.loads((RESULTS / "weather-data.json").read_text())
    assert data["checksum_sha256"] == days.checksum_sha256


def test_split_is_chronological_and_disjoint(days):
    targets = {split: weather.target_days(days, split, 14) for split in weather.SPLITS}
    assert set(days.years[targets["train"]]) == {2012, 2013}
    assert set(days.years[targets["validation"]]) == {2014}
    assert set(days.years[targets["test"]]) == {2015} and len(targets["test"]) == 365
    assert targets["train"].max() < targets["validation"].min() <= targets["validation"].max() < targets["test"].min()
    for split in weather.SPLITS:
        assert np.all(np.diff(targets[split]) == 1)  # in date order, no gaps, nothing shuffled
    windows = weather.make_windows(days, "test", 14)
    # Every input day comes strictly before the day it predicts.
    np.testing.assert_array_equal(windows.target_index, targets["test"])
    scaler = weather.training_standardisation(days)
    np.testing.assert_allclose(windows.x[0], scaler.apply(days.features[targets["test"][0] - 14 : targets["test"][0]]))


def test_standardisation_uses_training_years_only(days):
    scaler = weather.training_standardisation(days)
    train = days.features[:731]  # 2012 (leap year) and 2013
    np.testing.assert_allclose(scaler.mean, train.mean(axis=0))
    np.testing.assert_allclose(scaler.std, train.std(axis=0))
    assert not np.allclose(scaler.mean, days.features.mean(axis=0))
    # Changing the test year's measurements changes nothing about the statistics.
    altered = weather.WeatherDays(days.dates, days.measurements.copy(), days.labels, days.checksum_sha256)
    altered.measurements[days.years == 2015] += 100.0
    np.testing.assert_allclose(weather.training_standardisation(altered).mean, scaler.mean)
    standardised = scaler.apply(train)
    np.testing.assert_allclose(standardised.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(standardised.std(axis=0), 1, atol=1e-5)


def test_targets_come_from_precipitation_not_the_label(days):
    windows = weather.make_windows(days, "test", 7)
    precipitation = days.measurements[:, 0]
    np.testing.assert_array_equal(windows.y, (precipitation[windows.target_index] > 0).astype(int))
    np.testing.assert_array_equal(windows.today_wet, (precipitation[windows.target_index - 1] > 0).astype(int))
    # The label disagrees: many wet 2015 days are called "fog" or "sun".
    wet_2015 = (days.years == 2015) & (precipitation > 0)
    assert np.sum(np.isin(days.labels[wet_2015], ["fog", "sun"])) > 100


def test_exploration_shows_the_label_drift_and_the_memory(days):
    data = weather.explore(days)
    per_year = data["per_year"]
    assert per_year["2012"]["label_counts"]["rain"] > 150 and per_year["2015"]["label_counts"]["rain"] < 10
    assert per_year["2015"]["label_counts_on_wet_days"]["fog"] > 100
    for year in per_year.values():
        assert sum(year["label_counts"].values()) == year["days"]
    memory = data["p_wet_tomorrow_given_today"]
    assert memory["wet_today"]["days"] + memory["dry_today"]["days"] == 730  # transitions into 2012-01-02 .. 2013
    assert memory["wet_today"]["p_wet_tomorrow"] > 0.6 > 0.3 > memory["dry_today"]["p_wet_tomorrow"]
    assert memory == json.loads((RESULTS / "weather-data.json").read_text())["p_wet_tomorrow_given_today"]


def test_markov_matrix_rows_sum_to_one_and_match_counts(days, committed_baselines):
    counts = weather.transition_counts(days, "train")
    targets = weather.target_days(days, "train", 1)
    wet = days.wet
    for today in (0, 1):
        for tomorrow in (0, 1):
            assert counts[today, tomorrow] == np.sum((wet[targets - 1] == today) & (wet[targets] == tomorrow))
    matrix = baselines.markov_matrix(counts)
    np.testing.assert_allclose(matrix.sum(axis=1), 1.0)
    markov = committed_baselines["baselines"]["markov"]
    assert markov["transition_counts"] == counts.tolist()
    np.testing.assert_allclose(markov["transition_matrix"], matrix, atol=1e-6)


def test_wilson_interval_and_logistic_fit():
    low, high = baselines.wilson_interval(257, 365)
    assert low < 257 / 365 < high and low > 0.65 and high < 0.75
    assert baselines.wilson_interval(0, 10)[0] == pytest.approx(0.0, abs=1e-12)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 2, 1))
    y = (x[:, 0, 0] + 0.5 * x[:, 1, 0] + rng.normal(scale=0.5, size=400) > 0).astype(int)
    weights = baselines.fit_logistic(x, y, l2=1e-6)
    assert weights[1] > weights[2] > 0
    assert np.mean((baselines.predict_logistic(weights, x) >= 0.5) == y) > 0.8


def test_committed_baselines_equal_a_recomputation(committed_baselines):
    recomputed = json.loads(json.dumps(baselines.public(baselines.compute_baselines())))
    assert recomputed == committed_baselines
    scores = committed_baselines["baselines"]
    assert scores["persistence"]["test"]["log_loss"] is None  # certain forecasts
    assert scores["persistence"]["test"]["accuracy"] == pytest.approx(0.7041, abs=1e-4)
    assert scores["climatology"]["test"]["accuracy"] == pytest.approx(221 / 365, abs=1e-6)


@pytest.fixture(scope="module", params=sorted(MODEL_FOLDERS))
def committed(request):
    folder = MODEL_FOLDERS[request.param]
    return request.param, folder, json.loads((folder / "card.json").read_text())


def test_card_records_every_seed_and_a_consistent_spread(committed, committed_baselines, days):
    cell, _, card = committed
    runs = card["seeds"]["runs"]
    assert len(runs) >= 5 and len({run["seed"] for run in runs}) == len(runs)
    assert card["committed_seed"] == runs[0]["seed"] == card["hyperparameters"]["seed"]
    assert card["hyperparameters"]["cell"] == cell
    for metric in ("accuracy", "log_loss", "brier"):
        values = [run["test"][metric] for run in runs]
        spread = card["seeds"][f"test_{metric}"]
        assert spread["min"] == min(values) and spread["max"] == max(values)
        assert spread["mean"] == pytest.approx(np.mean(values), abs=1e-6)
    for run in runs:
        test = run["test"]
        assert test["n"] == 365 and test["accuracy"] == pytest.approx(test["correct"] / 365, abs=1e-6)
        assert test["accuracy_ci95"][0] < test["accuracy"] < test["accuracy_ci95"][1]
        assert run["max_abs_diff_exported_vs_keras"] < 1e-5
    assert card["metrics"]["test"] == runs[0]["test"]
    # The baselines the card was judged against are the page's: the same scores on the same days. (A card written
    # before the intervals became block-bootstrap ones, or before "majority" was named climatology, keeps its
    # older intervals and name until the models are retrained; the scores themselves cannot differ.)
    for name, scores in card["baselines"].items():
        current = committed_baselines["baselines"][FORMER_NAMES.get(name, name)]["test"]
        for key in ("n", "correct", "accuracy", "brier", "log_loss"):
            assert scores[key] == current[key], (name, key)
    verdict = card["versus_markov"]
    beyond = [run["accuracy_minus_markov"]["beyond_noise"] for run in runs]
    assert verdict["seeds_beyond_noise_accuracy"] == sum(beyond)
    assert verdict["beats_markov_accuracy_beyond_noise"] == (
        all(beyond) and min(run["accuracy_minus_markov"]["difference"] for run in runs) > 0
    )
    for key, field in (
        ("scores_minus_markov", "seeds_better_brier_beyond_noise"),
        ("scores_minus_logistic", "seeds_better_brier_than_logistic_beyond_noise"),
    ):
        brier = [run[key]["brier"] for run in runs]
        assert verdict[field] == sum(b["beyond_noise"] and b["difference"] < 0 for b in brier)
    for run in runs:
        ci = run["accuracy_minus_markov"]["ci95"]
        assert run["accuracy_minus_markov"]["beyond_noise"] == (ci[0] > 0 or ci[1] < 0)
    assert card["data"]["checksum_sha256"] == days.checksum_sha256
    assert card["input"]["standardisation"] == weather.training_standardisation(days).to_dict()


def test_committed_export_reproduces_the_cards_test_accuracy(committed, days):
    from tfvisual import export

    cell, folder, card = committed
    model_json = json.loads((folder / "model.json").read_text())
    layers = model_json["modelTopology"]["model_config"]["config"]["layers"]
    rnn = next(layer for layer in layers if layer["config"]["name"] == "rnn")
    assert rnn["class_name"] == {"simple_rnn": "SimpleRNN", "gru": "GRU"}[cell]
    if cell == "gru":
        assert rnn["config"]["reset_after"] is False  # TF.js 4.22 cannot load reset_after=True
    shards = export.weight_shard_paths(folder / "model.json")
    assert card["weights_bytes"] == sum(path.stat().st_size for path in shards) == 4 * card["parameters"]["total"]
    assert card["model_json_sha256"] == export.sha256_file(folder / "model.json")

    windows = weather.make_windows(days, "test", card["input"]["window"])
    model = export.load_tfjs_model(folder / "model.json")
    p = model.predict(windows.x, verbose=0)[:, 0].astype(np.float64)
    recomputed = baselines.score(windows.y, p)
    test = card["metrics"]["test"]
    assert recomputed["accuracy"] == test["accuracy"]
    assert recomputed["brier"] == pytest.approx(test["brier"], abs=1e-5)
    assert recomputed["log_loss"] == pytest.approx(test["log_loss"], abs=1e-5)
