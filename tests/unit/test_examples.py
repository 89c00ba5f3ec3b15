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
