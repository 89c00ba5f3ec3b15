"""The RNN notebook says what it shows: every step of a SimpleRNN, an LSTM and a GRU computed by hand equals Keras,
Keras starts a GRU's biases at 0, the weather forecast by hand equals the model's, the gradients vanish as the text
says, and the per-step gradient contributions add up to the tape's gradient of the shared weight. Checked on the
stored outputs (what the site shows) and on a fresh run.

scripts/build_rnn_notebook.py is the notebook's only source; tests/unit/test_notebooks.py also checks that the
stored notebook is executed and clean."""

import json
import re
import runpy
from itertools import pairwise

import nbformat
import numpy as np
import pytest

from tfvisual import notebooks
from tfvisual.data import weather
from tfvisual.paths import MODELS_DIR, REPO_ROOT, RESULTS_DIR

TOLERANCE = 1e-6
NUMBER = r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?"


@pytest.fixture(scope="module")
def builder() -> dict:
    return runpy.run_path(str(REPO_ROOT / "scripts" / "build_rnn_notebook.py"), run_name="builder")


def test_rnn_notebook_is_what_its_builder_writes(builder):
    stored = nbformat.read(builder["NOTEBOOK"], as_version=4)
    built = builder["build"]()
    assert [(c.cell_type, c.source) for c in stored.cells] == [(c.cell_type, c.source) for c in built.cells], (
        "rerun `.venv/bin/python scripts/build_rnn_notebook.py`"
    )


@pytest.fixture(scope="module", params=["stored", pytest.param("executed", marks=pytest.mark.slow)], ids=lambda p: p)
def printed(request, builder) -> str:
    """Everything the notebook's code cells print: as stored for the site, or from executing it now."""
    if request.param == "stored":
        notebook = nbformat.read(builder["NOTEBOOK"], as_version=4)
    else:
        notebook = builder["build"]()
        notebooks.execute(notebook)  # raises, naming the cell, if a cell (or one of its asserts) fails
    return "".join(
        output.get("text", "")
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream"
    )


def per_step(printed: str, pattern: str) -> dict[int, tuple[float, ...]]:
    """step number -> the numbers a line per step prints (the pattern's groups after the step)."""
    rows = {int(m[1]): tuple(float(v) for v in m.groups()[1:]) for m in re.finditer(pattern, printed)}
    assert rows, f"no line matches {pattern!r}"
    assert sorted(rows) == list(range(1, len(rows) + 1)), "steps are not 1, 2, ... T"
    return rows


def one(printed: str, pattern: str) -> re.Match:
    found = list(re.finditer(pattern, printed))
    assert len(found) == 1, f"{pattern!r} printed {len(found)} times"
    return found[0]


def test_simple_rnn_lstm_and_gru_by_hand_equal_keras_at_every_step(printed):
    simple = per_step(printed, rf"SimpleRNN step (\d+): h = \[[^\]]*\]\s+max \|NumPy - Keras\| = ({NUMBER})")
    lstm = per_step(printed, rf"LSTM step (\d+): forget gate f = \[[^\]]*\]\s+max \|NumPy - Keras\| on h = ({NUMBER})")
    gru = per_step(printed, rf"GRU step (\d+): update gate z = \[[^\]]*\]\s+max \|NumPy - Keras\| = ({NUMBER})")
    assert len(simple) == len(lstm) == len(gru) >= 2
    for step, (difference,) in [*simple.items(), *lstm.items(), *gru.items()]:
        assert difference < TOLERANCE, step
    for gates in re.findall(r"(?:forget|update) gate [fz] = \[([^\]]*)\]", printed):
        values = np.array(gates.split(), dtype=float)
        assert np.all((values > 0) & (values < 1)), "a sigmoid gate lies between 0 and 1"
    assert float(one(printed, rf"LSTM last cell state c_T: max \|NumPy - Keras\| = ({NUMBER})")[1]) < TOLERANCE


def test_keras_starts_a_grus_biases_at_zero_as_the_text_says(printed):
    biases = one(printed, r"a fresh GRU's biases \(b_z, b_r, b_h\): \[([^\]]*)\]")
    values = np.array(biases[1].split(), dtype=float)
    assert values.size > 0 and values.size % 3 == 0  # the blocks z, r, h
    assert np.all(values == 0)  # so z_t starts around sigmoid(0) = 1/2


