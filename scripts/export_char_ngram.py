"""Export the character n-gram model the char-RNN demo scores its text with, beside the RNN, in the browser.

    .venv/bin/python scripts/export_char_ngram.py

Counts the n-grams of the training works (as scripts/save_char_baselines.py does), measures the file every order
would make (src/tfvisual/ngram_export.py) and ships the highest order whose file is at most BUDGET_BYTES: the best
order on validation (7-8, millions of n-grams) is many megabytes, too much to download for a side note. Writes
models/char-ngram/ngram.bin and card.json (order, vocabulary, sizes of every order, test and validation bits per
character of the shipped order, and the best order's numbers from scripts/results/char-ngram.json, which must be
up to date). Deterministic; a few seconds on 2 cores.
"""

import argparse
import hashlib
import json
import os
import platform
import time

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import save_char_baselines as baselines  # noqa: E402 (a sibling script: its rounding and per-work scores)

from tfvisual import export, ngram, ngram_export  # noqa: E402
from tfvisual.data import shakespeare  # noqa: E402
from tfvisual.paths import MODELS_DIR, REPO_ROOT  # noqa: E402

TARGET = MODELS_DIR / "char-ngram"
FILE_NAME = "ngram.bin"
CHAR_RNN_CARD = MODELS_DIR / "char-rnn" / "card.json"
# The most a side note may add to the page's download: about as much as TF.js itself (tf.min.js, 1.47 MB). The
# best orders (7-8) take 5-10 MB in this format, far more than the char RNN's 0.3 MB of weights.
BUDGET_BYTES = 1_500_000


def check_same_vocabulary(vocabulary: dict) -> None:
    """The demo feeds the RNN's character ids to the n-gram model: the two must number the characters alike."""
    if not CHAR_RNN_CARD.exists():
        raise SystemExit(f"{CHAR_RNN_CARD} is missing: the n-gram model must share the char RNN's vocabulary")
    theirs = json.loads(CHAR_RNN_CARD.read_text())["vocabulary"]
    for key in ("characters", "unknown_id"):
        if theirs[key] != vocabulary[key]:
            raise SystemExit(
                f"the corpus's vocabulary {key} {vocabulary[key]!r} differs from the char RNN's {theirs[key]!r} "
                f"({CHAR_RNN_CARD}): retrain one of them so the ids agree"
            )


def saved_baselines(order: int, test: dict, validation: dict) -> dict:
    """The saved baselines (best order, every order), checked against this run's scores for the shipped order:
    the page sets the two side by side, so they must come from the same corpus and code."""
    if not baselines.RESULT.exists():
        raise SystemExit(f"{baselines.RESULT} is missing: run `python scripts/save_char_baselines.py` first")
    saved = json.loads(baselines.RESULT.read_text())
    row = saved["orders"][str(order)]
    now = (test["bits_per_character"], test["interval_95"], validation["bits_per_character"])
    if (row["test_bits_per_character"], row["test_interval_95"], row["validation_bits_per_character"]) != now:
        raise SystemExit(f"{baselines.RESULT} does not match this corpus and code: run save_char_baselines.py again")
    return saved


def score(model: ngram.KneserNey, ids: np.ndarray) -> tuple[np.ndarray, dict]:
    log2 = model.log2_probabilities(ids)
    return log2, {
        "bits_per_character": baselines._bits(ngram.bits_per_character(log2)),
        "interval_95": baselines._bits(ngram.block_bootstrap_interval(-log2)),
        "context_coverage": baselines._bits(model.context_coverage(ids)),
    }


def char_ngram_card(corpus, tables: ngram.NgramTables, sizes: dict, order: int, data: bytes) -> dict:
    model = tables.model(order)
    test_log2, test = score(model, corpus.ids("test"))
    _, validation = score(model, corpus.ids("validation"))
    saved = saved_baselines(order, test, validation)
    test["by_work"] = baselines.per_work_bits(corpus, "test", test_log2)
    description = corpus.describe()
    vocabulary = description.pop("vocabulary")
    return {
        "name": "char-ngram",
        "description": f"An order-{order} character model ({order - 1} characters of context) with interpolated "
        "modified Kneser-Ney smoothing, counted on the training works, shipped to score text in the browser.",
        "order": order,
        "context_characters": order - 1,
        "file": FILE_NAME,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "format": {
            "module": "src/tfvisual/ngram_export.py",
            "reader": "docs/javascripts/lib/ngram.js",
            "version": ngram_export.VERSION,
            "description": ngram_export.FORMAT_DESCRIPTION,
        },
        "levels": [
            {
                "length": level.length,
                "counts": "raw" if level.length == order else "continuation",
                "ngrams": len(level.keys),
                "contexts": len(level.context_keys),
                "discounts": baselines._bits(level.discounts),
            }
            for level in model.levels
        ],
        **model.size(),
        "vocabulary": vocabulary,
        "start": {"character": "\n", "id": int(corpus.vocabulary.encode("\n")[0])},
        "metrics": {"test": test, "validation": validation},
        "best": {**saved["best"], "file": str(baselines.RESULT.relative_to(REPO_ROOT))},
        "size_rule": {
            "rule": f"the highest order whose file is at most {BUDGET_BYTES:,} bytes (about TF.js' own size, the "
            "most a side note may add to the download); the best order on validation is quoted beside it",
            "budget_bytes": BUDGET_BYTES,
            "bytes_by_order": {str(n): size for n, size in sizes.items()},
            "ngrams_by_order": {str(n): tables.model(n).size()["ngrams_stored"] for n in sizes},
            "orders_the_format_cannot_hold": [
                n for n in range(1, ngram.MAX_ORDER + 1) if not ngram_export.fits_format(tables.vocabulary_size, n)
            ],
        },
        "trained_on": "the training works' text (the same tables as scripts/save_char_baselines.py)",
        "evaluation": saved["evaluation"],
        "corpus": description,
        "versions": {"python": platform.python_version(), "numpy": np.__version__},
    }


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    started = time.perf_counter()
    corpus = shakespeare.load_corpus()
    vocabulary = corpus.describe()["vocabulary"]
    check_same_vocabulary(vocabulary)
    holdable = [n for n in range(1, ngram.MAX_ORDER + 1) if ngram_export.fits_format(vocabulary["size"], n)]
    tables = ngram.NgramTables(corpus.ids("train"), vocabulary["size"], max(holdable))
    files = {n: ngram_export.encode(tables.model(n)) for n in holdable}
    sizes = {n: len(data) for n, data in files.items()}
    order = max(n for n, size in sizes.items() if size <= BUDGET_BYTES)
    card = char_ngram_card(corpus, tables, sizes, order, files[order])
    with export.staged_directory(TARGET) as staging:
        (staging / FILE_NAME).write_bytes(files[order])
        export.write_json(staging / "card.json", card)
    for n, size in sizes.items():
        print(f"order {n}: {size:>12,} bytes{'  <- shipped' if n == order else ''}")
    test = card["metrics"]["test"]
    print(
        f"order {order}: test {test['bits_per_character']} bits/char {test['interval_95']}; best order "
        f"{card['best']['order']}: {card['best']['test_bits_per_character']}"
    )
    print(f"wrote {TARGET} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
