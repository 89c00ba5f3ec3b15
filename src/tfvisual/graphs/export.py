"""Write each traced graph as `<name>.json` (what the viewer reads) and `<name>.pbtxt` (TensorFlow's own GraphDef).

The JSON lists every op of the flattened graph (`flatten.py`): its type, the attributes that change what it
computes, its data and control inputs, each output's dtype and shape (`null` for a dimension unknown until
the graph runs), its name scope, the Python line that created it, and its role (input, variable, forward,
gradient, update, ...). Beside the ops: the inputs with their preset values, the variables behind the resource
handles with their values before and after the run, the runs and the order their ops execute in, the bodies of
`While`/`If` ops, and TensorFlow's value of every tensor on the preset inputs (`values.py`).
"""

import json
import linecache
from pathlib import Path

import numpy as np
import tensorflow as tf
from google.protobuf import text_format

from tfvisual.graphs.counts import graph_counts, nested, type_counts
from tfvisual.graphs.descriptions import DESCRIPTIONS
from tfvisual.graphs.flatten import Node, body_functions, flatten, stable_names
from tfvisual.graphs.served import GRAPHS_DIR
from tfvisual.graphs.trace import Traced, traced_graphs
from tfvisual.graphs.values import UNFETCHABLE, compute_values, run_order
from tfvisual.paths import REPO_ROOT, RESULTS_DIR

SOURCE_FILES = (
    "src/tfvisual/graphs/examples.py",
    "src/tfvisual/graphs/rnn_examples.py",
    "src/tfvisual/examples/eager_and_graph.py",
)
SUMMARY = RESULTS_DIR / "dataflow-graphs.json"
BOOKKEEPING_TYPES = {"NoOp", "VarIsInitializedOp"}
HIDDEN_ATTRS = {"value"}  # a Const's value is exported as its output's value instead


class Renamer:
    """Applies `stable_names` to op, tensor and function names."""

    def __init__(self, renames: dict[str, str]):
        self.renames = renames
        self.functions = [(old, new) for old, new in renames.items() if not new.endswith("_handle")]

    def op(self, name: str) -> str:
        if name in self.renames:
            return self.renames[name]
        # Function bodies name their ops after the function (`while_cond_443___redundant_placeholder0`).
        for old, new in self.functions:
            name = name.replace(old, new)
        return name

    def tensor(self, name: str) -> str:
        op, _, index = name.rpartition(":")
        return f"{self.op(op)}:{index}"


def to_list(value) -> object:
    array = np.asarray(value)
    if array.dtype == np.bool_:
        return array.tolist()
    if np.issubdtype(array.dtype, np.integer):
        return array.astype(np.int64).tolist()
    return array.astype(np.float64).round(9).tolist() if array.dtype != np.float32 else array.tolist()


def shape_of(shape: tf.TensorShape):
    return None if shape.rank is None else [d for d in shape.as_list()]


def attr_value(value, renamer: Renamer):
    kind = value.WhichOneof("value")
    if kind == "type":
        return tf.as_dtype(value.type).name
    if kind == "shape":
        return shape_of(tf.TensorShape(value.shape))
    if kind == "func":
        return {"function": renamer.op(value.func.name)}
    if kind == "list":
        items = value.list
        if items.type:
            return [tf.as_dtype(t).name for t in items.type]
        if items.shape:
            return [shape_of(tf.TensorShape(s)) for s in items.shape]
        return list(items.i) or list(items.f) or [s.decode() for s in items.s] or list(items.b)
    if kind == "s":
        return value.s.decode(errors="replace")
    if kind in ("i", "f", "b"):
        return getattr(value, kind)
    return None


def attrs_of(node_def, renamer: Renamer) -> dict:
    return {
        key: attr_value(node_def.attr[key], renamer)
        for key in sorted(node_def.attr)
        if not key.startswith("_") and key not in HIDDEN_ATTRS
    }


def source_of(traceback) -> dict | None:
    """The innermost frame in the example files: the Python line that made the op, if TensorFlow recorded it."""
    for frame in reversed(traceback):
        path = Path(frame.filename)
        try:
            relative = path.resolve().relative_to(REPO_ROOT).as_posix()
        except ValueError:
            continue
        if relative in SOURCE_FILES:
            return {
                "file": relative,
                "line": frame.lineno,
                "code": linecache.getline(frame.filename, frame.lineno).strip(),
            }
    return None


