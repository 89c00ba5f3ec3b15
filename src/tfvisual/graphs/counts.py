"""What the pages count in an exported graph (`export.py`'s JSON): ops per type, how often each variable is read
and by how many MatMul ops, the ops whose results nothing uses, and the body of each loop.

These make sentences such as "the unrolled RNN has 6 MatMul ops, 3 of them reading the kernel" come from the
graph TensorFlow traced, not from what one expects it to hold.
"""

from collections import Counter


def type_counts(ops: list[dict]) -> dict[str, int]:
    return dict(sorted(Counter(op["type"] for op in ops).items()))


def nested(flat: dict[str, object]) -> dict:
    """{"cell/kernel": x} -> {"cell": {"kernel": x}}: a page's `{{ result ... }}` path cannot hold a slash."""
    tree: dict = {}
    for name, value in flat.items():
        *scopes, leaf = name.split("/")
        node = tree
        for scope in scopes:
            node = node.setdefault(scope, {})
        node[leaf] = value
    return tree


def variable_reads(ops: list[dict], handles: dict[str, str]) -> dict[str, dict[str, int]]:
    """Per variable: how many ReadVariableOp ops read it, and how many MatMul ops multiply by what they read.
    `handles` maps the tensor of each variable's resource handle to the variable's name."""
    counts = {name: {"reads": 0, "matmuls": 0} for name in handles.values()}
    read_of: dict[str, str] = {}  # a ReadVariableOp's output -> the variable it read
    for op in ops:
        if op["type"] == "ReadVariableOp" and op["inputs"][0] in handles:
            variable = handles[op["inputs"][0]]
            counts[variable]["reads"] += 1
            read_of[op["outputs"][0]["name"]] = variable
    for op in ops:
        if op["type"] == "MatMul":
            for variable in {read_of[t] for t in op["inputs"] if t in read_of}:
                counts[variable]["matmuls"] += 1
    return counts


def unused_ops(ops: list[dict], outputs: list[str]) -> list[dict]:
    """The ops whose results reach neither an output of the graph nor an op that changes state (an op with no
    outputs, such as AssignVariableOp): TensorFlow traced them, and running every op runs them, but nothing uses
    what they compute."""
    producer = {o["name"]: op for op in ops for o in op["outputs"]}
    by_name = {op["name"]: op for op in ops}
    roots = [producer[t]["name"] for t in outputs]
    roots += [op["name"] for op in ops if not op["outputs"] and op["type"] != "NoOp"]
    used: set[str] = set()
    while roots:
        name = roots.pop()
        if name not in used:
            used.add(name)
            roots += [producer[t]["name"] for t in by_name[name]["inputs"]]
    return [op for op in ops if op["name"] not in used and op["type"] != "NoOp"]


def loop_summaries(data: dict, handles: dict[str, str]) -> list[dict]:
    """Each While loop of the graph: how often it ran on the preset inputs, and what its body holds."""
    loops = []
    for op in data["ops"]:
        flow = op.get("control_flow")
        if not flow or flow["kind"] != "while":
            continue
        body = data["functions"][flow["functions"]["body"]]
        # Inside the body a variable's handle is the argument the loop passes it as.
        inside = {c["argument"]: handles[c["initial"]] for c in flow["carried"] if c["initial"] in handles}
        loops.append(
            {
                "op": op["name"],
                "type": op["type"],
                "iterations": flow["iterations"],
                "carried": len(flow["carried"]),
                "body": flow["functions"]["body"],
                "body_ops": len(body["ops"]),
                "body_arguments": len(body["inputs"]),
                "body_types": type_counts(body["ops"]),
                "body_variable_reads": nested(variable_reads(body["ops"], inside)),
            }
        )
    return loops


def graph_counts(data: dict) -> dict:
    """The summary keys this module adds for one graph."""
    handles = {f"{v['handle']}:0": v["name"] for v in data["variables"]}
    unused = unused_ops(data["ops"], data["outputs"])
    return {
        "type_counts": type_counts(data["ops"]),
        "variable_reads": nested(variable_reads(data["ops"], handles)),
        "unused_ops": len(unused),
        "unused_types": type_counts(unused),
        "loops": loop_summaries(data, handles),
    }
