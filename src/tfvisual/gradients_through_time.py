"""Backpropagation through time, measured: how much gradient reaches each past input of a recurrent cell.

For a recurrent layer run over T input steps x_1 ... x_T with a loss on the last step's output only, the
backward pass runs through every unrolled step. This module measures, with ``tf.GradientTape``, the norm of
∂loss/∂x_{T−k} for k = 0 ... T−1: how strongly the loss depends on the input k steps before the end.

Cells (tf_keras, 16 units, fixed initializer seeds, untrained): ``SimpleRNN``, ``GRU`` (``reset_after=False``,
the variant TF.js loads) and ``LSTM`` with its forget-gate bias set to 0, 1 (Keras' ``unit_forget_bias``
default), 3 and 5. Every LSTM setting shares the same kernels, so only the forget-gate bias differs.
The loss is the sum of the last step's output (its gradient with respect to that output is all ones).

The "Gradients through time" demo recomputes the same norms in the browser with TensorFlow.js: ``demo_data``
gives it these cells' weights and the input sequence for the longest length it offers (the first T steps of
that sequence are ``inputs(T)``, since the generator draws the steps in order).

Exploding gradients, measured: ``exploding()`` multiplies the SimpleRNN's recurrent kernel U by a scale s and
measures the same norms. Going back one step multiplies the gradient by Uᵀ·diag(1 − h²) (times s): tanh's slope
1 − h² is at most 1, so one step can stretch the gradient by at most σ_max(s·U), the largest singular value, and
k steps by at most σ_max(s·U)^k. Keras' Orthogonal initializer makes U orthogonal (every singular value 1), so
σ_max(s·U) = s: for s > 1 the bound grows like s^k. Whether the gradient does depends on the slopes.

- With small inputs (the page's inputs × 0.01) h starts near 0, where tanh is nearly linear (1 − h² ≈ 1). At
  s ≤ 1 it stays there and the gradient follows the matrix: each step back multiplies it by about s (measured over
  99 steps: 0.50 per step for s = 0.5, 1.00 for s = 1, which neither vanishes nor explodes). At s = 1.5 it does not
  stay there: the state grows step after step until tanh bends (mean slope about 0.7), and the gradient grows by
  about 1.1 per step, not 1.5.
- Saturation is what caps a SimpleRNN's explosion, but not through the mean slope. Because U is s times an
  orthogonal matrix, one step back multiplies the state gradient δ_t = ∂L/∂h_t by exactly s times the root mean
  square of the slopes weighted by δ_t's components (``backward_steps``). Saturated units (slope near 0) pass back
  nothing and unsaturated ones pass their share whole, so the unsaturated minority carries most of the gradient:
  with the page's inputs at s = 3 the mean slope is 0.29 (3 × 0.29 < 1 would predict vanishing), but the slope
  where the gradient is, 0.39, times 3 gives the measured growth, 1.18 per step. The page's standard-normal inputs
  push h away from 0 from the first step (at s = 1 the mean slope is about 0.6, not 1): s = 1 vanishes, s = 1.5
  still vanishes, s = 2 about holds its size, and only s = 3 and 4 explode. ``summary_exploding`` saves each
  setting's numbers, and the unit tests hold these sentences to them.
- Where it explodes, the gradient is as sensitive to rounding as to the inputs: the forward pass is chaotic, and a
  difference in the last float32 bit grows ~10⁷-fold over 100 steps. Two CPUs that round float32 sums in different
  orders (AVX2 or AVX-512 kernels, or Python and the browser) then get different digits, even different orders of
  magnitude. So the exploding curves are measured in float64, on the same float32 weights and inputs, where rounding
  (~1e-16) stays far below the digits a page quotes; ``rounding_spread`` measures, in float64, how far changing every
  input by float32's rounding step (one part in 2²⁴) moves the ratio a page quotes.
"""

import os

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402

