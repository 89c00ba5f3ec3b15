"""Measure how much gradient reaches each past input of untrained SimpleRNN, GRU and LSTM cells, and of a SimpleRNN
whose recurrent kernel is scaled up until its gradient explodes.

    .venv/bin/python scripts/save_gradients_through_time.py

Writes scripts/results/gradients-through-time.json (a few seconds, deterministic), which the "Backpropagation
through time" page quotes and src/tfvisual/figures/gradients_through_time.py draws, and
scripts/results/site-data/gradients-through-time.json (served at data/gradients-through-time.json): the cells'
weights and the input sequence, from which the "Gradients through time" demo recomputes the norms in the browser,
and the page's float64 ratios for the scaled SimpleRNN, which the demo shows beside its own float32 ones.
tests/unit/test_gradients_through_time.py recomputes both and fails if the saved files are stale.
"""

import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from tfvisual.gradients_through_time import (  # noqa: E402
    INPUT_SCALES,
    demo_data,
    demo_reference,
    gradients_through_time,
)
from tfvisual.paths import RESULTS_DIR  # noqa: E402
from tfvisual.site.data_files import SITE_DATA_DIR  # noqa: E402

RESULT = RESULTS_DIR / "gradients-through-time.json"
DEMO_DATA = SITE_DATA_DIR / "gradients-through-time.json"


def main() -> None:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    result = gradients_through_time()
    RESULT.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    for name, curve in result["curves"].items():
        print(f"{name:22} {curve['summary']}")
    for inputs_name in INPUT_SCALES:
        for name, curve in result["exploding"][inputs_name].items():
            s = curve["summary"]
            print(
                f"simple_rnn {inputs_name:12} {name:10} far/near {s['ratio_last_over_k0']:9.3g}  "
                f"max {s['norm_max']:9.3g} at k = {s['k_of_max']:2}  per step {s['growth_per_step']:.3f} "
                f"(bound {s['largest_singular_value']:.3f})  mean 1 − h² {s['mean_tanh_slope']:.3f}"
            )
    print(f"wrote {RESULT}")
    SITE_DATA_DIR.mkdir(parents=True, exist_ok=True)
    # Compact (no indentation): the browser downloads it, and no person reads ~5,000 weights. With the page's
    # float64 ratios, which the demo shows beside its own where the reader picks the page's setting.
    shipped = {**demo_data(), "float64_reference": demo_reference(result)}
    DEMO_DATA.write_text(json.dumps(shipped, sort_keys=True, separators=(",", ":")) + "\n")
    print(f"wrote {DEMO_DATA} ({DEMO_DATA.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
