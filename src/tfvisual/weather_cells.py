"""The three recurrent cells of the recurrent-networks page, as equations in NumPy and as parameter counts of the
real Keras layers, at the weather models' sizes.

The page writes each cell for a column vector x_t of d features and a state of u units, h_t = tanh(W x_t + U h_{t-1}
+ b) and so on. Keras stores the transposes: its ``kernel`` is Wᵀ, shape (d, u·gates), and its
``recurrent_kernel`` is Uᵀ, shape (u, u·gates), because it computes on rows, x_t Wᵀ + h_{t-1} Uᵀ (a batch is a
matrix with one sequence per row). The gates sit side by side in those matrices, in Keras' order: i, f, c, o
for the LSTM and z, r, h for the GRU. The ``*_step`` functions below are the page's equations on Keras' weights;
tests/unit/test_weather_cells.py checks them against the layers, and the parameter counts against the formulas.

GRU, two variants. ``reset_after=False`` (the original GRU, and the one TensorFlow.js 4.22 loads, so the one this
site trains) applies the reset gate to the state before the recurrent matrix: U_h (r ⊙ h_{t-1}). ``reset_after=True``,
the Keras default in TensorFlow 2, applies it after: r ⊙ (U_h h_{t-1} + b_h'), which is what NVIDIA's cuDNN GRU
kernel computes, so Keras can hand the whole sequence to that fused GPU kernel. That order needs a second bias
vector inside the product (3u more parameters), which is why its bias has shape (2, 3u).
"""

import os

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def simple_rnn_step(x, h, kernel, recurrent_kernel, bias):
    """h_t = tanh(W x_t + U h_{t-1} + b), on rows: x Wᵀ + h Uᵀ with kernel = Wᵀ, recurrent_kernel = Uᵀ."""
    return np.tanh(x @ kernel + h @ recurrent_kernel + bias)


def lstm_step(x, h, c, kernel, recurrent_kernel, bias):
    """One LSTM step; the gates' blocks in Keras' order i, f, c̃ (its "c"), o. Returns (h_t, c_t)."""
    i, f, g, o = np.split(x @ kernel + h @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    return sigmoid(o) * np.tanh(c), c


def gru_step(x, h, kernel, recurrent_kernel, bias, reset_after: bool):
    """One GRU step; blocks in Keras' order z (update), r (reset), h̃ (candidate). Keras keeps the *old* state
    where z is 1: h_t = z ⊙ h_{t-1} + (1 − z) ⊙ h̃_t (some papers swap z and 1 − z)."""
    u = h.shape[-1]
    input_bias, recurrent_bias = (bias[0], bias[1]) if reset_after else (bias, np.zeros_like(bias))
    xz, xr, xh = np.split(x @ kernel + input_bias, 3, axis=-1)
    hz, hr = np.split(h @ recurrent_kernel[:, : 2 * u] + recurrent_bias[: 2 * u], 2, axis=-1)
    z, r = sigmoid(xz + hz), sigmoid(xr + hr)
    if reset_after:
        candidate = np.tanh(xh + r * (h @ recurrent_kernel[:, 2 * u :] + recurrent_bias[2 * u :]))
    else:
        candidate = np.tanh(xh + (r * h) @ recurrent_kernel[:, 2 * u :])
    return z * h + (1 - z) * candidate


# Parameters of one layer with d inputs and u units, as the page writes them: each gate (or the one tanh of the
# SimpleRNN) has an input matrix u×d, a recurrent matrix u×u and a bias u.
FORMULAS = {
    "simple_rnn": ("u(d + u) + u", lambda d, u: u * (d + u) + u),
    "lstm": ("4(u(d + u) + u)", lambda d, u: 4 * (u * (d + u) + u)),
    "gru_reset_before": ("3(u(d + u) + u)", lambda d, u: 3 * (u * (d + u) + u)),
    "gru_reset_after": ("3(u(d + u) + 2u)", lambda d, u: 3 * (u * (d + u) + 2 * u)),
}


def keras_layers(units: int) -> dict:
    """The four cells as tf_keras layers (the Keras the site's models are built with), unbuilt."""
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    import tf_keras as keras

    return {
        "simple_rnn": keras.layers.SimpleRNN(units),
        "lstm": keras.layers.LSTM(units),
        "gru_reset_before": keras.layers.GRU(units, reset_after=False),
        "gru_reset_after": keras.layers.GRU(units, reset_after=True),
    }


def cell_sizes(features: int, units: int) -> dict:
    """For each cell: the parameters Keras counts, its weights' shapes, and the formula with its value."""
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    import tf_keras as keras

    cells = {}
    for name, layer in keras_layers(units).items():
        layer.build((None, None, features))
        formula, count = FORMULAS[name]
        cells[name] = {
            "keras": f"{type(layer).__name__}({units}"
            + (f", reset_after={layer.reset_after})" if "gru" in name else ")"),
            "parameters": int(layer.count_params()),
            "formula": formula,
            "formula_value": count(features, units),
            "weights": {w.name.split("/")[-1].removesuffix(":0"): list(w.shape) for w in layer.weights},
        }
    return {
        "features": features,
        "units": units,
        "cells": cells,
        "keras_default_gru_reset_after": bool(keras.layers.GRU(units).reset_after),
        "gate_order": {"lstm": ["i", "f", "c", "o"], "gru": ["z", "r", "h"]},
    }
