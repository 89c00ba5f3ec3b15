"""The bits-per-character figure is drawn from the saved n-gram results and the RNN's card: deterministic, and it
shows every order's score and the RNN's."""

import json
import re

from tfvisual.figures import char_text
from tfvisual.paths import MODELS_DIR, RESULTS_DIR

PATH = "figures/rnn/bits-per-character.svg"


def test_the_figure_is_the_same_bytes_on_every_build():
    assert char_text.figures()[PATH] == char_text.figures()[PATH]


def test_every_order_the_best_and_the_rnn_are_in_the_figure():
    ngrams = json.loads((RESULTS_DIR / "char-ngram.json").read_text())
    card = json.loads((MODELS_DIR / "char-rnn" / "card.json").read_text())
    svg = char_text.figures()[PATH].decode()
    # Each order is a tick label on the axis of every order; the best is named.
    ticks = {int(t) for t in re.findall(r">(\d)</text>", svg)}
    assert {o["order"] for o in ngrams["orders"].values()} <= ticks
    assert f"best on validation: order {ngrams['best']['order']}" in svg
    assert "character LSTM (exported)" in svg and "n-gram, Kneser-Ney" in svg
    # The RNN's line sits between the orders it falls between (it is drawn at its own score, not typed).
    rnn = card["metrics"]["test_exported_uint8"]["bits_per_character"]
    scores = sorted(o["test_bits_per_character"] for o in ngrams["orders"].values())
    assert scores[0] < rnn < scores[-1]


def test_the_training_budget_figure_draws_the_long_run_against_the_best_ngram():
    budget = json.loads((RESULTS_DIR / "char-rnn-budget.json").read_text())
    card = json.loads((MODELS_DIR / "char-rnn" / "card.json").read_text())
    path = "figures/rnn/char-rnn-training-budget.svg"
    svg = char_text.figures()[path].decode()
    assert svg == char_text.figures()[path].decode()
    assert f"best n-gram (order {card['baselines']['best']['order']})" in svg
    assert "long run, test" in svg and "long run, validation" in svg and "the model the site ships" in svg
    # The run is the recipe make models trains, only longer, and it was scored against the same n-gram.
    recipe = {key: value for key, value in budget["hyperparameters"].items() if key != "steps"}
    assert recipe == {key: value for key, value in card["hyperparameters"].items() if key != "steps"}
    assert budget["hyperparameters"]["steps"] > card["hyperparameters"]["steps"] == budget["committed_steps"]
    assert budget["ngram"]["order"] == card["baselines"]["best"]["order"]
    steps = [point["step"] for point in budget["checkpoints"]]
    assert steps == sorted(steps) and steps[-1] == budget["hyperparameters"]["steps"]
