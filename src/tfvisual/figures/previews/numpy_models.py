"""The demos' models run in NumPy from their exported weights, on what each demo opens with: the site build imports
no TensorFlow. tests/unit/test_previews.py holds each equal to Keras on the same weights."""

import json
from pathlib import Path

import numpy as np

from tfvisual.figures.cnn import _correlate_same, first_layer_kernels
from tfvisual.paths import MODELS_DIR, RESULTS_DIR
from tfvisual.tfjs_weights import read_tfjs_weights

WEATHER_DAYS = RESULTS_DIR / "site-data" / "weather-days.json"  # the days the weather demo reads


def _card(model_dir: Path) -> dict:
    return json.loads((model_dir / "card.json").read_text())


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def digit_feature_maps(model_dir: Path = MODELS_DIR / "digit-cnn") -> tuple[np.ndarray, np.ndarray]:
    """A held-out digit (28×28, 0..1) and the first layer's feature maps of it (filters × 28 × 28) after ReLU,
    computed as the CNN page's figures compute them (cross-correlation, zero padding, bias)."""
    image = np.asarray(_card(model_dir)["heldout_examples"][0]["pixels"], dtype=np.float32).reshape(28, 28) / 255
    _, kernels, biases = first_layer_kernels(model_dir)
    maps = [np.maximum(_correlate_same(image, kernels[:, :, 0, k]) + biases[k], 0) for k in range(len(biases))]
    return image, np.stack(maps)


def simple_rnn_states(weights: dict, window: np.ndarray) -> np.ndarray:
    """h_t after each day of a standardised window (days × features), from h_0 = 0. Keras stores the kernels for rows:
    h_t = tanh(x_t K + h_{t−1} R + b), with K = Wᵀ and R = Uᵀ."""
    kernel, recurrent, bias = (
        weights[f"rnn/simple_rnn_cell/{part}"] for part in ("kernel", "recurrent_kernel", "bias")
    )
    h = np.zeros(bias.shape, np.float64)
    states = []
    for x in window:
        h = np.tanh(x @ kernel + h @ recurrent + bias)
        states.append(h)
    return np.stack(states)


def weather_window(model_dir: Path = MODELS_DIR / "weather-simple-rnn") -> dict:
    """The window the weather demo opens on (the days up to the first test day), the state after each day and the
    forecast: {"wet": [bool per day], "window": standardised days, "states": days × units, "forecast": P(wet)}."""
    card = _card(model_dir)
    days = json.loads(WEATHER_DAYS.read_text())
    standard = card["input"]["standardisation"]
    today = days["days"]["date"].index(days["first_test_day"])
    rows = range(today - card["input"]["window"] + 1, today + 1)
    raw = np.array([[days["days"][name][i] for name in standard["features"]] for i in rows], dtype=np.float64)
    window = (raw - np.asarray(standard["mean"])) / np.asarray(standard["std"])
    weights = read_tfjs_weights(model_dir / "model.json")
    states = simple_rnn_states(weights, window)
    logit = states[-1] @ weights["wet_tomorrow/kernel"][:, 0] + weights["wet_tomorrow/bias"][0]
    return {
        "wet": [bool(days["days"]["wet"][i]) for i in rows],
        "window": window.astype(np.float32),
        "states": states,
        "forecast": float(_sigmoid(logit)),
    }


def lstm_probabilities(weights: dict, ids: list[int]) -> np.ndarray:
    """P(each next character | the ones before it) from the character LSTM, fed one id at a time from the zero
    state, as the demo steps it. Keras' gates, in its order: input, forget, candidate, output."""
    embeddings = weights["embedding/embeddings"].astype(np.float64)
    kernel, recurrent, bias = (
        weights[f"lstm/lstm_cell/{part}"].astype(np.float64) for part in ("kernel", "recurrent_kernel", "bias")
    )
    dense, dense_bias = weights["logits/kernel"].astype(np.float64), weights["logits/bias"].astype(np.float64)
    units = recurrent.shape[0]
    h, c = np.zeros(units), np.zeros(units)
    probabilities = []
    for current, following in zip(ids, ids[1:], strict=False):
        z = embeddings[current] @ kernel + h @ recurrent + bias
        i, f, g, o = (z[k * units : (k + 1) * units] for k in range(4))
        c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
        h = _sigmoid(o) * np.tanh(c)
        logits = h @ dense + dense_bias
        exp = np.exp(logits - logits.max())
        probabilities.append(exp[following] / exp.sum())
    return np.asarray(probabilities)


def char_rnn_sample(model_dir: Path = MODELS_DIR / "char-rnn") -> tuple[str, str, np.ndarray]:
    """(prompt, written text, the probability the model gave each character of prompt + text before reading it) for
    the text the demo writes first: its opening settings are the card's first sample with a prompt, which the
    exported model wrote with the demo's own sampler."""
    card = _card(model_dir)
    sample = next((s for s in card["samples"] if s["prompt"]), card["samples"][0])
    vocabulary = {character: index for index, character in enumerate(card["vocabulary"]["characters"])}
    full = card["io"]["start"]["character"] + sample["prompt"] + sample["text"]
    ids = [vocabulary.get(character, card["vocabulary"]["unknown_id"]) for character in full]
    return sample["prompt"], sample["text"], lstm_probabilities(read_tfjs_weights(model_dir / "model.json"), ids)