def role_of(node: Node, traced: Traced, run_index: int | None, fed: set[str]) -> str:
    scope = node.name.split("/")[0]
    if node.name in fed:
        return "input"
    if node.name in traced.variables or (node.outputs and node.outputs[0][1] == tf.resource):
        return "variable"
    if run_index is not None and len(traced.runs) > 1 and run_index == 0:
        return "init"
    if scope == "gradient_tape" or node.type == "IdentityN":
        return "gradient"
    if scope == "SGD" or node.type in {"AssignVariableOp", "AssignAddVariableOp"}:
        return "update"
    if node.type == "Const":
        return "constant"
    return "forward"


def is_bookkeeping(node: Node, outputs: set[str], run_index) -> bool:
    return (
        run_index is None
        or node.type in BOOKKEEPING_TYPES
        or node.argument_of is not None
        or (node.type == "Identity" and (node.name in outputs or node.name.endswith("/Identity")))
    )


def op_json(node: Node, renamer: Renamer, **extra) -> dict:
    name = renamer.op(node.name)
    entry = {
        "name": name,
        "type": node.type,
        "scope": name.rpartition("/")[0],
        "inputs": [renamer.tensor(t) for t in node.inputs],
        "control_inputs": sorted(renamer.op(c) for c in node.control_inputs),  # TensorFlow keeps a set
        "outputs": [{"name": renamer.tensor(n), "dtype": d.name, "shape": shape_of(s)} for n, d, s in node.outputs],
        "attrs": attrs_of(node.node_def, renamer),
        "source": source_of(node.traceback),
    }
    if node.type == "Const":
        entry["value"] = to_list(tf.make_ndarray(node.node_def.attr["value"].tensor))
    if node.function:
        entry["function"] = renamer.op(node.function)
    entry.update(extra)
    return entry


def function_json(graph, renamer: Renamer) -> dict:
    nodes = flatten(graph)
    order = run_order(nodes, {n.name for n in nodes})
    return {
        "inputs": [renamer.tensor(t.name) for t in graph.inputs],
        "outputs": [renamer.tensor(t.name) for t in graph.outputs],
        "ops": [op_json(n, renamer) for n in nodes],
        "order": [renamer.op(name) for name in order],
    }


def export_graph(traced: Traced) -> tuple[dict, str]:
    """(the viewer's JSON, the GraphDef as text) for one traced graph."""
    nodes = flatten(traced.graph)
    functions = body_functions(traced.graph)
    renamer = Renamer(stable_names(nodes, functions, traced.variables))
    runs, values, after = compute_values(traced, nodes)
    run_of: dict[str, int] = {}  # op -> the first run that executes it (a later run may execute it again)
    for i, run in enumerate(runs):
        for name in run["ops"]:
            run_of.setdefault(name, i)
    fed = {name.rsplit(":", 1)[0] for name in traced.inputs}
    outputs = {name.rsplit(":", 1)[0] for name in traced.outputs}
    ops = []
    for node in nodes:
        run_index = run_of.get(node.name)
        ops.append(
            op_json(
                node,
                renamer,
                role=role_of(node, traced, run_index, fed),
                bookkeeping=is_bookkeeping(node, outputs, run_index),
                run=run_index,
            )
        )
    # An Identity has the role of what it passes on (the tape's Identity of a gradient is part of the gradient).
    role = {op["name"]: op["role"] for op in ops}
    for op in ops:
        if op["type"] in ("Identity", "IdentityN") and op["inputs"] and op["role"] == "forward":
            op["role"] = role[op["name"]] = role.get(op["inputs"][0].rpartition(":")[0], "forward")
    exported_functions = {renamer.op(name): function_json(graph, renamer) for name, graph in functions.items()}
    value_of = {renamer.tensor(name): to_list(value) for name, value in values.items()}
    for op in ops:
        flow = control_flow(op, exported_functions, value_of)
        if flow:
            op["control_flow"] = flow
    by_variable = {v.name: v for v in traced.variables.values()}
    data = {
        "name": traced.name,
        "title": traced.title,
        "python": traced.python,
        "tensorflow": tf.__version__,
        "pbtxt": f"{traced.name}.pbtxt",
        "inputs": [
            {"name": renamer.tensor(name), "dtype": tf.as_dtype(value.dtype).name, "value": to_list(value)}
            | {"shape": shape_of(traced.graph.get_tensor_by_name(name).shape)}
            for name, value in traced.inputs.items()
        ],
        "outputs": [renamer.tensor(t) for t in traced.outputs],
        "variables": [
            {
                "name": v.name,
                "handle": renamer.op(handle),
                "dtype": tf.as_dtype(v.value.dtype).name,
                "shape": list(v.value.shape),
                "value": to_list(v.value),
                "after": to_list(after[v.name]),
                "changed": not np.array_equal(after[v.name], by_variable[v.name].value),
            }
            for handle, v in traced.variables.items()
        ],
        "runs": [{"label": run["label"], "ops": [renamer.op(n) for n in run["ops"]]} for run in runs],
        "ops": ops,
        "functions": exported_functions,
        "descriptions": {t: DESCRIPTIONS.get(t) for t in sorted({n.type for n in nodes} | _body_types(functions))},
        "values": {
            renamer.tensor(name): to_list(value)
            for name, value in sorted(values.items())
            if tf.as_dtype(np.asarray(value).dtype) not in UNFETCHABLE
        },
        # Names TensorFlow took from a process-wide counter, renamed so that every export is the same.
        "renamed": sorted(renamer.renames.values()),
    }
    return data, graph_def_text(traced, renamer)


