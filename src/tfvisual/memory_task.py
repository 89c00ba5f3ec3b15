"""A task where memory matters: recall the symbol seen k steps before the last one.

Every sequence is ``length`` random symbols, each drawn independently and uniformly from ``symbols`` (4: A, B, C,
D) and fed to the network one per step as a one-hot vector. After the last step the network must say which
symbol it saw k steps before the last step (k = 0 would be the last symbol itself):

    sequence   C A D D B A C B      (length 8)
    k = 2                ^          target: A (the symbol two steps before the last one)

Because every symbol is drawn independently of every other, the symbols around the target say nothing about it:
a network that has not kept the target in its state can do no better than guessing, 1 / symbols (25%). The only
way to beat chance is memory: carry that symbol through the k steps that follow it. All sequences have the same
length for every k, so a larger k means only that the symbol must be carried longer (and that the network must
find it further back).

The cells compared (tf_keras, the same number of units, seeded initializers): ``SimpleRNN``, ``LSTM`` and
``GRU`` (``reset_after=False``, the variant TF.js loads), each followed by a softmax over the symbols, trained
with Adam on freshly generated sequences (each training step sees new ones, so there is nothing to memorise but
the rule). Held-out accuracy is measured on other fresh sequences, drawn with a separate seed.
"""

import os
from dataclasses import asdict, dataclass

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402

CELLS = ("simple_rnn", "lstm", "gru")
# The held-out sequences use this seed (with k mixed in), never one of the training seeds.
TEST_SEED = 20_000


@dataclass(frozen=True)
class MemoryTaskConfig:
    symbols: int = 4
    length: int = 32
    units: int = 16
    # The training budget, the same for every cell and k: steps x batch_size fresh sequences, seen once each.
    steps: int = 1500
    batch_size: int = 128
    learning_rate: float = 0.01
    test_sequences: int = 2000

    def to_dict(self) -> dict:
        return asdict(self)


# --8<-- [start:sequences]
def make_sequences(k: int, n: int, seed, length: int = 32, symbols: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """n sequences as one-hot inputs (n, length, symbols) and their targets (n,): the symbol k steps before the end.

    Each symbol is drawn independently and uniformly, so the target (the symbol at position length - 1 - k) is
    independent of all the others: no pattern in the rest of the sequence gives it away.
    """
    if not 0 <= k < length:
        raise ValueError(f"k must be between 0 and length - 1 = {length - 1}, not {k}")
    ids = np.random.default_rng(seed).integers(0, symbols, size=(n, length))
    one_hot = np.eye(symbols, dtype=np.float32)[ids]
    return one_hot, ids[:, length - 1 - k]


# --8<-- [end:sequences]


def training_seed(seed: int, k: int) -> list[int]:
    """The training sequences' seed: each (seed, k) gets its own stream, never the held-out one."""
    return [seed, k]


def held_out_seed(k: int) -> list[int]:
    """The held-out sequences' seed: the same sequences for every cell and training seed at this k."""
    return [TEST_SEED, k]


def build_model(cell: str, config: MemoryTaskConfig, seed: int) -> keras.Model:
    """one-hot symbols (length, symbols) -> recurrent layer (units) -> softmax over the symbols."""
    initializers = {
        "kernel_initializer": keras.initializers.GlorotUniform(seed=seed),
        "recurrent_initializer": keras.initializers.Orthogonal(seed=seed + 1),
    }
    inputs = keras.Input(shape=(config.length, config.symbols), name="symbols")
    if cell == "simple_rnn":
        state = keras.layers.SimpleRNN(config.units, name="rnn", **initializers)(inputs)
    elif cell == "lstm":
        state = keras.layers.LSTM(config.units, name="rnn", **initializers)(inputs)
    elif cell == "gru":
        state = keras.layers.GRU(config.units, reset_after=False, name="rnn", **initializers)(inputs)
    else:
        raise ValueError(f"cell must be one of {CELLS}, not {cell!r}")
    head = keras.layers.Dense(
        config.symbols, activation="softmax", name="symbol", kernel_initializer=initializers["kernel_initializer"]
    )
    return keras.Model(inputs, head(state), name=f"memory_{cell}")


def train(model: keras.Model, config: MemoryTaskConfig, k: int, seed: int, callbacks=()) -> None:
    """Adam on steps x batch_size fresh sequences, one pass: every step sees sequences it has never seen.

    ``callbacks`` (Keras callbacks) may watch the run, as memory_task_curves does to record the accuracy on the
    way; they read the model and change nothing, so a watched run trains the same weights as an unwatched one.
    """
    x, y = make_sequences(k, config.steps * config.batch_size, training_seed(seed, k), config.length, config.symbols)
    model.compile(optimizer=keras.optimizers.Adam(config.learning_rate), loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=config.batch_size, epochs=1, shuffle=False, verbose=0, callbacks=list(callbacks))


def correct_count(model: keras.Model, x: np.ndarray, y: np.ndarray) -> int:
    """How many held-out sequences the model answers right (its most probable symbol is the target)."""
    predicted = model.predict(x, batch_size=len(x), verbose=0).argmax(axis=-1)
    return int((predicted == y).sum())


# --8<-- [start:gradients]
def gradient_norms(model: keras.Model, x: np.ndarray, y: np.ndarray) -> list[float]:
    """Mean over sequences of ‖∂loss/∂x_{T−j}‖ for j = 0 ... T−1 (j steps before the last input).

    The loss of each sequence is its cross-entropy on the target; index j = k is the step holding the symbol to
    recall, so the curve shows how much of the loss's gradient reaches the input that matters.
    """
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        # Summing the per-sequence losses keeps each sequence's gradient its own: ∂(sum)/∂x_i = ∂loss_i/∂x_i.
        loss = tf.reduce_sum(keras.losses.sparse_categorical_crossentropy(y, model(x)))
    gradient = tape.gradient(loss, x)  # (n, T, symbols)
    per_step = tf.reduce_mean(tf.norm(gradient, axis=-1), axis=0).numpy()[::-1]  # reversed: index j = j steps back
    return [float(n) for n in per_step]


# --8<-- [end:gradients]


def versions() -> dict:
    return {"tensorflow": tf.__version__, "tf_keras": keras.__version__, "numpy": np.__version__}
