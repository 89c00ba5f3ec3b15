"""Measure how the character LSTM writes: greedy decoding's loops, beam search's, and what temperature does.

    python scripts/save_char_sampling.py      # about a minute; after scripts/train_char_rnn.py

Uses the exported model (models/char-rnn, the de-quantized uint8 weights the browser runs) and the seeded sampler
the demo uses, and writes scripts/results/char-sampling.json for the text page (src/tfvisual/char_sampling.py has
the method).
"""

import os
import time

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402

from tfvisual import char_sampling, export  # noqa: E402
from tfvisual.data import shakespeare  # noqa: E402
from tfvisual.paths import MODELS_DIR, RESULTS_DIR  # noqa: E402

MODEL_JSON = MODELS_DIR / "char-rnn" / "model.json"
RESULT = RESULTS_DIR / "char-sampling.json"
LENGTH = 1000  # characters written per text
GREEDY_PROMPTS = ("", "To be, or not to be: ", "ROMEO.\n")
TEMPERATURES = (0.2, 0.5, 0.8, 1.0, 1.2, 1.5)
SEEDS = (1, 2, 3)
SHOWN_CHARACTERS = 300  # of each greedy text, for the page
BEAM_WIDTH = 8  # texts kept at every step: enough to find texts far likelier than greedy's


def bits_per_character(model, vocabulary, prompt: str, written) -> float:
    """The model's own surprise at a text it wrote: -log2 P(text | prompt) per character (lower: likelier)."""
    return round(-char_sampling.log2_probability(model, vocabulary, prompt, written) / len(written), 4)


def loop_of(text: str, written) -> dict | None:
    cycle = char_sampling.first_cycle(written)
    return cycle and {**cycle, "text": text[cycle["start"] : cycle["start"] + cycle["period"]]}


def heldout_reference(corpus, known_words: set[str]) -> dict:
    """The same two measures on real held-out text: LENGTH characters from the middle of every test work."""
    pieces = []
    for key in corpus.splits["test"]:
        text = corpus.works[key].text
        middle = len(text) // 2
        pieces.append(text[middle : middle + LENGTH])
    return {
        "real_word_share": round(float(np.mean([char_sampling.real_word_share(p, known_words) for p in pieces])), 4),
        "repeated_share": round(float(np.mean([char_sampling.repeated_share(p) for p in pieces])), 4),
        "texts": f"{LENGTH:,} characters from the middle of each test work",
    }


def main() -> None:
    started = time.perf_counter()
    corpus = shakespeare.load_corpus()
    known_words = set(char_sampling.WORD.findall(corpus.text("train").lower()))
    model = export.load_tfjs_model(MODEL_JSON)
    rows = [(prompt, None, 0) for prompt in GREEDY_PROMPTS]
    rows += [("", temperature, seed) for temperature in TEMPERATURES for seed in SEEDS]
    prompts, temperatures, seeds = (list(column) for column in zip(*rows, strict=True))
    written, states = char_sampling.write(model, corpus.vocabulary, prompts, LENGTH, temperatures, seeds)
    print(f"wrote {len(rows)} texts of {LENGTH} characters in {time.perf_counter() - started:.0f} s")

    greedy = []
    for row, prompt in enumerate(GREEDY_PROMPTS):
        text = corpus.vocabulary.decode(written[row])
        cycle = char_sampling.first_cycle(written[row])
        entry = {
            "prompt": prompt,
            "text": text[:SHOWN_CHARACTERS],
            "cycle": None,
            "bits_per_character": bits_per_character(model, corpus.vocabulary, prompt, written[row]),
        }
        if cycle is not None:
            entry["cycle"] = {
                **cycle,
                "text": text[cycle["start"] : cycle["start"] + cycle["period"]],
                "state_distance_one_period_apart": char_sampling.state_gap(states[row], cycle),
            }
        greedy.append(entry)
        print(f"greedy after {prompt!r}: {entry['cycle'] and {k: entry['cycle'][k] for k in ('start', 'period')}}")

    beam = []
    for prompt in GREEDY_PROMPTS:
        found, _ = char_sampling.beam_search(model, corpus.vocabulary, prompt, LENGTH, BEAM_WIDTH)
        text = corpus.vocabulary.decode(found)
        beam.append(
            {
                "prompt": prompt,
                "text": text[:SHOWN_CHARACTERS],
                "cycle": loop_of(text, found),
                "repeated_share": round(char_sampling.repeated_share(text), 4),
                "bits_per_character": bits_per_character(model, corpus.vocabulary, prompt, found),
            }
        )
        print(f"beam of {BEAM_WIDTH} after {prompt!r}: {beam[-1]['bits_per_character']} bits/char, {beam[-1]['cycle']}")

    by_temperature = []
    for temperature in TEMPERATURES:
        chosen = [row for row, (_, t, _) in enumerate(rows) if t is not None and t == temperature]
        texts = [corpus.vocabulary.decode(written[row]) for row in chosen]
        own_bits = [bits_per_character(model, corpus.vocabulary, rows[row][0], written[row]) for row in chosen]
        words = [char_sampling.real_word_share(text, known_words) for text in texts]
        repeats = [char_sampling.repeated_share(text) for text in texts]
        by_temperature.append(
            {
                "temperature": temperature,
                "real_word_share": round(float(np.mean(words)), 4),
                "real_word_share_range": [round(min(words), 4), round(max(words), 4)],
                "repeated_share": round(float(np.mean(repeats)), 4),
                "repeated_share_range": [round(min(repeats), 4), round(max(repeats), 4)],
                "bits_per_character": round(float(np.mean(own_bits)), 4),
                "example": texts[0][:SHOWN_CHARACTERS],
            }
        )
        print(f"T={temperature}: real words {np.mean(words):.1%}, repeated 8-grams {np.mean(repeats):.1%}")

    export.write_json(
        RESULT,
        {
            "model": str(MODEL_JSON.relative_to(MODELS_DIR.parent)),
            "characters_per_text": LENGTH,
            "greedy": greedy,
            "greedy_loops": sum(entry["cycle"] is not None for entry in greedy),
            "beam": beam,
            "beam_width": BEAM_WIDTH,
            "beam_loops": sum(entry["cycle"] is not None for entry in beam),
            "temperatures": by_temperature,
            "seeds": list(SEEDS),
            "heldout": heldout_reference(corpus, known_words),
            "measures": {
                "real_word_share": "share of the written words (runs of lower-cased letters and apostrophes) that "
                "occur in the training works",
                "repeated_share": f"share of the text's {char_sampling.REPEAT_LENGTH}-character strings that already "
                "occurred earlier in the same text",
                "cycle": "the earliest position from which the text repeats with a fixed period to its end (at "
                "least 3 periods), and that period",
                "bits_per_character": "the model's own surprise at a text it wrote, -log2 P(text | prompt) per "
                "character: lower is a likelier text (for the temperatures, the mean over the seeds)",
                "beam": f"beam search keeping the {BEAM_WIDTH} likeliest texts at every step (never the unknown "
                "symbol); the likeliest text it ends with",
            },
            "seconds": round(time.perf_counter() - started, 1),
        },
    )
    print(f"wrote {RESULT} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
