"""Save the days the "Weather memory" demo steps through, with the baselines it compares the RNN with.

    .venv/bin/python scripts/save_weather_days.py

Writes scripts/results/site-data/weather-days.json (served at data/weather-days.json): every 2015 test day and
the days of 2014 its first windows reach back to (the window length comes from the model card), the Markov
chain's P(wet tomorrow | today) counted on the training years, and the rules for a reader's edits (the
training years' median wet-day precipitation, the measured range of each measurement). Deterministic, instant.
tests/unit/test_weather_days.py recomputes it and fails if the saved file is stale.
"""

import json

from tfvisual.data import weather
from tfvisual.paths import MODELS_DIR
from tfvisual.site.data_files import SITE_DATA_DIR
from tfvisual.weather_baselines import demo_days

RESULT = SITE_DATA_DIR / "weather-days.json"
MODEL_CARD = MODELS_DIR / "weather-simple-rnn" / "card.json"


def main() -> None:
    window = json.loads(MODEL_CARD.read_text())["input"]["window"]
    record = demo_days(weather.load_days(), window)
    SITE_DATA_DIR.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n")
    days = record["days"]["date"]
    print(f"{len(days)} days, {days[0]} to {days[-1]}; wet day gets {record['edits']['wet_precipitation_mm']} mm")
    print(f"wrote {RESULT}")


if __name__ == "__main__":
    main()
