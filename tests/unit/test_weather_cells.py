"""The cell equations and parameter counts the recurrent-networks page shows are Keras' own: the NumPy steps of
tfvisual.weather_cells (the page's equations, with kernel = Wᵀ) give the layers' outputs, the formulas give
their parameter counts, and scripts/results/weather-cells.json is what the layers count today."""

import json
import os

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tfvisual import weather_cells as cells  # noqa: E402
from tfvisual.data.weather import FEATURES  # noqa: E402
from tfvisual.paths import MODELS_DIR, RESULTS_DIR  # noqa: E402

SAVED = json.loads((RESULTS_DIR / "weather-cells.json").read_text())
STEPS, FEATURES_N, UNITS = 6, 5, 4


def run(layer, x):
    """Every state of ``layer`` over the sequences ``x``, by Keras (the layer rebuilt with return_sequences)."""
    twin = type(layer).from_config({**layer.get_config(), "return_sequences": True})
    twin.build(x.shape)
    twin.set_weights(layer.get_weights())
    return twin(x).numpy()


@pytest.fixture(scope="module")
def built():
    """The four cells with random (not initial) weights, so that every weight matters, and a random input."""
    rng = np.random.default_rng(0)
    layers = cells.keras_layers(UNITS)
    for layer in layers.values():
        layer.build((None, STEPS, FEATURES_N))
        layer.set_weights([rng.normal(scale=0.5, size=w.shape).astype(np.float32) for w in layer.get_weights()])
    return layers, rng.normal(size=(3, STEPS, FEATURES_N)).astype(np.float32)


def test_the_pages_equations_are_what_keras_computes(built):
    layers, x = built
    h0 = np.zeros((len(x), UNITS), np.float32)
    for name, layer in layers.items():
        weights = layer.get_weights()
        h, c, states = h0, h0, []
        for t in range(STEPS):
            if name == "simple_rnn":
                h = cells.simple_rnn_step(x[:, t], h, *weights)
            elif name == "lstm":
                h, c = cells.lstm_step(x[:, t], h, c, *weights)
            else:
                h = cells.gru_step(x[:, t], h, *weights, reset_after=layer.reset_after)
            states.append(h)
        np.testing.assert_allclose(np.stack(states, axis=1), run(layer, x), atol=2e-5, err_msg=name)


def test_the_reset_gate_order_matters():
    """The two GRU variants are different functions of the same weights, not a storage detail: run with the
    weights of one, the other's equations give other states."""
    rng = np.random.default_rng(1)
    x, h = rng.normal(size=(2, FEATURES_N)), rng.normal(size=(2, UNITS))
    kernel, recurrent = rng.normal(size=(FEATURES_N, 3 * UNITS)), rng.normal(size=(UNITS, 3 * UNITS))
    bias = np.zeros(3 * UNITS)
    before = cells.gru_step(x, h, kernel, recurrent, bias, reset_after=False)
    after = cells.gru_step(x, h, kernel, recurrent, np.stack([bias, bias]), reset_after=True)
    assert np.abs(before - after).max() > 0.01


def test_parameter_counts_follow_the_formulas_and_the_saved_file_is_current():
    fresh = json.loads(json.dumps(cells.cell_sizes(len(FEATURES), SAVED["units"])))
    assert fresh == SAVED, "run `.venv/bin/python scripts/save_weather_cells.py`"
    d, u = SAVED["features"], SAVED["units"]
    for name, cell in SAVED["cells"].items():
        assert cell["parameters"] == cell["formula_value"] == cells.FORMULAS[name][1](d, u), name
        assert cell["weights"]["kernel"][0] == d  # kernel = Wᵀ: one row per input feature
        assert cell["weights"]["recurrent_kernel"][0] == u
    # The weather models' own recurrent layers have the counts the page gives for their cells.
    for folder, name in (("weather-simple-rnn", "simple_rnn"), ("weather-gru", "gru_reset_before")):
        card = json.loads((MODELS_DIR / folder / "card.json").read_text())
        rnn = next(layer for layer in card["layers"] if layer["name"] == "rnn")
        assert rnn["params"] == cells.FORMULAS[name][1](card["input"]["shape"][1], card["hyperparameters"]["units"])


def test_keras_defaults_to_reset_after_and_the_sites_gru_does_not():
    assert SAVED["keras_default_gru_reset_after"] is True
    cells_ = SAVED["cells"]
    # reset_after=True carries a second bias per gate, inside the recurrent product: 3u more parameters.
    assert cells_["gru_reset_after"]["weights"]["bias"] == [2, 3 * SAVED["units"]]
    assert cells_["gru_reset_after"]["parameters"] - cells_["gru_reset_before"]["parameters"] == 3 * SAVED["units"]
    model = json.loads((MODELS_DIR / "weather-gru" / "model.json").read_text())
    layers = model["modelTopology"]["model_config"]["config"]["layers"]
    assert next(layer for layer in layers if layer["class_name"] == "GRU")["config"]["reset_after"] is False
