"""Eager and graph runs of each benchmark chain compute the same thing, the op counts are what the page says,
and the saved result holds what the page quotes. No test looks at how long anything took."""

import json

import numpy as np
import tensorflow as tf

from tfvisual.benchmarks import eager_vs_graph
from tfvisual.paths import RESULTS_DIR


def test_both_chains_give_the_same_answer_eagerly_and_as_a_graph():
    data = eager_vs_graph.inputs(small_size=5, big_size=8)
    small_eager = eager_vs_graph.many_small_ops(data["small"], 7)
    small_graph = tf.function(eager_vs_graph.many_small_ops)(data["small"], 7)
    np.testing.assert_allclose(small_graph, small_eager, rtol=1e-6)
    expected = data["small"].numpy().astype(np.float64)
    for _ in range(7):
        expected = expected * 0.99 + 0.01
    np.testing.assert_allclose(small_eager, expected, rtol=1e-5)

    big_eager = eager_vs_graph.few_big_ops(data["big"], data["weights"], 2)
    big_graph = tf.function(eager_vs_graph.few_big_ops)(data["big"], data["weights"], 2)
    np.testing.assert_allclose(big_graph, big_eager, rtol=1e-5, atol=1e-5)
    w = data["weights"].numpy()
    np.testing.assert_allclose(big_eager, data["big"].numpy() @ w @ w, rtol=1e-4, atol=1e-4)


def test_tracing_unrolls_the_python_loop_into_one_op_per_step():
    data = eager_vs_graph.inputs(small_size=5, big_size=8)
    small = tf.function(eager_vs_graph.many_small_ops)
    big = tf.function(eager_vs_graph.few_big_ops)
    assert eager_vs_graph.traced_op_count(small, data["small"], 7) == 2 * 7  # a multiply and an add per step
    assert eager_vs_graph.traced_op_count(big, data["big"], data["weights"], 2) == 2


def test_measure_reports_every_case_in_both_modes():
    result = eager_vs_graph.measure(small_steps=3, big_steps=1, small_size=4, big_size=8, repeats=2)
    assert result.keys() == {"small_ops", "big_ops"}
    for row in result.values():
        assert row["seconds"].keys() == {"eager", "graph"}
        assert all(seconds > 0 for seconds in row["seconds"].values())
        assert row["graph_speedup"] == row["seconds"]["eager"] / row["seconds"]["graph"]
    assert result["small_ops"]["ops"] == 6


def test_saved_result_holds_what_the_page_quotes():
    saved = json.loads((RESULTS_DIR / "eager-vs-graph.json").read_text())
    assert saved["small_ops"]["ops"] == 2 * saved["small_ops"]["steps"]
    assert saved["big_ops"]["ops"] == saved["big_ops"]["steps"]
    for row in (saved["small_ops"], saved["big_ops"]):
        assert row["graph_speedup"] == row["seconds"]["eager"] / row["seconds"]["graph"]
        assert row["saved_seconds_per_op"] == (row["seconds"]["eager"] - row["seconds"]["graph"]) / row["ops"]
    assert saved["machine"]["cores"] >= 1
