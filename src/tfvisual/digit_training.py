"""Training runs of the digit CNN shared by scripts/tune_cnn.py (recipes on the validation digits) and
scripts/train_cnn.py (the final model over several seeds, scored once on the held-out digits)."""

import json
import time
from dataclasses import replace

import numpy as np
import tensorflow as tf
import tf_keras as keras

from tfvisual.data import mnist
from tfvisual.machine import describe_machine
from tfvisual.models.digit_cnn import DigitCNNConfig, accuracy, build_model, train
from tfvisual.paths import RESULTS_DIR

TUNING_RESULTS = RESULTS_DIR / "cnn-tuning.json"


def train_once(config: DigitCNNConfig, x: np.ndarray, y: np.ndarray, validation=None, callbacks=None, verbose=2):
    """A fresh model trained with `config` (its seed fixes initial weights, shuffling and augmentation).
    Returns (model, history, seconds)."""
    # Op determinism makes reruns on the same machine identical; another CPU may pick other kernels
    # (oneDNN and Eigen choose by instruction set), so there only the numbers agree, within the seed spread.
    keras.utils.set_random_seed(config.seed)
    tf.config.experimental.enable_op_determinism()
    model = build_model(config)
    start = time.perf_counter()
    history = train(model, config, x, y, validation, callbacks, verbose)
    return model, history, time.perf_counter() - start


def spread(values: list[float]) -> dict:
    """Mean, standard deviation (n-1), min and max of per-seed results."""
    array = np.asarray(values, dtype=float)
    return {
        "mean": round(float(array.mean()), 6),
        "std": round(float(array.std(ddof=1)), 6) if len(array) > 1 else 0.0,
        "min": round(float(array.min()), 6),
        "max": round(float(array.max()), 6),
    }


def tune_recipe(config: DigitCNNConfig, overrides: dict, seeds: list[int]) -> dict:
    """Validation accuracy of one recipe over `seeds`, trained on the training digits minus the validation ones."""
    split = mnist.load_split("embedded")
    x_fit, y_fit, x_val, y_val = mnist.carve_validation(split.x_train, split.y_train)
    scores, seconds = [], []
    for seed in seeds:
        model, _, took = train_once(replace(config, seed=seed), x_fit, y_fit, verbose=0)
        scores.append(accuracy(model, x_val, y_val))
        seconds.append(took)
        print(f"seed {seed}: validation accuracy {scores[-1]:.2%} in {took:.0f} s", flush=True)
    return {
        "overrides": overrides,
        "config": replace(config, seed=seeds[0]).to_dict(),
        "n_fit": len(y_fit),
        "n_validation": len(y_val),
        "seeds": seeds,
        "validation_accuracy": [round(s, 6) for s in scores],
        **spread(scores),
        "seconds_per_run": round(float(np.mean(seconds)), 1),
        "machine": describe_machine(),
    }


def append_tuning_record(record: dict) -> None:
    records = json.loads(TUNING_RESULTS.read_text()) if TUNING_RESULTS.exists() else []
    records.append(record)
    TUNING_RESULTS.parent.mkdir(parents=True, exist_ok=True)
    TUNING_RESULTS.write_text(json.dumps(records, indent=2) + "\n")
