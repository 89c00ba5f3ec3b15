"""The SimpleRNN the "Recurrent networks" page traces into two graphs: with `unroll=True` (one copy of the cell's
ops per time step, every copy reading the same variables) and without (a `While` loop whose body is one step).

A module of its own, imported by `tfvisual.graphs.trace` only after the other graphs are traced: creating a Keras
layer advances TensorFlow's process-wide counter of unique names, which those graphs embed
(`__inference_function_232`), so building these layers first would rename them.
"""

import numpy as np
import tensorflow as tf
import tf_keras

# Small enough to read as a graph: 2 units, sequences of 3 time steps of 2 features each.
UNITS, TIME_STEPS, FEATURES = 2, 3, 2
X_PRESET = np.array([[[1.0, 0.0], [0.5, -1.0], [-1.0, 2.0]]], dtype=np.float32)  # one sequence


def small_rnn(unroll: bool) -> tf_keras.layers.SimpleRNN:
    """SimpleRNN(2) with fixed weights (a seeded draw, rounded): h_t = tanh(x_t @ kernel + h_{t-1} @ recurrent_kernel
    + bias) from h_0 = 0; it returns the last state."""
    layer = tf_keras.layers.SimpleRNN(UNITS, unroll=unroll, name="rnn")
    layer.build(tf.TensorShape([None, TIME_STEPS, FEATURES]))
    rng = np.random.default_rng(1)
    layer.set_weights([np.round(rng.uniform(-1, 1, w.shape), 2).astype(np.float32) for w in layer.get_weights()])
    return layer


# --8<-- [start:rnn]
rnn_unrolled = small_rnn(unroll=True)  # the loop over time written out: one copy of the cell's ops per step


@tf.function(input_signature=[tf.TensorSpec([None, TIME_STEPS, FEATURES], tf.float32, name="x")])
def last_state_unrolled(x):
    return rnn_unrolled(x)


rnn_looped = small_rnn(unroll=False)  # the default: a While loop whose body is one step of the cell


@tf.function(input_signature=[tf.TensorSpec([None, TIME_STEPS, FEATURES], tf.float32, name="x")])
def last_state_while(x):
    return rnn_looped(x)


# --8<-- [end:rnn]
