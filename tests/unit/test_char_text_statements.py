"""The statements the text and char-RNN pages make in words hold for the numbers they quote: each test names the
sentence it checks, so a retrain or a new measurement that turns a statement false fails here, not silently on the
page."""

import json

import pytest

from tfvisual import char_budget, ngram
from tfvisual.data import shakespeare
from tfvisual.paths import MODELS_DIR, RESULTS_DIR


def _load(path):
    return json.loads(path.read_text())


@pytest.fixture(scope="module")
def card():
    return _load(MODELS_DIR / "char-rnn" / "card.json")


@pytest.fixture(scope="module")
def ngram_card():
    return _load(MODELS_DIR / "char-ngram" / "card.json")


@pytest.fixture(scope="module")
def baselines():
    return _load(RESULTS_DIR / "char-ngram.json")


@pytest.fixture(scope="module")
def budget():
    return _load(RESULTS_DIR / "char-rnn-budget.json")


@pytest.fixture(scope="module")
def sampling():
    return _load(RESULTS_DIR / "char-sampling.json")


def test_the_long_runs_summary_is_what_its_checkpoints_show(budget, baselines):
    derived = char_budget.milestones(
        budget["checkpoints"], budget["committed_steps"], baselines["best"]["validation_bits_per_character"]
    )
    assert {key: budget[key] for key in derived} == derived
    assert "upper bound" not in budget["caveat"]


def test_the_long_run_crosses_the_ngram_on_the_test_works_only(budget, baselines, card):
    """text.md: "On the test works it is below the n-gram beyond noise from the checkpoint at …; on the validation
    works it never gets below the n-gram … still behind after 5.0× the training — though far closer than the model
    the site ships." And the opening: "with 5.0× the training it overtakes it on the test works, though not yet on
    the validation works"."""
    first, last = budget["first_beating_ngram_beyond_noise"], budget["last"]
    assert first is not None and first["test_difference_interval_95"][1] < 0
    assert last["test_difference_interval_95"][1] < 0  # still ahead at the end, on the test works
    validation = budget["validation"]
    assert validation["steps_below_best_ngram"] == []
    assert last["validation_bits_per_character"] > baselines["best"]["validation_bits_per_character"]
    shipped = card["metrics"]["validation_float32"]["bits_per_character"]
    assert shipped - validation["ngram_bits_per_character"] > 5 * validation["last_difference_from_best_ngram"]
    assert budget["last_in_committed_trainings"] == budget["hyperparameters"]["steps"] / card["training"]["steps"]
    assert budget["checkpoints_scored"] == len(budget["checkpoints"]) and budget["hyperparameters"]["seed"] == 1


def test_both_seeds_are_behind_the_ngram_and_apart_by_about_half_the_gap(card):
    """text.md: "both behind the best n-gram's …, and apart by about half the gap"."""
    runs = [run["exported_uint8"]["test"]["bits_per_character"] for run in card["seeds"]["runs"]]
    best = card["baselines"]["best"]["test_bits_per_character"]
    assert all(bits > best for bits in runs)
    gap = runs[0] - best
    assert 0.3 < abs(runs[0] - runs[1]) / gap < 0.7


def test_the_shipped_ngrams_levels_and_discounts(ngram_card, baselines):
    """text.md: "The longest level counts how often …; every shorter level counts … after how many different
    characters"; "a character seen once … keeps only about half of its count"; the one-character level has the fallback
    values."""
    levels = ngram_card["levels"]
    assert [level["counts"] for level in levels] == ["continuation"] * (len(levels) - 1) + ["raw"]
    assert tuple(levels[0]["discounts"]) == ngram.FALLBACK_DISCOUNTS
    for level in levels[1:]:
        d1, d2, d3 = level["discounts"]
        assert 0.4 < d1 < 0.6 and d1 < d2 < d3 < 2  # "no count gives up more than D3+, which stays under 2"
    assert "discounts" in baselines["model"]


def test_the_one_character_levels_discounts_are_a_fallback_because_a_count_of_counts_is_zero():
    corpus = shakespeare.load_corpus()
    tables = ngram.NgramTables(corpus.ids("train"), corpus.vocabulary.size, max_order=2)
    counts = tables.continuation[1].counts
    assert min(int((counts == k).sum()) for k in range(1, 5)) == 0
    assert ngram.modified_discounts(counts) == ngram.FALLBACK_DISCOUNTS


def test_the_demos_first_named_unit_counts_along_the_line():
    """char-rnn.md: "the first one listed counts its way along every line"."""
    units = _load(RESULTS_DIR / "char-units.json")
    assert units["named_units"][0]["feature"] == "position_in_line"


def test_novel_characters_in_seen_contexts_are_common_at_the_best_order(baselines):
    """text.md: "It is common: at order 8, …% of the test positions have a context seen in training followed by a
    character it was never followed by there" (each a probability 0 without smoothing)."""
    best = baselines["orders"][str(baselines["best"]["order"])]
    assert best["test_novel_character_in_seen_context"] > 0.05
    # It grows with the order, as the contexts get rarer.
    shares = [baselines["orders"][str(n)]["test_novel_character_in_seen_context"] for n in range(2, 10)]
    assert shares == sorted(shares)


def test_beam_search_finds_likelier_text_that_repeats_and_sampling_is_as_surprised_as_shakespeare(sampling, card):
    """text.md: "Beam search finds likelier text than greedy decoding from every start, and it is repetitive too …
    in every one most 8-character strings repeat earlier ones"; "Shakespeare surprises this model by … far more
    than any of these loops"; at T = 1 "its surprise near its surprise at Shakespeare"."""
    greedy, beam = sampling["greedy"], sampling["beam"]
    assert (
        [entry["prompt"] for entry in beam]
        == [entry["prompt"] for entry in greedy]
        == ["", "To be, or not to be: ", "ROMEO.\n"]
    )
    assert all(b["bits_per_character"] < g["bits_per_character"] for b, g in zip(beam, greedy, strict=True))
    assert all(entry["repeated_share"] > 0.5 > 10 * sampling["heldout"]["repeated_share"] for entry in beam)
    assert sampling["beam_loops"] >= 1 and beam[0]["cycle"] is not None  # the text shown loops
    shakespeare = card["metrics"]["test_exported_uint8"]["bits_per_character"]
    assert max(entry["bits_per_character"] for entry in greedy + beam) < 0.7 * shakespeare
    at_one = next(t for t in sampling["temperatures"] if t["temperature"] == 1.0)
    assert abs(at_one["bits_per_character"] - shakespeare) < 0.15


def test_the_paired_interval_is_narrower_than_either_models_own(card):
    """text.md: the paired difference's interval "is much narrower than the two intervals side by side"."""
    low, high = card["versus_best_ngram"]["test_difference_interval_95"]
    own = [card["metrics"]["test_exported_uint8"]["interval_95"], card["baselines"]["best"]["test_interval_95"]]
    assert all(high - low < (top - bottom) / 1.5 for bottom, top in own)
