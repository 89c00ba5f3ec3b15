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
Python side: trace a function, walk the ops of its graph, print the GraphDef TensorFlow stores, look inside a
SavedModel, run the same computation TensorFlow-1 style in a `Session` with `feed_dict` (and count what each run
executes), see when a loop is a `While` rather than a `StatelessWhile`, and watch `tf.function` trace again for a
new input signature.
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
## What a SavedModel stores

`tf.saved_model.save` writes `saved_model.pb`, a `SavedModel` protocol buffer holding a `MetaGraphDef`: a GraphDef
plus what is needed to use it (its tags, its signatures, the saved objects). The graph itself is mostly calls; the
traced body of each `tf.function` is a `FunctionDef` in the GraphDef's function *library*, with its own `node_def`s.
""",
    ),
    (
        "code",
        """
import pathlib
import tempfile

from tensorflow.core.protobuf import saved_model_pb2


class Dense(tf.Module):
    def __init__(self):
        self.W, self.b = W, b

    @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32, name="x")])
    def __call__(self, x):
        return tf.nn.relu(tf.matmul(x, self.W) + self.b)


folder = pathlib.Path(tempfile.mkdtemp()) / "dense"
tf.saved_model.save(Dense(), str(folder))
saved = saved_model_pb2.SavedModel()
saved.ParseFromString((folder / "saved_model.pb").read_bytes())
(meta,) = saved.meta_graphs  # one MetaGraphDef
print("tags:", list(meta.meta_info_def.tags), "| signatures:", list(meta.signature_def))
print(f"its GraphDef: {len(meta.graph_def.node)} nodes, {len(meta.graph_def.library.function)} FunctionDefs")
for function in meta.graph_def.library.function:
    types = sorted({node.op for node in function.node_def})
    print(f"  {function.signature.name}: {len(function.node_def)} nodes ({', '.join(types)})")
# The traced body of __call__ is among them: a FunctionDef with the layer's MatMul and Relu.
assert any({"MatMul", "Relu"} <= {node.op for node in f.node_def} for f in meta.graph_def.library.function)
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
What does each `session.run` execute? TensorFlow's step statistics (`RunMetadata`, asked for with a full trace)
list every node the run executed. The second run executes the variables' `VarHandleOp`s again: a run executes
every op its fetches need, and only the variables' values persist from one run to the next. (The fed placeholder
`x` is replaced by the fed value, a node named `_arg_x_…`; `_SOURCE` and `_retval_…` are the executor's own.)
With TensorFlow's graph optimiser (Grappler) on, as by default, `MatMul` and `add` are missing from the second run:
they were fused into `y` before it ran. Turned off, the run executes the pruned graph as written.
""",
    ),
    (
        "code",
        """
def executed(session, fetches, feed_dict=None):
    options = tf.compat.v1.RunOptions(trace_level=tf.compat.v1.RunOptions.FULL_TRACE)
    metadata = tf.compat.v1.RunMetadata()
    session.run(fetches, feed_dict=feed_dict, options=options, run_metadata=metadata)
    return sorted(node.node_name for device in metadata.step_stats.dev_stats for node in device.node_stats)


for grappler in (True, False):
    config = tf.compat.v1.ConfigProto()
    config.graph_options.rewrite_options.disable_meta_optimizer = not grappler
    with tf.compat.v1.Session(graph=graph, config=config) as session:
        first = executed(session, init)
        second = executed(session, y, {x: batch})
    print("Grappler", "on:" if grappler else "off:")
    print("  session.run(init):", first)
    print("  session.run(y):   ", second)
    assert {"W", "b"} <= set(first) & set(second)  # the VarHandleOps ran in both
""",
    ),
    (
        "markdown",
        """
## Stateful and stateless loops: While or StatelessWhile

AutoGraph turns a Python loop over a tensor into a loop op. It is a `StatelessWhile` when its body touches no
state, and a `While` when it does, for example by reading a variable:
""",
    ),
    (
        "code",
        """
step = tf.Variable(0.5)


def loop_type(fn):
    graph = fn.get_concrete_function(tf.TensorSpec([], tf.float32)).graph
    return [op.type for op in graph.get_operations() if "While" in op.type]


@tf.function
def count_down(v):
    while v > 0:
        v -= 1.0  # a constant step: nothing stateful in the body
    return v


@tf.function
def count_down_by_variable(v):
    while v > 0:
        v -= step  # reads a variable in every iteration
    return v


print("constant step:", loop_type(count_down))
print("variable step:", loop_type(count_down_by_variable))
assert loop_type(count_down) == ["StatelessWhile"] and loop_type(count_down_by_variable) == ["While"]
""",
    ),
    (
        "markdown",
        """
## Retracing

A concrete function serves one input signature: the dtype and shape of each tensor argument, and the value of each
plain Python argument. A call with a new signature traces again; the Python `print` runs only while tracing, so it
shows each trace.
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
    (
        "markdown",
        """
With `reduce_retracing=True`, a function called with a second shape traces once more, for a shape with the
differing dimension unknown (`None`), and that graph serves every later length:
""",
    ),
    (
        "code",
        """
@tf.function(reduce_retracing=True)
def double_relaxed(v):
    print("tracing for", v.dtype.name, tuple(v.shape))
    return v * 2


for length in (2, 3, 4, 5):
    double_relaxed(tf.ones([length]))
print("traces:", double_relaxed.experimental_get_tracing_count())
assert double_relaxed.experimental_get_tracing_count() == 2
""",
    ),
]


def build():
    return notebooks.build(CELLS)


def main() -> None:
    notebooks.command_line(__doc__, CELLS, NOTEBOOK)


if __name__ == "__main__":
    main()
