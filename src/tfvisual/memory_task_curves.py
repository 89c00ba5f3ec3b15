"""How the memory task's runs learn, step by step: held-out accuracy recorded while they train.

The sweep (scripts/train_memory_task.py) saves where each run ends. Whether a run that ends at chance never
started, whether one that ends in between had stopped or was still climbing, and whether learning comes as a jump
or a slope are questions about the path. This module retrains chosen runs exactly as the sweep does (the same
seeds, the same sequences, the same ``memory_task.train``) with a Keras callback that scores the model on held-out
sequences every ``EVERY`` steps. The callback only reads the model, so each run ends with the weights the sweep's
run ended with; ``reproduces_sweep`` checks that by scoring the final model on the sweep's full held-out set.

``summarise`` reads each curve's path: when the run left chance and reached the solved threshold, how fast it rose,
its largest fall between two scores (a collapse, if large), and whether it was still climbing at the end.

Each run also saves its final *confusion counts* (which symbol it answers for each true symbol): a model that tells
some symbols apart and confuses others ends in between chance and 100% (telling 3 groups apart out of 4 symbols,
for example, gives 75%).
"""

import os

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402

from tfvisual.memory_task import MemoryTaskConfig, build_model, held_out_seed, make_sequences, train  # noqa: E402

EVERY = 50  # training steps between two scores
SCORED_SEQUENCES = 500  # held-out sequences scored on the way (the first of the sweep's held-out set)
# A run has "left chance" once its accuracy passes this (chance is 25%; 500 guesses stay below it 99.9% of the time).
LEFT_CHANCE = 0.32
# A fall this large between two scores, 50 steps apart, is a collapse: far beyond the scores' noise (about ±4 points
# for 500 sequences).
COLLAPSE = 0.3
TAIL_STEPS = 500  # "still climbing at the end": the gain over this many last steps


class AccuracyOnTheWay(keras.callbacks.Callback):
    """Scores the model on (x, y) before training and after every ``every``-th step: [(step, accuracy), ...]."""

    def __init__(self, x: np.ndarray, y: np.ndarray, every: int = EVERY):
        super().__init__()
        self.x, self.y, self.every = tf.constant(x), y, every
        self.curve: list[tuple[int, float]] = []
        self.predict = None

    def _score(self, step: int) -> None:
        if self.predict is None:  # one traced function for every score: fast, and it reads the weights only
            self.predict = tf.function(lambda x: self.model(x, training=False))
        answers = self.predict(self.x).numpy().argmax(axis=-1)
        self.curve.append((step, float((answers == self.y).mean())))

    def on_train_begin(self, logs=None):
        self._score(0)

    def on_train_batch_end(self, batch, logs=None):
        if (batch + 1) % self.every == 0:
            self._score(batch + 1)


def confusion(model: keras.Model, x: np.ndarray, y: np.ndarray, symbols: int) -> list[list[int]]:
    """counts[true][answered]: how often the model answers each symbol, for each symbol it should have answered."""
    answers = model.predict(x, batch_size=len(x), verbose=0).argmax(axis=-1)
    counts = np.zeros((symbols, symbols), dtype=int)
    np.add.at(counts, (y, answers), 1)
    return counts.tolist()


def path(curve: list[tuple[int, float]], solved: float, tail_steps: int = TAIL_STEPS) -> dict:
    """What a curve of (step, accuracy) says about how the run learned: when it left chance and first reached
    ``solved`` (None if never), how fast it rose, its best, its largest fall between two scores, and how much it
    gained over its last ``tail_steps`` (still climbing at the end, or settled)."""
    steps = [step for step, _ in curve]
    accuracies = [accuracy for _, accuracy in curve]
    left = next((step for step, accuracy in curve if accuracy > LEFT_CHANCE), None)
    reached_at = next((i for i, accuracy in enumerate(accuracies) if accuracy >= solved), None)
    reached = None if reached_at is None else steps[reached_at]
    # The rise: from the last score at or below one half before the run first reached `solved`.
    half = None if reached_at is None else max(i for i in range(reached_at) if accuracies[i] <= 0.5)
    falls = [accuracies[i] - accuracies[i + 1] for i in range(len(curve) - 1)]
    fall_at = int(np.argmax(falls))
    tail_start = steps.index(steps[-1] - tail_steps)
    return {
        "step_left_chance": left,
        "step_reached_solved": reached,
        "steps_from_chance_to_solved": None if left is None or reached is None else reached - left,
        "steps_from_half_to_solved": None if reached is None else reached - steps[half],
        "best_accuracy": max(accuracies),
        "step_of_best": steps[int(np.argmax(accuracies))],
        "largest_fall": falls[fall_at],
        "largest_fall_from": {"step": steps[fall_at], "accuracy": accuracies[fall_at]},
        "largest_fall_to": {"step": steps[fall_at + 1], "accuracy": accuracies[fall_at + 1]},
        "gain_over_last_steps": accuracies[-1] - accuracies[tail_start],
    }


