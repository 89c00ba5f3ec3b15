"""The memory task (src/tfvisual/memory_task.py) can only be solved by remembering, its saved result
(scripts/results/memory-task.json, from scripts/train_memory_task.py) agrees with itself and with the code's
configuration, and its figures are the same bytes on every build."""

import json

import numpy as np
import pytest

from tfvisual.memory_task import (
    CELLS,
    MemoryTaskConfig,
    build_model,
    correct_count,
    held_out_seed,
    make_sequences,
    train,
    training_seed,
)
from tfvisual.paths import RESULTS_DIR

RESULT = RESULTS_DIR / "memory-task.json"


@pytest.fixture(scope="module")
def saved():
    return json.loads(RESULT.read_text())


@pytest.mark.parametrize("k", [0, 1, 5, 31])
def test_the_target_is_the_symbol_k_steps_before_the_last(k):
    x, y = make_sequences(k, 50, seed=3, length=32, symbols=4)
    assert x.shape == (50, 32, 4) and y.shape == (50,)
    np.testing.assert_array_equal(x.sum(axis=-1), 1.0)  # exactly one symbol per step
    np.testing.assert_array_equal(y, x[:, 31 - k].argmax(axis=-1))


def test_k_must_fall_inside_the_sequence():
    with pytest.raises(ValueError, match="k must be"):
        make_sequences(8, 1, seed=0, length=8)


def test_the_same_seed_gives_the_same_sequences_and_held_out_ones_differ():
    first, again = make_sequences(4, 20, training_seed(1, 4)), make_sequences(4, 20, training_seed(1, 4))
    np.testing.assert_array_equal(first[0], again[0])
    held_out = make_sequences(4, 20, held_out_seed(4))
    assert not np.array_equal(first[0], held_out[0])
    assert training_seed(1, 4) != held_out_seed(4)


def test_no_other_step_gives_the_target_away():
    """Guessing the target from any other step, or from its two neighbours together, is no better than chance."""
    n, length, k, symbols = 40_000, 8, 3, 4
    x, y = make_sequences(k, n, seed=11, length=length, symbols=symbols)
    ids = x.argmax(axis=-1)
    target_step = length - 1 - k

    def best_guess_accuracy(clue: np.ndarray) -> float:
        # The best any rule can do from this clue: answer the most frequent target for each value of the clue.
        table = np.zeros((clue.max() + 1, symbols))
        np.add.at(table, (clue, y), 1)
        return table.max(axis=1).sum() / n

    assert np.bincount(y, minlength=symbols) / n == pytest.approx([0.25] * 4, abs=0.01)
    for step in range(length):
        if step != target_step:
            assert best_guess_accuracy(ids[:, step]) < 0.25 + 0.015, step
    neighbours = ids[:, target_step - 1] * symbols + ids[:, target_step + 1]
    assert best_guess_accuracy(neighbours) < 0.25 + 0.025
    # The step itself, remembered, gives it away completely: memory is the way to solve it.
    assert best_guess_accuracy(ids[:, target_step]) == 1.0


def test_an_lstm_learns_to_recall_one_step_back_and_guesses_before_training():
    config = MemoryTaskConfig(length=6, units=8, steps=150, batch_size=64, test_sequences=1000)
    x, y = make_sequences(1, config.test_sequences, held_out_seed(1), config.length, config.symbols)
    model = build_model("lstm", config, seed=1)
    before = correct_count(model, x, y) / len(y)
    train(model, config, k=1, seed=1)
    after = correct_count(model, x, y) / len(y)
    assert before < 0.4 and after > 0.8, (before, after)


def test_the_saved_result_is_from_this_configuration(saved):
    stale = "run `nice .venv/bin/python scripts/train_memory_task.py`"
    assert {key: saved["config"][key] for key in MemoryTaskConfig().to_dict()} == MemoryTaskConfig().to_dict(), stale
    assert saved["config"]["cells"] == list(CELLS)
    assert saved["chance"] == 1 / saved["config"]["symbols"]


