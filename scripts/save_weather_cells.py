"""Count the parameters of the SimpleRNN, LSTM and GRU cells at the weather models' sizes, from real Keras layers.

    .venv/bin/python scripts/save_weather_cells.py      # a few seconds (TensorFlow's import)

Writes scripts/results/weather-cells.json: for d = 5 input features and the weather GRU's number of units, each
cell's parameter count as Keras counts it, its weights' shapes (kernel = Wᵀ, recurrent_kernel = Uᵀ), the formula
the recurrent-networks page writes and its value, and tf_keras' default for the GRU's reset_after.
tests/unit/test_weather_cells.py recomputes it and checks the page's equations against the layers.
"""

import json

from tfvisual import export
from tfvisual.data.weather import FEATURES
from tfvisual.paths import MODELS_DIR, RESULTS_DIR
from tfvisual.weather_cells import cell_sizes

RESULT = RESULTS_DIR / "weather-cells.json"
GRU_CARD = MODELS_DIR / "weather-gru" / "card.json"


def main() -> None:
    units = json.loads(GRU_CARD.read_text())["hyperparameters"]["units"]
    record = cell_sizes(len(FEATURES), units)
    export.write_json(RESULT, record)
    for cell in record["cells"].values():
        print(f"{cell['keras']:28s} {cell['parameters']:5d} parameters = {cell['formula']} {cell['weights']}")
    print(f"wrote {RESULT}")


if __name__ == "__main__":
    main()
