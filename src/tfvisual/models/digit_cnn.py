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
    # Augmentation: each training image is randomly rotated, slanted, shifted, zoomed and drawn with a thinner
    # or thicker stroke every epoch, so the model sees more variety than 8,000 fixed images and copes with
    # digits drawn off-centre, slanted or with another pen on the site. Mild ranges: a 6 rotated too far looks
    # like a 9, and a digit shifted too far leaves the frame.
    rotation_degrees: float = 10.0
    shear_degrees: float = 12.0
    shift_pixels: float = 2.0
    zoom_fraction: float = 0.1
    # Stroke width: each image moves up to this share of the way towards its 3×3 dilation (thicker) or its
    # erosion (thinner).
    stroke_change: float = 0.5
    # Label smoothing trains towards 0.9 for the right digit (and 0.1 shared by the others) instead of 1.0:
    # the network stops pushing its scores to extremes on training digits, which generalises better.
    label_smoothing: float = 0.1
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


def vary_stroke_width(images: tf.Tensor, config: DigitCNNConfig, seed: int) -> tf.Tensor:
    """Each image a random share of the way towards its dilation (a 3×3 maximum: thicker strokes) or its
    erosion (a 3×3 minimum: thinner strokes). Ink is 1 and paper 0, as in MNIST."""
    amount = tf.random.uniform([tf.shape(images)[0], 1, 1, 1], -config.stroke_change, config.stroke_change, seed=seed)
    thicker = tf.nn.max_pool2d(images, 3, 1, "SAME")
    thinner = -tf.nn.max_pool2d(-images, 3, 1, "SAME")
    return images + tf.maximum(amount, 0.0) * (thicker - images) + tf.minimum(amount, 0.0) * (images - thinner)


def random_warp(images: tf.Tensor, config: DigitCNNConfig, seed: int) -> tf.Tensor:
    """One random affine warp per image (rotation, slant, zoom and shift about the centre) in a single
    resampling, as ImageProjectiveTransformV3 does for Keras' own random layers."""
    n = tf.shape(images)[0]

    def uniform(limit, offset):
        return tf.random.uniform([n], -limit, limit, seed=seed + offset)

    angle = uniform(np.deg2rad(config.rotation_degrees), 0)
    shear = tf.tan(uniform(np.deg2rad(config.shear_degrees), 1))
    scale = 1.0 + uniform(config.zoom_fraction, 2)
    shift_x, shift_y = uniform(config.shift_pixels, 3), uniform(config.shift_pixels, 4)
    # The transform maps each output pixel to the input pixel it samples: rotate, slant (x moves in
    # proportion to y) and scale about the centre, then shift.
    cos, sin = tf.cos(angle), tf.sin(angle)
    a0, a1 = scale * cos, scale * (cos * shear - sin)
    b0, b1 = scale * sin, scale * (sin * shear + cos)
    centre = (IMAGE_SIZE - 1) / 2
    a2 = centre - a0 * centre - a1 * centre - shift_x
    b2 = centre - b0 * centre - b1 * centre - shift_y
    zeros = tf.zeros_like(a0)
    transforms = tf.stack([a0, a1, a2, b0, b1, b2, zeros, zeros], axis=1)
    return tf.raw_ops.ImageProjectiveTransformV3(
        images=images,
        transforms=transforms,
        output_shape=[IMAGE_SIZE, IMAGE_SIZE],
        fill_value=0.0,  # uncovered pixels are paper
        interpolation="BILINEAR",
        fill_mode="CONSTANT",
    )


def augment(images: tf.Tensor, config: DigitCNNConfig) -> tf.Tensor:
    """Training-time variety (never exported): stroke width, then the geometric warp."""
    return tf.clip_by_value(random_warp(vary_stroke_width(images, config, config.seed), config, config.seed + 10), 0, 1)


def training_dataset(x: np.ndarray, y: np.ndarray, config: DigitCNNConfig) -> tf.data.Dataset:
    """Shuffled, batched and augmented training data, reshuffled each epoch; labels one-hot (for smoothing)."""
    return (
        tf.data.Dataset.from_tensor_slices((x, y))
        .shuffle(len(x), seed=config.seed, reshuffle_each_iteration=True)
        .batch(config.batch_size)
        .map(lambda images, labels: (augment(images, config), tf.one_hot(labels, NUM_CLASSES)))
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
        loss=keras.losses.CategoricalCrossentropy(label_smoothing=config.label_smoothing),
        metrics=["accuracy"],
    )


def train(
    model: keras.Model,
    config: DigitCNNConfig,
    x_train: np.ndarray,
    y_train: np.ndarray,
    validation: tuple[np.ndarray, np.ndarray] | None = None,
    callbacks: list[keras.callbacks.Callback] | None = None,
    verbose: int = 2,
) -> keras.callbacks.History:
    """Compile and fit ``model``. `validation` (digits carved from the training set, never the held-out ones)
    is only watched, never learned from."""
    steps_per_epoch = int(np.ceil(len(x_train) / config.batch_size))
    compile_model(model, config, steps_per_epoch)
    if validation is not None:
        validation = (validation[0], keras.utils.to_categorical(validation[1], NUM_CLASSES))
    return model.fit(
        training_dataset(x_train, y_train, config),
        epochs=config.epochs,
        validation_data=validation,
        callbacks=callbacks or [],
        verbose=verbose,
    )


def accuracy(model: keras.Model, x: np.ndarray, y: np.ndarray) -> float:
    """Share of digits whose most probable class is the label."""
    return float(np.mean(model.predict(x, verbose=0).argmax(axis=1) == y))
