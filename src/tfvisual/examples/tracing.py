"""When `tf.function` traces, counted: one graph serves every length when the signature leaves the length
unknown; a plain Python argument is part of the signature by its value; `reduce_retracing` stops tracing one graph
per shape. Each count is TensorFlow's own (`experimental_get_tracing_count`), not what one expects it to be."""

import tensorflow as tf


# --8<-- [start:unknown_dimension]
@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])  # None: any length
def total(v):
    return tf.reduce_sum(v)


lengths = [2, 3, 5]
for length in lengths:
    total(tf.ones([length]))  # one trace, whose graph runs for every length
# --8<-- [end:unknown_dimension]


# --8<-- [start:python_argument]
@tf.function
def power(v, exponent):  # exponent: a plain Python number, which the graph holds as a constant
    return v**exponent


v = tf.constant([1.0, 2.0])
exponents = [2, 3, 2]
for exponent in exponents:
    power(v, exponent)  # exponent 2 traces, 3 traces again, 2 reuses the first graph
# --8<-- [end:python_argument]


# --8<-- [start:reduce_retracing]
shapes_traced = {"default": [], "reduce_retracing": []}


def total_of(v, traced):
    traced.append(str(tuple(v.shape)))  # plain Python: runs only while tracing
    return tf.reduce_sum(v)


total_default = tf.function(lambda v: total_of(v, shapes_traced["default"]))
total_relaxed = tf.function(lambda v: total_of(v, shapes_traced["reduce_retracing"]), reduce_retracing=True)
relaxed_lengths = [2, 3, 4, 5]
for length in relaxed_lengths:
    total_default(tf.ones([length]))  # a new shape every call: a new graph every call
    total_relaxed(tf.ones([length]))  # the second shape makes it trace once for a shape of unknown length
# --8<-- [end:reduce_retracing]


def results() -> dict:
    """What the pages quote, saved by scripts/save_example_results.py."""
    return {
        "unknown_dimension": {"lengths": lengths, "traces": total.experimental_get_tracing_count()},
        "python_argument": {
            "exponents": ", ".join(str(e) for e in exponents),
            "calls": len(exponents),
            "traces": power.experimental_get_tracing_count(),
        },
        "reduce_retracing": {
            "lengths": ", ".join(str(n) for n in relaxed_lengths),
            "calls": len(relaxed_lengths),
            "default_traces": total_default.experimental_get_tracing_count(),
            "relaxed_traces": total_relaxed.experimental_get_tracing_count(),
            "default_shapes": "; ".join(shapes_traced["default"]),
            "relaxed_shapes": "; ".join(shapes_traced["reduce_retracing"]),
        },
    }
