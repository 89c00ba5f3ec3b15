"""The graph exporter: the committed exports are what a fresh export writes (deterministic, and current), every op
is described, inputs and outputs carry their shapes, variables map back to tf.Variables, nested calls are
inlined, and TensorFlow's exported values are what the traced functions compute."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

from tfvisual.graphs import examples, rnn_examples  # noqa: E402
from tfvisual.graphs.export import SUMMARY, number_text  # noqa: E402
from tfvisual.graphs.served import GRAPHS_DIR, graph_files  # noqa: E402

NAMES = [
    "scaled-sum",
    "dense",
    "dense-tf1",
    "keras-classifier",
    "training-step",
    "autograph",
    "rnn-unrolled",
    "rnn-while",
    "dense-tf1-ref",
]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A fresh export, in a process of its own as `make models` runs it: TensorFlow numbers some traced functions
    and captured inputs from process-wide counters, which other tests in this process have already advanced."""
    out = tmp_path_factory.mktemp("graphs")
    code = f"from pathlib import Path; from tfvisual.graphs.export import export_all; p = Path({str(out)!r}); "
    code += "export_all(p, p / 'summary.json')"
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    return out


def load(folder, name):
    return json.loads((folder / f"{name}.json").read_text())


def assert_same_up_to_float32_rounding(fresh, committed, where: str) -> None:
    """Equal, except that numbers TensorFlow computed may differ in their last float32 bits: the CPU's kernels
    (oneDNN's or TensorFlow's own, AVX2 or AVX-512) sum in different orders."""
    if isinstance(committed, dict):
        assert isinstance(fresh, dict) and fresh.keys() == committed.keys(), where
        for key in committed:
            assert_same_up_to_float32_rounding(fresh[key], committed[key], f"{where}.{key}")
    elif isinstance(committed, list):
        assert isinstance(fresh, list) and len(fresh) == len(committed), where
        for index, (a, b) in enumerate(zip(fresh, committed, strict=True)):
            assert_same_up_to_float32_rounding(a, b, f"{where}[{index}]")
    elif isinstance(committed, float):
        assert fresh == pytest.approx(committed, rel=1e-5, abs=1e-30), where
    elif where.endswith("_bytes"):  # a file's size, which the digits of its numbers change by a few bytes
        assert fresh == pytest.approx(committed, rel=1e-3), where
    else:
        assert fresh == committed, where


def test_committed_exports_are_what_a_fresh_export_writes(fresh):
    """Deterministic (this process traced in another order than the script) and up to date."""
    stale = "rerun `.venv/bin/python scripts/export_graphs.py`"
    for name in NAMES:
        committed = (GRAPHS_DIR / f"{name}.pbtxt").read_text()
        assert (fresh / f"{name}.pbtxt").read_text() == committed, f"{name}.pbtxt differs: {stale}"
        committed = json.loads((GRAPHS_DIR / f"{name}.json").read_text())
        assert_same_up_to_float32_rounding(json.loads((fresh / f"{name}.json").read_text()), committed, name)


def test_the_summary_pages_quote_is_current_and_types_no_number_by_hand(fresh):
    """scripts/results/dataflow-graphs.json is what a fresh export writes; its preset inputs and optimizer
    settings are read from the example code (the pages fill `x = [1, 2, 3]` and "momentum 0" from it)."""
    committed = json.loads(SUMMARY.read_text())
    assert_same_up_to_float32_rounding(json.loads((fresh / "summary.json").read_text()), committed, "summary")
    graphs = committed["graphs"]
    assert graphs["scaled-sum"]["inputs"] == {"x": "[1, 2, 3]", "w": "[0.5, 0.5, 2]"}
    assert graphs["scaled-sum"]["input_shapes"]["x"] == [3]
    assert graphs["dense"]["inputs"]["x"] == number_text(examples.X_PRESET.tolist())
    optimizer = graphs["training-step"]["settings"]["optimizer"]
    assert optimizer["momentum"] == examples.optimizer.get_config()["momentum"]
    assert optimizer["learning_rate"] == pytest.approx(float(examples.optimizer.learning_rate.numpy()))
    assert optimizer["momentum"] == 0  # the training-step page: "that is plain gradient descent"


def test_the_op_types_a_page_lists_add_up_to_its_op_count():
    """A page lists "6 ops (Const, Identity, Mul, Placeholder ×2, Sum)": each type named with its count."""
    for name, graph in json.loads(SUMMARY.read_text())["graphs"].items():
        counted = 0
        for entry in graph["types"].split(", "):
            op_type, _, times = entry.partition(" ×")
            assert graph["type_counts"][op_type] == int(times or 1), f"{name}: {entry}"
            counted += int(times or 1)
        assert counted == graph["ops"], name


