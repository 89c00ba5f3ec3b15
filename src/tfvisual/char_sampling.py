"""What sampling does to the text a character model writes: temperature, and why greedy decoding loops.

Writing is a loop: the model gives P(next character), one character is chosen, and it is fed back. How it is chosen
matters as much as the model:

* greedy decoding always takes the likeliest character. The model is then a deterministic machine: the same state
  and character always give the same next state and character. Its state is continuous, so it need not ever repeat
  exactly, but in practice it falls into a cycle: the text repeats with some period p, and the state p characters
  apart becomes the same vector. ``first_cycle`` finds the period in the text and ``state_gap`` measures how close
  the state comes to repeating.
* greedy decoding is not the likeliest text either: ``beam_search`` keeps the ``width`` likeliest texts at every
  step and finds likelier ones (``log2_probability`` scores any text). It loops too: the likeliest texts of a
  language model are repetitive, which is why text that reads like the training text comes from sampling.
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


def beam_search(model, vocabulary, prompt: str, length: int, width: int) -> tuple[np.ndarray, float]:
    """The likeliest ``length``-character continuation of ``prompt`` that a beam of ``width`` finds: its ids and its
    log2 probability under the model. At every step each kept text is extended by every character (never the unknown
    symbol, as greedy) and the ``width`` likeliest of all of those are kept; width 1 is greedy decoding."""
    units = model.get_layer("lstm").units
    zeros = np.zeros((1, units), np.float32)
    prompt_ids = vocabulary.encode(START + prompt).astype(np.int32)[None, :]
    probabilities, h, c = model([prompt_ids, zeros, zeros], training=False)
    probabilities, h, c = probabilities.numpy()[:, -1], h.numpy(), c.numpy()
    scores = np.zeros(1)  # log2 probability of each kept text
    texts = np.zeros((1, 0), np.int32)
    for _ in range(length):
        candidates = scores[:, None] + np.log2(probabilities[:, 1:].astype(np.float64))
        best = np.argsort(-candidates, axis=None, kind="stable")[:width]
        rows, characters = np.unravel_index(best, candidates.shape)
        chosen = (characters + 1).astype(np.int32)
        scores = candidates[rows, characters]
        texts = np.concatenate([texts[rows], chosen[:, None]], axis=1)
        output, h, c = model([chosen[:, None], h[rows], c[rows]], training=False)
        probabilities, h, c = output.numpy()[:, -1], h.numpy(), c.numpy()
    return texts[0], float(scores[0])


def log2_probability(model, vocabulary, prompt: str, written: np.ndarray) -> float:
    """log2 P(written | prompt) under the model: how likely it finds a text, read in one call from the zero state."""
    units = model.get_layer("lstm").units
    prefix = vocabulary.encode(START + prompt).astype(np.int32)
    ids = np.concatenate([prefix, np.asarray(written, np.int32)])
    zeros = np.zeros((1, units), np.float32)
    probabilities = model([ids[None, :-1], zeros, zeros], training=False)[0].numpy()[0]
    steps = np.arange(len(prefix) - 1, len(ids) - 1)
    return float(np.sum(np.log2(probabilities[steps, ids[steps + 1]].astype(np.float64))))


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
