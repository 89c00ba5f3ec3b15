"""Figures of the trained digit CNN, drawn from its committed files (models/digit-cnn/): no TensorFlow needed.

* the training curves, from history.json;
* the confusion matrix on the held-out digits, from card.json;
* the first conv layer's kernels, read from the exported weights, next to kernels people design by hand;
* what those kernels do to a held-out digit (the first layer's feature maps, computed here with NumPy exactly
  as Conv2D computes them: cross-correlation with zero "same" padding, plus the bias, then ReLU);
* what a one-pixel shift does to a feature map before and after pooling.
"""

import json
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from tfvisual import palette
from tfvisual.figures.chart import png_bytes, svg_bytes
from tfvisual.kernels import KERNELS
from tfvisual.paths import MODELS_DIR
from tfvisual.tfjs_weights import layer_names, read_tfjs_weights

MODEL_DIR = MODELS_DIR / "digit-cnn"
# Hand-made kernels from src/tfvisual/kernels.py (the "Kernels and convolution" pages), with short titles.
HAND_MADE = {"box-blur": "blur", "sobel-x": "Sobel x", "sobel-y": "Sobel y", "laplacian": "Laplacian"}
DIVERGING = LinearSegmentedColormap.from_list("tfv-diverging", [palette.NEGATIVE, palette.ZERO, palette.POSITIVE])
INK = LinearSegmentedColormap.from_list("tfv-ink", ["#ffffff", palette.INK])


def _read_json(name: str, model_dir: Path) -> dict:
    path = model_dir / name
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `.venv/bin/python scripts/train_cnn.py`")
    return json.loads(path.read_text())


def training_curves(history: dict) -> bytes:
    """Loss and accuracy per epoch on the (augmented) training batches, and the held-out accuracy of the
    exported model: one point, because the held-out digits are scored once, at the end."""
    figure, (loss_axes, accuracy_axes) = plt.subplots(1, 2, figsize=(7.2, 2.8))
    epochs = history["epoch"]
    for axes, key, label in ((loss_axes, "loss", "loss (cross-entropy)"), (accuracy_axes, "accuracy", "accuracy")):
        axes.plot(epochs, history[key], color=palette.SERIES[0], marker=".", label="training (augmented)")
        axes.set_xlabel("epoch")
        axes.set_ylabel(label)
    accuracy_axes.plot(
        [epochs[-1]],
        [history["heldout_accuracy_exported"]],
        color=palette.PRIMARY,
        marker="o",
        linestyle="",
        label="held-out, exported (scored once)",
    )
    loss_axes.set_yscale("log")
    accuracy_axes.legend(frameon=False, loc="lower right")
    figure.tight_layout()
    return svg_bytes(figure)


def confusion_matrix(card: dict) -> bytes:
    """Counts of held-out digits by true digit (rows) and predicted digit (columns)."""
    matrix = np.asarray(card["confusion_matrix"])
    mistakes = matrix.copy()
    np.fill_diagonal(mistakes, 0)
    figure, axes = plt.subplots(figsize=(4.6, 4.2))
    # Colour only the mistakes: the diagonal would otherwise drown them out.
    axes.imshow(mistakes, cmap=LinearSegmentedColormap.from_list("tfv-mistakes", ["#ffffff", palette.ACCENT]))
    for (row, col), count in np.ndenumerate(matrix):
        if count:
            weight = "bold" if row == col else "normal"
            axes.text(col, row, str(count), ha="center", va="center", fontsize=7, color=palette.INK, weight=weight)
    axes.set_xticks(range(10))
    axes.set_yticks(range(10))
    axes.set_xlabel("predicted digit")
    axes.set_ylabel("true digit")
    axes.grid(False)
    axes.set_title(f"{matrix.trace():,} of {matrix.sum():,} held-out digits right", fontsize=9)
    return svg_bytes(figure)


def first_layer_kernels(model_dir: Path) -> tuple[str, np.ndarray, np.ndarray]:
    """(layer name, kernels (h, w, 1, filters), biases) of the first convolution, as exported."""
    model_json = model_dir / "model.json"
    name = layer_names(model_json, "Conv2D")[0]
    weights = read_tfjs_weights(model_json)
    return name, weights[f"{name}/kernel"], weights[f"{name}/bias"]


def _show_signed(axes, values: np.ndarray, title: str) -> None:
    """A signed array in the diverging colours, zero in the middle whatever its own range."""
    limit = float(np.abs(values).max()) or 1.0
    axes.imshow(values, cmap=DIVERGING, vmin=-limit, vmax=limit)
    axes.set_title(title, fontsize=7)
    _bare(axes)


def _bare(axes) -> None:
    axes.set_xticks([])
    axes.set_yticks([])
    axes.grid(False)
    for spine in axes.spines.values():
        spine.set_visible(False)


GRID_COLUMNS = 8


def _reference_row_and_learned_grid(learned: int):
    """A first row for reference images, then one cell per learned kernel, GRID_COLUMNS to a row; all axes
    start hidden, and each figure turns on the cells it fills."""
    rows = 1 + int(np.ceil(learned / GRID_COLUMNS))
    figure, grid = plt.subplots(rows, GRID_COLUMNS, figsize=(7.2, 1.05 * rows))
    for axes in grid.flat:
        axes.axis("off")
    return figure, grid