def test_a_loop_is_stateless_only_when_its_body_touches_no_state():
    """The page: StatelessWhile for AutoGraph's loop over x, While for the RNN's loop that reads the weights."""
    stateful = {"ReadVariableOp", "AssignVariableOp", "AssignAddVariableOp"}
    for name, loop_type in (("autograph", "StatelessWhile"), ("rnn-while", "While")):
        data = load(GRAPHS_DIR, name)
        (loop,) = [op for op in data["ops"] if op["type"] in ("While", "StatelessWhile")]
        assert loop["type"] == loop_type
        body_types = {op["type"] for op in data["functions"][loop["control_flow"]["functions"]["body"]]["ops"]}
        assert bool(body_types & stateful) == (loop_type == "While"), name


def test_a_noop_waits_for_the_variable_reads_and_the_result_waits_for_the_noop():
    """The variables page: in `dense` a NoOp waits for every ReadVariableOp by control edges, and the Identity
    that returns the result waits for the NoOp; those are all the control edges the page counts."""
    data = load(GRAPHS_DIR, "dense")
    (noop,) = [op for op in data["ops"] if op["type"] == "NoOp"]
    reads = sorted(op["name"] for op in data["ops"] if op["type"] == "ReadVariableOp")
    assert noop["control_inputs"] == reads
    waiting = {op["name"]: op["control_inputs"] for op in data["ops"] if op["control_inputs"]}
    assert waiting == {noop["name"]: reads, "Identity": [noop["name"]]}
    summary = json.loads(SUMMARY.read_text())["graphs"]["dense"]
    assert summary["control_edges"] == len(reads) + 1
    # A TF1 graph has only the control edges its program wrote: the init NoOp's, one per variable initializer.
    tf1 = load(GRAPHS_DIR, "dense-tf1")
    (init,) = [op for op in tf1["ops"] if op["control_inputs"]]
    assert init["name"] == "init" and init["type"] == "NoOp"
    initializers = sorted(op["name"] for op in tf1["ops"] if op["type"] == "AssignVariableOp")
    assert init["control_inputs"] == initializers == [f"{v['name']}/Assign" for v in tf1["variables"]]
    assert json.loads(SUMMARY.read_text())["graphs"]["dense-tf1"]["control_edges"] == len(initializers)


def test_every_graph_but_the_first_leaves_its_batch_dimension_unknown():
    """The tensors-ops-graphs page: "every graph on these pages but the first is traced that way" (with None)."""
    for name in NAMES:
        shapes = [spec["shape"] for spec in load(GRAPHS_DIR, name)["inputs"]]
        assert all((shape[0] is None) == (name != "scaled-sum") for shape in shapes), name


def test_every_graph_is_served():
    assert {f"graphs/{n}.json" for n in NAMES} | {f"graphs/{n}.pbtxt" for n in NAMES} <= set(graph_files())


@pytest.mark.parametrize("name", NAMES)
def test_every_op_is_described_and_every_input_resolves(name):
    data = load(GRAPHS_DIR, name)
    assert all(data["descriptions"].values()), f"missing descriptions in {name}"
    tensors = {o["name"] for op in data["ops"] for o in op["outputs"]}
    names = {op["name"] for op in data["ops"]}
    for op in data["ops"]:
        assert set(op["inputs"]) <= tensors
        assert set(op["control_inputs"]) <= names
    # Every op of a run is listed once, after what it reads in that run: a run does not reuse what an earlier one
    # computed (a TF1 graph's second run executes its variables' ops again).
    by_name = {op["name"]: op for op in data["ops"]}
    for run in data["runs"]:
        assert len(run["ops"]) == len(set(run["ops"]))
        seen = set()
        for op_name in run["ops"]:
            for tensor in by_name[op_name]["inputs"]:
                assert tensor.rpartition(":")[0] in seen, f"{op_name} runs before {tensor}"
            seen.add(op_name)


def test_unknown_dimensions_and_python_lines_are_recorded():
    data = load(GRAPHS_DIR, "dense")
    assert data["inputs"][0]["shape"] == [None, 2]
    matmul = next(op for op in data["ops"] if op["type"] == "MatMul")
    assert matmul["outputs"][0]["shape"] == [None, 3]
    assert matmul["attrs"]["transpose_a"] is False
    assert "tf.matmul(x, W)" in matmul["source"]["code"]


def test_captured_variables_map_to_their_tf_variables():
    data = load(GRAPHS_DIR, "dense")
    variables = {v["name"]: v for v in data["variables"]}
    assert set(variables) == {"W", "b"}
    np.testing.assert_array_equal(variables["W"]["value"], examples.W_INIT)
    handle = next(op for op in data["ops"] if op["name"] == variables["W"]["handle"])
    assert handle["type"] == "Placeholder" and handle["outputs"][0]["dtype"] == "resource"


