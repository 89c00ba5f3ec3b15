"""Train the digit CNN, export it for TensorFlow.js and write its model card.

    python scripts/train_cnn.py                 # embedded 8,000 / 2,000 digits, about 2 minutes on 2 cores
    python scripts/train_cnn.py --data keras    # full MNIST 60,000 / 10,000 (cached or downloaded)

Writes models/digit-cnn/{model.json, group1-shard1of1.bin, card.json, history.json} in one atomic step,
and TensorBoard logs to logs/digit-cnn (open with `tensorboard --logdir logs`).
"""

import argparse
import os
import time
from dataclasses import replace
from pathlib import Path

# Both must be set before TensorFlow is imported: Keras 2 instead of Keras 3 (TF.js loads only Keras 2
# models), and no C++ start-up chatter drowning the progress messages.
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402

from tfvisual import export, model_card  # noqa: E402
from tfvisual.data import mnist  # noqa: E402
from tfvisual.models.digit_cnn import DigitCNNConfig, build_model, train  # noqa: E402

QUANTIZATION = "uint8"


def parse_args() -> argparse.Namespace:
    defaults = DigitCNNConfig()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", choices=["embedded", "keras"], default="embedded", help="digits to use")
    parser.add_argument("--epochs", type=int, default=defaults.epochs, help="passes over the training set")
    parser.add_argument("--seed", type=int, default=defaults.seed, help="seed for weights and augmentation")
    parser.add_argument("--out", type=Path, default=Path("models/digit-cnn"), help="export folder")
    parser.add_argument("--logdir", type=Path, default=Path("logs/digit-cnn"), help="TensorBoard logs")
    return parser.parse_args()


def stage(message: str) -> None:
    print(f"\n== {message}", flush=True)


def history_record(history: keras.callbacks.History) -> dict:
    record = {key: [round(float(v), 6) for v in values] for key, values in history.history.items()}
    record["epoch"] = [epoch + 1 for epoch in history.epoch]
    return record


def build_card(model, config, split, keras_eval, exported_probs, model_json, training_seconds) -> dict:
    exported_pred = exported_probs.argmax(axis=1)
    shards = export.weight_shard_paths(model_json)
    examples = model_card.pick_heldout_examples(split.y_heldout, exported_probs)
    layers = model_card.layer_table(model)
    return {
        "name": "digit-cnn",
        "description": "A small convolutional network that classifies 28x28 handwritten digits (MNIST).",
        "data": {
            "source": split.source,
            "checksum_sha256": split.checksum_sha256,
            "n_train": len(split.y_train),
            "n_heldout": len(split.y_heldout),
            "split_seed": split.split_seed,
            "heldout_indices_sha256": model_card.indices_checksum(split.heldout_indices),
        },
        "hyperparameters": config.to_dict(),
        "epochs": config.epochs,
        "metrics": {
            "heldout_loss": round(keras_eval[0], 6),
            "heldout_accuracy_keras_float32": round(keras_eval[1], 6),
            "heldout_accuracy_exported": round(float(np.mean(exported_pred == split.y_heldout)), 6),
        },
        "confusion_matrix": model_card.confusion_matrix(split.y_heldout, exported_pred),
        "parameters": {"total": int(model.count_params())},
        "layers": layers,
        "macs_per_image": sum(row["macs"] for row in layers),
        "quantization": QUANTIZATION,
        "weights_bytes": sum(path.stat().st_size for path in shards),
        "weights_files": [path.name for path in shards],
        "model_json_bytes": model_json.stat().st_size,
        "model_json_sha256": export.sha256_file(model_json),
        "training_seconds": round(training_seconds, 1),
        "versions": model_card.versions(),
        "heldout_examples": [
            model_card.heldout_example(
                i, split.heldout_indices[i], split.x_heldout[i], split.y_heldout[i], exported_probs[i]
            )
            for i in examples
        ],
    }


def main() -> None:
    args = parse_args()
    config = replace(DigitCNNConfig(), epochs=args.epochs, seed=args.seed)
    # One seed fixes Python's, NumPy's and TensorFlow's generators (initial weights, shuffling,
    # augmentation); op determinism makes the kernels themselves reproducible, at a small speed cost.
    keras.utils.set_random_seed(config.seed)
    tf.config.experimental.enable_op_determinism()

    stage(f"Loading {args.data} MNIST digits")
    split = mnist.load_split(args.data)
    print(f"{len(split.y_train)} training and {len(split.y_heldout)} held-out digits from {split.source}")

    model = build_model(config)
    model.summary()
    stage(f"Training for {config.epochs} epochs")
    tensorboard = keras.callbacks.TensorBoard(log_dir=str(args.logdir), histogram_freq=0)
    start = time.perf_counter()
    history = train(model, config, split.x_train, split.y_train, (split.x_heldout, split.y_heldout), [tensorboard])
    training_seconds = time.perf_counter() - start

    stage("Evaluating the float32 Keras model on the held-out digits")
    keras_eval = [float(v) for v in model.evaluate(split.x_heldout, split.y_heldout, verbose=0)]
    print(f"loss {keras_eval[0]:.4f}, accuracy {keras_eval[1]:.4%}")

    stage(f"Exporting to TensorFlow.js ({QUANTIZATION} weights) and evaluating the export")
    with export.staged_directory(args.out) as staging:
        model_json = export.save_tfjs_model(model, staging, QUANTIZATION)
        exported = export.load_tfjs_model(model_json)
        exported_probs = exported.predict(split.x_heldout, verbose=0)
        card = build_card(model, config, split, keras_eval, exported_probs, model_json, training_seconds)
        export.write_json(staging / "card.json", card)
        export.write_json(staging / "history.json", history_record(history))

    metrics = card["metrics"]
    print(
        f"exported accuracy {metrics['heldout_accuracy_exported']:.4%} "
        f"(float32 {metrics['heldout_accuracy_keras_float32']:.4%}), "
        f"{card['weights_bytes']:,} bytes of weights, {card['parameters']['total']:,} parameters"
    )
    stage(f"Wrote {args.out}/ (model.json, weights, card.json, history.json) in {training_seconds:.0f} s")


if __name__ == "__main__":
    main()
