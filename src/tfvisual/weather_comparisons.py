"""The exported weather RNNs against the baselines, on the same 2015 days, with block-bootstrap intervals.

The question the recurrent-networks page asks of its numbers is not "which score is lower?" but "which differences
would a second year of weather be likely to confirm?". Each comparison here is a paired one: the per-day
difference between two forecasts (right or wrong; squared error; log loss), averaged over resamplings of the test
year. The resamplings keep runs of consecutive days together (``weather_baselines.bootstrap_indices``), because a
wet spell is one event spread over several days; resampling single days treats each day of a spell as a fresh
draw, which can make the intervals too narrow. Single days and blocks of 7 and 14 days are recorded too, so the
page can say how much the choice matters.

A difference is "beyond noise" when its 95% interval excludes 0. An interval that contains 0 says the year cannot
tell the two forecasts apart: it does not say they are equal. Its two ends say how large a difference, in either
direction, the year could have missed.

Only the models that were exported (the committed seed of each cell) can be scored here: the other seeds' test
forecasts exist only while ``scripts/train_weather_rnn.py`` runs, which writes their verdicts into the cards with
the same functions.
"""

import json
from pathlib import Path

import numpy as np

from tfvisual import weather_baselines as baselines
from tfvisual.data import weather

MODELS = {"simple_rnn": "weather-simple-rnn", "gru": "weather-gru"}
# The block lengths the verdicts are recomputed with besides BLOCK_DAYS: 1 is the bootstrap of single days that
# the page warns about, 7 and 14 the ends of the range of plausible spell lengths.
OTHER_BLOCK_DAYS = (1, 7, 14)
METRICS = ("accuracy", "brier", "log_loss")


def exported_probabilities(folder: Path, days: weather.WeatherDays) -> tuple[np.ndarray, dict]:
    """P(wet) for every 2015 test window from the exported model in ``folder`` (its weights as stored, float32),
    and the model's card. The Keras model is rebuilt from the card's hyperparameters; no training happens."""
    import os

    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    from tfvisual.models.weather_rnn import WeatherRNNConfig, build_model, wet_probability
    from tfvisual.tfjs_weights import read_tfjs_weights

    card = json.loads((folder / "card.json").read_text())
    model = build_model(WeatherRNNConfig(**card["hyperparameters"]))
    stored = read_tfjs_weights(folder / "model.json")
    model.set_weights([stored[weight.name.removesuffix(":0")] for weight in model.weights])
    standardisation = card["input"]["standardisation"]
    scaler = weather.Standardisation(np.array(standardisation["mean"]), np.array(standardisation["std"]))
    test = weather.make_windows(days, "test", card["input"]["window"], scaler)
    return wet_probability(model, test.x), card


def paired_differences(y: np.ndarray, p_a: np.ndarray, p_b: np.ndarray, resamples: np.ndarray) -> dict:
    """A minus B on the same days: accuracy (each deciding wet at p >= 0.5), Brier score and log loss."""
    decided_a, decided_b = (p_a >= 0.5).astype(np.int64), (p_b >= 0.5).astype(np.int64)
    return {
        "accuracy": baselines.paired_accuracy_difference(y, decided_a, decided_b, resamples),
        **baselines.paired_score_differences(y, p_a, p_b, resamples),
    }


def compare(y: np.ndarray, p_a: np.ndarray, p_b: np.ndarray) -> dict:
    """The paired differences with BLOCK_DAYS-day blocks, and each interval and verdict with the other lengths."""
    n = len(y)
    result = paired_differences(y, p_a, p_b, baselines.bootstrap_indices(n))
    result["other_block_days"] = {}
    for block_days in OTHER_BLOCK_DAYS:
        other = paired_differences(y, p_a, p_b, baselines.bootstrap_indices(n, block_days=block_days))
        result["other_block_days"][str(block_days)] = {
            metric: None if other[metric] is None else {key: other[metric][key] for key in ("ci95", "beyond_noise")}
            for metric in METRICS
        }
    return result


def same_verdicts(comparison: dict, block_days: tuple[int, ...]) -> bool:
    """Whether every metric's verdict (beyond noise or not) is the one BLOCK_DAYS gives, for each length."""
    return all(
        comparison[metric] is None
        or comparison["other_block_days"][str(days)][metric]["beyond_noise"] == comparison[metric]["beyond_noise"]
        for metric in METRICS
        for days in block_days
    )


def compare_models(days: weather.WeatherDays, base: dict, probabilities: dict[str, np.ndarray], cards: dict) -> dict:
    """Scores of the exported models and every comparison the page draws, as saved to weather-comparisons.json.

    ``base`` is ``weather_baselines.compute_baselines(days)`` (with its private predictions); ``probabilities``
    and ``cards`` are keyed by cell ("simple_rnn", "gru")."""
    y = base["_predictions"]["y"]
    forecasts = {
        "markov": base["_predictions"]["probabilities"]["markov"],
        "logistic": base["_predictions"]["probabilities"]["logistic"],
        **probabilities,
    }
    resamples = baselines.bootstrap_indices(len(y))
    models = {}
    for cell, p in probabilities.items():
        card = cards[cell]
        models[cell] = {
            "model": MODELS[cell],
            "seed": card["committed_seed"],
            "units": card["hyperparameters"]["units"],
            "window": card["hyperparameters"]["window"],
            "parameters": card["parameters"]["total"],
            "test": baselines.score(y, p, resamples=resamples),
        }
    pairs = [(cell, other) for cell in probabilities for other in ("markov", "logistic")]
    pairs.append(("logistic", "markov"))
    comparisons = {f"{a}_minus_{b}": compare(y, forecasts[a], forecasts[b]) for a, b in pairs}
    return {
        "task": base["task"],
        "test_days": len(y),
        "block_days": baselines.BLOCK_DAYS,
        "resamples": baselines.BOOTSTRAP_RESAMPLES,
        "other_block_days": list(OTHER_BLOCK_DAYS),
        "method": baselines.INTERVAL_METHODS["score_difference"],
        "beyond_noise_means": "the 95% interval of the difference excludes 0",
        "models": models,
        "comparisons": comparisons,
        "same_verdicts_with_7_and_14_day_blocks": all(
            same_verdicts(comparison, (7, 14)) for comparison in comparisons.values()
        ),
    }
