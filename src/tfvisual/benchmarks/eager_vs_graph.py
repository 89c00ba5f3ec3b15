"""What a graph saves: the same chain of ops run eagerly and inside `tf.function`.

Eagerly, Python hands every op to the C++ runtime one at a time and waits for its result, so each op pays a
fixed cost (the Python call, finding the kernel, allocating the output) on top of its arithmetic. A traced
graph is handed over once and the runtime runs all of its ops without coming back to Python. So the gain
depends on the work: a long chain of tiny ops is nearly all fixed cost, a few big matrix multiplies are
nearly all arithmetic. The "TensorFlow and Keras" page shows both chains and the timings that
scripts/bench_eager_vs_graph.py measured; tests/unit/test_eager_vs_graph.py checks both ways agree.
"""

import statistics
import time
from collections.abc import Callable

import numpy as np
import tensorflow as tf

SMALL_STEPS = 100  # multiply-then-add steps: 200 ops on 16 numbers each
SMALL_SIZE = 16
BIG_STEPS = 3  # matrix multiplies of 512 x 512 matrices
BIG_SIZE = 512


# --8<-- [start:chains]
def many_small_ops(x: tf.Tensor, steps: int = SMALL_STEPS) -> tf.Tensor:
    """A long chain of tiny ops: each step is one multiply and one add on a handful of numbers."""
    for _ in range(steps):  # a plain Python loop: tracing unrolls it into 2 × steps ops
        x = x * 0.99 + 0.01
    return x


def few_big_ops(x: tf.Tensor, w: tf.Tensor, steps: int = BIG_STEPS) -> tf.Tensor:
    """A short chain of big ops: each step is one matrix multiply, millions of multiply-adds."""
    for _ in range(steps):
        x = tf.linalg.matmul(x, w)
    return x


# --8<-- [end:chains]


def inputs(small_size: int = SMALL_SIZE, big_size: int = BIG_SIZE, seed: int = 0) -> dict[str, tf.Tensor]:
    rng = np.random.default_rng(seed)
    return {
        "small": tf.constant(rng.random(small_size, dtype=np.float32)),
        "big": tf.constant(rng.standard_normal((big_size, big_size), dtype=np.float32)),
        # Scaled by 1/sqrt(n), so repeated products keep values of the same size instead of overflowing.
        "weights": tf.constant(
            rng.standard_normal((big_size, big_size), dtype=np.float32) / np.float32(np.sqrt(big_size))
        ),
    }


def traced_op_count(graph_fn, *args) -> int:
    """The ops that do arithmetic in the traced graph: all but the inputs, constants and the returned value."""
    plumbing = {"Placeholder", "Const", "Identity", "NoOp"}
    graph = graph_fn.get_concrete_function(*args).graph
    return sum(op.type not in plumbing for op in graph.get_operations())


def median_seconds_interleaved(runs: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median wall time of each run, after one warm-up call of each.

    The warm-up pays for tracing (graph) and first-call allocation (both), which a program repeating the work
    pays once. The runs take turns, so a burst of load from another process slows all of them alike.
    """
    for run in runs.values():
        run()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def measure(
    small_steps: int = SMALL_STEPS,
    big_steps: int = BIG_STEPS,
    small_size: int = SMALL_SIZE,
    big_size: int = BIG_SIZE,
    repeats: int = 100,
) -> dict:
    """Time both chains eagerly and as a graph. `.numpy()` waits for the result, so all the work is timed."""
    data = inputs(small_size, big_size)
    small_graph = tf.function(many_small_ops)
    big_graph = tf.function(few_big_ops)
    small_args = (data["small"], small_steps)
    big_args = (data["big"], data["weights"], big_steps)
    cases = {
        "small_ops": (many_small_ops, small_graph, small_args, {"steps": small_steps, "size": small_size}),
        "big_ops": (few_big_ops, big_graph, big_args, {"steps": big_steps, "size": big_size}),
    }
    result = {}
    for name, (eager_fn, graph_fn, args, shape) in cases.items():
        seconds = median_seconds_interleaved(
            {
                "eager": lambda eager_fn=eager_fn, args=args: eager_fn(*args).numpy(),
                "graph": lambda graph_fn=graph_fn, args=args: graph_fn(*args).numpy(),
            },
            repeats,
        )
        ops = traced_op_count(graph_fn, *args)
        result[name] = {
            **shape,
            "ops": ops,
            "seconds": seconds,
            "graph_speedup": seconds["eager"] / seconds["graph"],
            # What each op costs in both modes; the difference is what running them as one graph saved per op.
            "eager_seconds_per_op": seconds["eager"] / ops,
            "saved_seconds_per_op": (seconds["eager"] - seconds["graph"]) / ops,
        }
    return result
