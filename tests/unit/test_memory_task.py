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
    assert list(first) == [
        "figures/rnn/memory-task-accuracy.svg",
        "figures/rnn/memory-task-curves.svg",
        "figures/rnn/memory-task-gradients.svg",
    ]
    assert first == second
    accuracy = first["figures/rnn/memory-task-accuracy.svg"].decode()
    curves = first["figures/rnn/memory-task-curves.svg"].decode()
    gradients = first["figures/rnn/memory-task-gradients.svg"].decode()
    for svg in (accuracy, curves, gradients):
        assert svg.startswith("<?xml")
        for name in ("SimpleRNN", "LSTM", "GRU"):
            assert name in svg
    assert "chance" in accuracy
    assert "untrained" in gradients and "the symbol to recall" in gradients
    # The learning curves: one panel per retrained k, each seed in the legend.
    assert "k = 8" in curves and "k = 16" in curves and "seed 2" in curves


CURVES = RESULTS_DIR / "memory-task-curves.json"


@pytest.fixture(scope="module")
def curves():
    return json.loads(CURVES.read_text())


def test_every_retrained_run_ends_exactly_where_the_sweeps_run_ended(curves, saved):
    """The curves are the sweep's own runs, watched: the same seeds and code give the same final models."""
    config = curves["config"]
    assert config["seeds"] == saved["config"]["seeds"]
    assert set(config["k_values"]) <= set(saved["config"]["k_values"])
    for cell in CELLS:
        for k in config["k_values"]:
            for index, seed in enumerate(config["seeds"]):
                run = curves["runs"][cell][str(k)][str(seed)]
                where = f"{cell}, k = {k}, seed {seed}"
                assert run["final_correct"] == saved["accuracy"][cell][str(k)]["correct_per_seed"][index], where
                assert run["reproduces_sweep"], where
                # Scored before training and every `every` steps to the end.
                assert [p["step"] for p in run["curve"]] == list(range(0, config["steps"] + 1, config["every"]))
                counts = np.asarray(run["confusion"])
                assert counts.sum() == config["test_sequences"] and np.trace(counts) == run["final_correct"], where
    assert curves["summary"]["every_run_reproduces_sweep"]


def test_the_sweeps_runs_are_each_counted_once_and_the_in_between_ones_are_named(curves, saved):
    sweep = curves["sweep"]
    runs = len(CELLS) * len(saved["config"]["k_values"]) * len(saved["config"]["seeds"])
    assert sweep["runs"] == runs == sweep["solved_count"] + sweep["at_chance_count"] + sweep["in_between_count"]
    named = {
        (run["cell"], run["k"], run["seed"]) for name in ("solved", "at_chance", "in_between") for run in sweep[name]
    }
    assert len(named) == runs
    threshold = saved["solved_threshold"]
    assert all(run["accuracy"] >= threshold for run in sweep["solved"])
    assert all(saved["chance"] < run["accuracy"] < threshold for run in sweep["in_between"])
    assert sweep["largest_k"] == max(saved["config"]["k_values"])


def test_the_summary_is_what_the_saved_curves_say(curves, saved):
    import copy

    from tfvisual.memory_task_curves import summarise

    runs = copy.deepcopy(curves["runs"])
    again = summarise(runs, curves["config"]["test_sequences"], saved["solved_threshold"])
    assert again == curves["summary"]
    assert runs == curves["runs"]  # the per-run paths too


def test_the_gated_cells_at_k_8_climb_slowly_and_are_still_climbing_where_the_simple_rnn_solved_it(curves):
    """The page: all four LSTM and GRU runs at k = 8 end in between and were still gaining over the last steps;
    the SimpleRNN's two runs solved k = 8 within a few hundred steps."""
    summary, steps = curves["summary"], curves["config"]["steps"]
    gated = summary["gated_k8"]
    assert gated["runs"] == 4 and gated["every_run_in_between"]
    assert gated["gain_min"] > 0
    assert summary["simple_rnn_k8_solved_by_step"] is not None and summary["simple_rnn_k8_solved_by_step"] <= steps / 4


def test_at_k_16_runs_jump_and_fall_back_as_the_page_names_them(curves, saved):
    summary, solved = curves["summary"], saved["solved_threshold"]
    fastest = summary["fastest_rise"]
    assert (fastest["cell"], fastest["k"], fastest["seed"]) == ("gru", 16, 2)
    assert fastest["steps_from_half_to_solved"] <= 2 * curves["config"]["every"]
    lstm = curves["runs"]["lstm"]["16"]
    # Seed 1 learned the task and lost it; seed 2 fell and recovered.
    assert lstm["1"]["best_accuracy"] >= solved > lstm["1"]["final_accuracy"]
    assert lstm["1"]["largest_fall_from"]["step"] == lstm["1"]["step_of_best"]
    assert lstm["1"]["largest_fall_to"]["accuracy"] < 0.3
    assert [(r["cell"], r["k"], r["seed"]) for r in summary["solved_then_lost"]] == [("lstm", 16, 1)]
    assert lstm["2"]["largest_fall"] >= summary["collapse"] and lstm["2"]["final_accuracy"] >= solved
    recorded = [run for by_k in curves["runs"].values() for by_seed in by_k.values() for run in by_seed.values()]
    assert summary["collapse_count"] == sum(run["largest_fall"] >= summary["collapse"] for run in recorded)


def test_a_path_finds_the_rise_the_best_and_the_largest_fall():
    from tfvisual.memory_task_curves import TAIL_STEPS, path

    steps = range(0, 1001, 50)
    accuracies = [0.25] * 8 + [0.5, 0.95, 1.0, 0.3] + [0.4] * 9
    found = path(list(zip(steps, accuracies, strict=True)), solved=0.9, tail_steps=TAIL_STEPS)
    assert found["step_left_chance"] == 400 and found["step_reached_solved"] == 450
    assert found["steps_from_half_to_solved"] == 50
    assert (found["best_accuracy"], found["step_of_best"]) == (1.0, 500)
    assert found["largest_fall"] == pytest.approx(0.7)
    assert found["largest_fall_from"] == {"step": 500, "accuracy": 1.0}
    assert found["gain_over_last_steps"] == pytest.approx(0.4 - 1.0)  # from step 500 to the end: fell


def test_what_the_page_says_about_the_sweep_holds(saved):
    summary = saved["summary"]
    # "The LSTM's 24 is where the measurement stopped": its largest k solved is the largest k tried.
    assert summary["largest_k_solved_by_any_seed"]["lstm"] == max(saved["config"]["k_values"])
    # "while the SimpleRNN solved k = 8 with both seeds"
    assert 8 in summary["k_solved_every_seed"]["simple_rnn"]
    # "A network that learned the task sends more gradient there than to the last step, and one that did not
    # sends even less than before": at gradient_k only seed 1's LSTM learned it.
    k = str(summary["gradient_k"])
    ratios = summary["gradient_target_over_last"]
    for cell in CELLS:
        learned = saved["accuracy"][cell][k]["accuracy_per_seed"][0] >= saved["solved_threshold"]
        assert (ratios[cell]["trained"] > 1) == learned, cell
        if not learned:
            assert ratios[cell]["trained"] < ratios[cell]["untrained"], cell
