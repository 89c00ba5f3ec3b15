"""Retrain some of the memory task's runs with their held-out accuracy recorded every 50 steps: how they learn.

    nice .venv/bin/python scripts/save_memory_task_curves.py   # about three minutes on 2 cores; not in make models

The sweep (scripts/train_memory_task.py, its result in scripts/results/memory-task.json) saves only where each run
ends. This script retrains the runs at the k where runs end in between chance and solved (every cell and seed at
k = 8 and 16, by default) exactly as the sweep did, records the accuracy on the way
(src/tfvisual/memory_task_curves.py), checks that each run ends where the sweep's did, and adds what the sweep's
records say about all of its runs (how many end in between, and where). Writes
scripts/results/memory-task-curves.json, which the "Backpropagation through time" page quotes and
src/tfvisual/figures/memory_task.py draws.
"""

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tensorflow as tf  # noqa: E402

from tfvisual.machine import describe_tensorflow_machine  # noqa: E402
from tfvisual.memory_task import CELLS, MemoryTaskConfig, versions  # noqa: E402
from tfvisual.memory_task_curves import EVERY, LEFT_CHANCE, SCORED_SEQUENCES, record_run, summarise  # noqa: E402
from tfvisual.paths import RESULTS_DIR  # noqa: E402

SWEEP = RESULTS_DIR / "memory-task.json"
K_VALUES = (8, 16)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--k", type=int, nargs="+", default=list(K_VALUES), help="the sweep's k values to retrain")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "memory-task-curves.json")
    parser.add_argument(
        "--summarise-only",
        action="store_true",
        help="no training: recompute what is derived from the saved curves (after a change to the summary's code)",
    )
    return parser.parse_args()


def sweep_outcomes(sweep: dict) -> dict:
    """Every run of the sweep sorted by where it ended: solved (>= the threshold), at chance (its 95% interval
    includes chance) or in between."""
    solved, n, chance = sweep["solved_threshold"], sweep["config"]["test_sequences"], sweep["chance"]
    outcomes = {"solved": [], "at_chance": [], "in_between": []}
    for cell in sweep["config"]["cells"]:
        for k, record in sorted(sweep["accuracy"][cell].items(), key=lambda item: int(item[0])):
            for seed, correct, (low, high) in zip(
                sweep["config"]["seeds"], record["correct_per_seed"], record["interval_95_per_seed"], strict=True
            ):
                run = {"cell": cell, "k": int(k), "seed": seed, "accuracy": correct / n}
                if correct / n >= solved:
                    outcomes["solved"].append(run)
                elif low <= chance <= high:
                    outcomes["at_chance"].append(run)
                else:
                    outcomes["in_between"].append(run)
    return outcomes


def sweep_record(sweep: dict) -> dict:
    """What the sweep's saved records say about all of its runs: how many solved, stayed at chance or ended between."""
    outcomes = sweep_outcomes(sweep)
    return {
        "runs": sum(len(runs_of) for runs_of in outcomes.values()),
        "k_values": sweep["config"]["k_values"],
        "largest_k": max(sweep["config"]["k_values"]),
        **{f"{name}_count": len(runs_of) for name, runs_of in outcomes.items()},
        **outcomes,
    }


def main() -> None:
    args = parse_args()
    started = time.perf_counter()
    sweep = json.loads(SWEEP.read_text())
    if args.summarise_only:
        result = json.loads(args.out.read_text())
        result["summary"] = summarise(result["runs"], result["config"]["test_sequences"], sweep["solved_threshold"])
        result["sweep"] = sweep_record(sweep)
        args.out.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
        print(json.dumps(result["summary"], indent=2), f"\nwrote {args.out}")
        return
    config = MemoryTaskConfig()
    if {key: sweep["config"][key] for key in config.to_dict()} != config.to_dict():
        raise SystemExit(f"{SWEEP} is from another configuration: run scripts/train_memory_task.py first")
    tf.config.experimental.enable_op_determinism()  # as the sweep: the same seed trains the same weights
    runs = {}
    for k in args.k:
        for cell in CELLS:
            for index, seed in enumerate(sweep["config"]["seeds"]):
                run = record_run(cell, k, seed, config)
                swept = sweep["accuracy"][cell][str(k)]["correct_per_seed"][index]
                run["sweep_correct"] = swept
                run["reproduces_sweep"] = run["final_correct"] == swept
                runs.setdefault(cell, {}).setdefault(str(k), {})[str(seed)] = run
                print(f"k={k:3} {cell:10} seed {seed}: {run['final_correct']} right (sweep: {swept})", flush=True)
    summary = summarise(runs, config.test_sequences, sweep["solved_threshold"])
    result = {
        "config": {
            **config.to_dict(),
            "k_values": args.k,
            "seeds": sweep["config"]["seeds"],
            "every": EVERY,
            "scored_sequences": SCORED_SEQUENCES,
            "left_chance": LEFT_CHANCE,
            "solved_threshold": sweep["solved_threshold"],
        },
        "runs": runs,
        "sweep": sweep_record(sweep),
        "summary": summary,
        "seconds": time.perf_counter() - started,
        "machine": describe_tensorflow_machine(),
        "versions": versions(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    print(json.dumps(result["summary"], indent=2), f"\n{result['seconds']:.0f} s; wrote {args.out}")


if __name__ == "__main__":
    main()
