"""Baselines for "will it be wet tomorrow?" and the scores with 95% intervals that every model is judged by.

Any model of the weather has to beat what needs no learning at all:

* climatology: the training years' share of wet days (45%) as the probability of a wet tomorrow, every day; below
  one half, so as a yes/no forecast it always says dry. Its Brier score is that of the constant 0.45, not of a
  certain "dry" (which ``always_dry`` scores, for comparison);
* persistence: tomorrow is like today (a certain forecast: probability 0 or 1, so no finite log loss);
* the Markov chain: P(tomorrow | today) counted on the training years, a 2×2 transition matrix: all a model
  can know from today's wet/dry alone;
* logistic regression on the last k days of all five features (numpy, fitted by Newton's method with a
  small L2 penalty; k chosen on the 2014 validation year by log loss): memory, but no recurrence.

Scores on the 365 test days of 2015, with 95% intervals from a *block* bootstrap: the test year is resampled in
runs of ``BLOCK_DAYS`` consecutive days (a circular block bootstrap, 2,000 resamples, fixed seed), not day by day.
Weather is not a sequence of independent days (a wet spell is one event spread over several, and seasons make
whole months easy or hard), and resampling single days would treat each day of a spell as fresh evidence, giving a
forecast's score an interval that is too narrow. (For the difference between two forecasts on the same days the
effect is small: weather_comparisons records both.) Wilson's interval for accuracy, which also treats days as
independent, is kept beside it for comparison. Two forecasts are
compared on the same resampled days (a paired bootstrap of the per-day difference), for accuracy, Brier score and
log loss.
"""

import numpy as np

from tfvisual.data import weather

BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20151231
# Days per resampled block: wet and dry spells in Seattle last days, rarely weeks; 10 is the middle of the 7 to 14
# days a block should span here, fixed before any interval was seen. The verdicts are also recomputed with 7- and
# 14-day blocks (scripts/save_weather_scores.py) to show they do not hang on the choice.
BLOCK_DAYS = 10
LOGISTIC_WINDOWS = (1, 2, 3, 7, 14)
LOGISTIC_L2 = 1.0
Z95 = 1.959963984540054
_BLOCK_BOOTSTRAP = (
    f"circular block bootstrap over the test days ({BLOCK_DAYS}-day blocks), {BOOTSTRAP_RESAMPLES} resamples, "
    f"seed {BOOTSTRAP_SEED}, 95% percentile interval"
)
INTERVAL_METHODS = {
    "accuracy": _BLOCK_BOOTSTRAP,
    "accuracy_independent_days": "Wilson score interval, 95% (treats the days as independent: too narrow here)",
    "log_loss": _BLOCK_BOOTSTRAP,
    "brier": _BLOCK_BOOTSTRAP,
    "accuracy_difference": f"paired {_BLOCK_BOOTSTRAP}",
    "score_difference": f"paired {_BLOCK_BOOTSTRAP}",
}


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for a proportion: unlike p ± z·se it stays inside [0, 1] and is fair near 0 or 1."""
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(centre - half), float(centre + half)


def bootstrap_indices(
    n: int, resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED, block_days: int = BLOCK_DAYS
) -> np.ndarray:
    """(resamples, n) day indices: each row strings together runs of ``block_days`` consecutive days, each run
    starting on a day drawn with replacement, until it has n days (a circular block bootstrap: a run that passes
    the last day goes on from the first, so every day is equally likely to be drawn). A resample keeps the spells
    inside each block together; ``block_days=1`` is the ordinary bootstrap of single days. The same draws serve
    every model, so comparisons pair."""
    if not 1 <= block_days <= n:
        raise ValueError(f"block_days must be between 1 and {n}, not {block_days}")
    blocks = -(-n // block_days)  # enough whole blocks to cover n days; the last is cut short
    starts = np.random.default_rng(seed).integers(0, n, size=(resamples, blocks))
    runs = (starts[:, :, None] + np.arange(block_days)) % n
    return runs.reshape(resamples, blocks * block_days)[:, :n]


def log_losses(y: np.ndarray, p: np.ndarray) -> np.ndarray | None:
    """Per-day −log P(what happened); None when any forecast is certain (0 or 1): one certain miss costs infinity."""
    p = np.asarray(p, dtype=np.float64)
    if np.any((p <= 0) | (p >= 1)):
        return None
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def _r(value: float) -> float:
    return round(float(value), 6)


def score(
    y: np.ndarray, p: np.ndarray, predicted: np.ndarray | None = None, resamples: np.ndarray | None = None
) -> dict:
    """Accuracy, log loss and Brier score of wet-probabilities ``p`` against outcomes ``y``, with 95% bootstrap
    intervals over ``resamples`` (block bootstrap by default) and, for accuracy, Wilson's interval for comparison.

    ``predicted`` defaults to p >= 0.5."""
    y = np.asarray(y, dtype=np.int64)
    p = np.asarray(p, dtype=np.float64)
    predicted = (p >= 0.5).astype(np.int64) if predicted is None else np.asarray(predicted)
    resamples = bootstrap_indices(len(y)) if resamples is None else resamples
    right = (predicted == y).astype(np.float64)
    correct = int(right.sum())
    brier = (p - y) ** 2
    result = {
        "n": len(y),
        "correct": correct,
        "accuracy": _r(correct / len(y)),
        "accuracy_ci95": _interval(right, resamples),
        "accuracy_ci95_independent_days": [_r(v) for v in wilson_interval(correct, len(y))],
        "brier": _r(brier.mean()),
        "brier_ci95": _interval(brier, resamples),
        "log_loss": None,
        "log_loss_ci95": None,
    }
    losses = log_losses(y, p)
    if losses is not None:
        result["log_loss"] = _r(losses.mean())
        result["log_loss_ci95"] = _interval(losses, resamples)
    return result


def _interval(per_day: np.ndarray, resamples: np.ndarray) -> list[float]:
    """The 95% percentile interval of the mean of ``per_day`` over the resampled days."""
    return [_r(v) for v in np.percentile(per_day[resamples].mean(axis=1), [2.5, 97.5])]


def paired_accuracy_difference(
    y: np.ndarray, predicted_a: np.ndarray, predicted_b: np.ndarray, resamples: np.ndarray | None = None
) -> dict:
    """Accuracy of A minus accuracy of B on the same days, with a paired bootstrap 95% interval.

    If the interval contains 0, the test year cannot tell the two apart: the difference is within noise. That is
    not evidence that there is no difference: every difference inside the interval, in either direction, fits the
    test year too."""
    resamples = bootstrap_indices(len(y)) if resamples is None else resamples
    diff = (np.asarray(predicted_a) == y).astype(float) - (np.asarray(predicted_b) == y).astype(float)
    boot = diff[resamples].mean(axis=1)
    low, high = np.percentile(boot, [2.5, 97.5])
    return {
        "difference": _r(diff.mean()),
        "ci95": [_r(low), _r(high)],
        "days_only_a_right": int(np.sum(diff > 0)),
        "days_only_b_right": int(np.sum(diff < 0)),
        "share_of_resamples_a_not_better": _r(np.mean(boot <= 0)),
        "beyond_noise": bool(low > 0 or high < 0),
    }


def paired_score_differences(y: np.ndarray, p_a: np.ndarray, p_b: np.ndarray, resamples: np.ndarray) -> dict:
    """Brier score and log loss of A minus B on the same days, with paired bootstrap 95% intervals
    (negative: A is better). Probabilities are more sensitive than yes/no accuracy."""
    result = {}
    per_day = {
        "brier": ((p_a - y) ** 2, (p_b - y) ** 2),
        "log_loss": (log_losses(y, p_a), log_losses(y, p_b)),
    }
    for name, (a, b) in per_day.items():
        if a is None or b is None:
            result[name] = None
            continue
        diff = a - b
        low, high = np.percentile(diff[resamples].mean(axis=1), [2.5, 97.5])
        result[name] = {
            "difference": _r(diff.mean()),
            "ci95": [_r(low), _r(high)],
            "beyond_noise": bool(high < 0 or low > 0),
        }
    return result


def markov_matrix(counts: np.ndarray) -> np.ndarray:
    """Rows: today dry / wet; columns: tomorrow dry / wet; each row the share of its days (sums to 1)."""
    return counts / counts.sum(axis=1, keepdims=True)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = LOGISTIC_L2, steps: int = 50) -> np.ndarray:
    """Weights [bias, w...] of logistic regression by Newton's method (exact, deterministic, no learning rate).

    Minimises the summed log loss plus l2/2·|w|² (the bias is not penalised)."""
    design = np.column_stack([np.ones(len(x)), x.reshape(len(x), -1)]).astype(np.float64)
    weights = np.zeros(design.shape[1])
    penalty = np.full(design.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-design @ weights))
        gradient = design.T @ (p - y) + penalty * weights
        hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return weights


def predict_logistic(weights: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(weights[0] + x.reshape(len(x), -1).astype(np.float64) @ weights[1:])))


def compute_baselines(days: weather.WeatherDays | None = None) -> dict:
    """Every baseline fitted on the training years and scored on the test year; returns the results record
    plus, under ``"_predictions"`` (not saved), the test-day probabilities for paired comparisons."""
    days = days or weather.load_days()
    test = weather.make_windows(days, "test", 1)
    y, today = test.y, test.today_wet
    resamples = bootstrap_indices(len(y))
    counts = weather.transition_counts(days, "train")
    matrix = markov_matrix(counts)
    train_targets = weather.target_days(days, "train", 1)
    base_rate = float(days.wet[train_targets].mean())
    climatology_decides = int(base_rate >= 0.5)

    probabilities = {
        "climatology": np.full(len(y), base_rate),
        "always_dry": np.zeros(len(y)),
        "persistence": today.astype(np.float64),
        "markov": matrix[today, 1],
    }
    predictions = {
        "climatology": np.full(len(y), climatology_decides),
        "always_dry": np.zeros(len(y), dtype=np.int64),
        "persistence": today,
        "markov": (matrix[today, 1] >= 0.5).astype(np.int64),
    }

    # Logistic regression: the window chosen by validation log loss; fitted on the training years only (the same
    # days the Markov chain counted) and scored once on the test year.
    validation = {}
    for window in LOGISTIC_WINDOWS:
        train = weather.make_windows(days, "train", window)
        val = weather.make_windows(days, "validation", window)
        weights = fit_logistic(train.x, train.y)
        p_val = predict_logistic(weights, val.x)
        validation[window] = {
            "window": window,
            "validation_log_loss": _r(log_losses(val.y, p_val).mean()),
            "validation_accuracy": _r(np.mean((p_val >= 0.5) == val.y)),
        }
    best = min(LOGISTIC_WINDOWS, key=lambda k: (validation[k]["validation_log_loss"], k))
    train = weather.make_windows(days, "train", best)
    weights = fit_logistic(train.x, train.y)
    test_best = weather.make_windows(days, "test", best)
    assert np.array_equal(test_best.target_index, test.target_index)
    probabilities["logistic"] = predict_logistic(weights, test_best.x)
    predictions["logistic"] = (probabilities["logistic"] >= 0.5).astype(np.int64)

    scores = {name: score(y, probabilities[name], predictions[name], resamples) for name in probabilities}
    return {
        "task": "wet tomorrow (precipitation > 0), from the days up to today",
        "split": split_description(days),
        "test_days": len(y),
        "test_wet_days": int(y.sum()),
        "interval_methods": INTERVAL_METHODS,
        "baselines": {
            "climatology": {
                "description": (
                    "climatology: the training years' share of wet days as P(wet tomorrow), the same every day; "
                    "as a yes/no forecast it decides the more common outcome"
                ),
                "p_wet": _r(base_rate),
                "decides": "wet" if climatology_decides else "dry",
                "test": scores["climatology"],
            },
            "always_dry": {
                "description": "a certain 'dry' every day (P(wet) = 0): climatology's decisions without its "
                "probability; its Brier score is the test year's share of wet days, its log loss infinite (null)",
                "test": scores["always_dry"],
            },
            "persistence": {
                "description": "tomorrow = today (a certain forecast, so its log loss is infinite: null)",
                "test": scores["persistence"],
            },
            "markov": {
                "description": "first-order Markov chain P(tomorrow | today), counted on the training years",
                "transition_counts": counts.tolist(),
                "transition_matrix": [[_r(v) for v in row] for row in matrix],
                "states": ["dry", "wet"],
                "note": "P(wet | wet) > 0.5 > P(wet | dry), so its yes/no forecasts are persistence's; "
                "its probabilities are what improve the Brier score and make the log loss finite",
                "test": scores["markov"],
            },
            "logistic": {
                "description": (
                    "logistic regression on the last k days of the five standardised features "
                    f"(numpy, Newton's method, L2 {LOGISTIC_L2} on weights; k chosen by 2014 validation log loss)"
                ),
                "window": best,
                "l2": LOGISTIC_L2,
                "validation": [validation[k] for k in LOGISTIC_WINDOWS],
                "parameters": len(weights),
                "test": scores["logistic"],
            },
        },
        "markov_vs_persistence_accuracy": paired_accuracy_difference(
            y, predictions["markov"], predictions["persistence"], resamples
        ),
        "logistic_vs_markov_accuracy": paired_accuracy_difference(
            y, predictions["logistic"], predictions["markov"], resamples
        ),
        "logistic_vs_markov_scores": paired_score_differences(
            y, probabilities["logistic"], probabilities["markov"], resamples
        ),
        "_predictions": {"y": y, "probabilities": probabilities, "predictions": predictions},
    }


def split_description(days: weather.WeatherDays) -> dict:
    return {
        "by": "year of the day being predicted; never shuffled across time",
        **{f"{name}_years": list(years) for name, years in weather.SPLITS.items()},
        **{f"n_{name}_days": int(np.isin(days.years, years).sum()) for name, years in weather.SPLITS.items()},
    }


def public(record: dict) -> dict:
    """The record without the private predictions, as saved to JSON."""
    return {key: value for key, value in record.items() if not key.startswith("_")}


def demo_days(days: weather.WeatherDays, window: int) -> dict:
    """What the "Weather memory" demo reads: every test day with the ``window - 1`` days before the first (its
    window reaches back into 2014), the Markov chain and persistence it compares the RNN with, and the rules for
    a reader's edits (the amount a day made wet gets, the range a typed temperature must lie in).

    Columns (one list per measurement) keep the file small; a day's wet flag is shipped, not recomputed."""
    test = np.flatnonzero(np.isin(days.years, weather.TEST_YEARS))
    first = test[0] - (window - 1)
    if first < 0:
        raise ValueError(f"the first test day has fewer than {window - 1} earlier days")
    shown = slice(first, test[-1] + 1)
    matrix = markov_matrix(weather.transition_counts(days, "train"))
    columns = {name: days.measurements[shown, i].tolist() for i, name in enumerate(weather.MEASUREMENTS)}
    return {
        "source": weather.SOURCE,
        "checksum_sha256": days.checksum_sha256,
        "window": window,
        "test_years": list(weather.TEST_YEARS),
        "first_test_day": str(days.dates[test[0]]),
        "last_test_day": str(days.dates[test[-1]]),
        "days": {
            "date": [str(d) for d in days.dates[shown]],
            **columns,
            "wet": days.wet[shown].tolist(),
        },
        "wet_definition": "precipitation > 0",
        "markov": {
            "description": "first-order Markov chain P(tomorrow | today), counted on the training years",
            "years": list(weather.TRAIN_YEARS),
            "p_wet_tomorrow_given_dry_today": _r(matrix[0, 1]),
            "p_wet_tomorrow_given_wet_today": _r(matrix[1, 1]),
        },
        "persistence": {"description": "tomorrow = today: wet if today is wet, a certain forecast"},
        "edits": {
            "dry_precipitation_mm": 0.0,
            "wet_precipitation_mm": weather.median_wet_day_precipitation(days),
            "wet_precipitation_rule": (
                "a day made wet gets its own measured precipitation if it really was wet, else the median "
                f"precipitation of the wet days of {weather.TRAIN_YEARS[0]}-{weather.TRAIN_YEARS[-1]}"
            ),
            "ranges": weather.measured_ranges(days),
            "ranges_from": f"every day of the data, {str(days.dates[0])[:4]}-{str(days.dates[-1])[:4]}",
        },
    }
