"""The code samples the pages show run, and the results the pages quote are what they give today."""

import importlib
import json
import runpy

import pytest

from tfvisual.paths import REPO_ROOT, RESULTS_DIR


def saved_examples() -> dict[str, str]:
    """The script's own list, so a new example is tested as soon as the script saves it."""
    return runpy.run_path(str(REPO_ROOT / "scripts/save_example_results.py"), run_name="examples")["EXAMPLES"]


@pytest.mark.parametrize(("name", "module"), sorted(saved_examples().items()))
def test_saved_results_match_a_fresh_run(name, module):
    saved = json.loads((RESULTS_DIR / f"{name}.json").read_text())
    assert importlib.import_module(module).results() == saved


def test_eager_and_graph_agree():
    from tfvisual.examples import eager_and_graph

    assert float(eager_and_graph.eager_result) == float(eager_and_graph.graph_result)
    assert "Mul" in eager_and_graph.ops and "Sum" in eager_and_graph.ops


def test_tracing_happens_once_per_input_signature():
    from tfvisual.examples import eager_and_graph

    # Four calls, three signatures: the call with the same dtype and shape as the first reused its graph.
    assert eager_and_graph.traced_for == ["float32 (2,)", "float32 (3,)", "int32 (2,)"]


def test_autograph_turns_the_python_while_into_a_graph_loop():
    from tfvisual.examples import eager_and_graph

    assert eager_and_graph.halved.numpy().tolist() == [0.625, 0.375]
    assert any("While" in op for op in eager_and_graph.loop_ops)


def test_an_unknown_dimension_gives_one_trace_that_serves_every_length():
    """The graph pages and the basics page: one trace, not one per length."""
    from tfvisual.examples import tracing

    assert len(set(tracing.lengths)) > 1
    assert tracing.total.experimental_get_tracing_count() == 1
    for length in (7, 11):  # lengths it has never seen: still no new trace
        tracing.total(tf_ones(length))
    assert tracing.total.experimental_get_tracing_count() == 1


def test_a_python_argument_is_part_of_the_signature_by_value_and_reduce_retracing_traces_less():
    from tfvisual.examples import tracing

    assert tracing.power.experimental_get_tracing_count() == len(set(tracing.exponents))
    result = tracing.results()["reduce_retracing"]
    assert result["default_traces"] == len(tracing.relaxed_lengths)  # a graph per length
    assert result["relaxed_traces"] < result["default_traces"]
    assert result["relaxed_shapes"].endswith("(None,)")  # the last graph it traced takes any length


def test_variables_page_statements_about_state_in_functions():
    """A variable created in the body fails on the first call, which traces twice; created once it works; a write
    nothing uses runs in a tf.function on every call, and in a TF1 Session only when a fetch needs it or a
    dependency is written."""
    from tfvisual.examples import variables_in_functions as example

    result = example.results()
    assert result["created_inside"]["error"] and "tf.Variable" in result["created_inside"]["error"]
    assert len(example.traced) == 2 and len(set(example.traced)) == 1  # one call, one shape, two traces
    # Guarded: one variable, made on the first trace; the first shape traced twice, each later shape once.
    once = result["created_once"]
    assert once["variables"] == 1 and once["traces"] == once["shapes"] + 1
    calls = len(example.inputs)
    assert result["automatic"]["counted"] == calls
    assert "AssignAddVariableOp" in {t for waits in result["automatic"]["control_inputs"].values() for t in waits}
    assert result["tf1"] == {"counted": 0, "counted_with_dependency": calls}


def tf_ones(length: int):
    import tensorflow as tf

    return tf.ones([length])
