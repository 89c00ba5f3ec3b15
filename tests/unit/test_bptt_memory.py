"""The memory backpropagation through time needs (scripts/results/bptt-memory.json, from scripts/save_bptt_memory.py)
says what the "Backpropagation through time" page says: the forward loop alone needs about the same memory for every
T; differentiating through all T steps needs memory in proportion to T, about what the loop keeps per step (read
from the traced graph, here again); truncated windows keep it at the level of one window."""

import json

import numpy as np
import pytest

from tfvisual.bptt_memory import BATCH, FEATURES, STEPS, UNITS, WINDOW, Cell, saved_per_step
from tfvisual.paths import RESULTS_DIR

RESULT = RESULTS_DIR / "bptt-memory.json"


@pytest.fixture(scope="module")
def saved():
    return json.loads(RESULT.read_text())


def test_the_result_is_from_this_configuration(saved):
    stale = "run `.venv/bin/python scripts/save_bptt_memory.py`"
    assert saved["config"] == {
        "batch": BATCH,
        "units": UNITS,
        "features": FEATURES,
        "window": WINDOW,
        "dtype": "float32",
    }, stale
    assert [row["steps"] for row in saved["rows"]] == list(STEPS), stale
    for row in saved["rows"]:
        assert saved["by_steps"][str(row["steps"])] == row


def test_what_the_loop_keeps_per_step_is_read_from_the_graph_again(saved):
    # Tracing only (no run): the forward While loop's pushes, as the saved result lists them.
    kept = saved_per_step(Cell.create())
    assert kept == saved["saved_per_step"]
    assert [op for op in kept["loop_ops"] if op.endswith("While")] == kept["loop_ops"]
    assert len(kept["loop_ops"]) == 2  # the forward loop and the gradient's loop
    # The page: h_{t−1}, h_t, x_t and the values of W and U, and only h_t and x_t are computed by the step.
    by_op = {tensor["op"]: tensor for tensor in kept["tensors"]}
    assert sorted(tensor["op"] for tensor in kept["tensors"]) == [
        "Placeholder",
        "ReadVariableOp",
        "ReadVariableOp",
        "StridedSlice",
        "Tanh",
    ]
    assert by_op["Tanh"]["shape"] == by_op["Placeholder"]["shape"] == [BATCH, UNITS]
    assert by_op["StridedSlice"]["shape"] == [BATCH, FEATURES]
    assert {tuple(t["shape"]) for t in kept["tensors"] if t["op"] == "ReadVariableOp"} == {
        (FEATURES, UNITS),
        (UNITS, UNITS),
    }
    assert kept["computed_bytes"] == (BATCH * UNITS + BATCH * FEATURES) * 4
    assert kept["bytes"] == sum(int(np.prod(t["shape"])) * 4 for t in kept["tensors"])


def test_the_forward_loop_alone_needs_about_the_same_memory_for_every_length(saved):
    summary = saved["summary"]
    assert summary["steps_ratio"] == STEPS[-1] / STEPS[0]
    assert summary["forward_growth"] < 1.5
    # And far less than any backward pass.
    assert all(row["forward_peak_bytes"] < row["full_peak_bytes"] / 5 for row in saved["rows"])


def test_backpropagating_through_every_step_needs_memory_in_proportion_to_t(saved):
    summary, rows = saved["summary"], saved["rows"]
    peaks = [row["full_peak_bytes"] for row in rows]
    assert peaks == sorted(peaks)
    assert summary["full_growth"] > 0.5 * summary["steps_ratio"]
    # The page: each step costs one new state h_t; the slice x_t is a view of x, and the pushed references to
    # existing buffers cost nothing.
    assert summary["full_bytes_per_step"] == pytest.approx(summary["state_bytes"], rel=0.05)
    # The truncated windows stay near one window's memory while T grows.
    assert summary["truncated_growth"] < 0.2 * summary["full_growth"]
    assert summary["pushed_bytes_per_step"] > 5 * summary["full_bytes_per_step"]
    assert summary["full_states_per_step"] == pytest.approx(summary["full_bytes_per_step"] / summary["state_bytes"])
    assert summary["full_bytes_per_100_steps"] == pytest.approx(100 * summary["full_bytes_per_step"])
    # The slope, refitted from the rows (the page quotes it per 100 steps).
    steps = np.array([row["steps"] for row in rows], dtype=float)
    assert np.polyfit(steps, peaks, 1)[0] == pytest.approx(summary["full_bytes_per_step"])


def test_truncated_windows_keep_the_memory_of_one_window(saved):
    summary, rows = saved["summary"], saved["rows"]
    assert summary["truncated_growth"] < 1.6
    truncated = [row["truncated_peak_bytes"] for row in rows]
    one_window = saved["by_steps"][str(WINDOW)]["full_peak_bytes"]
    # Whatever T, within a factor of 2 of backpropagating through one window, and far below the full pass.
    assert all(one_window / 2 < peak < 2 * one_window for peak in truncated)
    assert rows[-1]["truncated_peak_bytes"] < rows[-1]["full_peak_bytes"] / 5
