"""The functions the "Dataflow graphs" pages trace into graphs. Each one is real TensorFlow code, shown on a page
(by the `--8<--` markers) and exported by `tfvisual.graphs.export` with the inputs it is traced for and the preset
values the viewer starts from.

Weights are fixed numbers (not random draws), so every export, page and test sees the same values.
"""

import numpy as np
import tensorflow as tf
import tf_keras

from tfvisual.examples.eager_and_graph import scaled_sum

# The weights of the dense layer, shared by its TF2 and TF1 versions and by the training step.
W_INIT = np.array([[0.5, -1.0, 0.25], [1.5, 0.75, -0.5]], dtype=np.float32)
B_INIT = np.array([0.1, -0.2, 0.3], dtype=np.float32)
X_PRESET = np.array([[1.0, 2.0], [-1.0, 0.5]], dtype=np.float32)


# --8<-- [start:dense]
W = tf.Variable(W_INIT, name="W")  # state that lives outside any one call of the function
b = tf.Variable(B_INIT, name="b")


@tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32, name="x")])
def dense(x):
    # A graph input (the argument), two captured variables, and three ops on them.
    return tf.nn.relu(tf.matmul(x, W) + b)


# --8<-- [end:dense]


# --8<-- [start:dense_tf1]
def dense_tf1():
    """The same layer as TensorFlow 1 wrote it: build a graph first, then run it in a Session."""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, shape=[None, 2], name="x")  # fed at Session.run
        W = tf.compat.v1.Variable(W_INIT, name="W")  # needs its initializer run before first use
        b = tf.compat.v1.Variable(B_INIT, name="b")
        y = tf.nn.relu(tf.matmul(x, W) + b, name="y")
        init = tf.compat.v1.global_variables_initializer()
    return graph, x, y, init


def run_dense_tf1(x_value):
    graph, x, y, init = dense_tf1()
    with tf.compat.v1.Session(graph=graph) as session:
        session.run(init)  # run 1: assign every variable its initial value
        return session.run(y, feed_dict={x: x_value})  # run 2: feed the placeholder, fetch y


# --8<-- [end:dense_tf1]


# --8<-- [start:dense_tf1_reference]
def dense_tf1_reference_variables():
    """The same graph as TensorFlow 1.x built it by default, with reference variables (VariableV2)."""
    tf.compat.v1.disable_resource_variables()  # TensorFlow 1.x's default: variables are VariableV2 ops
    try:
        return dense_tf1()
    finally:
        tf.compat.v1.enable_resource_variables()  # TensorFlow 2's default again, for everything built after


# --8<-- [end:dense_tf1_reference]


def run_dense_tf1_reference_variables(x_value):
    graph, x, y, init = dense_tf1_reference_variables()
    with tf.compat.v1.Session(graph=graph) as session:
        session.run(init)
        return session.run(y, feed_dict={x: x_value})


def small_keras_model() -> tf_keras.Model:
    """4 inputs -> Dense(3, relu) -> Dense(2, softmax), with fixed weights."""
    model = tf_keras.Sequential(
        [
            tf_keras.Input([4], name="features"),
            tf_keras.layers.Dense(3, activation="relu", name="hidden"),
            tf_keras.layers.Dense(2, activation="softmax", name="output"),
        ],
        name="classifier",
    )
    rng = np.random.default_rng(0)
    model.set_weights([np.round(rng.uniform(-1, 1, w.shape), 2).astype(np.float32) for w in model.get_weights()])
    return model


# --8<-- [start:keras]
model = small_keras_model()
model_call = tf.function(model)  # a tf.function of its own: called from another one, it is a nested call


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32, name="features")])
def classify(features):
    probabilities = model_call(features)  # one StatefulPartitionedCall op, whose body is the model's graph
    return {"probabilities": probabilities, "class": tf.argmax(probabilities, axis=1)}


# --8<-- [end:keras]


# --8<-- [start:training_step]
W_train = tf.Variable(W_INIT, name="W")
b_train = tf.Variable(B_INIT, name="b")
optimizer = tf_keras.optimizers.SGD(learning_rate=0.1)


@tf.function(
    input_signature=[tf.TensorSpec([None, 2], tf.float32, name="x"), tf.TensorSpec([None, 3], tf.float32, name="y")]
)
def training_step(x, y):
    with tf.GradientTape() as tape:  # records the forward ops...
        prediction = tf.nn.relu(tf.matmul(x, W_train) + b_train)
        loss = tf.reduce_mean(tf.square(prediction - y))
    gradients = tape.gradient(loss, [W_train, b_train])  # ...and adds the ops of their gradients
    optimizer.apply_gradients(zip(gradients, [W_train, b_train], strict=False))  # and the ops that update the variables
    return loss


# --8<-- [end:training_step]
Y_PRESET = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 0.5]], dtype=np.float32)


# --8<-- [start:autograph]
@tf.function(input_signature=[tf.TensorSpec([None], tf.float32, name="x")])
def weighted_total(x):
    total = tf.zeros_like(x)
    for i in tf.range(3):  # a Python `for` over a tensor: AutoGraph makes it a While loop in the graph
        total += x * tf.cast(i, tf.float32)
    if tf.reduce_sum(total) > 0:  # a Python `if` on a tensor: AutoGraph makes it an If (cond) op
        doubled = total * 2.0
        total = doubled - 1.0
    else:
        total = -total
    return total


# --8<-- [end:autograph]

scaled_sum_graph = tf.function(
    scaled_sum, input_signature=[tf.TensorSpec([3], tf.float32, name="x"), tf.TensorSpec([3], tf.float32, name="w")]
)