STEPS = 100
UNITS = 16
INPUT_FEATURES = 8
INPUT_SEED = 0
WEIGHT_SEED = 1
FORGET_BIASES = (0.0, 1.0, 3.0, 5.0)
# The fraction of the k = 0 norm below which a gradient counts as vanished.
VANISHED = 1e-6
# Exploding gradients: SimpleRNN recurrent-kernel scales, and input scales (the page's inputs, and inputs small
# enough that tanh stays in its near-linear range until the state grows).
RECURRENT_SCALES = (0.5, 1.0, 1.5, 2.0, 3.0, 4.0)
INPUT_SCALES = {"page_inputs": 1.0, "small_inputs": 0.01}
# How many copies of the inputs, each input changed by one float32 rounding step up or down, rounding_spread tries
# (8 copies left the s = 4 ratio of the exact inputs outside their range: chaos needs more samples).
ROUNDED_COPIES = 64
FLOAT32_ROUNDING_STEP = 2.0**-24  # float32 keeps 24 significant bits: one rounding changes a number by up to this
# The longest sequence the browser demo offers: its data file carries this many input steps.
DEMO_STEPS = 200
# How each cell stores its gates side by side in kernel, recurrent_kernel and bias (Keras' order, TF.js' too).
GATES = {
    "simple_rnn": ["state"],
    "gru": ["update", "reset", "candidate"],
    "lstm": ["input", "forget", "cell", "output"],
}


def inputs(steps: int = STEPS, features: int = INPUT_FEATURES, seed: int = INPUT_SEED) -> np.ndarray:
    """One sequence of standard-normal inputs, shape (1, steps, features)."""
    return np.random.default_rng(seed).standard_normal((1, steps, features)).astype(np.float32)


def _initializers(seed: int) -> dict:
    return {
        "kernel_initializer": keras.initializers.GlorotUniform(seed=seed),
        "recurrent_initializer": keras.initializers.Orthogonal(seed=seed + 1),
    }


def build_layer(
    kind: str,
    forget_bias: float | None = None,
    units: int = UNITS,
    seed: int = WEIGHT_SEED,
    recurrent_scale: float = 1.0,
):
    """A built, untrained recurrent layer: kind is "simple_rnn", "gru" or "lstm".

    ``recurrent_scale`` multiplies the whole recurrent kernel (every gate's block), as the demo's "Recurrent weight
    scale" does: the float32 product of the float32 kernel and the scale, in Python and in the browser alike.
    """
    if kind == "simple_rnn":
        layer = keras.layers.SimpleRNN(units, **_initializers(seed))
    elif kind == "gru":
        layer = keras.layers.GRU(units, reset_after=False, **_initializers(seed))
    elif kind == "lstm":
        layer = keras.layers.LSTM(units, **_initializers(seed))
    else:
        raise ValueError(f"unknown cell {kind!r}")
    layer.build((None, None, INPUT_FEATURES))
    if forget_bias is not None:
        if kind != "lstm":
            raise ValueError("only an LSTM has a forget gate")
        # Keras stores the LSTM bias as four blocks of `units`, in the order [input, forget, cell, output]
        # (i, f, c, o): the forget gate's bias is the slice bias[units : 2 * units].
        bias = layer.cell.bias.numpy()
        bias[units : 2 * units] = forget_bias
        layer.cell.bias.assign(bias)
    if recurrent_scale != 1.0:
        layer.cell.recurrent_kernel.assign(layer.cell.recurrent_kernel.numpy() * np.float32(recurrent_scale))
    return layer


# --8<-- [start:gradients]
def gradient_norms(layer, x: np.ndarray) -> list[float]:
    """Norm of ∂loss/∂x_{T−k} for k = 0 ... T−1, where loss = sum of the layer's last output."""
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(layer(x))  # the output at the last step only (return_sequences=False)
    gradient = tape.gradient(loss, x)[0].numpy()  # (T, features): one gradient vector per input step
    # The norm in float64: squaring a float32 gradient of 1e-20 would underflow to 0 and report a vanished
    # gradient that is not 0. In float64 a norm is 0 only where every entry of the gradient is exactly 0.
    norms = np.linalg.norm(gradient.astype(np.float64), axis=-1)[::-1]  # reversed: index k is k steps before the end
    return [float(n) for n in norms]


# --8<-- [end:gradients]


def batch_ratios(layer, x: np.ndarray) -> np.ndarray:
    """gradient_norms' far/near ratio (k = T−1 over k = 0) for each sequence of a batch x, in one pass: the
    sequences do not mix, so the sum over the batch's last outputs has each sequence's own gradient."""
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(layer(x))
    norms = np.linalg.norm(tape.gradient(loss, x).numpy().astype(np.float64), axis=-1)  # (batch, T)
    return norms[:, 0] / norms[:, -1]


