"""Which units of the character LSTM follow something a reader can name, measured on text it never read.

The committed model (models/char-rnn, the de-quantized uint8 weights the browser runs) reads the first
``SLICE_CHARACTERS`` characters of every test work, from the line break ``START`` and the zero state, carrying its
state over the whole slice. After each character we record both halves of its state: h (the output the logits
see) and c (the cell), 2 × 256 signals per character.

Features are computed from the text alone by the functions below, one number per character, each describing the
text *up to and including* that character: what the state after reading it could know. Each is then correlated
(Pearson) with all 512 signals.

Picking the best of 512 signals flatters by construction, so the numbers are guarded twice:

* selection and evaluation: each work's slice is cut in two; the unit is chosen on the first halves (the
  "selection" half) and its correlation is reported on the second halves (the "evaluation" half), which played no
  part in choosing it;
* chance: the same best-of-512 search on the selection half against the feature circularly shifted by
  ``CHANCE_SHIFTS`` fixed offsets. A shift keeps the feature's own rhythm (how long its runs are, how often it
  turns on) but breaks its alignment with the text the model read, so what the best unit reaches then is what
  searching 512 signals finds with no relation at all.
"""

import re

import numpy as np

from tfvisual.models.char_rnn import START

SLICE_CHARACTERS = 50_000  # per test work: every test work is longer, so each contributes equally
CHANCE_SHIFTS = 20
WINDOW = 1000  # characters per call to Keras; the state carries over, so this only trades memory for calls
DECIMALS = 4
STATE_KINDS = ("h", "c")
LETTER = re.compile(r"[A-Za-z]")
# A speaker's name on a line of its own: one to four words, then a full stop ("Kent.", "FIRST GENTLEMAN.").
SPEAKER_NAME = re.compile(r"[A-Za-z0-9'-]+( [A-Za-z0-9'-]+){0,3}\.")
SENTENCE_ENDS = ".!?"


def inside_pair(text: str, opening: str, closing: str) -> np.ndarray:
    """1 from an opening mark up to (not including) the next closing mark, else 0.

    The opening mark itself is 1 (after reading it the text is inside) and the closing mark 0 (after reading it
    the text is outside again). Stage directions run over several lines, so a line break does not close the pair;
    a blank line does, so one unmatched mark cannot switch the feature on for the rest of the text."""
    signal = np.zeros(len(text), np.float32)
    inside = False
    for i, character in enumerate(text):
        if character == opening:
            inside = True
        elif character == closing or (character == "\n" and i > 0 and text[i - 1] == "\n"):
            inside = False
        signal[i] = inside
    return signal


def inside_brackets(text: str) -> np.ndarray:
    """Inside square brackets, the stage directions ("[Enter Kent.]"): 1 from a "[" up to, not including, the
    next "]" (line breaks included), else 0; a blank line also ends it, in case a "]" is missing."""
    return inside_pair(text, "[", "]")


def inside_parentheses(text: str) -> np.ndarray:
    """Inside parentheses ("(for his excessive pride ...)"): 1 from a "(" up to, not including, the next ")"
    (line breaks included), else 0; a blank line also ends it, in case a ")" is missing."""
    return inside_pair(text, "(", ")")


def inside_double_quotes(text: str) -> np.ndarray:
    """Inside double quotes: 1 from an opening '"' up to, not including, the next '"', else 0; a blank line also
    ends it."""
    signal = np.zeros(len(text), np.float32)
    inside = False
    for i, character in enumerate(text):
        if character == '"':
            inside = not inside
        elif character == "\n" and i > 0 and text[i - 1] == "\n":
            inside = False
        signal[i] = inside
    return signal


def position_in_line(text: str) -> np.ndarray:
    """Characters read since the last line break: 0 for the line break itself, 1 for a line's first character."""
    signal = np.zeros(len(text), np.float32)
    position = 0
    for i, character in enumerate(text):
        position = 0 if character == "\n" else position + 1
        signal[i] = position
    return signal


