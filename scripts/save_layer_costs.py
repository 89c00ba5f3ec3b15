"""Count the parameters and multiply-adds of a dense, a locally connected and a convolutional layer.

    .venv/bin/python scripts/save_layer_costs.py

Writes scripts/results/layer-costs.json, which the "Convolutional neural networks" page quotes.
tests/unit/test_layer_costs.py recounts with Keras and fails if the saved numbers are stale.
"""

import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from tfvisual.layer_costs import layer_costs  # noqa: E402
from tfvisual.paths import RESULTS_DIR  # noqa: E402

RESULT = RESULTS_DIR / "layer-costs.json"


def main() -> None:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(layer_costs(), indent=2, sort_keys=True) + "\n")
    print(f"wrote {RESULT}")


if __name__ == "__main__":
    main()
