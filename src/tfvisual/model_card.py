"""The facts a model card reports, computed from the model and its predictions (never typed by hand).

The site's pages read every number they show from ``card.json``, so a retrain updates the text.
"""

import hashlib
import platform

import numpy as np
import tensorflow as tf
import tensorflowjs as tfjs
import tf_keras as keras


def layer_table(model: keras.Model) -> list[dict]:
    """One row per layer: name, type, output shape, parameter count and multiply-adds per image.

    A multiply-add (MAC) is one ``weight * input`` added to a running sum, the unit of work of conv and
    dense layers. Each output value of a conv layer needs kernel height x width x input channels of them;
    a dense layer needs one per weight. Pooling, flattening and dropout do no multiplications at all.
    """
    rows = []
    for layer in model.layers:
        output_shape = list(layer.output.shape[1:])
        macs = 0
        if isinstance(layer, keras.layers.Conv2D | keras.layers.Dense):
            kernel_size = int(np.prod(layer.kernel.shape))  # (kh, kw, in, out) or (in, out)
            # Every spatial position of a conv output reuses the whole kernel; a dense layer has one position.
            positions = int(np.prod(output_shape[:-1]))
            macs = positions * kernel_size
        rows.append(
            {
                "name": layer.name,
                "type": type(layer).__name__,
                "output_shape": output_shape,
                "params": int(layer.count_params()),
                "macs": macs,
            }
        )
    return rows


def confusion_matrix(labels: np.ndarray, predicted: np.ndarray, num_classes: int = 10) -> list[list[int]]:
    """Counts of (true digit, predicted digit) pairs: rows are the truth, columns the prediction."""
    matrix = np.zeros((num_classes, num_classes), dtype=int)
    np.add.at(matrix, (labels, predicted), 1)
    return matrix.tolist()


def pick_heldout_examples(
    labels: np.ndarray, probabilities: np.ndarray, count: int = 12, max_wrong: int = 4
) -> list[int]:
    """Positions of held-out digits worth showing: a few mistakes, then correct ones of distinct digits.

    Mistakes are the interesting part (where does the model fail?), but a demo of only failures would
    mislead, so most picks are digits it gets right. Walking the held-out set in its (shuffled) split
    order keeps the choice deterministic and varied.
    """
    predicted = probabilities.argmax(axis=1)
    wrong = np.flatnonzero(predicted != labels)[:max_wrong].tolist()
    correct, shown_digits = [], set()
    for position in np.flatnonzero(predicted == labels):
        if len(wrong) + len(correct) == count:
            break
        digit = int(labels[position])
        if digit not in shown_digits:
            correct.append(int(position))
            shown_digits.add(digit)
    return sorted(wrong + correct)


def heldout_example(position: int, source_index: int, image: np.ndarray, label: int, probabilities: np.ndarray) -> dict:
    """A held-out digit as the browser demo loads it: 784 grey levels 0..255, row by row.

    ``index`` is its position in the held-out set, ``source_index`` its position in the source data.
    """
    return {
        "index": int(position),
        "source_index": int(source_index),
        "label": int(label),
        "predicted": int(probabilities.argmax()),
        "probabilities": [round(float(p), 4) for p in probabilities],
        "pixels": np.rint(image.reshape(-1) * 255).astype(int).tolist(),
    }


def indices_checksum(indices: np.ndarray) -> str:
    """sha256 of the indices written as comma-separated decimals, easy to recompute in any language."""
    return hashlib.sha256(",".join(str(int(i)) for i in indices).encode()).hexdigest()


def versions() -> dict:
    return {
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "tf_keras": keras.__version__,
        "tensorflowjs": tfjs.__version__,
    }
