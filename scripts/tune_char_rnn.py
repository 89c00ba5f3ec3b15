"""Try a change to the char-RNN recipe on the validation works, and keep the result.

    python scripts/tune_char_rnn.py --set learning_rate=0.006 --set decay_fraction=1.0

Trains one seed of CharRNNConfig with the changes, scores the float32 model on the validation works only (the test
works choose nothing) and appends the recipe and its score to scripts/results/char-rnn-tuning.json, so every
comparison behind the recipe in models/char-rnn/card.json stays on record.
"""

import argparse
import json
import os
import time
from dataclasses import fields, replace

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from tfvisual import char_training, export  # noqa: E402
from tfvisual.data import shakespeare  # noqa: E402
from tfvisual.models.char_rnn import CharRNNConfig  # noqa: E402
from tfvisual.paths import RESULTS_DIR  # noqa: E402

RESULT = RESULTS_DIR / "char-rnn-tuning.json"


def parse_change(text: str) -> tuple[str, object]:
    key, _, value = text.partition("=")
    types = {field.name: field.type for field in fields(CharRNNConfig)}
    if key not in types:
        raise argparse.ArgumentTypeError(f"unknown setting {key!r}; known: {', '.join(types)}")
    return key, (int if types[key] in (int, "int") else float)(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=parse_change, action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args()
    corpus = shakespeare.load_corpus()
    config = replace(CharRNNConfig(vocabulary_size=corpus.vocabulary.size), **dict(args.set))
    model = char_training.fresh_model(config)
    training = char_training.train(model, config, corpus.ids("train"))
    started = time.perf_counter()
    bits = char_training.heldout_scores(model, corpus, config.units, ("validation",))["validation"]["bits"]
    trial = {
        "changes": dict(args.set),
        "hyperparameters": config.to_dict(),
        "validation_bits_per_character": round(float(bits.mean()), 4),
        "final_train_bits_per_character": training["curve"][-1]["train_bits_per_character"],
        "training_seconds": round(training["seconds"], 1),
    }
    trials = json.loads(RESULT.read_text())["trials"] if RESULT.exists() else []
    export.write_json(RESULT, {"what": "char-RNN recipes compared on the validation works", "trials": [*trials, trial]})
    print(
        f"{dict(args.set)}: validation {trial['validation_bits_per_character']:.4f} bits/char "
        f"({time.perf_counter() - started:.0f} s to score)"
    )


if __name__ == "__main__":
    main()
