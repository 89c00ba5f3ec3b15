"""Run the code samples the pages show and save what they printed, for the pages to quote.

    .venv/bin/python scripts/save_example_results.py

Writes scripts/results/<example>.json. tests/unit/test_examples.py runs the samples again and fails if a saved
result no longer matches, so a page cannot quote a stale value.
"""

import importlib
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from tfvisual.paths import RESULTS_DIR  # noqa: E402

# result file name -> module with a results() function
EXAMPLES = {
    "eager-and-graph": "tfvisual.examples.eager_and_graph",
    "tracing": "tfvisual.examples.tracing",
    "variables-in-functions": "tfvisual.examples.variables_in_functions",
    "session-runs": "tfvisual.graphs.sessions",
}


def main() -> None:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    for name, module in EXAMPLES.items():
        path = RESULTS_DIR / f"{name}.json"
        path.write_text(json.dumps(importlib.import_module(module).results(), indent=2, sort_keys=True) + "\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