def test_weather_rnn_forecast_by_hand_equals_the_model_on_a_day_it_disagrees_with_markov(printed):
    card = json.loads((MODELS_DIR / "weather-simple-rnn" / "card.json").read_text())
    markov = json.loads((RESULTS_DIR / "weather-baselines.json").read_text())["baselines"]["markov"]
    counted = one(printed, r"disagree on (\d+) test days: RNN right on (\d+), Markov chain right on (\d+)")
    versus = card["versus_markov"]["committed_seed_accuracy_minus_markov"]
    # The same count the training script made when it wrote the card: the notebook runs the committed model.
    assert int(counted[2]) == versus["days_only_a_right"] and int(counted[3]) == versus["days_only_b_right"]
    assert int(counted[1]) == int(counted[2]) + int(counted[3])

    forecast = one(printed, rf"forecast for (\S+): P\(wet\) by hand = ({NUMBER}), Keras = ({NUMBER})")
    target, by_hand, by_keras = np.datetime64(forecast[1]), float(forecast[2]), float(forecast[3])
    assert by_hand == by_keras
    assert float(one(printed, rf"max \|NumPy - Keras\| on h_T after \d+ days: ({NUMBER})")[1]) < TOLERANCE
    chain = one(printed, rf"Markov chain \(today (dry|wet)\): P\(wet\) = ({NUMBER})")
    today = ("dry", "wet").index(chain[1])
    assert float(chain[2]) == pytest.approx(markov["transition_matrix"][today][1], abs=5e-5)
    assert (by_keras >= 0.5) != (float(chain[2]) >= 0.5), "the day shown is one where the two forecasts differ"

    # The table of states covers the window's days, ending the day before the forecast; the outcome is the data's.
    days = weather.load_days()
    rows = re.findall(rf"^(\d{{4}}-\d\d-\d\d)\s+({NUMBER}) mm\s+([01])\s+\[", printed, flags=re.MULTILINE)
    window = card["input"]["window"]
    assert [np.datetime64(day) for day, _, _ in rows] == list(target - np.arange(window, 0, -1))
    index = int(np.flatnonzero(days.dates == target)[0])
    assert today == days.wet[index - 1] == int(rows[-1][2])
    happened = one(printed, rf"what happened: (dry|wet) \(({NUMBER}) mm\)")
    assert happened[1] == ("dry", "wet")[days.wet[index]]
    assert float(happened[2]) == pytest.approx(days.measurements[index, 0])


def test_gradient_norms_vanish_as_the_text_says(printed):
    header = one(printed, r"k steps back:\s+([\d\s]+)\n")
    ks = [int(k) for k in header[1].split()]
    norms = {}
    for name in ("simple_rnn", "lstm_forget_bias_0", "lstm_forget_bias_1"):
        row = one(printed, rf"{name}:\s+([^\n]*?)\s+far / near = ({NUMBER})")
        norms[name] = dict(zip(ks, (float(v) for v in row[1].split()), strict=True))
        assert float(row[2]) == pytest.approx(norms[name][ks[-1]] / norms[name][0], rel=0.1)
    assert ks[0] == 0 and ks[-1] >= 99
    simple = norms["simple_rnn"]
    assert simple[ks[-1]] / simple[0] < 1e-12  # "many orders of magnitude below"
    assert all(simple[a] > simple[b] for a, b in pairwise(ks))  # falls with every distance shown
    bias_0 = norms["lstm_forget_bias_0"]
    assert bias_0[ks[-1]] / bias_0[0] < simple[ks[-1]] / simple[0]  # "vanishes as well, even faster"
    assert norms["lstm_forget_bias_1"][ks[-1]] > 0
    assert norms["lstm_forget_bias_1"][50] > 100 * norms["lstm_forget_bias_0"][50]  # "orders of magnitude larger"
    # The tape written out in the notebook gives the first norms of the table.
    written = one(printed, r"SimpleRNN, norms for k = 0, 1, 2: \[([^\]]*)\]")
    np.testing.assert_allclose(np.array(written[1].split(), dtype=float)[:2], [simple[0], simple[1]], rtol=5e-3)


def test_the_shared_weights_gradient_is_the_sum_of_one_contribution_per_step(printed):
    steps = per_step(
        printed, rf"BPTT step (\d+): \|contribution to dL/dU\| = ({NUMBER})\s+max \|tape - by hand\| = ({NUMBER})"
    )
    simple = per_step(printed, rf"SimpleRNN step (\d+): h = \[[^\]]*\]\s+max \|NumPy - Keras\| = ({NUMBER})")
    assert len(steps) == len(simple)  # one contribution for every step of the same sequence
    for step, (_, difference) in steps.items():
        assert difference < TOLERANCE, step
    contributions = {step: norm for step, (norm, _) in steps.items()}
    assert contributions[1] == 0  # U multiplies h_0 = 0 at step 1
    assert max(contributions, key=contributions.get) == len(steps)  # the step next to the loss contributes most
    falling_back = [contributions[step] < contributions[step + 1] for step in range(2, len(steps))]
    assert sum(falling_back) > len(falling_back) / 2  # "the steps further back mostly less"
    assert all(contributions[step] > 0 for step in contributions if step > 1)  # every later step adds something
    sums = re.findall(
        rf"sum over steps \((tape per step|by hand)\) vs the tape's gradient of the shared U: "
        rf"max difference = ({NUMBER})",
        printed,
    )
    assert sorted(name for name, _ in sums) == ["by hand", "tape per step"]
    assert all(float(difference) < TOLERANCE for _, difference in sums)
    losses = one(printed, rf"loss: Keras layer ({NUMBER}), unrolled loop ({NUMBER})")
    assert losses[1] == losses[2]  # the unrolled loop with copies computes the same loss as the layer
