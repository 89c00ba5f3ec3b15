"""Variables and `tf.function`, run: a variable created in the function's body makes its very first call fail (the
first trace creates it, and TensorFlow traces again for a version that must create none); a write whose result
nothing uses still runs inside `tf.function` (automatic control dependencies), and does not run in a TensorFlow 1
Session unless a fetch needs it or a control dependency is written."""

import tensorflow as tf

# --8<-- [start:created_inside]
traced = []


@tf.function
def scale(v):
    traced.append(tuple(v.shape))  # plain Python: runs once per trace
    factor = tf.Variable(2.0)  # a new variable every time this line runs
    return v * factor


try:
    scale(tf.constant([1.0, 2.0]))  # the very first call
    error_message = None
except ValueError as error:
    error_message = str(error)
# --8<-- [end:created_inside]


# --8<-- [start:created_once]
class Scale(tf.Module):
    def __init__(self):
        self.factor = None

    @tf.function
    def __call__(self, v):
        if self.factor is None:  # plain Python: true on the first trace only
            self.factor = tf.Variable(2.0)
        return v * self.factor


scale_once = Scale()
scaled = [scale_once(tf.constant([1.0, 2.0])), scale_once(tf.constant([1.0, 2.0, 3.0]))]
# --8<-- [end:created_once]


# --8<-- [start:automatic_control_dependencies]
calls = tf.Variable(0)
inputs = [1.0, 2.0, 3.0]


@tf.function
def double_and_count(v):
    calls.assign_add(1)  # nothing uses its result, and it still runs, in program order
    return v * 2


for value in inputs:
    double_and_count(tf.constant(value))
# --8<-- [end:automatic_control_dependencies]


# --8<-- [start:tf1_control_dependencies]
def tf1_double_and_count(write_the_dependency: bool) -> int:
    graph = tf.Graph()
    with graph.as_default():
        v = tf.compat.v1.placeholder(tf.float32, name="v")
        calls = tf.compat.v1.Variable(0, name="calls")
        count = calls.assign_add(1)  # an op in the graph, which no fetch below needs
        if write_the_dependency:
            with tf.control_dependencies([count]):  # written by hand: "run count before doubled"
                doubled = v * 2
        else:
            doubled = v * 2
    with tf.compat.v1.Session(graph=graph) as session:
        session.run(calls.initializer)
        for value in inputs:
            session.run(doubled, feed_dict={v: value})
        return int(session.run(calls))


# --8<-- [end:tf1_control_dependencies]


def tensorflow_message(message: str) -> str:
    """The first sentence of TensorFlow's own message, the last line of an error AutoGraph has wrapped in the
    traceback of the user's code."""
    last = [line.strip() for line in message.splitlines() if line.strip()][-1]
    return last.removeprefix("ValueError: ").split(". ")[0] + "."


def control_inputs_of(fn, *args) -> dict[str, list[str]]:
    """op type -> the types of the ops it waits for by control edges, in a traced graph (only ops that wait)."""
    graph = fn.get_concrete_function(*args).graph
    return {op.type: sorted(c.type for c in op.control_inputs) for op in graph.get_operations() if op.control_inputs}


def results() -> dict:
    """What the pages quote, saved by scripts/save_example_results.py."""
    return {
        "created_inside": {
            "traces": len(traced),
            "traced_for": "; ".join(str(shape) for shape in traced),
            "error": None if error_message is None else tensorflow_message(error_message),
        },
        "created_once": {
            "shapes": len(scaled),
            "traces": scale_once.__call__.experimental_get_tracing_count(),
            "variables": len(scale_once.variables),
        },
        "automatic": {
            "calls": len(inputs),
            "counted": int(calls.numpy()),
            "control_inputs": control_inputs_of(double_and_count, tf.constant(1.0)),
        },
        "tf1": {"counted": tf1_double_and_count(False), "counted_with_dependency": tf1_double_and_count(True)},
    }
