"""Build docs/notebooks/dataflow-graphs.ipynb from the cells below, execute it and store its outputs.

This file is the notebook's only hand-edited source. Run it after changing a cell (about 15 seconds):

    .venv/bin/python scripts/build_graphs_notebook.py

The site shows the stored outputs; tests/unit/test_notebooks.py executes the notebook again (its asserts are real).
The execution helpers are the kernels notebook's (scripts/build_kernels_notebook.py), so both are built alike.
"""

from tfvisual import notebooks
from tfvisual.paths import REPO_ROOT

NOTEBOOK = REPO_ROOT / "docs" / "notebooks" / "dataflow-graphs.ipynb"

CELLS = [
    (
        "markdown",
        """
# Dataflow graphs from Python

The [graph pages](../../graphs/tensors-ops-graphs/) step through graphs in the browser. This notebook is the
Python side: trace a function, walk the ops of its graph, print the GraphDef TensorFlow stores, run the same
computation TensorFlow-1 style in a `Session` with `feed_dict`, and watch `tf.function` trace again for a new
input signature.
""",
    ),
    (
        "code",
        """
import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"  # keep TensorFlow's C++ start-up messages out of the outputs

import numpy as np
import tensorflow as tf

print("TensorFlow", tf.__version__)
""",
    ),
    (
        "markdown",
        """
## Tracing: a function becomes a graph

`get_concrete_function` traces the function for one input signature and returns the concrete function; its
`.graph` is the dataflow graph. Each op lists its type, its input tensors and its output tensors (dtype and
shape; `None` is a dimension known only when the graph runs).
""",
    ),
    (
        "code",
        """
W = tf.Variable([[0.5, -1.0, 0.25], [1.5, 0.75, -0.5]], name="W")
b = tf.Variable([0.1, -0.2, 0.3], name="b")


@tf.function
def dense(x):
    return tf.nn.relu(tf.matmul(x, W) + b)


concrete = dense.get_concrete_function(tf.TensorSpec([None, 2], tf.float32, name="x"))
for op in concrete.graph.get_operations():
    inputs = ", ".join(t.name for t in op.inputs) or "-"
    outputs = ", ".join(f"{t.dtype.name}{t.shape}" for t in op.outputs) or "-"
    print(f"{op.type:16} {op.name:28} in: {inputs:40} out: {outputs}")
""",
    ),
    (
        "markdown",
        """
The variables appear as `Placeholder`s of dtype `resource`: the function is called with their handles, and
`ReadVariableOp` reads their values. `graph.captures` maps each handle back to the variable it stands for:
""",
    ),
    (
        "code",
        """
variables = {id(v.handle): v for v in (W, b)}
for external, internal in concrete.graph.captures:
    print(f"{internal.op.name:32} -> tf.Variable {variables[id(external)].name}")
""",
    ),
    (
        "markdown",
        """
## The GraphDef

What TensorFlow stores (and a SavedModel saves) is a `GraphDef` protocol buffer: one `node` per op, with its
`op` type, its `input`s by name (`^name` is a control input) and its attributes. Here are the first nodes:
""",
    ),
    (
        "code",
        """
graph_def = concrete.graph.as_graph_def()
print(f"{len(graph_def.node)} nodes")
for node in graph_def.node[:4]:
    print(node)
""",
    ),
    (
        "markdown",
        """
## TensorFlow 1: a placeholder, a variable and a Session

The same layer as TensorFlow 1 wrote it: build the graph first, then run it. The variable has to be initialised
by a first `session.run`; the placeholder gets its value from `feed_dict` in the second.
""",
    ),
    (
        "code",
        """
graph = tf.Graph()
with graph.as_default():
    x = tf.compat.v1.placeholder(tf.float32, shape=[None, 2], name="x")
    W1 = tf.compat.v1.Variable([[0.5, -1.0, 0.25], [1.5, 0.75, -0.5]], name="W")
    b1 = tf.compat.v1.Variable([0.1, -0.2, 0.3], name="b")
    y = tf.nn.relu(tf.matmul(x, W1) + b1, name="y")
    init = tf.compat.v1.global_variables_initializer()

print(sorted({op.type for op in graph.get_operations()}))
batch = np.array([[1.0, 2.0], [-1.0, 0.5]], np.float32)
with tf.compat.v1.Session(graph=graph) as session:
    session.run(init)
    tf1_result = session.run(y, feed_dict={x: batch})
print(tf1_result)
tf2_result = dense(batch).numpy()
assert np.allclose(tf1_result, tf2_result)  # the same arithmetic, TF1 and TF2
""",
    ),
    (
        "markdown",
        """
## Retracing

A concrete function serves one input signature. A call with a new shape or dtype traces again; the Python
`print` runs only while tracing, so it shows each trace.
""",
    ),
    (
        "code",
        """
@tf.function
def double(v):
    print("tracing for", v.dtype.name, tuple(v.shape))
    return v * 2


double(tf.constant([1.0, 2.0]))
double(tf.constant([3.0, 4.0]))  # same signature: no trace
double(tf.constant([1.0, 2.0, 3.0]))  # a new shape
double(tf.constant([1, 2]))  # a new dtype
print("traces:", double.experimental_get_tracing_count())
assert double.experimental_get_tracing_count() == 3
""",
    ),
]


def build():
    return notebooks.build(CELLS)


def main() -> None:
    notebooks.command_line(__doc__, CELLS, NOTEBOOK)


if __name__ == "__main__":
    main()
