"""Kneser-Ney character n-grams: proper distributions, the textbook formula, real held-out text, the saved result."""

import json
from collections import Counter

import numpy as np
import pytest

from tfvisual import ngram
from tfvisual.data import shakespeare
from tfvisual.paths import RESULTS_DIR

VOCABULARY = 7  # the synthetic text uses ids 0..5; id 6 never occurs in training


def markov_text(length: int, seed: int = 0) -> np.ndarray:
    """A seeded second-order Markov chain over ids 0..5: enough structure that longer contexts help."""
    rng = np.random.default_rng(seed)
    transitions = rng.dirichlet(np.full(6, 0.3), size=(6, 6))
    ids = [0, 1]
    for _ in range(length - 2):
        ids.append(int(rng.choice(6, p=transitions[ids[-2], ids[-1]])))
    return np.array(ids, dtype=np.uint8)


@pytest.fixture(scope="module")
def synthetic_tables():
    return ngram.NgramTables(markov_text(20_000), VOCABULARY, max_order=6)


@pytest.fixture(scope="module")
def corpus():
    return shakespeare.load_corpus()


@pytest.fixture(scope="module")
def saved():
    return json.loads((RESULTS_DIR / "char-ngram.json").read_text())


def test_every_distribution_sums_to_one_even_after_unseen_contexts(synthetic_tables):
    rng = np.random.default_rng(1)
    contexts = [[], [6], [6, 6, 6, 6, 6], [0, 6, 1], list(markov_text(50, seed=2))]
    contexts += [list(rng.integers(0, VOCABULARY, size=length)) for length in (1, 2, 3, 5, 8, 13)]
    for order in range(1, 7):
        model = synthetic_tables.model(order)
        for context in contexts:
            distribution = model.distribution(context)
            assert distribution.shape == (VOCABULARY,)
            assert distribution.sum() == pytest.approx(1.0, abs=1e-12)
            assert np.all(distribution > 0)  # nothing is impossible, not even the never-seen id 6


def test_scoring_a_text_uses_the_same_distribution(synthetic_tables):
    text = markov_text(300, seed=3)
    for order in (1, 3, 6):
        model = synthetic_tables.model(order)
        log2 = model.log2_probabilities(text)
        for i in (0, 1, 2, 7, 150, 299):
            assert log2[i] == pytest.approx(np.log2(model.distribution(text[:i])[text[i]]), abs=1e-12)


def test_discounts_follow_chen_and_goodman():
    # Count-of-counts n1=4, n2=2, n3=1, n4=1: Y = 4/(4+2*2) = 0.5, D1 = 1-2*0.5*2/4, D2 = 2-3*0.5*1/2, D3 = 3-4*0.5*1/1.
    counts = np.array([1, 1, 1, 1, 2, 2, 3, 4, 9])
    assert ngram.modified_discounts(counts) == pytest.approx((0.5, 1.25, 1.0))
    assert ngram.modified_discounts(np.array([5, 6, 7])) == ngram.FALLBACK_DISCOUNTS  # no singletons: undefined


def reference_probability(train: list[int], order: int, history: tuple, character: int) -> float:
    """Interpolated modified Kneser-Ney written out with dictionaries, straight from the formula."""

    def ngrams(n):
        return Counter(tuple(train[i : i + n]) for i in range(len(train) - n + 1))

    probability = 1.0 / VOCABULARY
    for n in range(1, order + 1):
        if len(history) < n - 1:
            continue
        counts = ngrams(n) if n == order else Counter(gram[1:] for gram in ngrams(n + 1))
        d1, d2, d3 = ngram.modified_discounts(np.array(list(counts.values())))
        context = history[len(history) - (n - 1) :] if n > 1 else ()
        followers = {gram[-1]: c for gram, c in counts.items() if gram[:-1] == context}
        if not followers:
            continue
        given_up = {c: (d1 if c == 1 else d2 if c == 2 else d3) for c in followers.values()}
        count = followers.get(character, 0)
        kept = max(count - given_up[count], 0) if count else 0
        probability = (kept + sum(given_up[c] for c in followers.values()) * probability) / sum(followers.values())
    return probability


