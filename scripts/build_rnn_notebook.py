"""Build docs/notebooks/recurrent-networks.ipynb from the cells below, execute it and store its outputs.

This file is the notebook's only hand-edited source. Run it after changing a cell (about 15 seconds):

    .venv/bin/python scripts/build_rnn_notebook.py

The site shows the stored outputs; tests/unit/test_rnn_notebook.py executes the notebook again and checks that
what it prints is what its text claims (the cells' own asserts are real too).
"""

from tfvisual import notebooks
from tfvisual.paths import REPO_ROOT

NOTEBOOK = REPO_ROOT / "docs" / "notebooks" / "recurrent-networks.ipynb"

CELLS = [
    (
        "markdown",
        """
# Recurrent networks in Python

The [recurrent networks page](../../rnn/) writes a recurrent layer as one equation run once per step, and the
[backpropagation through time page](../../rnn/backpropagation-through-time/) measures how much gradient reaches
each past step. This notebook is the Python side of both. It

1. recomputes a Keras `SimpleRNN`, an `LSTM` and a `GRU` step by step in NumPy, from their weights, and checks
   every step against Keras;
2. runs the trained [weather RNN](../../rnn/weather-memory/) over real days of 2015 and prints its state day by
   day;
3. measures with `tf.GradientTape` the gradient reaching each past input, and shows that the gradient of a
   shared weight is a sum of one contribution per step: backpropagation through time.
""",
    ),
    (
        "code",
        """
import json
import os

os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"  # keep TensorFlow's C++ start-up messages out of the outputs
os.environ["TF_USE_LEGACY_KERAS"] = "1"  # Keras 2 (tf_keras), as every model on this site

import numpy as np
import tensorflow as tf
import tf_keras as keras

np.set_printoptions(precision=4, suppress=True)
TOLERANCE = 1e-6  # float32 arithmetic done in another order differs in the last bits only
print("TensorFlow", tf.__version__, "| tf_keras", keras.__version__)
""",
    ),
    (
        "markdown",
        """
## A SimpleRNN, one step at a time

A `SimpleRNN` with $n$ units reads a sequence $x_1, \\ldots, x_T$ and computes, at every step, with $h_0 = 0$,

$$h_t = \\tanh\\left(W x_t + U h_{t-1} + b\\right).$$

Keras stores the weights for row vectors: `kernel` has shape *features × units* and `recurrent_kernel` *units ×
units*, and a step computes `x_t @ kernel + h @ recurrent_kernel + bias`. So $W$ is `kernel` transposed and $U$ is
`recurrent_kernel` transposed: the same arithmetic. Below, a layer with 3 units reads 6 steps of 2 features; its
initializers have seeds, so the weights are the same on every run (the bias is random too, so that it matters).
`return_sequences=True` makes Keras return every $h_t$, not only the last.
""",
    ),
    (
        "code",
        """
T, FEATURES, UNITS = 6, 2, 3
x = np.random.default_rng(0).standard_normal((1, T, FEATURES)).astype(np.float32)

simple = keras.layers.SimpleRNN(
    UNITS,
    return_sequences=True,
    kernel_initializer=keras.initializers.GlorotUniform(seed=1),
    recurrent_initializer=keras.initializers.Orthogonal(seed=2),
    bias_initializer=keras.initializers.RandomNormal(stddev=0.5, seed=3),
)
keras_states = simple(x).numpy()[0]  # (T, UNITS): h_1 ... h_T
kernel, recurrent_kernel, bias = simple.get_weights()
print("kernel (W transposed):", kernel.shape, "| recurrent_kernel (U transposed):", recurrent_kernel.shape)

h = np.zeros(UNITS, np.float32)  # h_0
for t in range(T):
    h = np.tanh(x[0, t] @ kernel + h @ recurrent_kernel + bias)
    difference = np.abs(h - keras_states[t]).max()
    print(f"SimpleRNN step {t + 1}: h = {h}   max |NumPy - Keras| = {difference:.1e}")
    assert difference < TOLERANCE
""",
    ),
    (
        "markdown",
        """
## An LSTM, gate by gate

An `LSTM` carries two vectors from step to step, the output $h_t$ and the cell $c_t$, and computes four things
from the same $x_t$ and $h_{t-1}$ ($\\sigma$ is the logistic sigmoid, $\\odot$ the elementwise product):

- input gate $i_t = \\sigma(W_i x_t + U_i h_{t-1} + b_i)$, forget gate $f_t = \\sigma(W_f x_t + U_f h_{t-1} + b_f)$,
  output gate $o_t = \\sigma(W_o x_t + U_o h_{t-1} + b_o)$;
- a candidate $g_t = \\tanh(W_c x_t + U_c h_{t-1} + b_c)$;
- then $c_t = f_t \\odot c_{t-1} + i_t \\odot g_t$ and $h_t = o_t \\odot \\tanh(c_t)$.

Keras keeps the four in one matrix: `kernel` is *features × 4·units*, `recurrent_kernel` *units × 4·units* and
`bias` has 4·units entries, in the blocks **i, f, c, o** (input, forget, candidate, output). One matrix product
per step gives all four pre-activations, and `np.split` cuts them apart. `return_state=True` adds the last $h$ and
$c$ to the outputs, so the cell state can be checked too.
""",
    ),
    (
        "code",
        """
def sigmoid(z):
    return 1 / (1 + np.exp(-z))


lstm = keras.layers.LSTM(
    UNITS,
    return_sequences=True,
    return_state=True,
    kernel_initializer=keras.initializers.GlorotUniform(seed=4),
    recurrent_initializer=keras.initializers.Orthogonal(seed=5),
    bias_initializer=keras.initializers.RandomNormal(stddev=0.5, seed=6),
)
keras_states, keras_last_h, keras_last_c = (output.numpy()[0] for output in lstm(x))
kernel, recurrent_kernel, bias = lstm.get_weights()
print("kernel", kernel.shape, "| recurrent_kernel", recurrent_kernel.shape, "| bias", bias.shape)

h = np.zeros(UNITS, np.float32)
c = np.zeros(UNITS, np.float32)
for t in range(T):
    z = x[0, t] @ kernel + h @ recurrent_kernel + bias  # (4 * UNITS,): the blocks i, f, c, o
    z_i, z_f, z_c, z_o = np.split(z, 4)
    i, f, g, o = sigmoid(z_i), sigmoid(z_f), np.tanh(z_c), sigmoid(z_o)
    c = f * c + i * g
    h = o * np.tanh(c)
    difference = np.abs(h - keras_states[t]).max()
    print(f"LSTM step {t + 1}: forget gate f = {f}   max |NumPy - Keras| on h = {difference:.1e}")
    assert difference < TOLERANCE
difference = np.abs(c - keras_last_c).max()
print(f"LSTM last cell state c_T: max |NumPy - Keras| = {difference:.1e}")
assert difference < TOLERANCE
""",
    ),
    (
        "markdown",
        """
## A GRU, with an update and a reset gate

A `GRU` carries one vector, $h_t$, like the `SimpleRNN`, but two gates decide how it changes:

- update gate $z_t = \\sigma(W_z x_t + U_z h_{t-1} + b_z)$, reset gate $r_t = \\sigma(W_r x_t + U_r h_{t-1} + b_r)$;
- a candidate $\\tilde h_t = \\tanh\\left(W_h x_t + U_h (r_t \\odot h_{t-1}) + b_h\\right)$: the reset gate chooses
  how much of the old state the candidate sees;
- then $h_t = z_t \\odot h_{t-1} + (1 - z_t) \\odot \\tilde h_t$. In Keras' convention $z_t$ is the share of the
  old state that is *kept* (some texts write the GRU the other way round, with $z_t$ on the candidate).

This is `GRU(reset_after=False)`, the variant the site's [weather GRU](../../rnn/) uses and TensorFlow.js loads;
tf_keras' default, `reset_after=True`, applies $r_t$ after the product, $r_t \\odot (U_h h_{t-1} + b'_h)$, with a
second bias. Keras keeps the three in one matrix again, in the blocks **z, r, h**: `kernel` is *features ×
3·units*, `recurrent_kernel` *units × 3·units*, `bias` has 3·units entries. Because $r_t$ multiplies $h_{t-1}$
before $U_h$ does, the candidate's pre-activation cannot come from the same product as the gates': the code cuts
the weights apart first.

Keras starts a GRU's biases at 0 (its `bias_initializer` is `"zeros"`; the cell prints a fresh layer's), so at
first $z_t = \\sigma(W_z x_t + U_z h_{t-1})$ sits around $\\sigma(0) = \\tfrac12$: an untrained GRU keeps about half
of its state at each step, the GRU's analogue of an LSTM with forget bias 0. The layer checked here gets a random
bias instead, so that the bias blocks' order matters.
""",
    ),
    (
        "code",
        """
gru = keras.layers.GRU(
    UNITS,
    reset_after=False,
    return_sequences=True,
    kernel_initializer=keras.initializers.GlorotUniform(seed=7),
    recurrent_initializer=keras.initializers.Orthogonal(seed=8),
    bias_initializer=keras.initializers.RandomNormal(stddev=0.5, seed=9),
)
keras_states = gru(x).numpy()[0]
kernel, recurrent_kernel, bias = gru.get_weights()
print("kernel", kernel.shape, "| recurrent_kernel", recurrent_kernel.shape, "| bias", bias.shape)
# The blocks z, r, h, each transposed like the SimpleRNN's W and U (Keras' row layout).
W_z, W_r, W_h = np.split(kernel, 3, axis=1)
U_z, U_r, U_h = np.split(recurrent_kernel, 3, axis=1)
b_z, b_r, b_h = np.split(bias, 3)

h = np.zeros(UNITS, np.float32)
for t in range(T):
    z = sigmoid(x[0, t] @ W_z + h @ U_z + b_z)  # update gate: the share of h_{t-1} kept
    r = sigmoid(x[0, t] @ W_r + h @ U_r + b_r)  # reset gate: how much of h_{t-1} the candidate sees
    candidate = np.tanh(x[0, t] @ W_h + (r * h) @ U_h + b_h)
    h = z * h + (1 - z) * candidate
    difference = np.abs(h - keras_states[t]).max()
    print(f"GRU step {t + 1}: update gate z = {z}   max |NumPy - Keras| = {difference:.1e}")
    assert difference < TOLERANCE

fresh = keras.layers.GRU(UNITS, reset_after=False)
fresh.build((None, T, FEATURES))
print("a fresh GRU's biases (b_z, b_r, b_h):", fresh.get_weights()[2])
""",
    ),
    (
        "markdown",
        """
## The trained weather RNN, day by day

`models/weather-simple-rnn/` holds the `SimpleRNN` the [weather memory demo](../../rnn/weather-memory/) runs in
the browser: it reads the last days of Seattle weather (four standardised measurements and the wet flag per day,
oldest first; its card says how many days and units) and gives the probability that tomorrow is wet. Its weights
are stored in TensorFlow.js' format; `read_tfjs_weights` reads them with NumPy, by name, and they go into the same
Keras model the training script builds.

Which days to look at? A forecast that only repeats what the [Markov chain](../../rnn/) says (wet tomorrow if
wet today) shows nothing about memory, so the cell picks the **first 2015 test day on which the RNN's yes/no
forecast differs from the Markov chain's**: there, the RNN used something beyond today's wet or dry.
""",
    ),
    (
        "code",
        """
from tfvisual.data import weather
from tfvisual.models.weather_rnn import WeatherRNNConfig, build_model
from tfvisual.paths import MODELS_DIR, RESULTS_DIR
from tfvisual.tfjs_weights import read_tfjs_weights

folder = MODELS_DIR / "weather-simple-rnn"
card = json.loads((folder / "card.json").read_text())
config = WeatherRNNConfig(**card["hyperparameters"])
model = build_model(config)
stored = read_tfjs_weights(folder / "model.json")
model.set_weights([stored[weight.name.removesuffix(":0")] for weight in model.weights])

# The inputs exactly as the model was trained: standardised with the training years' statistics (in the card).
days = weather.load_days()
standardisation = card["input"]["standardisation"]
scaler = weather.Standardisation(np.array(standardisation["mean"]), np.array(standardisation["std"]))
test = weather.make_windows(days, "test", config.window, scaler)

baselines = json.loads((RESULTS_DIR / "weather-baselines.json").read_text())["baselines"]
markov = np.array(baselines["markov"]["transition_matrix"])  # rows: today dry, wet; columns: tomorrow dry, wet
rnn_p = model.predict(test.x, verbose=0)[:, 0]
markov_p = markov[test.today_wet, 1]  # P(wet tomorrow | today's wet or dry)
disagree = (rnn_p >= 0.5) != (markov_p >= 0.5)
rnn_right = disagree & ((rnn_p >= 0.5) == test.y)
print(f"{config.units} units, {config.window} days per window, {len(test.y)} test days")
print(f"RNN and Markov chain disagree on {disagree.sum()} test days:", end=" ")
print(f"RNN right on {rnn_right.sum()}, Markov chain right on {(disagree & ~rnn_right).sum()}")
n = int(np.flatnonzero(disagree)[0])
target = test.target_index[n]
print("first disagreement: the forecast for", days.dates[target])
""",
    ),
    (
        "markdown",
        """
Now the recurrence by hand over that window, with the layer's three weights, printing $h_t$ after each day, then
the dense layer's forecast $p = \\sigma(v \\cdot h_T + a)$. A twin layer with `return_sequences=True` and the same
weights gives Keras' $h_t$ for every day, to compare with.
""",
    ),
    (
        "code",
        """
W_kernel, U_kernel, b = model.get_layer("rnn").get_weights()
v, a = model.get_layer("wet_tomorrow").get_weights()
twin = keras.layers.SimpleRNN(config.units, return_sequences=True)
twin.build((None, config.window, len(weather.FEATURES)))
twin.set_weights([W_kernel, U_kernel, b])
keras_states = twin(test.x[n : n + 1]).numpy()[0]

h = np.zeros(config.units, np.float32)
print("day          precipitation  wet   h_t")
for t, day in enumerate(range(target - config.window, target)):
    h = np.tanh(test.x[n, t] @ W_kernel + h @ U_kernel + b)
    print(f"{days.dates[day]}  {days.measurements[day, 0]:7.1f} mm   {days.wet[day]:3d}   {h}")
hand_p = float(sigmoid(h @ v + a)[0])
print(f"max |NumPy - Keras| on h_T after {config.window} days: {np.abs(h - keras_states[-1]).max():.1e}")
print(f"forecast for {days.dates[target]}: P(wet) by hand = {hand_p:.4f}, Keras = {rnn_p[n]:.4f}")
print(f"Markov chain (today {'wet' if test.today_wet[n] else 'dry'}): P(wet) = {markov_p[n]:.4f}")
print(f"what happened: {'wet' if test.y[n] else 'dry'} ({days.measurements[target, 0]:.1f} mm)")
assert np.abs(h - keras_states[-1]).max() < TOLERANCE and abs(hand_p - rnn_p[n]) < TOLERANCE
""",
    ),
    (
        "markdown",
        """
The count above says how often the two disagree over the test year and who was right when they did; the
[recurrent networks page](../../rnn/) gives both models' scores with their intervals. Either way, the
state is worth looking at: it is all the network keeps of the days it read, a few numbers between −1 and 1.

## Gradients through time, measured by the tape

How much does the loss at the end depend on the input $k$ steps earlier? The tape records the forward pass and
gives $\\partial L / \\partial x_t$ for every input step at once; the norm of each row is one number per step.
Here is the measurement for one untrained `SimpleRNN` over a long sequence of random inputs, written out: the loss
is the sum of the last step's output.
""",
    ),
    (
        "code",
        """
from tfvisual.gradients_through_time import STEPS, build_layer, gradient_norms, inputs

sequence = tf.constant(inputs())  # (1, STEPS, 8): one sequence of standard-normal features
layer = build_layer("simple_rnn")  # seeded initializers, untrained
print(f"{layer.units} units, {STEPS} steps, input {tuple(sequence.shape)}")
with tf.GradientTape() as tape:
    tape.watch(sequence)  # a constant is not watched unless asked: we want d loss / d input
    loss = tf.reduce_sum(layer(sequence))  # the output at the last step only
gradient = tape.gradient(loss, sequence)[0].numpy()  # (STEPS, 8) float32: one gradient vector per input step
# The norm in float64: squaring a float32 entry of 1e-20 would underflow to 0 and fake a gradient of exactly 0.
norms = np.linalg.norm(gradient.astype(np.float64), axis=-1)[::-1]  # reversed: index k is k steps before the end
print("SimpleRNN, norms for k = 0, 1, 2:", norms[:3])
# src/tfvisual/gradients_through_time.py does exactly this; the page's figure is drawn from its results.
assert np.allclose(norms, gradient_norms(layer, inputs()), rtol=1e-6)
""",
    ),
    (
        "markdown",
        """
The same function for a `SimpleRNN` and for `LSTM`s whose forget-gate bias $b_f$ is 0 or 1 (1 is Keras' default,
`unit_forget_bias=True`), and the same kernels otherwise. The norms are printed at a few distances $k$, and
compared with the saved results the [page's figure](../../rnn/backpropagation-through-time/) is drawn from.
""",
    ),
    (
        "code",
        """
saved = json.loads((RESULTS_DIR / "gradients-through-time.json").read_text())["curves"]
SHOWN = (0, 1, 5, 10, 25, 50, STEPS - 1)
print(f"{'k steps back:':30}" + "".join(f"{k:>10}" for k in SHOWN))
for name, kind, forget_bias in [
    ("simple_rnn", "simple_rnn", None),
    ("lstm_forget_bias_0", "lstm", 0.0),
    ("lstm_forget_bias_1", "lstm", 1.0),
]:
    norms = gradient_norms(build_layer(kind, forget_bias), inputs())
    print(f"{name + ':':30}" + "".join(f"{norms[k]:10.2e}" for k in SHOWN), end="   ")
    print(f"far / near = {norms[-1] / norms[0]:.1e}")
    np.testing.assert_allclose(norms, saved[name]["norms"], rtol=1e-3, atol=1e-35)
""",
    ),
    (
        "markdown",
        """
The `SimpleRNN`'s gradient from the first step is many orders of magnitude below the last step's (the ratio "far /
near"); an untrained LSTM with $b_f = 0$ vanishes as well, even faster; with $b_f = 1$ the far
gradient is orders of magnitude larger, because $f_t$ starts closer to 1 and the cell path
$c_t = f_t \\odot c_{t-1} + \\ldots$ keeps more of it.

## Backpropagation through time: one weight, a sum over steps

The recurrent weight $U$ is used at every step, so the loss depends on it $T$ times over, and the chain rule adds
one term per use:

$$\\frac{\\partial L}{\\partial U} = \\sum_{t=1}^{T} \\frac{\\partial L}{\\partial h_t}\\,
\\frac{\\partial^{+} h_t}{\\partial U},$$

where $\\partial^{+}$ is the direct dependence at step $t$ alone. Two ways to see each term, for the small
`SimpleRNN` from the top (loss: the sum of $h_T$):

- **By the tape, per step.** Unroll the loop in TensorFlow and give each step *its own copy* of $U$, all with the
  same value. The computation is unchanged, but now the tape returns one gradient per copy: the contribution of
  each step.
- **By hand, backwards.** Walk from $t = T$ down to 1, carrying $\\delta_t = \\partial L/\\partial h_t$: with
  $g_t = \\delta_t \\odot (1 - h_t^2)$ (tanh's slope), step $t$ adds $g_t h_{t-1}^{\\top}$ to $\\partial L/\\partial U$
  and passes $\\delta_{t-1} = U^{\\top} g_t$ back. In Keras' row layout (`recurrent_kernel` is $U^{\\top}$) these
  are `np.outer(states[t - 1], g)` and `g @ recurrent_kernel.T`. This backward walk through the steps is what
  "backpropagation through time" means.

Their sum must equal the gradient the tape gives for the one shared weight of the Keras layer.
""",
    ),
    (
        "code",
        """
kernel, recurrent_kernel, bias = simple.get_weights()

# The shared weight: the tape's gradient for the Keras layer's recurrent_kernel.
with tf.GradientTape() as tape:
    loss = tf.reduce_sum(simple(x)[:, -1])  # the sum of h_T
shared = tape.gradient(loss, simple.cell.recurrent_kernel).numpy()

# By the tape, per step: the same loop, one copy of U per step.
copies = [tf.constant(recurrent_kernel) for _ in range(T)]
with tf.GradientTape() as tape:
    tape.watch(copies)
    h = tf.zeros((1, UNITS))
    for t in range(T):
        h = tf.tanh(x[:, t] @ kernel + h @ copies[t] + bias)
    loss_unrolled = tf.reduce_sum(h)
per_step_tape = [g.numpy() for g in tape.gradient(loss_unrolled, copies)]

# By hand, backwards: forward once keeping every h_t, then walk back from the end.
states = [np.zeros(UNITS, np.float32)]  # h_0
for t in range(T):
    states.append(np.tanh(x[0, t] @ kernel + states[-1] @ recurrent_kernel + bias))
delta = np.ones(UNITS, np.float32)  # d loss / d h_T, for loss = sum of h_T
per_step_hand = [None] * T
for t in range(T, 0, -1):
    g = delta * (1 - states[t] ** 2)
    per_step_hand[t - 1] = np.outer(states[t - 1], g)
    delta = g @ recurrent_kernel.T

print(f"loss: Keras layer {float(loss):.6f}, unrolled loop {float(loss_unrolled):.6f}")
for t in range(T):
    difference = np.abs(per_step_tape[t] - per_step_hand[t]).max()
    norm = np.linalg.norm(per_step_hand[t])
    print(f"BPTT step {t + 1}: |contribution to dL/dU| = {norm:.4f}   max |tape - by hand| = {difference:.1e}")
    assert difference < TOLERANCE
for name, terms in (("tape per step", per_step_tape), ("by hand", per_step_hand)):
    difference = np.abs(sum(terms) - shared).max()
    print(f"sum over steps ({name}) vs the tape's gradient of the shared U: max difference = {difference:.1e}")
    assert difference < TOLERANCE
""",
    ),
    (
        "markdown",
        """
Step 1 contributes exactly zero to $\\partial L/\\partial U$: at step 1, $U$ multiplies $h_0 = 0$. The last step,
next to the loss, contributes the most, and the steps further back mostly less, as the gradient norms above fall
with $k$: a weight learns from a step only as much as the gradient that travels back that far. The
[backpropagation through time page](../../rnn/backpropagation-through-time/) follows this over long sequences.
""",
    ),
]


def build():
    return notebooks.build(CELLS)


def main() -> None:
    notebooks.command_line(__doc__, CELLS, NOTEBOOK)


if __name__ == "__main__":
    main()