def test_every_cell_and_k_is_measured_with_every_seed_and_agrees_with_itself(saved):
    config = saved["config"]
    n = config["test_sequences"]
    assert set(saved["accuracy"]) == set(CELLS)
    for cell in CELLS:
        assert sorted(int(k) for k in saved["accuracy"][cell]) == sorted(config["k_values"]), cell
        for k, record in saved["accuracy"][cell].items():
            where = f"{cell}, k = {k}"
            accuracies = record["accuracy_per_seed"]
            assert len(accuracies) == len(record["correct_per_seed"]) == len(config["seeds"]), where
            assert accuracies == pytest.approx([c / n for c in record["correct_per_seed"]], abs=1e-6), where
            assert record["mean"] == pytest.approx(np.mean(accuracies), abs=1e-6), where
            assert (record["min"], record["max"]) == (min(accuracies), max(accuracies)), where
            low, high = record["interval_95"]
            assert low < record["mean"] < high or (low < record["mean"] == high == 1.0), where
            for accuracy, (seed_low, seed_high) in zip(accuracies, record["interval_95_per_seed"], strict=True):
                assert seed_low <= accuracy <= seed_high, where
            assert record["chance"] == saved["chance"], where


def test_the_summary_is_what_the_records_say(saved):
    summary, threshold = saved["summary"], saved["solved_threshold"]
    for cell in CELLS:
        records = saved["accuracy"][cell]
        solved = sorted(int(k) for k, r in records.items() if min(r["accuracy_per_seed"]) >= threshold)
        assert summary["k_solved_every_seed"][cell] == solved, cell
        assert summary["largest_k_solved_every_seed"][cell] == (solved[-1] if solved else None), cell
        by_any = [int(k) for k, r in records.items() if max(r["accuracy_per_seed"]) >= threshold]
        assert summary["largest_k_solved_by_any_seed"][cell] == (max(by_any) if by_any else None), cell
        above = [int(k) for k, r in records.items() if r["interval_95"][0] > r["chance"]]
        assert summary["largest_k_above_chance"][cell] == (max(above) if above else None), cell
    # The gradients come from the first seed's models, at the largest k that seed's LSTM solves.
    lstm = saved["accuracy"]["lstm"]
    by_first = [int(k) for k, r in lstm.items() if r["accuracy_per_seed"][0] >= threshold]
    assert summary["gradient_k"] == (max(by_first) if by_first else min(saved["config"]["k_values"]))


def test_the_gradient_curves_cover_every_step_and_their_ratios_are_theirs(saved):
    gradients, length = saved["gradients"], saved["config"]["length"]
    k = gradients["k"]
    assert k == saved["summary"]["gradient_k"]
    for cell in CELLS:
        curve = gradients["curves"][cell]
        for state in ("untrained", "trained"):
            norms = curve[state]
            assert len(norms) == length and min(norms) >= 0 and norms[0] > 0, (cell, state)
            ratio = saved["summary"]["gradient_target_over_last"][cell][state]
            assert ratio == pytest.approx(norms[k] / norms[0], rel=1e-4), (cell, state)
        # Training changed the weights, so the gradients differ from the untrained ones.
        assert curve["trained"] != curve["untrained"], cell


def test_the_figures_are_the_same_bytes_on_every_build_and_show_every_cell():
    from tfvisual.figures import memory_task as figure

    first, second = figure.figures(), figure.figures()
    assert list(first) == ["figures/rnn/memory-task-accuracy.svg", "figures/rnn/memory-task-gradients.svg"]
    assert first == second
    accuracy = first["figures/rnn/memory-task-accuracy.svg"].decode()
    gradients = first["figures/rnn/memory-task-gradients.svg"].decode()
    for svg in (accuracy, gradients):
        assert svg.startswith("<?xml")
        for name in ("SimpleRNN", "LSTM", "GRU"):
            assert name in svg
    assert "chance" in accuracy
    assert "untrained" in gradients and "the symbol to recall" in gradients
