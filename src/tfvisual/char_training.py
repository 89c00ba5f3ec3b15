"""Training and scoring of the character LSTM (src/tfvisual/models/char_rnn.py) on long texts.

Training reads the training text as ``batch_size`` long streams side by side (truncated backpropagation
through time): each step takes the next ``window`` characters of every stream, starts from the state the previous
step ended in, and backpropagates through those ``window`` characters only. So the model learns to use a state
that has read thousands of characters, the way it is used when it scores a play or writes in the browser.

Scoring reads each work whole, from the line break before its first character to its end, carrying the state
across the whole work (never restarting every window): bits per character are then comparable with the n-gram
model's, which scores the same characters.
"""

import time

import numpy as np
import tensorflow as tf
import tf_keras as keras

from tfvisual import ngram
from tfvisual.models.char_rnn import START, CharRNNConfig, build_model

SCORING_WINDOW = 1000  # characters per call while scoring; the state carries over, so this only trades memory
LOG_EVERY = 100  # steps between the training-loss records


def stream_windows(ids: np.ndarray, config: CharRNNConfig, rng: np.random.Generator):
    """Endless (inputs, targets, new_pass) batches: the text cut into ``batch_size`` streams, read ``window`` at a
    time. Each pass over the text starts the streams at a random offset (so window borders move between passes)
    and from the zero state (``new_pass`` is True on its first batch)."""
    while True:
        offset = int(rng.integers(config.window))
        stream_length = (len(ids) - 1 - offset) // config.batch_size
        n_windows = stream_length // config.window
        usable = n_windows * config.window
        starts = offset + np.arange(config.batch_size) * stream_length
        inputs = np.stack([ids[s : s + usable] for s in starts]).astype(np.int32)
        targets = np.stack([ids[s + 1 : s + 1 + usable] for s in starts]).astype(np.int32)
        for w in range(n_windows):
            window = slice(w * config.window, (w + 1) * config.window)
            yield inputs[:, window], targets[:, window], w == 0


class HoldThenDecay(keras.optimizers.schedules.LearningRateSchedule):
    """The learning rate held at ``rate``, then a cosine down to ``rate * final_fraction`` over the last
    ``decay_steps`` of ``steps``."""

    def __init__(self, rate: float, steps: int, decay_steps: int, final_fraction: float):
        self.rate, self.steps, self.decay_steps, self.final_fraction = rate, steps, decay_steps, final_fraction

    def __call__(self, step):
        start = self.steps - self.decay_steps
        progress = tf.clip_by_value((tf.cast(step, tf.float32) - start) / max(self.decay_steps, 1), 0.0, 1.0)
        cosine = 0.5 * (1.0 + tf.cos(np.pi * progress))
        return self.rate * (self.final_fraction + (1.0 - self.final_fraction) * cosine)

    def get_config(self) -> dict:
        return {key: getattr(self, key) for key in ("rate", "steps", "decay_steps", "final_fraction")}


def learning_rate_schedule(config: CharRNNConfig) -> HoldThenDecay:
    return HoldThenDecay(
        config.learning_rate,
        config.steps,
        round(config.steps * config.decay_fraction),
        config.final_learning_rate_fraction,
    )


