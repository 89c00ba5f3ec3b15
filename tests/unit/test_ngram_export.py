"""The n-gram file the browser loads holds the model exactly: a round trip changes no probability, a broken file is
refused with a message that says what is wrong, and the committed model is the one its card describes."""

import hashlib
import json
import struct

import numpy as np
import pytest

from tfvisual import ngram, ngram_export
from tfvisual.data import shakespeare
from tfvisual.paths import MODELS_DIR

FOLDER = MODELS_DIR / "char-ngram"
HELD_OUT = 3000  # characters of the first test work


@pytest.fixture(scope="module")
def corpus():
    return shakespeare.load_corpus()


@pytest.fixture(scope="module")
def tables(corpus):
    return ngram.NgramTables(corpus.ids("train"), corpus.vocabulary.size, max_order=5)


@pytest.fixture(scope="module")
def held_out(corpus):
    return corpus.vocabulary.encode("\n" + corpus.works[corpus.splits["test"][0]].text[:HELD_OUT])


@pytest.fixture(scope="module")
def order_3_bytes(tables):
    return ngram_export.encode(tables.model(3))


@pytest.mark.parametrize("order", [1, 2, 3, 5])
def test_round_trip_gives_the_same_probabilities_exactly(tables, held_out, order, tmp_path):
    model = tables.model(order)
    path = tmp_path / "ngram.bin"
    assert ngram_export.write(model, path) == path.stat().st_size
    restored = ngram_export.read(path)
    assert (restored.order, restored.vocabulary_size) == (order, model.vocabulary_size)
    np.testing.assert_array_equal(restored.log2_probabilities(held_out), model.log2_probabilities(held_out))
    for end in (0, 1, 2, 50, len(held_out)):  # from no history at all to a full context
        np.testing.assert_array_equal(restored.distribution(held_out[:end]), model.distribution(held_out[:end]))
    for original, copy in zip(model.levels, restored.levels, strict=True):
        assert copy.discounts == original.discounts
        np.testing.assert_array_equal(copy.context_backoff, original.context_backoff)


def test_varints_hold_every_size_up_to_the_format_limit():
    values = np.array([0, 1, 127, 128, 16_383, 16_384, 2**32 - 1, 2**32, 2**53 - 1], dtype=np.uint64)
    data = ngram_export.encode_varints(values)
    assert len(data) == 1 + 1 + 1 + 2 + 2 + 3 + 5 + 5 + 8  # 7 bits per byte
    np.testing.assert_array_equal(ngram_export.decode_varints(data, len(values), "test"), values)


def test_the_file_stores_about_two_bytes_per_ngram(tables):
    """Delta varints are what make the shipped order fit: not the 16 bytes of an int64 key and count."""
    model = tables.model(5)
    assert len(ngram_export.encode(model)) < 2.5 * model.size()["ngrams_stored"]


@pytest.mark.parametrize(
    ("cut", "message"),
    [(10, "truncated: the header"), (30, "truncated: level 1's header"), (-1, "truncated: level 3's counts")],
)
def test_a_truncated_file_is_refused_clearly(order_3_bytes, tmp_path, cut, message):
    path = tmp_path / "ngram.bin"
    path.write_bytes(order_3_bytes[:cut])
    with pytest.raises(ngram_export.NgramFormatError, match=f"{path}: {message}"):
        ngram_export.read(path)


def corrupt(data: bytes, offset: int, replacement: bytes) -> bytes:
    return data[:offset] + replacement + data[offset + len(replacement) :]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda data: corrupt(data, 0, b"GIF89a"), "not an n-gram model file"),
        (lambda data: corrupt(data, 8, struct.pack("<I", 2)), "format version 2"),
        (lambda data: data + b"\0", "1 unexpected bytes after the last level"),
        # Level 1's first discount, D1: it no longer matches the counts it was estimated from.
        (lambda data: corrupt(data, 32, struct.pack("<d", 0.25)), "stored discounts do not match"),
        # Level 1's second key difference set to 0: two equal keys.
        (lambda data: corrupt(data, 56 + 1, b"\0"), "not strictly ascending"),
    ],
)
def test_a_corrupt_file_is_refused_clearly(order_3_bytes, change, message):
    assert ngram_export.decode(order_3_bytes).order == 3  # the unchanged bytes are fine
    with pytest.raises(ngram_export.NgramFormatError, match=message):
        ngram_export.decode(change(order_3_bytes))


def test_an_order_whose_keys_javascript_cannot_hold_is_refused():
    # 75 characters: order 8 keys stay below 2**53, order 9 keys do not.
    assert ngram_export.fits_format(75, 8) and not ngram_export.fits_format(75, 9)
    ids = np.random.default_rng(0).integers(0, 1000, size=5000)
    model = ngram.NgramTables(ids, vocabulary_size=2**20, max_order=3).model(3)  # keys up to 2**60
    with pytest.raises(ValueError, match="beyond 2\\*\\*53"):
        ngram_export.encode(model)
    assert len(ngram_export.encode(ngram.NgramTables(ids, vocabulary_size=2**20, max_order=2).model(2))) > 0


def test_the_committed_model_is_the_one_its_card_describes(corpus):
    card = json.loads((FOLDER / "card.json").read_text())
    data = (FOLDER / card["file"]).read_bytes()
    assert (len(data), hashlib.sha256(data).hexdigest()) == (card["bytes"], card["sha256"])
    model = ngram_export.decode(data)
    assert model.order == card["order"] == len(card["levels"])
    assert [len(level.keys) for level in model.levels] == [level["ngrams"] for level in card["levels"]]
    # The ids the demo feeds it are the char RNN's.
    rnn_vocabulary = json.loads((MODELS_DIR / "char-rnn" / "card.json").read_text())["vocabulary"]
    assert card["vocabulary"]["characters"] == rnn_vocabulary["characters"] == "".join(corpus.vocabulary.characters)
    # The shipped order is the highest within the budget, and the page's number is what the file gives.
    sizes = {int(order): size for order, size in card["size_rule"]["bytes_by_order"].items()}
    assert sizes[model.order] == card["bytes"] <= card["size_rule"]["budget_bytes"] < sizes[model.order + 1]
    bits = ngram.bits_per_character(model.log2_probabilities(corpus.ids("test")))
    assert card["metrics"]["test"]["bits_per_character"] == round(bits, 4)
    assert card["best"]["test_bits_per_character"] < card["metrics"]["test"]["bits_per_character"]
