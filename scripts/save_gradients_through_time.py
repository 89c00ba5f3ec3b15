"""Measure how much gradient reaches each past input of untrained SimpleRNN, GRU and LSTM cells.

    .venv/bin/python scripts/save_gradients_through_time.py

Writes scripts/results/gradients-through-time.json (a few seconds, deterministic), which the "Backpropagation
through time" page quotes and src/tfvisual/figures/gradients_through_time.py draws.
tests/unit/test_gradients_through_time.py recomputes the norms and fails if the saved numbers are stale.
"""

import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from tfvisual.gradients_through_time import gradients_through_time  # noqa: E402
from tfvisual.paths import RESULTS_DIR  # noqa: E402

RESULT = RESULTS_DIR / "gradients-through-time.json"


def main() -> None:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    result = gradients_through_time()
    RESULT.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    for name, curve in result["curves"].items():
        print(f"{name:22} {curve['summary']}")
    print(f"wrote {RESULT}")


if __name__ == "__main__":
    main()