def record_run(cell: str, k: int, seed: int, config: MemoryTaskConfig) -> dict:
    """One run of the sweep, retrained with the accuracy recorded on the way."""
    x_test, y_test = make_sequences(k, config.test_sequences, held_out_seed(k), config.length, config.symbols)
    # As the sweep does, in this order: the seed, the model, the training.
    keras.utils.set_random_seed(seed)
    model = build_model(cell, config, seed)
    watcher = AccuracyOnTheWay(x_test[:SCORED_SEQUENCES], y_test[:SCORED_SEQUENCES])
    train(model, config, k, seed, callbacks=[watcher])
    counts = confusion(model, x_test, y_test, config.symbols)
    return {
        "cell": cell,
        "k": k,
        "seed": seed,
        "curve": [{"step": step, "accuracy": accuracy} for step, accuracy in watcher.curve],
        "final_correct": int(np.trace(counts)),
        "confusion": counts,
    }


def summarise(runs: dict, test_sequences: int, solved: float) -> dict:
    """Each recorded run's path (added to it), and what the page says about them all. ``runs[cell][k][seed]``."""
    recorded = [run for by_k in runs.values() for by_seed in by_k.values() for run in by_seed.values()]
    for run in recorded:
        run.update(path([(p["step"], p["accuracy"]) for p in run["curve"]], solved))
        run["final_accuracy"] = run["final_correct"] / test_sequences

    def where(run: dict) -> dict:
        return {key: run[key] for key in ("cell", "k", "seed", "final_accuracy")}

    gated_k8 = [run for run in recorded if run["k"] == 8 and run["cell"] in ("lstm", "gru")]
    simple_k8 = [run for run in recorded if run["k"] == 8 and run["cell"] == "simple_rnn"]
    rises = [run for run in recorded if run["steps_from_half_to_solved"] is not None]
    fastest = min(rises, key=lambda run: run["steps_from_half_to_solved"], default=None)
    collapses = [run for run in recorded if run["largest_fall"] >= COLLAPSE]
    lost = [run for run in recorded if run["best_accuracy"] >= solved > run["final_accuracy"]]
    summary = {
        "recorded_runs": len(recorded),
        "every_run_reproduces_sweep": all(run.get("reproduces_sweep", False) for run in recorded),
        "tail_steps": TAIL_STEPS,
        "collapse": COLLAPSE,
        "collapses": [
            {**where(run), "from": run["largest_fall_from"], "to": run["largest_fall_to"]} for run in collapses
        ],
        "collapse_count": len(collapses),
        "solved_then_lost": [{**where(run), "best": run["best_accuracy"], "at": run["step_of_best"]} for run in lost],
    }
    if gated_k8:
        summary["gated_k8"] = {
            "runs": len(gated_k8),
            "final_min": min(run["final_accuracy"] for run in gated_k8),
            "final_max": max(run["final_accuracy"] for run in gated_k8),
            "gain_min": min(run["gain_over_last_steps"] for run in gated_k8),
            "gain_max": max(run["gain_over_last_steps"] for run in gated_k8),
            "every_run_in_between": all(
                LEFT_CHANCE < run["final_accuracy"] < solved and run["step_reached_solved"] is None for run in gated_k8
            ),
        }
    if simple_k8:
        reached = [run["step_reached_solved"] for run in simple_k8]
        summary["simple_rnn_k8_solved_by_step"] = None if None in reached else max(reached)
    if fastest is not None:
        summary["fastest_rise"] = {
            **where(fastest),
            "steps_from_half_to_solved": fastest["steps_from_half_to_solved"],
            "step_reached_solved": fastest["step_reached_solved"],
            "step_left_chance": fastest["step_left_chance"],
        }
    return summary
