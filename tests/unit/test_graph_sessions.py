"""The variables page says what each TensorFlow 1 `Session.run` executes: the init run, then a run of `y` that
executes its whole pruned graph again, the variables' own ops included, while only the variables' values carry
over. Checked here against TensorFlow's own step statistics from a real Session, for both kinds of variable."""

import json
import os

import numpy as np
import pytest

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import tensorflow as tf  # noqa: E402

from tfvisual.graphs import examples  # noqa: E402
from tfvisual.graphs.export import SUMMARY  # noqa: E402
from tfvisual.graphs.served import GRAPHS_DIR  # noqa: E402
from tfvisual.graphs.sessions import executed_ops, program_runs, session_config  # noqa: E402
from tfvisual.paths import RESULTS_DIR  # noqa: E402

PROGRAMS = {
    "dense-tf1": examples.dense_tf1,
    "dense-tf1-ref": examples.dense_tf1_reference_variables,
}


def exported(name: str) -> dict:
    return json.loads((GRAPHS_DIR / f"{name}.json").read_text())


@pytest.mark.parametrize("name", PROGRAMS)
def test_each_run_executes_the_ops_the_page_counts(name):
    """The stepper's runs are what TensorFlow's executor runs with the graph optimiser off: the pruned graph."""
    graph, x, y, init = PROGRAMS[name]()
    with tf.compat.v1.Session(graph=graph, config=session_config(optimised=False)) as session:
        first = executed_ops(session, init)
        second = executed_ops(session, y, {x: examples.X_PRESET})
    runs = exported(name)["runs"]
    assert [first, second] == [set(run["ops"]) for run in runs]
    summary = json.loads(SUMMARY.read_text())["graphs"][name]
    assert summary["run_ops"] == [len(first), len(second)]
    # "…of them for the second time": the ops of the variables themselves ran in both runs.
    variables = {v.op.name for v in graph.get_collection(tf.compat.v1.GraphKeys.GLOBAL_VARIABLES)}
    assert variables <= first & second
    assert summary["repeated"][1]["ops"] == len(first & second)
    # "…needed by neither run": the rest of the graph ran in neither.
    assert summary["not_run"]["ops"] == len(graph.get_operations()) - len(first | second)


@pytest.mark.parametrize("name", PROGRAMS)
def test_with_the_default_optimiser_a_run_executes_no_more_and_the_variables_still_run_again(name):
    """The page's note: Grappler may fuse nodes first (oneDNN builds fuse MatMul, add and Relu), never adds any, and
    the variables' ops run in both runs either way. Holds on builds with and without oneDNN."""
    saved = json.loads((RESULTS_DIR / "session-runs.json").read_text())[name]
    pruned = program_runs(PROGRAMS[name], examples.X_PRESET, optimised=False)
    rewritten = program_runs(PROGRAMS[name], examples.X_PRESET, optimised=True)
    assert [run["pruned"] for run in saved] == [len(run) for run in pruned]
    assert rewritten[0].keys() == pruned[0].keys()  # nothing to fuse in the init run
    assert set(rewritten[1]) <= set(pruned[1])
    fused = {node: kind for node, kind in rewritten[1].items() if pruned[1].get(node) != kind}
    assert all("FusedMatMul" in kind for kind in fused.values()), fused  # only a fused product replaces ops
    variables = {op for op, kind in pruned[0].items() if kind in ("VarHandleOp", "VariableV2")}
    assert variables and variables <= set(rewritten[0]) & set(rewritten[1])


@pytest.mark.parametrize("name", PROGRAMS)
def test_only_the_variables_values_carry_over_from_one_run_to_the_next(name):
    graph, x, y, init = PROGRAMS[name]()
    feed = {x: examples.X_PRESET}
    with tf.compat.v1.Session(graph=graph) as session:
        with pytest.raises(tf.errors.FailedPreconditionError):
            session.run(y, feed)  # before the init run the variables hold nothing
        session.run(init)
        np.testing.assert_allclose(session.run(y, feed), session.run(y, feed))
    with tf.compat.v1.Session(graph=graph) as fresh, pytest.raises(tf.errors.FailedPreconditionError):
        fresh.run(y, feed)  # the values lived in the other session, not in the graph


def test_reference_variables_are_variablev2_with_assign_and_a_read_identity():
    data = exported("dense-tf1-ref")
    by_name = {op["name"]: op for op in data["ops"]}
    for variable in data["variables"]:
        name = variable["name"]
        assert by_name[name]["type"] == "VariableV2"
        assert by_name[name]["outputs"][0]["dtype"] == "float32_ref"
        assert by_name[name]["outputs"][0]["shape"] == variable["shape"]
        assert by_name[f"{name}/Assign"]["type"] == "Assign"
        read = by_name[f"{name}/read"]
        assert read["type"] == "Identity" and read["inputs"] == [f"{name}:0"]
        assert read["outputs"][0]["dtype"] == "float32"
    types = {op["type"] for op in data["ops"]}
    assert not types & {"VarHandleOp", "ReadVariableOp", "AssignVariableOp"}
    # Building it left TensorFlow 2's default alone: the next TF1 graph has resource variables again.
    graph, *_ = examples.dense_tf1()
    assert "VarHandleOp" in {op.type for op in graph.get_operations()}


def test_a_resource_handle_is_a_scalar_tensor_of_dtype_resource():
    """The page: the edge out of a VarHandleOp is a scalar of dtype resource, not the variable's value."""
    summary = json.loads(SUMMARY.read_text())["graphs"]
    for name in ("dense-tf1", "dense"):
        for variable in exported(name)["variables"]:
            assert summary[name]["handles"][variable["name"]] == {"dtype": "resource", "shape": []}
    graph, *_ = examples.dense_tf1()
    handle = graph.get_operation_by_name("W").outputs[0]
    assert handle.dtype == tf.resource and handle.shape.rank == 0