def word_start(text: str) -> np.ndarray:
    """1 for a letter whose previous character is neither a letter nor an apostrophe (the first letter of a word,
    not the "t" of "braz'd to't"), else 0."""
    signal = np.zeros(len(text), np.float32)
    for i, character in enumerate(text):
        previous = text[i - 1] if i > 0 else "\n"
        signal[i] = bool(LETTER.match(character)) and not (LETTER.match(previous) or previous == "'")
    return signal


def speaker_lines(text: str) -> np.ndarray:
    """1 for every character of a speaker-name line, its closing line break included, else 0.

    A speaker-name line, as these texts print them: a whole line of one to four words (letters, digits,
    apostrophes or hyphens, one space between words) that ends with a full stop ("Lear.", "FIRST GENTLEMAN."),
    after a blank line (or at the start of the text) and followed by a line that is not blank (the speech).
    Headings such as "ACT I." are followed by a blank line, and cast lists have commas, so neither counts."""
    signal = np.zeros(len(text), np.float32)
    lines = text.split("\n")
    begin = 0
    for number, line in enumerate(lines):
        after_blank = number == 0 or lines[number - 1] == ""
        before_speech = number + 1 < len(lines) and lines[number + 1] != ""
        if SPEAKER_NAME.fullmatch(line) and after_blank and before_speech:
            signal[begin : begin + len(line) + 1] = 1
        begin += len(line) + 1
    return signal


def upper_case_run(text: str) -> np.ndarray:
    """1 for an upper-case letter right after another upper-case letter (the "UKE" of "DUKE", never the "T" of
    "The"), else 0: the second and later letters of a word in capitals."""
    signal = np.zeros(len(text), np.float32)
    for i in range(1, len(text)):
        signal[i] = text[i].isupper() and text[i - 1].isupper()
    return signal


def end_of_sentence(text: str) -> np.ndarray:
    """1 for a full stop, "!" or "?" and for the spaces and line breaks after it up to the next other character,
    outside speaker-name lines (whose full stop ends a name, not a sentence), else 0: where the next word is
    expected to start with a capital."""
    signal = np.zeros(len(text), np.float32)
    on = False
    for i, character in enumerate(text):
        if character in SENTENCE_ENDS:
            on = True
        elif not character.isspace():
            on = False
        signal[i] = on
    return signal * (1 - speaker_lines(text))


# name -> (function, kind): "binary" features are 0 or 1; "count" features count characters.
FEATURES = {
    "inside_brackets": (inside_brackets, "binary"),
    "inside_parentheses": (inside_parentheses, "binary"),
    "inside_double_quotes": (inside_double_quotes, "binary"),
    "position_in_line": (position_in_line, "count"),
    "word_start": (word_start, "binary"),
    "speaker_line": (speaker_lines, "binary"),
    "upper_case_run": (upper_case_run, "binary"),
    "end_of_sentence": (end_of_sentence, "binary"),
}
# What the demo's unit menu calls each feature.
LABELS = {
    "inside_brackets": "inside a stage direction [ … ]",
    "inside_parentheses": "inside parentheses",
    "inside_double_quotes": "inside double quotes",
    "position_in_line": "position in the line",
    "word_start": "start of a word",
    "speaker_line": "inside a speaker's name",
    "upper_case_run": "inside a run of capitals",
    "end_of_sentence": "end of a sentence",
}
# A feature that is on for fewer characters than this in a half cannot be measured: its correlation would rest
# on a handful of events (double quotes: these texts use single quotes, which are also apostrophes).
MIN_CHARACTERS_ON = 200


