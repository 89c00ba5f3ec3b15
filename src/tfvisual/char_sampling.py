"""What sampling does to the text a character model writes: temperature, and why greedy decoding loops.

Writing is a loop: the model gives P(next character), one character is chosen, and it is fed back. How it is chosen
matters as much as the model:

* greedy decoding always takes the likeliest character. The model is then a deterministic machine: the same state
  and character always give the same next state and character. Its state is continuous, so it need not ever repeat
  exactly, but in practice it falls into a cycle: the text repeats with some period p, and the state p characters
  apart becomes the same vector. ``first_cycle`` finds the period in the text and ``state_gap`` measures how close
  the state comes to repeating.
* sampling at temperature T draws from p^(1/T), renormalised (``char_rnn.pick``): T < 1 sharpens the distribution
  towards the likeliest characters, T > 1 flattens it. Each temperature is measured by how much of what it writes
  is real words (words that occur in the training works) and how much it repeats itself (the share of its
  8-character strings that it had already written earlier in the same text).

Every row of a batch is one independent text, so all of them are written together, one character per step.
"""

import re

import numpy as np

from tfvisual.models.char_rnn import START, mulberry32, pick

WORD = re.compile(r"[a-z']+")
REPEAT_LENGTH = 8  # characters: a string this long written twice is a repetition, not a shared short word


def write(model, vocabulary, prompts: list[str], length: int, temperatures: list[float | None], seeds: list[int]):
    """Every row's ``length`` written ids and the state h after each (rows: prompt, temperature, seed).

    A temperature of None is greedy decoding (argmax, never the unknown symbol)."""
    units = model.get_layer("lstm").units
    rows = len(prompts)
    uniforms = [mulberry32(seed) for seed in seeds]
    state = [np.zeros((1, units), np.float32)] * 2
    # Prompts differ in length, so each is read on its own, and the rows are stacked for the writing loop.
    last, hs, cs = [], [], []
    for prompt in prompts:
        ids = vocabulary.encode(START + prompt).astype(np.int32)[None, :]
        probabilities, h, c = model([ids, *state], training=False)
        last.append(probabilities.numpy()[0, -1])
        hs.append(h.numpy())
        cs.append(c.numpy())
    probabilities, h, c = np.stack(last), np.concatenate(hs), np.concatenate(cs)
    written = np.zeros((rows, length), np.int32)
    states = np.zeros((rows, length, units), np.float32)
    for step in range(length):
        for row in range(rows):
            if temperatures[row] is None:
                written[row, step] = int(np.argmax(probabilities[row, 1:])) + 1
            else:
                written[row, step] = pick(probabilities[row], temperatures[row], next(uniforms[row]))
        output, h, c = model([written[:, step : step + 1], h, c], training=False)
        probabilities, h, c = output.numpy()[:, -1], h.numpy(), c.numpy()
        states[:, step] = h
    return written, states


def first_cycle(ids: np.ndarray, min_repeats: int = 3) -> dict | None:
    """The earliest position from which the text is periodic to its end, and the shortest such period.

    A period p counts when the text from ``start`` on equals itself shifted by p and spans at least
    ``min_repeats`` periods; the shortest p with the earliest start is reported."""
    n = len(ids)
    best = None
    for period in range(1, n // min_repeats + 1):
        same = ids[period:] == ids[:-period]
        # The periodic tail: positions from which every later position equals the one p after it.
        mismatches = np.flatnonzero(~same)
        start = int(mismatches[-1]) + 1 if len(mismatches) else 0
        if n - start >= min_repeats * period and (best is None or start < best["start"]):
            best = {"start": start, "period": period}
    return best


def state_gap(states: np.ndarray, cycle: dict) -> dict:
    """How far the state h is from the state one period earlier, at the cycle's start and at the text's end."""
    period, start = cycle["period"], cycle["start"]
    gaps = np.linalg.norm(states[start + period :] - states[start:-period], axis=-1)
    return {
        "at_cycle_start": float(gaps[0]),
        "at_end": float(gaps[-1]),
        "norm_of_state": float(np.linalg.norm(states[-1])),
    }


def real_word_share(text: str, known_words: set[str]) -> float:
    """The share of the written words (lower-cased letters and apostrophes) that occur in the training works."""
    words = WORD.findall(text.lower())
    return float(np.mean([word in known_words for word in words])) if words else 0.0


def repeated_share(text: str, length: int = REPEAT_LENGTH) -> float:
    """The share of the text's ``length``-character strings that already occurred earlier in the same text."""
    seen, repeats = set(), 0
    pieces = [text[i : i + length] for i in range(len(text) - length + 1)]
    for piece in pieces:
        repeats += piece in seen
        seen.add(piece)
    return repeats / len(pieces) if pieces else 0.0
