"""TensorFlow's value of every tensor of a flattened graph on its preset inputs, and the order the ops run in.

The flat graph (nested calls inlined, `tfvisual.graphs.flatten`) is imported into a fresh `tf.Graph` and run in
a `tf.compat.v1.Session`: every tensor is fetched in the same run, so each has the one value TensorFlow computed
for it. A captured variable's handle (a `Placeholder` of dtype `resource` in a `tf.function` graph) becomes a
`VarHandleOp` holding the variable's value; a TensorFlow 1 graph already has its own, set by its initializer run.
"""

import heapq

import numpy as np
import tensorflow as tf

from tfvisual.graphs.flatten import Node
from tfvisual.graphs.trace import Traced

UNFETCHABLE = {tf.resource, tf.variant, tf.string}


def is_reference(dtype: tf.DType) -> bool:
    """float32_ref and the like: an edge that carries a reference to a TensorFlow 1 variable's buffer. Like a
    resource handle it stands for the variable, not for one value, so the viewer shows no value on it."""
    return dtype != dtype.base_dtype


def needed_ops(nodes: list[Node], fetches: list[str]) -> set[str]:
    """Every op a run of `fetches` executes: the fetches and, recursively, what they read or wait for."""
    by_name = {n.name: n for n in nodes}
    seen: set[str] = set()
    stack = list(fetches)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        node = by_name[name]
        stack += [t.rsplit(":", 1)[0] for t in node.inputs] + node.control_inputs
    return seen


def run_order(nodes: list[Node], ops: set[str]) -> list[str]:
    """A topological order of `ops` (data and control edges), ties broken by TensorFlow's creation order."""
    index = {n.name: i for i, n in enumerate(nodes)}
    waiting = {}
    consumers: dict[str, list[str]] = {name: [] for name in ops}
    for node in nodes:
        if node.name not in ops:
            continue
        before = {t.rsplit(":", 1)[0] for t in node.inputs} | set(node.control_inputs)
        before &= ops
        waiting[node.name] = len(before)
        for name in before:
            consumers[name].append(node.name)
    ready = [(index[name], name) for name, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, name = heapq.heappop(ready)
        order.append(name)
        for consumer in consumers[name]:
            waiting[consumer] -= 1
            if waiting[consumer] == 0:
                heapq.heappush(ready, (index[consumer], consumer))
    if len(order) != len(ops):
        raise ValueError("the graph has a cycle outside any While loop")
    return order


def runnable_graph_def(traced: Traced, nodes: list[Node]):
    graph_def = tf.compat.v1.GraphDef()
    graph_def.library.CopyFrom(traced.graph.as_graph_def().library)
    for node in nodes:
        node_def = graph_def.node.add()
        node_def.CopyFrom(node.node_def)
        if node.name in traced.variables and node.type == "Placeholder":
            variable = traced.variables[node.name]
            node_def.op = "VarHandleOp"
            for key in list(node_def.attr):
                del node_def.attr[key]
            node_def.attr["dtype"].type = tf.as_dtype(variable.value.dtype).as_datatype_enum
            node_def.attr["shape"].shape.CopyFrom(tf.TensorShape(variable.value.shape).as_proto())
            node_def.attr["shared_name"].s = node.name.encode()
    return graph_def


def compute_values(traced: Traced, nodes: list[Node]):
    """(runs, values, variables_after): for each run its label and op order; tensor name -> value; variable -> value."""
    graph = tf.Graph()
    with graph.as_default():
        tf.graph_util.import_graph_def(runnable_graph_def(traced, nodes), name="")
        handles = {name: graph.get_tensor_by_name(f"{name}:0") for name in traced.variables}
        assigns = []
        reads = {}
        for name, variable in traced.variables.items():
            if is_reference(handles[name].dtype):  # a VariableV2's float32_ref: fetching it reads the variable
                reads[variable.name] = handles[name]
                continue
            reads[variable.name] = tf.raw_ops.ReadVariableOp(resource=handles[name], dtype=variable.value.dtype)
            if "Placeholder" in {n.type for n in nodes if n.name == name}:
                assigns.append(tf.raw_ops.AssignVariableOp(resource=handles[name], value=tf.constant(variable.value)))
    feeds = {graph.get_tensor_by_name(name): value for name, value in traced.inputs.items()}
    values: dict[str, np.ndarray] = {}
    runs = []
    by_name = {n.name: n for n in nodes}
    with tf.compat.v1.Session(graph=graph) as session:
        if assigns:
            session.run(assigns)  # the variables' values when the function is called
        for run in traced.runs:
            # Every op the fetches need, including those an earlier run executed already: a Session.run executes
            # its whole pruned graph again (a variable's op too); only the variables' values persist between runs.
            ops = needed_ops(nodes, run.fetches) if run.fetches is not None else set(by_name)
            order = run_order(nodes, ops)
            tensors = [
                graph.get_tensor_by_name(name)
                for op in order
                for name, dtype, _ in by_name[op].outputs
                if dtype.base_dtype not in UNFETCHABLE and not is_reference(dtype)
            ]
            # One session.run executes every op of the run once: the tensors fetched, the ops with no output
            # (variable updates, NoOp) as targets.
            fed = {name.rsplit(":", 1)[0] for name in traced.inputs}
            targets = [graph.get_operation_by_name(op) for op in order if op not in fed]
            fetched = session.run({"tensors": {t.name: t for t in tensors}, "ops": targets}, feed_dict=feeds)
            values.update(fetched["tensors"])
            runs.append({"label": run.label, "ops": order})
        after = session.run(reads) if reads else {}
    return runs, values, after