def definition(name: str) -> str:
    """The feature's docstring, on one line: the exact rule, as saved with the results."""
    return " ".join(FEATURES[name][0].__doc__.split())


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def cell_states(model, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """h and c after every character, each (rows, time, units), every row read from the zero state; and the
    largest relative difference between our c and Keras' at the end of each window.

    h comes from the model's own LSTM layer. Keras hands out c only after a call's last character, so c in between
    is rebuilt from the gates: with h known at every step, every gate is a plain function of the inputs
    (z_t = x_t·W + h_{t−1}·U + b; gates in Keras' order input, forget, cell candidate, output), and the cell
    c_t = forget_t · c_{t−1} + input_t · candidate_t is a cheap elementwise recurrence. At the end of every
    window it must equal the c Keras returns, which is what the returned difference measures: relative, since a
    cell can count up into the hundreds, where float32's 7 significant digits leave about 1e-4 absolute."""
    import tensorflow as tf
    import tf_keras as keras

    lstm = model.get_layer("lstm")
    # The gates below hard-code Keras' default activations; a model built otherwise must fail here.
    assert lstm.activation.__name__ == "tanh" and lstm.recurrent_activation.__name__ == "sigmoid"
    (embedding,) = model.get_layer("embedding").get_weights()
    kernel, recurrent_kernel, bias = lstm.get_weights()
    units = recurrent_kernel.shape[0]
    sequence_model = keras.Model(model.inputs, lstm.output)  # h after every character, then the final h and c
    step = tf.function(lambda ids, h, c: sequence_model([ids, h, c], training=False))
    h = c = np.zeros((len(rows), units), np.float32)
    hs = np.empty((*rows.shape, units), np.float32)
    cs = np.empty((*rows.shape, units), np.float32)
    largest_difference = 0.0
    for begin in range(0, rows.shape[1], WINDOW):
        ids = rows[:, begin : begin + WINDOW]
        sequence, _, keras_c = (t.numpy() for t in step(tf.constant(ids), tf.constant(h), tf.constant(c)))
        previous_h = np.concatenate([h[:, None], sequence[:, :-1]], axis=1)
        z = embedding[ids] @ kernel + previous_h @ recurrent_kernel + bias
        forget = _sigmoid(z[..., units : 2 * units])
        written = _sigmoid(z[..., :units]) * np.tanh(z[..., 2 * units : 3 * units])
        for t in range(ids.shape[1]):
            c = forget[:, t] * c + written[:, t]
            cs[:, begin + t] = c
        hs[:, begin : begin + ids.shape[1]] = sequence
        relative = np.abs(c - keras_c) / np.maximum(np.abs(keras_c), 1.0)
        largest_difference = max(largest_difference, float(relative.max()))
        h, c = sequence[:, -1], keras_c  # carry Keras' own state into the next window
    return hs, cs, largest_difference


def heldout_slices(corpus) -> dict[str, str]:
    """The first ``SLICE_CHARACTERS`` characters of every test work, by key."""
    return {key: corpus.works[key].text[:SLICE_CHARACTERS] for key in corpus.splits["test"]}


def states_of_slices(model, vocabulary, slices: dict[str, str]) -> tuple[np.ndarray, float]:
    """(works, characters, 512): h then c after each character of each slice, each slice read after ``START``;
    and the largest relative difference of our c from Keras' (see ``cell_states``)."""
    texts = list(slices.values())
    assert len({len(text) for text in texts}) == 1, "slices are read side by side, so they must be equally long"
    rows = np.stack([vocabulary.encode(START + text) for text in texts]).astype(np.int32)
    hs, cs, difference = cell_states(model, rows)
    # Drop the state after START: position t is then the state after reading character t of the slice.
    return np.concatenate([hs, cs], axis=-1)[:, 1:], difference


def halves(per_work: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each work's first half, then each work's second half, concatenated over works (time is axis 1)."""
    middle = per_work.shape[1] // 2
    first, second = per_work[:, :middle], per_work[:, middle:]
    return first.reshape(-1, *first.shape[2:]), second.reshape(-1, *second.shape[2:])


def standardise(signals: np.ndarray) -> np.ndarray:
    """Columns with mean 0 and standard deviation 1 (a column that never changes stays 0)."""
    centred = signals - signals.mean(axis=0)
    spread = centred.std(axis=0)
    return centred / np.where(spread > 0, spread, 1)


def correlations(standardised_signals: np.ndarray, feature: np.ndarray) -> np.ndarray:
    """Pearson correlation of every (standardised) signal with ``feature``."""
    return standardised_signals.T @ standardise(feature[:, None].astype(np.float64))[:, 0] / len(feature)


def unit_name(index: int, units: int) -> dict:
    return {"state": STATE_KINDS[index // units], "unit": int(index % units)}


def analyse(states: np.ndarray, slices: dict[str, str]) -> dict:
    """Per feature: its share (or mean), the best unit on the selection half, its correlation on both halves, the
    chance level; and the named units that beat chance, strongest (on the evaluation half) first."""
    units = states.shape[-1] // 2
    selection_states, evaluation_states = (standardise(half.astype(np.float64)) for half in halves(states))
    n = len(selection_states)
    shifts = [round(n * k / (CHANCE_SHIFTS + 1)) for k in range(1, CHANCE_SHIFTS + 1)]
    features, skipped = {}, {}
    for name, (function, kind) in FEATURES.items():
        values = np.stack([function(text) for text in slices.values()])
        selection, evaluation = halves(values)
        if kind == "binary" and min(selection.sum(), evaluation.sum()) < MIN_CHARACTERS_ON:
            skipped[name] = {
                "definition": definition(name),
                "characters_on": int(values.sum()),
                "reason": f"on for fewer than {MIN_CHARACTERS_ON} characters in a half",
            }
            continue
        on_selection = correlations(selection_states, selection)
        best = int(np.argmax(np.abs(on_selection)))
        on_evaluation = correlations(evaluation_states[:, [best]], evaluation)[0]
        chance = [float(np.abs(correlations(selection_states, np.roll(selection, s))).max()) for s in shifts]
        features[name] = {
            "definition": definition(name),
            "kind": kind,
            **({"share_on": round(float(values.mean()), DECIMALS)} if kind == "binary" else {}),
            **({"mean": round(float(values.mean()), 2), "max": int(values.max())} if kind == "count" else {}),
            "best": unit_name(best, units),
            "correlation_selection": round(float(on_selection[best]), DECIMALS),
            "correlation_evaluation": round(float(on_evaluation), DECIMALS),
            "chance_max": round(max(chance), DECIMALS),
            "chance_median": round(float(np.median(chance)), DECIMALS),
        }
    named = sorted(
        (
            {"feature": name, **result["best"], "correlation_evaluation": result["correlation_evaluation"]}
            for name, result in features.items()
            if abs(result["correlation_evaluation"]) > result["chance_max"]
        ),
        key=lambda unit: (-abs(unit["correlation_evaluation"]), unit["feature"]),
    )
    return {
        "features": features,
        "skipped_features": skipped,
        "named_units": named,
        "n_characters": {"selection": n, "evaluation": len(evaluation_states)},
        "chance_shifts": shifts,
    }


PASSAGE_CHARACTERS = 300


def passage(states: np.ndarray, slices: dict[str, str], named_units: list[dict]) -> dict:
    """A stretch of the evaluation half with every named unit's value after each of its characters, for the page.

    Chosen by a rule, not by eye: in the first test work's evaluation half, the first blank line followed by a
    stage direction ("[Enter ..."), so the passage holds a stage direction, speaker names and verse."""
    key = next(iter(slices))
    text = slices[key]
    middle = len(text) // 2
    start = text.index("\n\n[", middle) + 2
    units = states.shape[-1] // 2
    piece = slice(start, start + PASSAGE_CHARACTERS)
    return {
        "work": key,
        "start": start,
        "text": text[piece],
        "rule": "the first test work's evaluation half, from its first stage direction that follows a blank line",
        "values": {
            unit["feature"]: [
                round(float(v), 3)
                for v in states[list(slices).index(key), piece, STATE_KINDS.index(unit["state"]) * units + unit["unit"]]
            ]
            for unit in named_units
        },
    }


def demo_units(result: dict, units: int) -> dict:
    """What the demo needs to put the named units first in its menu: each one's label, rule and correlation."""
    return {
        "units": units,
        "named_units": [
            {**unit, "label": LABELS[unit["feature"]], "definition": result["features"][unit["feature"]]["definition"]}
            for unit in result["named_units"]
        ],
    }