def test_tf1_graph_has_its_two_session_runs():
    data = load(GRAPHS_DIR, "dense-tf1")
    assert [run["label"] for run in data["runs"]] == ["session.run(init)", "session.run(y, feed_dict={x: …})"]
    types = {op["type"] for op in data["ops"]}
    assert {"VarHandleOp", "AssignVariableOp", "ReadVariableOp", "Placeholder"} <= types
    np.testing.assert_allclose(data["values"]["y:0"], examples.run_dense_tf1(examples.X_PRESET), atol=1e-6)


def test_nested_call_is_inlined_not_opaque():
    data = load(GRAPHS_DIR, "keras-classifier")
    types = {op["type"] for op in data["ops"]}
    assert "StatefulPartitionedCall" not in types
    inlined = [op for op in data["ops"] if op.get("function") == "StatefulPartitionedCall"]
    assert any(op["type"] == "Softmax" for op in inlined)
    out = examples.classify(np.asarray(data["inputs"][0]["value"], np.float32))
    np.testing.assert_allclose(data["values"]["Identity_1:0"], out["probabilities"].numpy(), atol=1e-6)


def test_training_step_has_forward_gradient_and_update_ops_and_changes_the_variables():
    data = load(GRAPHS_DIR, "training-step")
    roles = {op["role"] for op in data["ops"]}
    assert {"forward", "gradient", "update"} <= roles
    changed = {v["name"] for v in data["variables"] if v["changed"]}
    assert {"W", "b"} <= changed


def test_autograph_becomes_while_and_if_with_their_bodies():
    data = load(GRAPHS_DIR, "autograph")
    types = {op["type"] for op in data["ops"]}
    assert {"StatelessWhile", "StatelessIf"} <= types
    assert {"while_cond", "while_body", "cond_true", "cond_false"} <= set(data["functions"])
    x = np.asarray(data["inputs"][0]["value"], np.float32)
    np.testing.assert_allclose(data["values"]["Identity:0"], examples.weighted_total(x).numpy())


def test_while_and_if_say_what_they_carry_how_often_they_ran_and_which_branch():
    """The viewer draws a loop's body and says what it carries and how many iterations ran: exported per op."""
    data = load(GRAPHS_DIR, "autograph")
    by_type = {op["type"]: op for op in data["ops"]}
    loop = by_type["StatelessWhile"]["control_flow"]
    assert loop["kind"] == "while" and set(loop["functions"].values()) <= set(data["functions"])
    body = data["functions"][loop["functions"]["body"]]
    assert [c["argument"] for c in loop["carried"]] == body["inputs"]
    assert [c["result"] for c in loop["carried"]] == body["outputs"]
    assert [c["initial"] for c in loop["carried"]] == by_type["StatelessWhile"]["inputs"]
    assert loop["iterations"] == len(range(3))  # `for i in tf.range(3)` in examples.weighted_total
    # The running total changes every iteration, the input x is only carried along.
    changes = {c["initial"]: c["changes"] for c in loop["carried"]}
    assert changes["zeros_like:0"] and not changes["x:0"]
    branch = by_type["StatelessIf"]["control_flow"]
    x = np.asarray(data["inputs"][0]["value"], np.float32)
    total = sum(x * i for i in range(3))
    assert branch["taken"] == ("then" if total.sum() > 0 else "else")
    assert set(branch["functions"].values()) <= set(data["functions"])


def keras_states(data: dict, x: np.ndarray) -> np.ndarray:
    """Every state h_1..h_T of a fresh Keras SimpleRNN given the exported variables' values (return_sequences)."""
    import tf_keras

    weights = {v["name"].rpartition("/")[2]: np.asarray(v["value"], np.float32) for v in data["variables"]}
    layer = tf_keras.layers.SimpleRNN(weights["bias"].shape[0], return_sequences=True)
    layer.build(x.shape)
    layer.set_weights([weights["kernel"], weights["recurrent_kernel"], weights["bias"]])
    return layer(x).numpy()


@pytest.mark.parametrize("name", ["rnn-unrolled", "rnn-while"])
def test_rnn_graph_computes_what_keras_computes(name):
    """The final state the viewer shows (TensorFlow's value of the graph's output) is Keras' output for the
    preset input, and the cell's equation h_t = tanh(x_t W + h_{t-1} U + b) gives it too."""
    data = load(GRAPHS_DIR, name)
    x = np.asarray(data["inputs"][0]["value"], np.float32)
    final = np.asarray(data["values"][data["outputs"][0]])
    layer = rnn_examples.rnn_unrolled if name == "rnn-unrolled" else rnn_examples.rnn_looped
    np.testing.assert_allclose(final, layer(x).numpy(), atol=1e-6)
    np.testing.assert_allclose(final, keras_states(data, x)[:, -1], atol=1e-6)
    values = {v["name"].rpartition("/")[2]: np.asarray(v["value"]) for v in data["variables"]}
    h = np.zeros((x.shape[0], values["bias"].shape[0]))
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ values["kernel"] + h @ values["recurrent_kernel"] + values["bias"])
    np.testing.assert_allclose(final, h, atol=1e-6)