def settings() -> dict:
    """Every measured setting, name -> (cell kind, forget-gate bias or None)."""
    rows = {"simple_rnn": ("simple_rnn", None), "gru": ("gru", None)}
    for bias in FORGET_BIASES:
        rows[f"lstm_forget_bias_{bias:g}"] = ("lstm", bias)
    return rows


def summary(norms: list[float]) -> dict:
    """What a page quotes about one curve."""
    first = norms[0]
    below = next((k for k, n in enumerate(norms) if n < VANISHED * first), None)
    zero = next((k for k, n in enumerate(norms) if n == 0.0), None)
    return {
        "norm_k0": first,
        "norm_last": norms[-1],
        "ratio_last_over_k0": norms[-1] / first,
        "k_below_1e-6_of_k0": below if below is not None else "never",
        # From this k the gradient is exactly 0 (a log-scale chart cannot draw it): float32 cannot hold numbers
        # below 1.4e-45, and TensorFlow's CPU kernels flush those below 1.2e-38 (subnormals) to zero as they go.
        "k_first_exact_zero": zero if zero is not None else "never",
    }


def gradients_through_time(steps: int = STEPS, units: int = UNITS) -> dict:
    keras.utils.set_random_seed(WEIGHT_SEED)
    x = inputs(steps)
    curves = {}
    for name, (kind, bias) in settings().items():
        norms = gradient_norms(build_layer(kind, bias, units), x)
        curves[name] = {"cell": kind, "forget_bias": bias, "norms": norms, "summary": summary(norms)}
    return {
        "steps": steps,
        "units": units,
        "input_features": INPUT_FEATURES,
        "input_seed": INPUT_SEED,
        "weight_seed": WEIGHT_SEED,
        "loss": "sum of the last step's output",
        "k": "norms[k] is the norm of d loss / d x at the input k steps before the last one",
        "vanished_threshold": VANISHED,
        "versions": {"tensorflow": tf.__version__, "tf_keras": keras.__version__, "numpy": np.__version__},
        "curves": curves,
        "exploding": exploding(steps, units),
    }


def scale_key(scale: float) -> str:
    """A result key for a scale without a dot (pages look numbers up by dotted paths): 1.5 -> "scale_1_5"."""
    return f"scale_{scale:g}".replace(".", "_")


def twin(layer, **changes):
    """The same layer, with the same weights (cast to the new dtype if ``changes`` names one)."""
    copy = type(layer).from_config({**layer.get_config(), **changes})
    copy.build((None, None, INPUT_FEATURES))
    copy.set_weights([w.astype(copy.dtype) for w in layer.get_weights()])
    return copy


def tanh_slopes(layer, x: np.ndarray) -> np.ndarray:
    """1 − h_t² at every step and unit: the factor tanh lets through when the gradient goes back through step t."""
    h = twin(layer, return_sequences=True)(tf.constant(x))[0].numpy().astype(np.float64)
    return 1.0 - h**2


def rounding_spread(layer64, x64: np.ndarray, copies: int = ROUNDED_COPIES, seed: int = INPUT_SEED) -> dict:
    """The far/near ratio for the exact inputs and ``copies`` versions of them, each input moved up or down by one
    float32 rounding step, all in float64: how much of the ratio a float32 computation's rounding could move.
    The range includes the exact inputs' ratio, the one the page quotes."""
    signs = np.random.default_rng(seed).choice([-1.0, 1.0], size=(copies, *x64.shape[1:]))
    signs = np.concatenate([np.zeros((1, *x64.shape[1:])), signs])  # the first row: the exact inputs
    ratios = batch_ratios(layer64, x64 * (1.0 + signs * FLOAT32_ROUNDING_STEP))
    return {
        "copies": copies,
        "ratio_min": float(ratios.min()),
        "ratio_max": float(ratios.max()),
        "ratio_median": float(np.median(ratios)),
    }


# A unit whose tanh slope 1 − h² is above this (|h| < 0.71) counts as unsaturated in backward_steps.
UNSATURATED_SLOPE = 0.5


