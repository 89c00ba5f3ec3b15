"""A small convolutional network that reads handwritten digits (28 x 28 grey images -> 10 probabilities).

The model is deliberately plain so a reader can watch it work in the browser: three rounds of
"convolve, then pool", then a small dense head. Every layer has a name (conv1, pool1, ..., probs) because
the demo on the site shows the output of each conv and pooling layer by name.

It is built with ``tf_keras`` (Keras 2), not the Keras 3 bundled as ``tf.keras`` in TensorFlow 2.19:
TensorFlow.js 4.22 cannot load the model.json that the converter writes for a Keras 3 model.
"""

from dataclasses import asdict, dataclass

import numpy as np
import tensorflow as tf
import tf_keras as keras

from tfvisual.data.mnist import IMAGE_SIZE, NUM_CLASSES


@dataclass(frozen=True)
class DigitCNNConfig:
    """Everything that decides what the network looks like and how it learns."""

    # Channels of conv1, conv2, conv3. Early layers find strokes and edges; later layers combine them into
    # loops and corners, and there are more such combinations worth detecting, hence more filters.
    filters: tuple[int, ...] = (32, 48, 64)
    kernel_sizes: tuple[int, ...] = (3, 3, 3)
    dense_units: int = 64
    # Dropout switches off a random share of the dense units at each training step, so the head cannot
    # lean on any single unit. It is inactive at prediction time (and harmless in TF.js).
    dropout: float = 0.3
    epochs: int = 30
    batch_size: int = 64
    learning_rate: float = 2e-3
    # The exported weights are an exponential moving average of the weights over roughly the last
    # 1 / (1 - ema_momentum) training steps: averaging smooths out the noise of the last few mini-batches.
    # (The per-epoch validation numbers are measured on the raw weights, before this averaging.)
    ema_momentum: float = 0.998
    # Augmentation: each training image is randomly rotated, shifted and zoomed a little every epoch, so
    # the model sees more variety than 8,000 fixed images and copes with digits drawn off-centre on the
    # site. Mild ranges: a 6 rotated too far looks like a 9, and a digit shifted too far leaves the frame.
    rotation_degrees: float = 10.0
    shift_pixels: float = 2.0
    zoom_fraction: float = 0.1
    seed: int = 42

    def to_dict(self) -> dict:
        return {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(self).items()}


def build_model(config: DigitCNNConfig) -> keras.Model:
    """Return the untrained network. Only inference layers are inside: augmentation lives in the data."""
    if len(config.filters) != len(config.kernel_sizes):
        raise ValueError("filters and kernel_sizes must have one entry per conv layer")
    inputs = keras.Input(shape=(IMAGE_SIZE, IMAGE_SIZE, 1), name="image")
    x = inputs
    for i, (filters, kernel) in enumerate(zip(config.filters, config.kernel_sizes, strict=True), start=1):
        # "same" padding keeps the map the size of its input, so conv1's maps line up with the digit.
        x = keras.layers.Conv2D(filters, kernel, padding="same", activation="relu", name=f"conv{i}")(x)
        # Max pooling halves width and height, keeping the strongest response in each 2 x 2 patch:
        # the next conv then sees a larger part of the digit for the same kernel size.
        x = keras.layers.MaxPooling2D(2, name=f"pool{i}")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    x = keras.layers.Dense(config.dense_units, activation="relu", name="dense")(x)
    x = keras.layers.Dropout(config.dropout, name="dropout")(x)
    # Softmax turns the 10 scores into probabilities that sum to 1: the bars the demo draws.
    outputs = keras.layers.Dense(NUM_CLASSES, activation="softmax", name="probs")(x)
    return keras.Model(inputs, outputs, name="digit_cnn")


def build_augmenter(config: DigitCNNConfig) -> keras.Sequential:
    """Random rotation, shift and zoom, applied to training batches only (never exported)."""
    shift = config.shift_pixels / IMAGE_SIZE
    return keras.Sequential(
        [
            # Rotation factor is a fraction of a full turn; pixels uncovered by the move are filled with
            # black (0), the background of MNIST.
            keras.layers.RandomRotation(config.rotation_degrees / 360, fill_mode="constant", seed=config.seed),
            keras.layers.RandomTranslation(shift, shift, fill_mode="constant", seed=config.seed + 1),
            keras.layers.RandomZoom(config.zoom_fraction, fill_mode="constant", seed=config.seed + 2),
        ],
        name="augment",
    )


def training_dataset(x: np.ndarray, y: np.ndarray, config: DigitCNNConfig) -> tf.data.Dataset:
    """Shuffled, batched and augmented training data, reshuffled each epoch."""
    augment = build_augmenter(config)
    return (
        tf.data.Dataset.from_tensor_slices((x, y))
        .shuffle(len(x), seed=config.seed, reshuffle_each_iteration=True)
        .batch(config.batch_size)
        .map(lambda images, labels: (augment(images, training=True), labels))
        .prefetch(tf.data.AUTOTUNE)
    )


def compile_model(model: keras.Model, config: DigitCNNConfig, steps_per_epoch: int) -> None:
    """Adam with a learning rate that glides down to zero along a cosine curve.

    Big steps early move the weights quickly; small steps at the end let them settle into a minimum
    instead of bouncing around it, which is worth a few tenths of a percent of accuracy here.
    """
    schedule = keras.optimizers.schedules.CosineDecay(config.learning_rate, config.epochs * steps_per_epoch)
    model.compile(
        optimizer=keras.optimizers.Adam(schedule, use_ema=True, ema_momentum=config.ema_momentum),
        # Labels are plain integers 0..9, so the "sparse" loss saves one-hot encoding them.
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )


def train(
    model: keras.Model,
    config: DigitCNNConfig,
    x_train: np.ndarray,
    y_train: np.ndarray,
    validation: tuple[np.ndarray, np.ndarray],
    callbacks: list[keras.callbacks.Callback] | None = None,
    verbose: int = 2,
) -> keras.callbacks.History:
    """Compile and fit ``model``; the held-out digits are only watched, never learned from."""
    steps_per_epoch = int(np.ceil(len(x_train) / config.batch_size))
    compile_model(model, config, steps_per_epoch)
    return model.fit(
        training_dataset(x_train, y_train, config),
        epochs=config.epochs,
        validation_data=validation,
        batch_size=config.batch_size,
        callbacks=callbacks or [],
        verbose=verbose,
    )
