"""How far back can a SimpleRNN, an LSTM and a GRU remember? Train each on "recall the symbol k steps back".

    nice .venv/bin/python scripts/train_memory_task.py      # under 3 minutes on 2 cores

The task and the models are in src/tfvisual/memory_task.py: random symbols, one per step; after the last step,
name the symbol seen k steps before it (chance: 1 / symbols). For every k and cell, one model per seed is trained
on the same budget of fresh sequences and scored on held-out sequences drawn with another seed.

Then, at the largest k the LSTM solves with its first seed, the gradient of the loss with respect to each input step
(tf.GradientTape) is measured for each cell before training (the same initial weights) and after: what training
does to the gradient that reaches the symbol to recall.

Writes scripts/results/memory-task.json (sorted keys, rounded floats), which the "Backpropagation through time"
page quotes and src/tfvisual/figures/memory_task.py draws.
"""

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402

from tfvisual.machine import describe_tensorflow_machine  # noqa: E402
from tfvisual.memory_task import (  # noqa: E402
    CELLS,
    TEST_SEED,
    MemoryTaskConfig,
    build_model,
    correct_count,
    gradient_norms,
    held_out_seed,
    make_sequences,
    train,
    versions,
)
from tfvisual.paths import RESULTS_DIR  # noqa: E402
from tfvisual.weather_baselines import wilson_interval  # noqa: E402

K_VALUES = (1, 4, 8, 16, 24)
SEEDS = (1, 2)
# A trained model "solves" a k when its held-out accuracy reaches this.
SOLVED = 0.9
GRADIENT_SEQUENCES = 256


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--k", type=int, nargs="+", default=list(K_VALUES), help="how many steps back to recall")
    parser.add_argument(
        "--seeds", type=int, nargs="+", default=list(SEEDS), help="the first one's models give the gradients"
    )
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "memory-task.json")
    return parser.parse_args()


def rounded(value):
    """Floats to 6 significant digits (gradient norms span many orders of magnitude), so reruns diff cleanly."""
    if isinstance(value, float):
        return float(f"{value:.6g}")
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(item) for item in value]
    return value


def accuracy_record(correct: list[int], n: int, seconds: list[float], chance: float) -> dict:
    """Per-seed accuracies with Wilson intervals, and their mean with the Wilson interval of all seeds pooled."""
    accuracies = [c / n for c in correct]
    return {
        "correct_per_seed": correct,
        "accuracy_per_seed": accuracies,
        "interval_95_per_seed": [list(wilson_interval(c, n)) for c in correct],
        # Every seed is scored on the same number of sequences, so the pooled accuracy is the mean over seeds.
        "mean": sum(correct) / (n * len(correct)),
        "min": min(accuracies),
        "max": max(accuracies),
        "interval_95": list(wilson_interval(sum(correct), n * len(correct))),
        "chance": chance,
        "training_seconds_per_seed": seconds,
    }


def sweep(config: MemoryTaskConfig, ks: list[int], seeds: list[int]) -> tuple[dict, dict]:
    """Accuracy records per cell and k, and the first seed's (initial, trained) weights per cell and k."""
    accuracy = {cell: {} for cell in CELLS}
    weights = {}
    for k in ks:
        x_test, y_test = make_sequences(k, config.test_sequences, held_out_seed(k), config.length, config.symbols)
        for cell in CELLS:
            correct, seconds = [], []
            for seed in seeds:
                keras.utils.set_random_seed(seed)
                model = build_model(cell, config, seed)
                initial = model.get_weights()
                start = time.perf_counter()
                train(model, config, k, seed)
                seconds.append(time.perf_counter() - start)
                correct.append(correct_count(model, x_test, y_test))
                if seed == seeds[0]:
                    weights[cell, k] = (initial, model.get_weights())
            accuracy[cell][str(k)] = accuracy_record(correct, config.test_sequences, seconds, 1 / config.symbols)
            print(f"k={k:3} {cell:10} accuracy per seed {[c / config.test_sequences for c in correct]}", flush=True)
    return accuracy, weights


def solved_ks(records: dict) -> list[int]:
    """The k a cell solves with every seed."""
    return sorted(int(k) for k, record in records.items() if record["min"] >= SOLVED)


