"""Score the weather baselines and the exported weather RNNs on 2015, with block-bootstrap intervals. Trains nothing.

    .venv/bin/python scripts/save_weather_scores.py      # about 15 s on 2 cores (TensorFlow's import is most of it)

Writes
* scripts/results/weather-baselines.json: climatology, always dry, persistence, the Markov chain and logistic
  regression (numpy only; scripts/train_weather_rnn.py writes the same file with the same function before it
  trains);
* scripts/results/weather-comparisons.json: the committed SimpleRNN and GRU (models/weather-*/, their weights as
  exported) scored on the same days, and every paired comparison the recurrent-networks page draws, with 10-day
  blocks and, to show the verdicts do not hang on that choice, with 1 (single days), 7 and 14.

The models' test forecasts are recomputed from the exported weights and checked against their cards' scores, so
a stale or mismatched export fails here. tests/unit/test_weather_scores.py recomputes both files.
"""

from tfvisual import export
from tfvisual import weather_baselines as baselines
from tfvisual.data import weather
from tfvisual.paths import MODELS_DIR, RESULTS_DIR
from tfvisual.weather_comparisons import MODELS, compare_models, exported_probabilities

BASELINES = RESULTS_DIR / "weather-baselines.json"
COMPARISONS = RESULTS_DIR / "weather-comparisons.json"


def main() -> None:
    days = weather.load_days()
    base = baselines.compute_baselines(days)
    probabilities, cards = {}, {}
    for cell, folder in MODELS.items():
        probabilities[cell], cards[cell] = exported_probabilities(MODELS_DIR / folder, days)
    record = compare_models(days, base, probabilities, cards)
    for cell, model in record["models"].items():
        card_test = cards[cell]["metrics"]["test"]
        if model["test"]["correct"] != card_test["correct"] or abs(model["test"]["brier"] - card_test["brier"]) > 1e-5:
            raise RuntimeError(f"{MODELS[cell]}: the exported weights do not give the card's test scores")
    export.write_json(BASELINES, baselines.public(base))
    export.write_json(COMPARISONS, record)
    for name, comparison in record["comparisons"].items():
        verdicts = ", ".join(
            f"{metric} {comparison[metric]['difference']:+.4f} {comparison[metric]['ci95']}"
            + (" beyond noise" if comparison[metric]["beyond_noise"] else "")
            for metric in ("accuracy", "brier", "log_loss")
        )
        print(f"{name}: {verdicts}")
    print(f"same verdicts with 7- and 14-day blocks: {record['same_verdicts_with_7_and_14_day_blocks']}")
    print(f"wrote {BASELINES} and {COMPARISONS}")


if __name__ == "__main__":
    main()
