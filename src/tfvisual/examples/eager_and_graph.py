"""Eager execution vs a traced graph: the same Python function run both ways."""

import tensorflow as tf


# --8<-- [start:eager_and_graph]
def scaled_sum(x, w):
    return tf.reduce_sum(x * w)


x = tf.constant([1.0, 2.0, 3.0])
w = tf.constant([0.5, 0.5, 2.0])

# Eager: each op runs as soon as Python reaches it and returns a concrete value.
eager_result = scaled_sum(x, w)

# Graph: tf.function traces the Python once into a dataflow graph of ops, which the C++ runtime then runs
# (and can optimise, place on devices, or save) without going back to Python for each op.
graph_fn = tf.function(scaled_sum)
graph_result = graph_fn(x, w)
ops = [op.type for op in graph_fn.get_concrete_function(x, w).graph.get_operations()]
# --8<-- [end:eager_and_graph]


def results() -> dict:
    """What the page quotes, saved by scripts/save_example_results.py."""
    return {
        "eager_result": float(eager_result),
        "graph_result": float(graph_result),
        "ops": ", ".join(ops),
    }