def control_flow(op: dict, functions: dict, values: dict) -> dict | None:
    """What the viewer says about a While or If op and needs to draw its bodies: for a loop, the tensors it carries
    from one iteration to the next (each as the op's input, the body's argument and result, and the op's output)
    and how many iterations ran on the preset inputs; for an If, its two branches and which one ran."""
    attrs = op["attrs"]
    if "body" in attrs and "cond" in attrs:
        body = functions[attrs["body"]["function"]]
        producer = {o["name"]: b for b in body["ops"] for o in b["outputs"]}

        def passes_through(argument: str, result: str) -> bool:
            """The body returns the argument itself, or an Identity of it: loop-invariant, carried for the body."""
            made = producer.get(result)
            identity = made is not None and made["type"] == "Identity" and made["inputs"] == [argument]
            return result == argument or identity

        carried = [
            {
                "initial": tensor,
                "argument": body["inputs"][i],
                "result": body["outputs"][i],
                "final": op["outputs"][i]["name"],
                "dtype": op["outputs"][i]["dtype"],
                "changes": not passes_through(body["inputs"][i], body["outputs"][i]),
            }
            for i, tensor in enumerate(op["inputs"])
        ]
        # while_v2 carries its own loop counter first: its final value less its initial one counts the iterations.
        counter = carried[0]
        iterations = None
        if counter["initial"].endswith("loop_counter:0") and counter["final"] in values:
            iterations = int(values[counter["final"]]) - int(values[counter["initial"]])
        return {
            "kind": "while",
            "functions": {"cond": attrs["cond"]["function"], "body": attrs["body"]["function"]},
            "carried": carried,
            "iterations": iterations,
        }
    if "then_branch" in attrs and "else_branch" in attrs:
        condition = values.get(op["inputs"][0])
        return {
            "kind": "if",
            "functions": {"then": attrs["then_branch"]["function"], "else": attrs["else_branch"]["function"]},
            "arguments": op["inputs"][1:],
            "taken": None if condition is None else ("then" if condition else "else"),
        }
    return None


def _body_types(functions: dict) -> set[str]:
    return {op.type for graph in functions.values() for op in graph.get_operations()}


def copy_proto(message):
    copy = type(message)()
    copy.CopyFrom(message)
    return copy


def graph_def_text(traced: Traced, renamer: Renamer) -> str:
    """TensorFlow's GraphDef as text (with output shapes), with `stable_names` applied."""
    graph_def = traced.graph.as_graph_def(add_shapes=True)

    def rename_input(text: str) -> str:
        control = text.startswith("^")
        name, sep, rest = text.lstrip("^").partition(":")
        return ("^" if control else "") + renamer.op(name) + sep + rest

    def fix(node_defs):
        for node in node_defs:
            node.name = renamer.op(node.name)
            inputs = [rename_input(i) for i in node.input]
            del node.input[:]
            node.input.extend(inputs)
            for key, value in node.attr.items():
                if value.WhichOneof("value") == "func":
                    value.func.name = renamer.op(value.func.name)
                elif key == "_user_specified_name":
                    # A captured input's name as the user "specified" it is its counted placeholder name.
                    value.s = renamer.op(value.s.decode()).encode()

    fix(graph_def.node)
    for function in graph_def.library.function:
        function.signature.name = renamer.op(function.signature.name)
        fix(function.node_def)
    # The library's order depends on what the process traced before; sorted by name, every export is the same.
    functions = sorted((copy_proto(f) for f in graph_def.library.function), key=lambda f: f.signature.name)
    del graph_def.library.function[:]
    graph_def.library.function.extend(functions)
    text = text_format.MessageToString(graph_def)
    # Argument names inside function bodies embed the function's counted name too.
    for old, new in renamer.functions:
        text = text.replace(old, new)
    return text


def number_text(value) -> str:
    """A preset value as a page writes it: `[1, 2, 3]`, `[0.5, 0.5, 2]` (float32 read back at its own precision)."""
    if isinstance(value, list):
        return "[" + ", ".join(number_text(v) for v in value) + "]"
    if isinstance(value, bool):
        return str(value).lower()
    return np.format_float_positional(np.float32(value), trim="-")


