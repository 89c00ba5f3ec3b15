"""What it would take for the character LSTM to beat the n-gram: one long training run, scored as it goes.

    python scripts/measure_char_rnn_budget.py               # 6,000 steps, about 17 minutes on 2 cores
    python scripts/measure_char_rnn_budget.py --steps 4000 --every 500
    python scripts/measure_char_rnn_budget.py --summarise   # no training: re-derive the summary of the saved run

The model `make models` trains (scripts/train_char_rnn.py) has a few minutes of the 2 cores; this run trains the
same recipe (CharRNNConfig: same sizes, batch, window, learning rate; only the number of steps differs, and the
learning-rate schedule, held and then decayed over the last quarter, stretches over all of them) for much longer,
and every ``--every`` steps scores the float32 model on the validation and test works exactly as the card does, next
to the best n-gram on the same test characters (paired interval). Not part of `make models`: it is a measurement,
saved to scripts/results/char-rnn-budget.json and drawn on the text page.

What the summary claims and does not (src/tfvisual/char_budget.py): the step where the test curve crosses the
n-gram is an estimate of the training it takes, from one seed and a checkpoint every ``--every`` steps. A checkpoint
part-way has not had the learning-rate decay a run planned to end there would have (worth a few hundredths of a
bit), which pulls the crossing earlier; another seed, or the validation works (where the run may not cross at all),
can push it later. So it bounds the training needed neither way.
"""

import argparse
import json
import os
import time
from dataclasses import replace

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from tfvisual import char_budget, char_training, export, model_card, ngram  # noqa: E402
from tfvisual.data import shakespeare  # noqa: E402
from tfvisual.machine import describe_tensorflow_machine  # noqa: E402
from tfvisual.models.char_rnn import CharRNNConfig  # noqa: E402
from tfvisual.paths import RESULTS_DIR  # noqa: E402

NGRAM_RESULTS = RESULTS_DIR / "char-ngram.json"
RESULT = RESULTS_DIR / "char-rnn-budget.json"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=6000, help="training steps of the long run")
    parser.add_argument("--every", type=int, default=500, help="steps between scorings")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--summarise", action="store_true", help="no training: re-derive the summary of the saved run's checkpoints"
    )
    return parser.parse_args()


def milestones(checkpoints: list[dict], baselines: dict) -> dict:
    # The model make models trains runs the default number of steps of the same recipe.
    validation_bits = baselines["best"]["validation_bits_per_character"]
    return char_budget.milestones(checkpoints, CharRNNConfig().steps, validation_bits)


def summarise_saved(baselines: dict) -> None:
    """Rewrite the saved result's summary from its own checkpoints: what they show, with no training."""
    saved = json.loads(RESULT.read_text())
    saved.update(milestones(saved["checkpoints"], baselines))
    export.write_json(RESULT, saved)
    print(f"re-derived the summary of {RESULT}")


def main() -> None:
    args = parse_args()
    started = time.perf_counter()
    baselines = json.loads(NGRAM_RESULTS.read_text())
    if args.summarise:
        summarise_saved(baselines)
        return
    corpus = shakespeare.load_corpus()
    order = baselines["best"]["order"]
    ngram_bits = char_training.best_ngram_test_bits(corpus, order)
    config = replace(CharRNNConfig(vocabulary_size=corpus.vocabulary.size), steps=args.steps, seed=args.seed)
    model = char_training.fresh_model(config)
    characters_per_step = config.batch_size * config.window
    checkpoints = []

    def score(step: int, training_seconds: float) -> None:
        scores = char_training.heldout_scores(model, corpus, config.units)
        test_bits = scores["test"]["bits"]
        difference = test_bits - ngram_bits
        checkpoints.append(
            {
                "step": step,
                "characters_read": step * characters_per_step,
                "passes_over_training_text": round(step * characters_per_step / len(corpus.text("train")), 2),
                "training_seconds": round(training_seconds, 1),
                "validation_bits_per_character": round(float(scores["validation"]["bits"].mean()), 4),
                "test_bits_per_character": round(float(test_bits.mean()), 4),
                "test_interval_95": [round(v, 4) for v in ngram.block_bootstrap_interval(test_bits)],
                "test_difference_from_best_ngram": round(float(difference.mean()), 4),
                "test_difference_interval_95": [round(v, 4) for v in ngram.block_bootstrap_interval(difference)],
            }
        )
        last = checkpoints[-1]
        print(
            f"== step {step}: validation {last['validation_bits_per_character']:.4f}, test "
            f"{last['test_bits_per_character']:.4f} (order-{order} n-gram {ngram_bits.mean():.4f}, difference "
            f"{last['test_difference_from_best_ngram']:+.4f} {last['test_difference_interval_95']})",
            flush=True,
        )

    training = char_training.train(model, config, corpus.ids("train"), checkpoint=score, checkpoint_every=args.every)
    export.write_json(
        RESULT,
        {
            "what": "one long run of the char-RNN recipe, scored every few steps against the best n-gram",
            "hyperparameters": config.to_dict(),
            "ngram": {"order": order, "test_bits_per_character": round(float(ngram_bits.mean()), 4)},
            "checkpoints": checkpoints,
            **milestones(checkpoints, baselines),
            "training_seconds": round(training["seconds"], 1),
            "curve": training["curve"],
            "machine": describe_tensorflow_machine(),
            "versions": model_card.versions(),
        },
    )
    print(f"wrote {RESULT} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
