"""A character-level LSTM that reads text one character at a time and gives the next character's probabilities.

    characters (batch, time) ids ─► embedding ─► lstm ─► logits ─► probabilities (batch, time, 75)
    state_h, state_c (batch, units) ─┘        └─► state_h, state_c after the last character

The state goes in and comes out as ordinary tensors, so one model serves every use:

* training and scoring: a window of characters at a time, each window starting from the state the previous
  window ended in (a long text is read as one stream, never restarted every 100 characters);
* the browser: one character per step, feeding back the two state tensors it got from the previous step, which
  is exactly what the LSTM does inside a sequence. No re-reading of a window for every character written, and
  the demo can show the state (both h and the cell c) at every step.

A new text starts from the zero state after a line break (``START``), which is where every work in the corpus
begins, so the first real character is predicted by a model that knows it is at the start of a line.

Built with ``tf_keras`` (Keras 2), as TF.js 4.22 loads only Keras 2 models.
"""

from dataclasses import asdict, dataclass

import numpy as np
import tf_keras as keras

START = "\n"  # the character fed before the first one of a text (every work starts on a new line)
INPUT_NAMES = ("characters", "state_h", "state_c")
OUTPUT_NAMES = ("probabilities", "next_state_h", "next_state_c")


@dataclass(frozen=True)
class CharRNNConfig:
    vocabulary_size: int = 75
    embedding_size: int = 32
    units: int = 256
    # Truncated backpropagation through time: gradients flow back this many characters, while the state itself
    # is carried across windows for as long as the text goes on.
    window: int = 100
    # Parallel streams: the training text is cut into this many equal parts read side by side, one row each.
    batch_size: int = 128
    steps: int = 1200
    learning_rate: float = 6e-3  # chosen on the validation works: scripts/results/char-rnn-tuning.json
    # The learning rate holds, then falls along a cosine to this fraction of its start over the last
    # ``decay_fraction`` of the steps: big steps while the model is far from any minimum (decaying early slowed
    # training down: measured, scripts/results/char-rnn-tuning.json), small ones at the end to settle into one.
    final_learning_rate_fraction: float = 0.05
    decay_fraction: float = 0.25
    clip_norm: float = 1.0  # exploding gradients through time: cap the global gradient norm
    seed: int = 1

    def to_dict(self) -> dict:
        return asdict(self)


def build_model(config: CharRNNConfig) -> keras.Model:
    """The model with state in and state out, for any batch size and any number of characters per call."""
    characters = keras.Input(shape=(None,), dtype="int32", name=INPUT_NAMES[0])
    state_h = keras.Input(shape=(config.units,), name=INPUT_NAMES[1])
    state_c = keras.Input(shape=(config.units,), name=INPUT_NAMES[2])
    embedded = keras.layers.Embedding(config.vocabulary_size, config.embedding_size, name="embedding")(characters)
    lstm = keras.layers.LSTM(config.units, return_sequences=True, return_state=True, name="lstm")
    # h after every character (for the logits), and the final h and c (for the next call).
    sequence, next_h, next_c = lstm(embedded, initial_state=[state_h, state_c])
    logits = keras.layers.Dense(config.vocabulary_size, name="logits")(sequence)
    probabilities = keras.layers.Softmax(name=OUTPUT_NAMES[0])(logits)
    # Identity layers only to give the state outputs names a reader of model.json (and the browser) can find.
    next_h = keras.layers.Activation("linear", name=OUTPUT_NAMES[1])(next_h)
    next_c = keras.layers.Activation("linear", name=OUTPUT_NAMES[2])(next_c)
    return keras.Model([characters, state_h, state_c], [probabilities, next_h, next_c], name="char_rnn")


def mulberry32(seed: int):
    """An endless stream of uniform numbers in [0, 1) from a 32-bit seed: the tiny generator "mulberry32".

    Chosen because a browser can run exactly the same integer arithmetic in a few lines of JavaScript, so the
    same prompt, temperature and seed write the same text in Python and on the page."""
    state = seed & 0xFFFFFFFF
    while True:
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        yield ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296


def pick(probabilities: np.ndarray, temperature: float, uniform: float) -> int:
    """The character id a uniform number picks after reshaping the distribution by the temperature.

    p ** (1 / T), renormalised: T < 1 sharpens the distribution towards the likeliest characters, T > 1 flattens
    it. The unknown symbol (id 0) is never written. The pick walks the cumulative sum: the first id whose running
    total passes ``uniform`` times the total."""
    weights = np.asarray(probabilities, np.float64) ** (1.0 / temperature)
    weights[0] = 0.0
    cumulative = np.cumsum(weights)
    return int(min(np.searchsorted(cumulative, uniform * cumulative[-1], side="right"), len(weights) - 1))


def sample(model: keras.Model, vocabulary, prompt: str, length: int, temperature: float, seed: int) -> str:
    """``length`` characters written after ``prompt``, one step at a time with the state carried over."""
    units = model.get_layer("lstm").units
    ids = vocabulary.encode(START + prompt).astype(np.int32)[None, :]
    state = [np.zeros((1, units), np.float32)] * 2
    probabilities, *state = model([ids, *state], training=False)
    uniforms = mulberry32(seed)
    written = []
    for _ in range(length):
        written.append(pick(probabilities.numpy()[0, -1], temperature, next(uniforms)))
        probabilities, *state = model([np.array([[written[-1]]], np.int32), *state], training=False)
    return vocabulary.decode(written)