def largest_k_solved_by_any_seed(records: dict) -> int | None:
    return max((int(k) for k, record in records.items() if record["max"] >= SOLVED), default=None)


def largest_k_solved_by_first_seed(records: dict, fallback: int) -> int:
    """Where the gradients are measured: the largest k the first seed's model solves (its weights are kept)."""
    return max((int(k) for k, record in records.items() if record["accuracy_per_seed"][0] >= SOLVED), default=fallback)


def gradients(config: MemoryTaskConfig, k: int, weights: dict) -> dict:
    """Gradient norms per input step for each cell, with its initial weights and with its trained ones."""
    x, y = make_sequences(k, GRADIENT_SEQUENCES, held_out_seed(k), config.length, config.symbols)
    curves = {}
    for cell in CELLS:
        model = build_model(cell, config, seed=0)  # the weights are replaced just below
        curve = {}
        for name, values in zip(("untrained", "trained"), weights[cell, k], strict=True):
            model.set_weights(values)
            norms = gradient_norms(model, x, y)
            curve[name] = norms
            # Far over near: the gradient reaching the symbol to recall (j = k) against the last input's (j = 0).
            curve[f"{name}_target_over_last"] = norms[k] / norms[0]
        curves[cell] = curve
    return {
        "k": k,
        "sequences": GRADIENT_SEQUENCES,
        "what": (
            "curves[cell][state][j]: mean over held-out sequences of the norm of d loss / d x at the input j steps "
            "before the last one; loss = cross-entropy on the symbol k steps back; untrained = the same initial "
            "weights the trained model started from"
        ),
        "curves": curves,
    }


def main() -> None:
    args = parse_args()
    script_start, script_cpu_start = time.perf_counter(), time.process_time()
    # Other jobs on the machine slow the wall clock, not the CPU time: both are saved, with the load seen at start.
    load_at_start = os.getloadavg()
    config = MemoryTaskConfig()
    # The same seed gives the same weights and the same numbers on the same machine (see machine below).
    tf.config.experimental.enable_op_determinism()
    accuracy, weights = sweep(config, args.k, args.seeds)
    gradient_k = largest_k_solved_by_first_seed(accuracy["lstm"], min(args.k))
    gradient_curves = gradients(config, gradient_k, weights)
    training_seconds = sum(
        sum(r["training_seconds_per_seed"]) for records in accuracy.values() for r in records.values()
    )
    result = {
        "config": {**config.to_dict(), "cells": list(CELLS), "k_values": args.k, "seeds": args.seeds},
        "test_seed": TEST_SEED,
        "chance": 1 / config.symbols,
        "solved_threshold": SOLVED,
        "accuracy": accuracy,
        "gradients": gradient_curves,
        "summary": {
            "k_solved_every_seed": {cell: solved_ks(accuracy[cell]) for cell in CELLS},
            "largest_k_solved_every_seed": {cell: max(solved_ks(accuracy[cell]), default=None) for cell in CELLS},
            "largest_k_solved_by_any_seed": {cell: largest_k_solved_by_any_seed(accuracy[cell]) for cell in CELLS},
            # The largest k whose pooled interval lies wholly above chance: some memory, if not enough to solve it.
            "largest_k_above_chance": {
                cell: max(
                    (int(k) for k, r in accuracy[cell].items() if r["interval_95"][0] > r["chance"]), default=None
                )
                for cell in CELLS
            },
            "gradient_k": gradient_k,
            "gradient_target_over_last": {
                cell: {
                    state: gradient_curves["curves"][cell][f"{state}_target_over_last"]
                    for state in ("untrained", "trained")
                }
                for cell in CELLS
            },
        },
        "training_seconds": training_seconds,
        "wall_seconds": time.perf_counter() - script_start,
        "cpu_seconds": time.process_time() - script_cpu_start,
        "load_average_at_start": list(load_at_start),
        "machine": describe_tensorflow_machine(),
        "versions": versions(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rounded(result), indent=2, sort_keys=True) + "\n")
    print(json.dumps(rounded(result["summary"]), indent=2, sort_keys=True))
    print(
        f"training {training_seconds:.1f} s, whole script {result['wall_seconds']:.1f} s wall, "
        f"{result['cpu_seconds']:.1f} s CPU (load at start {load_at_start[0]:.1f}); wrote {args.out}"
    )


if __name__ == "__main__":
    main()
