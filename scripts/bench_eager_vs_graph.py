"""Time a chain of many small ops and a chain of a few big ones, eagerly and inside tf.function.

Writes scripts/results/eager-vs-graph.json (median times of warm runs, the machine, library versions), which
the "TensorFlow and Keras" page quotes. About half a minute on 2 cores:

    .venv/bin/python scripts/bench_eager_vs_graph.py
"""

import argparse
import json
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from tfvisual.benchmarks.eager_vs_graph import measure  # noqa: E402
from tfvisual.machine import describe_machine  # noqa: E402
from tfvisual.paths import RESULTS_DIR  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "eager-vs-graph.json")
    parser.add_argument("--repeats", type=int, default=100, help="timed runs of each case (the median is saved)")
    args = parser.parse_args()
    timings = measure(repeats=args.repeats)
    for name, row in timings.items():
        print(
            f"{name}: {row['ops']} ops, eager {row['seconds']['eager'] * 1e3:.3f} ms, "
            f"graph {row['seconds']['graph'] * 1e3:.3f} ms ({row['graph_speedup']:.2f}×)",
            flush=True,
        )
    result = {
        "machine": describe_machine(),
        "versions": {"numpy": np.__version__, "tensorflow": tf.__version__},
        "repeats": args.repeats,
        **timings,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