def test_unrolled_rnn_has_one_copy_of_the_cell_per_step_all_reading_the_same_variables():
    data = load(GRAPHS_DIR, "rnn-unrolled")
    steps = rnn_examples.TIME_STEPS
    assert data["inputs"][0]["shape"] == [None, steps, rnn_examples.FEATURES]
    tanh = [op for op in data["ops"] if op["type"] == "Tanh"]
    assert len(tanh) == steps
    # The states each step computes are Keras' states h_1..h_T, in order.
    x = np.asarray(data["inputs"][0]["value"], np.float32)
    states = keras_states(data, x)
    for t, op in enumerate(tanh):
        np.testing.assert_allclose(data["values"][op["outputs"][0]["name"]], states[:, t], atol=1e-6)
    # Every MatMul multiplies by a variable read from one of two handles: the kernel's or the recurrent kernel's.
    handles = {f"{v['handle']}:0": v["name"] for v in data["variables"]}
    producer = {o["name"]: op for op in data["ops"] for o in op["outputs"]}
    read_by_matmuls = []
    for op in data["ops"]:
        if op["type"] == "MatMul":
            read = producer[op["inputs"][1]]
            assert read["type"] == "ReadVariableOp"
            read_by_matmuls.append(handles[read["inputs"][0]].rpartition("/")[2])
    assert sorted(read_by_matmuls) == ["kernel"] * steps + ["recurrent_kernel"] * steps
    assert not any(op["type"] in ("While", "StatelessWhile") for op in data["ops"])


def test_rnn_while_loop_body_is_one_step_run_once_per_time_step():
    data = load(GRAPHS_DIR, "rnn-while")
    loops = [op for op in data["ops"] if op["type"] == "While"]
    assert len(loops) == 1
    flow = loops[0]["control_flow"]
    assert flow["iterations"] == rnn_examples.TIME_STEPS
    body = data["functions"][flow["functions"]["body"]]
    body_types = [op["type"] for op in body["ops"]]
    assert body_types.count("MatMul") == 2 and body_types.count("Tanh") == 1
    assert {"TensorListGetItem", "TensorListSetItem"} <= set(body_types)  # reads x_t, writes h_t
    # The state is carried from one iteration to the next and comes out as the loop's output.
    carried = {c["initial"]: c for c in flow["carried"]}
    assert carried["rnn/zeros:0"]["changes"] and carried["rnn/zeros:0"]["dtype"] == "float32"
    # The variables enter the loop as carried resource handles, unchanged.
    handles = {f"{v['handle']}:0" for v in data["variables"]}
    assert handles <= set(carried) and not any(carried[h]["changes"] for h in handles)


def test_rnn_summary_says_what_the_page_states():
    """The counts the page quotes: MatMul ops and the variables they read, the loop body, the unused first step."""
    graphs = json.loads(SUMMARY.read_text())["graphs"]
    steps = rnn_examples.TIME_STEPS
    unrolled, looped = graphs["rnn-unrolled"], graphs["rnn-while"]
    for summary in (unrolled, looped):
        assert summary["settings"]["rnn"] == {
            "units": rnn_examples.UNITS,
            "unroll": summary is unrolled,
            "time_steps": steps,
            "features": rnn_examples.FEATURES,
        }
    assert unrolled["type_counts"]["MatMul"] == 2 * steps
    reads = unrolled["variable_reads"]["simple_rnn_cell"]
    assert reads["kernel"] == {"reads": steps, "matmuls": steps}  # read once per step, by that step's MatMul
    assert reads["recurrent_kernel"] == {"reads": steps, "matmuls": steps}
    assert unrolled["loops"] == []
    loop = looped["loops"][0]
    assert loop["iterations"] == steps and loop["type"] == "While"
    assert loop["body_types"]["MatMul"] == 2
    assert loop["body_variable_reads"]["simple_rnn_cell"]["kernel"] == {"reads": 1, "matmuls": 1}
    # Keras calls the cell once outside the loop to learn its output's shape: nothing uses those two MatMuls.
    assert looped["type_counts"]["MatMul"] == looped["unused_types"]["MatMul"] == 2
    assert unrolled["outputs"] == looped["outputs"]
