"""A traced graph as a flat list of ops, with every nested function call replaced by the ops of its body.

A `tf.function` called from another `tf.function` is one `StatefulPartitionedCall` (or `PartitionedCall`) op
whose body lives in the graph's function library. A reader should see what it calls, so its body's ops are
inlined under the call's name (`StatefulPartitionedCall/classifier/hidden/MatMul`): each body argument becomes an
`Identity` of the tensor passed in, and whoever read the call's i-th output reads the body's i-th output instead.
`While` and `If` keep their bodies as functions (they run them a data-dependent number of times, or one of
two), listed separately.

Names TensorFlow numbers from a process-wide counter (captured inputs of nested functions are named `233`,
function bodies `while_body_278`) are renamed to stable names, so two exports write the same bytes.
"""

import re
from dataclasses import dataclass, field

import tensorflow as tf

CALL_OPS = {"StatefulPartitionedCall", "PartitionedCall"}
BODY_ATTRS = ("then_branch", "else_branch", "cond", "body")


@dataclass
class Node:
    name: str
    type: str
    node_def: object  # a NodeDef proto with this node's (renamed) inputs, to rebuild a runnable graph
    inputs: list[str]  # tensor names "op:index"
    control_inputs: list[str]  # op names
    outputs: list[tuple[str, tf.DType, tf.TensorShape]]
    traceback: list = field(default_factory=list)
    function: str | None = None  # the nested function whose body this op came from
    argument_of: str | None = None  # set on the Identity that stands for a body's argument


def _functions_of(graph) -> dict:
    return getattr(graph, "_functions", {})


def _lookup_function(graphs: list, name: str):
    for graph in reversed(graphs):
        if name in _functions_of(graph):
            return _functions_of(graph)[name].graph
    raise KeyError(f"function {name} not found in the graph's library")


def _node_of(op, name: str, inputs: list[str], control_inputs: list[str]) -> Node:
    node_def = tf.compat.v1.NodeDef()
    node_def.CopyFrom(op.node_def)
    node_def.name = name
    del node_def.input[:]
    node_def.input.extend([*inputs, *(f"^{c}" for c in control_inputs)])
    return Node(
        name=name,
        type=op.type,
        node_def=node_def,
        inputs=inputs,
        control_inputs=control_inputs,
        outputs=[(f"{name}:{i}", t.dtype, t.shape) for i, t in enumerate(op.outputs)],
        traceback=list(op.traceback or []),
    )


def flatten(graph) -> list[Node]:
    """The ops of `graph` in TensorFlow's creation order, nested calls inlined (recursively)."""
    nodes: list[Node] = []
    _flatten_into(nodes, graph, [graph], prefix="", tensor_map={}, function=None)
    return nodes


def _flatten_into(nodes, graph, graphs, prefix, tensor_map, function, arguments=None, extra_control=()):
    """Append `graph`'s ops to `nodes`; `tensor_map` maps a tensor name of `graph` to its name in the flat graph."""
    control_map: dict[str, list[str]] = {}  # op name in `graph` -> op names it stands for in the flat graph

    def mapped_tensor(t):
        return tensor_map.get(t.name, t.name)

    def mapped_controls(ops):
        return [name for op in ops for name in control_map.get(op.name, [prefix + op.name])]

    for op in graph.get_operations():
        name = prefix + op.name
        inputs = [mapped_tensor(t) for t in op.inputs]
        controls = mapped_controls(op.control_inputs)
        if arguments is not None and op.type == "Placeholder":
            # A body argument: an Identity of what the caller passed, so data flows straight through.
            index = [t.op for t in graph.inputs].index(op)
            node = _node_of(op, name, [arguments[index]], list(extra_control))
            node.type = "Identity"
            node.node_def.op = "Identity"
            for key in list(node.node_def.attr):
                del node.node_def.attr[key]
            node.node_def.attr["T"].type = op.outputs[0].dtype.as_datatype_enum
            node.argument_of = function
            node.function = function
            nodes.append(node)
            tensor_map[op.outputs[0].name] = f"{name}:0"
            continue
        if op.type in CALL_OPS:
            body = _lookup_function(graphs, op.get_attr("f").name)
            inner_map: dict[str, str] = {}
            inner_start = len(nodes)
            _flatten_into(
                nodes, body, [*graphs, body], f"{name}/", inner_map, name, arguments=inputs, extra_control=controls
            )
            inner = nodes[inner_start:]
            for i, t in enumerate(op.outputs):
                tensor_map[t.name] = inner_map.get(body.outputs[i].name, f"{name}/{body.outputs[i].name}")
            # Waiting for the call means waiting for the body's last ops: those no other op of the body waits for.
            read = {t.rsplit(":", 1)[0] for n in inner for t in n.inputs} | {c for n in inner for c in n.control_inputs}
            control_map[op.name] = [n.name for n in inner if n.name not in read]
            continue
        node = _node_of(op, name, inputs, controls)
        node.function = function
        nodes.append(node)
        for t in op.outputs:
            tensor_map[t.name] = f"{name}:{t.value_index}"
    return nodes


def body_functions(graph) -> dict:
    """name -> FuncGraph of every While/If body the (flattened) graph refers to, recursively."""
    found: dict = {}

    def visit(g, graphs):
        for op in g.get_operations():
            if op.type in CALL_OPS:
                body = _lookup_function(graphs, op.get_attr("f").name)
                visit(body, [*graphs, body])
            for attr in BODY_ATTRS:
                if attr in op.node_def.attr:
                    fname = op.get_attr(attr).name
                    if fname not in found:
                        body = _lookup_function(graphs, fname)
                        found[fname] = body
                        visit(body, [*graphs, body])

    visit(graph, [graph])
    return found


_COUNTED = re.compile(r"^(.*?)_(\d+)$")


def stable_names(nodes: list[Node], functions: dict, variables: dict) -> dict[str, str]:
    """Renames for the names TensorFlow takes from a process-wide counter: numeric op names and function names."""
    renames: dict[str, str] = {}
    for node in nodes:
        base = node.name.rsplit("/", 1)
        # Only a captured input is counted: a Const named `1` (the second element of a Pack) is TensorFlow's
        # name for a position, the same in every export.
        captured = node.type == "Placeholder" or node.argument_of is not None
        if captured and base[-1].isdigit():
            variable = variables.get(node.name)
            label = variable.name.replace("/", "_") if variable else "captured"
            renames[node.name] = f"{base[0]}/{label}_handle" if len(base) == 2 else f"{label}_handle"
    used: set[str] = set()
    for fname in functions:
        match = _COUNTED.match(fname)
        stem = match.group(1) if match else fname
        new, k = stem, 1
        while new in used:
            new, k = f"{stem}_{k}", k + 1
        used.add(new)
        renames[fname] = new
    return renames