def train(
    model: keras.Model, config: CharRNNConfig, ids: np.ndarray, log=print, checkpoint=None, checkpoint_every: int = 0
) -> dict:
    """Train ``model`` in place for ``config.steps`` steps; returns the loss curve (bits per character) and time.

    ``checkpoint(step, training_seconds)``, if given, is called every ``checkpoint_every`` steps (to score the model
    part-way); the time it takes is not counted as training time."""
    optimizer = keras.optimizers.Adam(learning_rate_schedule(config), global_clipnorm=config.clip_norm)
    # The same layers with the logits as output: the loss is computed from them directly, which is stabler than
    # taking the log of a softmax that may round tiny probabilities to 0.
    logits_model = keras.Model(model.inputs, [model.get_layer("logits").output, *model.outputs[1:]])

    @tf.function
    def step(inputs, targets, state_h, state_c):
        with tf.GradientTape() as tape:
            logits, next_h, next_c = logits_model([inputs, state_h, state_c], training=True)
            loss = tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(targets, logits, from_logits=True))
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
        return loss, next_h, next_c

    rng = np.random.default_rng(config.seed)
    zeros = tf.zeros((config.batch_size, config.units))
    state_h, state_c = zeros, zeros
    curve, running, started, paused = [], [], time.perf_counter(), 0.0
    batches = stream_windows(ids, config, rng)
    for number in range(1, config.steps + 1):
        inputs, targets, new_pass = next(batches)
        if new_pass:
            state_h, state_c = zeros, zeros
        loss, state_h, state_c = step(tf.constant(inputs), tf.constant(targets), state_h, state_c)
        running.append(float(loss))
        if number % LOG_EVERY == 0 or number == config.steps:
            bits = float(np.mean(running)) / np.log(2)
            curve.append({"step": number, "train_bits_per_character": round(bits, 4)})
            log(f"step {number:5d}  train {bits:.3f} bits/char  {time.perf_counter() - started - paused:6.1f} s")
            running = []
        if checkpoint is not None and number % checkpoint_every == 0:
            pause = time.perf_counter()
            checkpoint(number, pause - started - paused)
            paused += time.perf_counter() - pause
    return {"curve": curve, "seconds": time.perf_counter() - started - paused}


def log2_probabilities_of_works(
    model: keras.Model, works_ids: list[np.ndarray], start_id: int, units: int
) -> list[np.ndarray]:
    """log2 P(each character | every character before it in its work), every work read whole from ``START``.

    The works are read side by side (one row each, the shorter ones padded at the end and the padding never
    scored), ``SCORING_WINDOW`` characters per call, the state carried from call to call."""
    lengths = [len(ids) for ids in works_ids]
    rows = np.zeros((len(works_ids), max(lengths) + 1), np.int32)
    rows[:, 0] = start_id
    for row, ids in zip(rows, works_ids, strict=True):
        row[1 : len(ids) + 1] = ids
    inputs, targets = rows[:, :-1], rows[:, 1:]

    @tf.function
    def score(inputs, targets, state_h, state_c):
        probabilities, next_h, next_c = model([inputs, state_h, state_c], training=False)
        picked = tf.gather(probabilities, targets, batch_dims=2)
        return tf.math.log(picked) / np.log(2.0), next_h, next_c

    state_h = state_c = tf.zeros((len(works_ids), units))
    pieces = []
    for begin in range(0, max(lengths), SCORING_WINDOW):
        window = slice(begin, begin + SCORING_WINDOW)
        log2p, state_h, state_c = score(
            tf.constant(inputs[:, window]), tf.constant(targets[:, window]), state_h, state_c
        )
        pieces.append(log2p.numpy().astype(np.float64))
    scores = np.concatenate(pieces, axis=1)
    return [scores[i, :length] for i, length in enumerate(lengths)]


def heldout_scores(model: keras.Model, corpus, units: int, splits=("validation", "test")) -> dict:
    """Per split: -log2 P of every character in the split's text order (works in key order), and per work."""
    start_id = int(corpus.vocabulary.encode(START)[0])
    scores = {}
    for split in splits:
        keys = corpus.splits[split]
        works = [corpus.vocabulary.encode(corpus.works[key].text) for key in keys]
        log2p = log2_probabilities_of_works(model, works, start_id, units)
        scores[split] = {"bits": -np.concatenate(log2p), "by_work": dict(zip(keys, log2p, strict=True))}
    return scores


def best_ngram_test_bits(corpus, order: int) -> np.ndarray:
    """-log2 P of every test character under the n-gram the baselines chose on validation (recounted here)."""
    tables = ngram.NgramTables(corpus.ids("train"), corpus.vocabulary.size, order)
    return -tables.model(order).log2_probabilities(corpus.ids("test"))


def fresh_model(config: CharRNNConfig) -> keras.Model:
    keras.utils.set_random_seed(config.seed)
    tf.config.experimental.enable_op_determinism()
    return build_model(config)
