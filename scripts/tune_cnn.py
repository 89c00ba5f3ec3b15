"""Compare training recipes for the digit CNN on the validation digits (never the held-out ones).

    python scripts/tune_cnn.py --seeds 1 2 3                        # the current recipe (DigitCNNConfig)
    python scripts/tune_cnn.py --seeds 1 2 3 --set epochs=40 --set stroke_change=0

Each run trains on 7,000 of the 8,000 training digits and scores the other 1,000 (a stratified split with
its own seed, mnist.carve_validation). Appends one record per recipe (its overrides, validation accuracy per
seed, mean, min, max, seconds per run) to scripts/results/cnn-tuning.json, the record of how the recipe in
DigitCNNConfig was chosen. About 1.5 minutes per seed on 2 cores.
"""

import argparse
import ast
import os
from dataclasses import fields, replace

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from tfvisual.digit_training import append_tuning_record, tune_recipe  # noqa: E402
from tfvisual.models.digit_cnn import DigitCNNConfig  # noqa: E402


def parse_override(text: str) -> tuple[str, object]:
    name, _, value = text.partition("=")
    known = {field.name for field in fields(DigitCNNConfig)}
    if name not in known:
        raise argparse.ArgumentTypeError(f"{name!r} is not a DigitCNNConfig field ({', '.join(sorted(known))})")
    return name, ast.literal_eval(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3], help="one training run per seed")
    parser.add_argument("--set", type=parse_override, action="append", default=[], help="field=value override")
    args = parser.parse_args()
    overrides = dict(args.set)
    config = replace(DigitCNNConfig(), **overrides)
    record = tune_recipe(config, overrides, args.seeds)
    append_tuning_record(record)
    print(f"validation accuracy {record['mean']:.2%} (min {record['min']:.2%}, max {record['max']:.2%})")


if __name__ == "__main__":
    main()