def backward_steps(layer, x: np.ndarray) -> dict:
    """Why the gradient of a SimpleRNN grows or shrinks going back: the factor each step multiplies it by.

    Keras' row layout: h_t = tanh(x_t W + h_{t−1} R + b), with R the recurrent kernel (R = Uᵀ), so the gradient of
    the loss (the sum of h_T) with respect to the state, δ_t = ∂L/∂h_t, goes back one step as
    δ_{t−1} = (δ_t ⊙ (1 − h_t²)) Rᵀ. When R is s times an orthogonal matrix (Keras' Orthogonal initializer, scaled),
    Rᵀ changes no length but multiplies it by s, so one step back multiplies ‖δ‖ by exactly

        s · ‖δ_t ⊙ (1 − h_t²)‖ / ‖δ_t‖ = s · sqrt(Σ_i w_i (1 − h_{t,i}²)²),   w_i = δ_{t,i}² / ‖δ_t‖²,

    the root mean square of the slopes, each unit weighted by its share of the gradient. A unit with slope near 1
    passes its share back whole and a saturated unit (slope near 0) passes nothing, so what sets the growth is
    the unsaturated units' share, not the plain mean of the slopes: s × mean slope can be below 1 while the
    gradient grows.
    """
    states = twin(layer, return_sequences=True)(tf.constant(x))[0].numpy().astype(np.float64)  # (T, units)
    recurrent = layer.cell.recurrent_kernel.numpy().astype(np.float64)
    slopes = 1.0 - states**2
    delta = np.ones(states.shape[1])  # ∂L/∂h_T for L = the sum of h_T
    factors, weighted_slopes, unsaturated_shares = [], [], []
    for t in range(len(states) - 1, 0, -1):  # from the last step back to the second: T − 1 steps back
        passed = delta * slopes[t]
        previous = passed @ recurrent.T
        factors.append(np.linalg.norm(previous) / np.linalg.norm(delta))
        weighted_slopes.append(np.linalg.norm(passed) / np.linalg.norm(delta))
        unsaturated = slopes[t] > UNSATURATED_SLOPE
        unsaturated_shares.append(float((passed[unsaturated] ** 2).sum() / (passed**2).sum()))
        delta = previous

    def geometric_mean(values) -> float:
        return float(np.exp(np.mean(np.log(values))))

    return {
        # ‖δ_1‖ / ‖δ_T‖ to the power 1 / (T − 1): the state gradient's growth per step back.
        "state_gradient_growth_per_step": geometric_mean(factors),
        # The same, divided by s: the slope that actually passes gradient, per step (geometric mean over steps).
        "slope_where_the_gradient_is": geometric_mean(weighted_slopes),
        # Unweighted, over every step and unit: the plain mean (mean_tanh_slope) and the root mean square.
        "rms_tanh_slope": float(np.sqrt((slopes**2).mean())),
        "share_of_units_unsaturated": float((slopes > UNSATURATED_SLOPE).mean()),
        # Of what one step passes back (‖δ_t ⊙ slope‖²), the part that goes through unsaturated units, averaged.
        "share_of_gradient_through_unsaturated_units": float(np.mean(unsaturated_shares)),
    }


def summary_exploding(
    norms: list[float], largest_singular_value: float, slopes: np.ndarray, steps_back: dict | None = None
) -> dict:
    """What a page quotes about one scaled SimpleRNN curve: how far it grows, where, and what bounds it."""
    norms_array = np.asarray(norms)
    steps = len(norms)
    k_max = int(np.argmax(norms_array))
    return {
        "norm_k0": norms[0],
        "norm_last": norms[-1],
        "ratio_last_over_k0": norms[-1] / norms[0],
        "norm_max": norms[k_max],
        "k_of_max": k_max,
        "ratio_max_over_k0": norms[k_max] / norms[0],
        # The geometric mean of the factor one step back multiplied the gradient by, over the whole sequence.
        "growth_per_step": (norms[-1] / norms[0]) ** (1 / (steps - 1)),
        # The most one step back can stretch the gradient by, and the most T − 1 steps can (tanh's slope <= 1).
        "largest_singular_value": largest_singular_value,
        "bound_ratio_last": largest_singular_value ** (steps - 1),
        "mean_tanh_slope": float(slopes.mean()),
        # What "each step multiplies by s times the mean slope" would predict per step (it is not what happens:
        # backward_steps says why).
        "scale_times_mean_slope": largest_singular_value * float(slopes.mean()),
        "share_saturated": float((slopes < 0.02).mean()),  # 1 − h² < 0.02: |h| > 0.99
        # A shrinking kernel underflows to exactly 0 far back, as in summary().
        "k_first_exact_zero": norms.index(0.0) if 0.0 in norms else "never",
        **(steps_back or {}),
    }