def test_the_vectorised_model_matches_the_formula_written_out():
    train = markov_text(3000, seed=4)
    tables = ngram.NgramTables(train, VOCABULARY, max_order=3)
    for order in (1, 2, 3):
        model = tables.model(order)
        for history in [(), (2,), (0, 1), (5, 5, 5), (6, 1), (1, 6)]:
            expected = [reference_probability(list(train), order, history, c) for c in range(VOCABULARY)]
            np.testing.assert_allclose(model.distribution(history), expected, rtol=1e-12)


def test_longer_contexts_predict_held_out_shakespeare_better(corpus):
    tables = ngram.NgramTables(corpus.ids("train"), corpus.vocabulary.size, max_order=4)
    held_out = corpus.ids("test")[:50_000]
    bits = {order: ngram.bits_per_character(tables.model(order).log2_probabilities(held_out)) for order in (1, 2, 4)}
    assert bits[4] < bits[2] < bits[1] < np.log2(corpus.vocabulary.size)
    assert bits[1] - bits[4] > 1.5  # three characters of context save well over a bit per character
    # The unknown characters of the test plays ("_") get a finite probability, and a surprising one where a run of
    # them begins after ordinary text (inside a run of "____", more of them is what the model expects).
    test_ids = corpus.ids("test")
    log2 = tables.model(4).log2_probabilities(test_ids)
    assert np.all(np.isfinite(log2))
    run_starts = np.flatnonzero((test_ids[1:] == 0) & (test_ids[:-1] != 0)) + 1
    assert len(run_starts) > 0 and np.all(log2[run_starts] < -10)


def test_a_novel_character_is_one_never_seen_after_a_context_that_was_seen():
    # Training: "0 1" is followed by 2 and by 3; "4" never occurs.
    tables = ngram.NgramTables(np.array([0, 1, 2, 0, 1, 3]), 5, max_order=3)
    text = np.array([0, 1, 2, 0, 1, 4, 4, 4, 4])
    # Order 3, the 7 positions with two characters of history: only "0 1" -> 4 has a seen context and a character
    # never seen after it; "1 4" and "4 4" are contexts never seen, which the model simply shortens.
    assert tables.model(3).novel_character_share(text) == pytest.approx(1 / 7)
    # Order 1: the empty context is always seen, so a novel character is one never seen at all.
    assert tables.model(1).novel_character_share(text) == pytest.approx(4 / 9)


def test_bootstrap_interval_brackets_the_mean():
    bits = np.random.default_rng(5).gamma(2.0, 1.0, size=20_000)
    low, high = ngram.block_bootstrap_interval(bits, block=500)
    assert low < bits.mean() < high and high - low < 0.2
    assert ngram.block_bootstrap_interval(np.full(10_000, 2.5), block=500) == pytest.approx((2.5, 2.5))


def test_saved_result_is_consistent_and_fresh(saved, corpus):
    orders = saved["orders"]
    assert sorted(orders, key=int) == [str(n) for n in range(1, ngram.MAX_ORDER + 1)]
    best = min(orders.values(), key=lambda row: row["validation_bits_per_character"])
    assert (
        saved["best"]["order"] == best["order"]
        and saved["best"]["test_bits_per_character"] == best["test_bits_per_character"]
    )
    for row in orders.values():
        low, high = row["test_interval_95"]
        assert low < row["test_bits_per_character"] < high
    rows = [orders[str(n)] for n in range(1, ngram.MAX_ORDER + 1)]
    # The tables explode with the order while the share of test contexts ever seen in training shrinks.
    assert all(a["ngrams_stored"] < b["ngrams_stored"] for a, b in zip(rows, rows[1:], strict=False))
    assert all(a["test_context_coverage"] >= b["test_context_coverage"] for a, b in zip(rows, rows[1:], strict=False))
    assert rows[-1]["possible_top_level_contexts"] == corpus.vocabulary.size ** (ngram.MAX_ORDER - 1)
    # The corpus, split and vocabulary it describes are the loader's, and its cheap orders recompute exactly.
    description = corpus.describe()
    assert saved["vocabulary"] == description.pop("vocabulary")
    assert saved["corpus"] == description
    by_work = saved["best"]["test_bits_per_character_by_work"]
    assert list(by_work) == list(corpus.splits["test"])
    tables = ngram.NgramTables(corpus.ids("train"), corpus.vocabulary.size, max_order=3)
    for order in (1, 2, 3):
        for split in ("validation", "test"):
            bits = ngram.bits_per_character(tables.model(order).log2_probabilities(corpus.ids(split)))
            assert orders[str(order)][f"{split}_bits_per_character"] == round(bits, 4)
