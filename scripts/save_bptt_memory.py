"""Measure the memory backpropagation through time needs: TensorFlow's peak bytes while it runs a recurrent While loop
of T steps forward only, forward and backward through all T steps, and in truncated windows.

    .venv/bin/python scripts/save_bptt_memory.py      # about 20 seconds

The cell, the three ways of running it and the measurement are in src/tfvisual/bptt_memory.py. Writes
scripts/results/bptt-memory.json, which the "Backpropagation through time" page quotes;
tests/unit/test_bptt_memory.py holds the page's sentences to it.
"""

import json
import os
import time

# Before TensorFlow starts: its CPU allocator keeps statistics (for get_memory_info) only when asked at start-up,
# and this asks for the BFC allocator, which keeps them.
os.environ["TF_CPU_ALLOCATOR_USE_BFC"] = "true"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from tfvisual.bptt_memory import BATCH, FEATURES, UNITS, WINDOW, measure  # noqa: E402
from tfvisual.machine import describe_tensorflow_machine  # noqa: E402
from tfvisual.paths import RESULTS_DIR  # noqa: E402

RESULT = RESULTS_DIR / "bptt-memory.json"
BYTES_PER_FLOAT32 = 4


def per_step(rows: list[dict], key: str) -> float:
    """Bytes per step: the slope of a least-squares line through (T, peak bytes)."""
    steps = np.array([row["steps"] for row in rows], dtype=float)
    return float(np.polyfit(steps, [row[key] for row in rows], 1)[0])


def main() -> None:
    started = time.perf_counter()
    measured = measure()
    rows = measured["rows"]
    first, last = rows[0], rows[-1]
    state_bytes = BATCH * UNITS * BYTES_PER_FLOAT32
    full_per_step = per_step(rows, "full_peak_bytes")
    result = {
        "config": {"batch": BATCH, "units": UNITS, "features": FEATURES, "window": WINDOW, "dtype": "float32"},
        "what": (
            "peak bytes TensorFlow's CPU allocator held during one call, beyond what it held before (the inputs): "
            "forward = the While loop alone; full = the loop under a GradientTape and the gradient of the sum of h_T "
            "with respect to W, U and b; truncated = the same steps in windows, each differentiated on its own"
        ),
        "repeats": measured["repeats"],
        "rows": rows,
        "by_steps": {str(row["steps"]): row for row in rows},
        "saved_per_step": measured["saved_per_step"],
        "summary": {
            "state_bytes": state_bytes,
            "full_bytes_per_step": full_per_step,
            "full_bytes_per_100_steps": 100 * full_per_step,
            # How many float32 states (batch x units) one more step costs the full backward pass.
            "full_states_per_step": full_per_step / state_bytes,
            # What the loop pushes per step, and the part of it the step computes (the rest are references).
            "pushed_bytes_per_step": measured["saved_per_step"]["bytes"],
            "computed_bytes_per_step": measured["saved_per_step"]["computed_bytes"],
            "pushed_tensors_per_step": len(measured["saved_per_step"]["tensors"]),
            "steps_ratio": last["steps"] / first["steps"],
            **{
                f"{name}_growth": last[f"{name}_peak_bytes"] / first[f"{name}_peak_bytes"]
                for name in ("forward", "full", "truncated")
            },
        },
        "seconds": time.perf_counter() - started,
        "machine": describe_tensorflow_machine(),
        "versions": {"tensorflow": tf.__version__, "numpy": np.__version__},
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    for row in rows:
        print(
            f"T = {row['steps']:5}: forward {row['forward_peak_bytes'] / 1e6:8.2f} MB, full "
            f"{row['full_peak_bytes'] / 1e6:8.2f} MB, truncated {row['truncated_peak_bytes'] / 1e6:8.2f} MB"
        )
    print(json.dumps(result["saved_per_step"], indent=1))
    print(json.dumps(result["summary"], indent=1), f"\n{result['seconds']:.0f} s; wrote {RESULT}")


if __name__ == "__main__":
    main()