def exploding(steps: int = STEPS, units: int = UNITS) -> dict:
    """The SimpleRNN with its recurrent kernel scaled by each of RECURRENT_SCALES, for each input scale."""
    result = {
        "cell": "simple_rnn",
        "recurrent_scales": list(RECURRENT_SCALES),
        "input_scales": dict(INPUT_SCALES),
        "saturated": "share_saturated counts steps and units with |h| > 0.99 (1 − h² < 0.02)",
        "dtype": "float64, on the float32 weights and inputs (float32 rounding makes exploding digits chaotic)",
    }
    for name, input_scale in INPUT_SCALES.items():
        # The float32 inputs the page's demo uses, exactly, as float64.
        x = (inputs(steps) * np.float32(input_scale)).astype(np.float64)
        curves = {}
        for scale in RECURRENT_SCALES:
            # The page's float32 weights (U × s rounded to float32, as in the demo), computed with in float64.
            layer = twin(build_layer("simple_rnn", units=units, recurrent_scale=scale), dtype="float64")
            norms = gradient_norms(layer, x)
            largest = float(np.linalg.svd(layer.cell.recurrent_kernel.numpy(), compute_uv=False)[0])
            curves[scale_key(scale)] = {
                "recurrent_scale": scale,
                "input_scale": input_scale,
                "norms": norms,
                "summary": summary_exploding(norms, largest, tanh_slopes(layer, x), backward_steps(layer, x)),
                "rounding_spread": rounding_spread(layer, x),
            }
        result[name] = curves
    return result


def _plain_floats(array: np.ndarray) -> list:
    """float32 values as the shortest decimals that read back as the same float32 (nested like the array)."""
    array = np.asarray(array, dtype=np.float32)
    # str of a NumPy float32 is the shortest decimal that reads back as that float32.
    shortest = [float(str(v)) for v in array.ravel()]
    return np.array(shortest, dtype=object).reshape(array.shape).tolist()


def demo_data(steps: int = DEMO_STEPS, units: int = UNITS) -> dict:
    """What the browser demo needs to compute the same norms: each cell's weights and one input sequence.

    The LSTM's weights carry Keras' default forget-gate bias (1); the demo overwrites that slice with the
    reader's value, as ``build_layer`` does.
    """
    cells = {}
    for kind in GATES:
        layer = build_layer(kind, units=units)
        kernel, recurrent_kernel, bias = layer.get_weights()
        cells[kind] = {
            "gates": GATES[kind],
            "kernel": _plain_floats(kernel),
            "recurrent_kernel": _plain_floats(recurrent_kernel),
            "bias": _plain_floats(bias),
        }
    return {
        "steps": steps,
        "units": units,
        "input_features": INPUT_FEATURES,
        "input_seed": INPUT_SEED,
        "weight_seed": WEIGHT_SEED,
        "loss": "sum of the last step's output",
        "inputs": _plain_floats(inputs(steps)[0]),
        "cells": cells,
    }


def demo_reference(result: dict) -> dict:
    """The page's float64 numbers for the scaled SimpleRNN on the page's inputs, for the demo to show beside its own
    float32 ratio when the reader picks the same setting (the first T steps of the demo's inputs are inputs(T))."""
    curves = sorted(result["exploding"]["page_inputs"].values(), key=lambda curve: curve["recurrent_scale"])
    return {
        "cell": result["exploding"]["cell"],
        "steps": result["steps"],
        "scales": [
            {
                "recurrent_scale": curve["recurrent_scale"],
                "ratio_last_over_k0": curve["summary"]["ratio_last_over_k0"],
                "rounding_min": curve["rounding_spread"]["ratio_min"],
                "rounding_max": curve["rounding_spread"]["ratio_max"],
            }
            for curve in curves
        ],
    }