def types_text(ops: list[dict]) -> str:
    """Op types with their counts, as a page lists them ("Const, Identity, Mul, Placeholder ×2, Sum"): a type that
    occurs more than once is named with its count, so the counts add up to the ops."""
    return ", ".join(f"{name} ×{count}" if count > 1 else name for name, count in type_counts(ops).items())


def repeated_ops(runs: list[dict], index: int, ops: list[dict]) -> dict:
    """The ops of run `index` that an earlier run executed already: how many, and their types."""
    earlier = {name for run in runs[:index] for name in run["ops"]}
    again = [op for op in ops if op["name"] in earlier and op["name"] in runs[index]["ops"]]
    return {"ops": len(again), "types": types_text(again)}


def ops_not_run(runs: list[dict], ops: list[dict]) -> dict:
    """The ops of the graph that no run executes (in a TF1 graph, those no fetch needs)."""
    run = {name for r in runs for name in r["ops"]}
    idle = [op for op in ops if op["name"] not in run]
    return {"ops": len(idle), "types": types_text(idle)}


def handle_output(ops: list[dict], handle: str) -> dict:
    output = next(op for op in ops if op["name"] == handle)["outputs"][0]
    return {"dtype": output["dtype"], "shape": output["shape"]}


def summary(data: dict, settings: dict | None = None) -> dict:
    """What the pages quote about one graph (scripts/results/dataflow-graphs.json)."""
    ops = data["ops"]
    # The viewer draws every op but the bookkeeping, and of that the ops that produce the results (the final
    # Identity), because that is where the answer is.
    results = {tensor.rpartition(":")[0] for tensor in data["outputs"]}
    shown = [op for op in ops if not op["bookkeeping"] or op["name"] in results]
    roles: dict[str, int] = {}
    for op in ops:
        roles[op["role"]] = roles.get(op["role"], 0) + 1
    return {
        "ops": len(ops),
        "shown_ops": len(shown),
        "hidden_ops": len(ops) - len(shown),
        "bookkeeping_ops": sum(op["bookkeeping"] for op in ops),
        # Edges that carry no data, only "run after": tf.function adds them for stateful ops; TF1 has those written.
        "control_edges": sum(len(op["control_inputs"]) for op in ops),
        "types": types_text(ops),
        "roles": roles,
        "runs": [run["label"] for run in data["runs"]],
        "run_ops": [len(run["ops"]) for run in data["runs"]],
        # Per run: the ops an earlier run executed already, executed again (a TF1 variable's op in every run).
        "repeated": [repeated_ops(data["runs"], i, ops) for i in range(len(data["runs"]))],
        "not_run": ops_not_run(data["runs"], ops),
        "outputs": [data["values"].get(name) for name in data["outputs"]],  # in the order the function returns them
        "variables": {v["name"]: {"before": v["value"], "after": v["after"]} for v in data["variables"]},
        # What the edge out of each variable's op carries: a resource handle (dtype resource, a scalar) or, for a
        # TF1 reference variable, a float32_ref of the variable's shape.
        "handles": nested({v["name"]: handle_output(ops, v["handle"]) for v in data["variables"]}),
        # The preset inputs as text, keyed by argument name ("x" for x:0), and their shapes as traced.
        "inputs": {i["name"].rpartition(":")[0]: number_text(i["value"]) for i in data["inputs"]},
        "input_shapes": {i["name"].rpartition(":")[0]: i["shape"] for i in data["inputs"]},
        "settings": settings or {},
        **graph_counts(data),  # ops per type, variable reads, unused ops, loop bodies
        "json_bytes": 0,
    }


def export_all(out_dir: Path = GRAPHS_DIR, summary_path: Path | None = SUMMARY) -> dict[str, int]:
    """Write every graph's files into out_dir (and the pages' summary); returns bytes written per file name."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sizes = {}
    summaries = {}
    for traced in traced_graphs():
        data, pbtxt = export_graph(traced)
        summaries[traced.name] = summary(data, traced.settings)
        json_text = json.dumps(data, indent=1, sort_keys=False, ensure_ascii=False) + "\n"
        for file_name, text in ((f"{traced.name}.json", json_text), (f"{traced.name}.pbtxt", pbtxt)):
            (out_dir / file_name).write_text(text)
            sizes[file_name] = len(text.encode())
        summaries[traced.name]["json_bytes"] = sizes[f"{traced.name}.json"]
    if summary_path is not None:
        summary_path.write_text(json.dumps({"tensorflow": tf.__version__, "graphs": summaries}, indent=1) + "\n")
    return sizes
