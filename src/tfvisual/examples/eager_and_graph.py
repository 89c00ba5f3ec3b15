"""Eager execution vs a traced graph: the same Python function run both ways; when tf.function traces again;
and how AutoGraph turns a Python loop over tensors into a loop inside the graph."""

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


# --8<-- [start:retracing]
traced_for = []


@tf.function
def double(v):
    traced_for.append(f"{v.dtype.name} {tuple(v.shape)}")  # plain Python: runs only while tracing
    return v * 2


double(tf.constant([1.0, 2.0]))  # first call: traces a graph for float32 tensors of shape (2,)
double(tf.constant([3.0, 4.0]))  # same dtype and shape: reuses that graph, no tracing
double(tf.constant([1.0, 2.0, 3.0]))  # a new shape: traces a second graph
double(tf.constant([1, 2]))  # a new dtype (int32): traces a third
# --8<-- [end:retracing]


# --8<-- [start:autograph]
@tf.function
def halve_until_below_one(v):
    while tf.reduce_max(v) >= 1.0:  # a Python `while` on a tensor: AutoGraph makes it a loop in the graph
        v = v / 2
    return v


halved = halve_until_below_one(tf.constant([5.0, 3.0]))
loop_graph = halve_until_below_one.get_concrete_function(tf.constant([5.0, 3.0])).graph
loop_ops = [op.type for op in loop_graph.get_operations()]
# --8<-- [end:autograph]


def results() -> dict:
    """What the page quotes, saved by scripts/save_example_results.py."""
    return {
        "eager_result": float(eager_result),
        "graph_result": float(graph_result),
        "ops": ", ".join(ops),
        "traces": len(traced_for),
        "traced_for": "; ".join(traced_for),
        "halved": ", ".join(f"{value:g}" for value in halved.numpy()),
        "loop_op": next(op for op in loop_ops if "While" in op),
    }