def kernels_figure(model_dir: Path) -> bytes:
    """Hand-made 3×3 kernels (top row) and the ones the network learned in its first layer (below)."""
    name, kernels, _ = first_layer_kernels(model_dir)
    learned = kernels.shape[-1]
    figure, grid = _reference_row_and_learned_grid(learned)
    for axes, (slug, title) in zip(grid[0], HAND_MADE.items(), strict=False):
        axes.axis("on")
        _show_signed(axes, KERNELS[slug].weights, title)
    for index in range(learned):
        axes = grid[1 + index // GRID_COLUMNS, index % GRID_COLUMNS]
        axes.axis("on")
        _show_signed(axes, kernels[:, :, 0, index], f"{name} #{index + 1}")
    return png_bytes(figure, dpi=130)


def _correlate_same(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """What Conv2D computes for one channel: no kernel flip, zeros outside the image, same size out."""
    kh, kw = kernel.shape
    padded = np.pad(image, ((kh // 2, kh - 1 - kh // 2), (kw // 2, kw - 1 - kw // 2)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, (kh, kw))
    return np.einsum("ijkl,kl->ij", windows, kernel)


def responses_figure(model_dir: Path, card: dict) -> bytes:
    """A held-out digit filtered by the hand-made kernels and by the first layer's learned kernels."""
    name, kernels, biases = first_layer_kernels(model_dir)
    example = card["heldout_examples"][0]
    image = np.asarray(example["pixels"], dtype=np.float32).reshape(28, 28) / 255
    learned = kernels.shape[-1]
    figure, grid = _reference_row_and_learned_grid(learned)
    first = grid[0, 0]
    first.axis("on")
    first.imshow(image, cmap=INK, vmin=0, vmax=1)
    first.set_title(f"held-out {example['label']}", fontsize=7)
    _bare(first)
    for axes, (slug, title) in zip(grid[0, 1:], HAND_MADE.items(), strict=False):
        axes.axis("on")
        _show_signed(axes, _correlate_same(image, KERNELS[slug].weights), title)
    for index in range(learned):
        axes = grid[1 + index // GRID_COLUMNS, index % GRID_COLUMNS]
        axes.axis("on")
        relu = np.maximum(_correlate_same(image, kernels[:, :, 0, index]) + biases[index], 0)
        _show_signed(axes, relu, f"{name} #{index + 1}")
    return png_bytes(figure, dpi=130)


def _shift(image: np.ndarray, down: int, right: int) -> np.ndarray:
    """Move an image by whole pixels, filling with the background (zeros), as a reader's off-centre digit."""
    moved = np.zeros_like(image)
    moved[down:, right:] = image[: image.shape[0] - down, : image.shape[1] - right]
    return moved


def _max_pool(feature_map: np.ndarray) -> np.ndarray:
    """2×2 max pooling with stride 2, like MaxPooling2D(2)."""
    height, width = (feature_map.shape[0] // 2) * 2, (feature_map.shape[1] // 2) * 2
    return feature_map[:height, :width].reshape(height // 2, 2, width // 2, 2).max(axis=(1, 3))


def equivariance_figure(model_dir: Path, card: dict) -> bytes:
    """Shift a digit by 1 pixel: the conv map shifts with it exactly; the pooled map does not simply stay put."""
    name, kernels, biases = first_layer_kernels(model_dir)
    image = np.asarray(card["heldout_examples"][0]["pixels"], dtype=np.float32).reshape(28, 28) / 255
    # The learned kernel that responds most to this digit, so the maps are not blank.
    responses = [np.maximum(_correlate_same(image, kernels[:, :, 0, k]) + biases[k], 0) for k in range(len(biases))]
    k = int(np.argmax([r.sum() for r in responses]))

    def conv(x):
        return np.maximum(_correlate_same(x, kernels[:, :, 0, k]) + biases[k], 0)

    figure, grid = plt.subplots(2, 3, figsize=(6.4, 4.4))
    rows = []
    for shift in (0, 1):
        x = _shift(image, shift, shift)
        rows.append((x, conv(x), _max_pool(conv(x))))
    (x0, c0, p0), (x1, c1, p1) = rows
    # Compare away from the top and left border, where the shift brought in new background.
    conv_error = float(np.abs(_shift(c0, 1, 1)[2:, 2:] - c1[2:, 2:]).max())
    inked = (p0 > 0) | (p1 > 0)  # the background stays zero either way: count only where there is a response
    unchanged = float(np.mean(np.isclose(p0, p1)[inked]))
    titles = [
        ("held-out digit", f"{name} #{k + 1}", "after 2×2 max pooling"),
        (
            "moved 1 px right and down",
            f"moved exactly with it\n(largest error {conv_error:.1g})",
            f"{unchanged:.0%} of the non-zero values\nunchanged",
        ),
    ]
    for row, (values, row_titles) in enumerate(zip(rows, titles, strict=True)):
        for col, (array, title) in enumerate(zip(values, row_titles, strict=True)):
            axes = grid[row, col]
            if col == 0:
                axes.imshow(array, cmap=INK, vmin=0, vmax=1)
                axes.set_title(title, fontsize=8)
                _bare(axes)
            else:
                _show_signed(axes, array, title)
                axes.title.set_fontsize(8)
    figure.tight_layout()
    return png_bytes(figure, dpi=130)


def figures(model_dir: Path = MODEL_DIR) -> dict[str, bytes]:
    card = _read_json("card.json", model_dir)
    history = _read_json("history.json", model_dir)
    return {
        "figures/cnn/training.svg": training_curves(history),
        "figures/cnn/confusion.svg": confusion_matrix(card),
        "figures/cnn/kernels.png": kernels_figure(model_dir),
        "figures/cnn/responses.png": responses_figure(model_dir, card),
        "figures/cnn/equivariance.png": equivariance_figure(model_dir, card),
    }
