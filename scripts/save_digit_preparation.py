"""Measure where MNIST's digits have their centre of mass, next to what the digit demo's preprocessing does.

    .venv/bin/python scripts/save_digit_preparation.py

Writes scripts/results/digit-preparation.json, which the "Draw a digit" page quotes.
tests/unit/test_digit_preparation.py measures again and fails if the saved numbers are stale.
"""

import json

from tfvisual.examples.digit_preparation import results
from tfvisual.paths import RESULTS_DIR

RESULT = RESULTS_DIR / "digit-preparation.json"


def main() -> None:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(results(), indent=2, sort_keys=True) + "\n")
    print(f"wrote {RESULT}")


if __name__ == "__main__":
    main()
