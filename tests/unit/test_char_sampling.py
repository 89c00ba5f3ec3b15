"""How the char RNN's writing is measured: loops found where a text repeats, repetition and real words counted as
a reader would, and the batched writer equal to the one-text-at-a-time sampler the demo mirrors."""

import json
import os
from pathlib import Path

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tfvisual import char_sampling, export  # noqa: E402
from tfvisual.data import shakespeare  # noqa: E402
from tfvisual.models.char_rnn import sample  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
MODEL_JSON = ROOT / "models" / "char-rnn" / "model.json"
RESULT = ROOT / "scripts" / "results" / "char-sampling.json"


def ids(text: str) -> np.ndarray:
    return np.array([ord(c) for c in text])


def test_a_loop_is_found_where_the_text_starts_repeating():
    assert char_sampling.first_cycle(ids("once upon a time, ab ab ab ab ab ")) == {"start": 17, "period": 3}
    # A phrase written three times over is a loop of the whole phrase, however it begins.
    assert char_sampling.first_cycle(ids("xx" + "the street, " * 4)) == {"start": 2, "period": 12}


def test_text_that_never_settles_has_no_loop():
    rng = np.random.default_rng(5)
    assert char_sampling.first_cycle(rng.integers(0, 75, 600)) is None
    # Two repeats are not enough to call it a loop.
    assert char_sampling.first_cycle(ids("qwertyuiop" * 2)) is None


def test_repetition_counts_strings_written_before_in_the_same_text():
    assert char_sampling.repeated_share("abcdefgh-abcdefgh", 8) == pytest.approx(1 / 10)
    assert char_sampling.repeated_share("abcdefghijklmnop", 8) == 0.0


def test_real_words_are_the_ones_the_training_text_has():
    known = {"to", "be", "or", "not", "'tis"}
    assert char_sampling.real_word_share("To be, or NOT tobe; 'tis", known) == pytest.approx(5 / 6)
    assert char_sampling.real_word_share("?!", known) == 0.0


@pytest.fixture(scope="module")
def model():
    return export.load_tfjs_model(MODEL_JSON)


def test_writing_many_texts_at_once_equals_writing_each_alone(model):
    corpus = shakespeare.load_corpus()
    prompts, temperatures, seeds = ["", "ROMEO.\n"], [0.8, 1.2], [4, 9]
    written, states = char_sampling.write(model, corpus.vocabulary, prompts, 60, temperatures, seeds)
    for row in range(2):
        alone = sample(model, corpus.vocabulary, prompts[row], 60, temperatures[row], seeds[row])
        assert corpus.vocabulary.decode(written[row]) == alone
    assert states.shape == (2, 60, model.get_layer("lstm").units)


def test_beam_search_of_width_1_is_greedy_and_a_wider_beam_finds_likelier_text(model):
    corpus = shakespeare.load_corpus()
    prompt, length = "ROMEO.\n", 40
    greedy, _ = char_sampling.write(model, corpus.vocabulary, [prompt], length, [None], [0])
    narrow, narrow_log2 = char_sampling.beam_search(model, corpus.vocabulary, prompt, length, width=1)
    assert corpus.vocabulary.decode(narrow) == corpus.vocabulary.decode(greedy[0])
    wide, wide_log2 = char_sampling.beam_search(model, corpus.vocabulary, prompt, length, width=4)
    assert wide_log2 >= narrow_log2
    # The score beam search keeps is the model's probability of the text, as reading it in one call gives it.
    for ids, log2 in ((narrow, narrow_log2), (wide, wide_log2)):
        assert char_sampling.log2_probability(model, corpus.vocabulary, prompt, ids) == pytest.approx(log2, abs=1e-2)


def test_saved_greedy_loops_are_real_loops_of_the_committed_model(model):
    saved = json.loads(RESULT.read_text())
    corpus = shakespeare.load_corpus()
    prompts = [entry["prompt"] for entry in saved["greedy"]]
    written, states = char_sampling.write(
        model, corpus.vocabulary, prompts, saved["characters_per_text"], [None] * len(prompts), [0] * len(prompts)
    )
    for row, entry in enumerate(saved["greedy"]):
        text = corpus.vocabulary.decode(written[row])
        assert text.startswith(entry["text"])
        cycle = char_sampling.first_cycle(written[row])
        assert (cycle is None) == (entry["cycle"] is None)
        if cycle is not None:
            assert {k: entry["cycle"][k] for k in ("start", "period")} == cycle
            # In a loop the state itself comes back: far from it where the loop starts, almost exactly at the end.
            gap = char_sampling.state_gap(states[row], cycle)
            assert gap["at_end"] < 1e-3 < gap["at_cycle_start"]


def test_saved_beam_texts_are_what_beam_search_finds_with_the_committed_model(model):
    saved = json.loads(RESULT.read_text())
    corpus = shakespeare.load_corpus()
    length = saved["characters_per_text"]
    for entry in saved["beam"]:
        found, log2 = char_sampling.beam_search(model, corpus.vocabulary, entry["prompt"], length, saved["beam_width"])
        text = corpus.vocabulary.decode(found)
        assert text.startswith(entry["text"])
        assert -log2 / length == pytest.approx(entry["bits_per_character"], abs=1e-3)
        assert char_sampling.repeated_share(text) == pytest.approx(entry["repeated_share"], abs=1e-4)
        cycle = char_sampling.first_cycle(found)
        assert (cycle is None) == (entry["cycle"] is None)
