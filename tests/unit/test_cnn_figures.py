"""The CNN page's figures: weights read with NumPy equal what TF.js and Keras load, the NumPy convolution is
Conv2D's, and the figures are the same bytes on every build."""

import os

import numpy as np
import pytest

from tfvisual.figures import cnn
from tfvisual.paths import MODELS_DIR
from tfvisual.tfjs_weights import layer_names, read_tfjs_weights

MODEL_JSON = MODELS_DIR / "digit-cnn" / "model.json"


@pytest.fixture(scope="module")
def keras_model():
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    from tfvisual.export import load_tfjs_model

    return load_tfjs_model(MODEL_JSON)


def test_numpy_reads_the_same_weights_as_the_tfjs_converter(keras_model):
    weights = read_tfjs_weights(MODEL_JSON)
    for name in layer_names(MODEL_JSON, "Conv2D"):
        kernel, bias = keras_model.get_layer(name).get_weights()
        np.testing.assert_allclose(weights[f"{name}/kernel"], kernel, atol=1e-6)
        np.testing.assert_allclose(weights[f"{name}/bias"], bias, atol=1e-6)


def test_numpy_correlation_is_what_conv2d_computes(keras_model):
    import tensorflow as tf

    rng = np.random.default_rng(0)
    image = rng.random((28, 28), dtype=np.float32)
    kernel = rng.normal(size=(3, 3)).astype(np.float32)
    expected = tf.nn.conv2d(image[None, :, :, None], kernel[:, :, None, None], strides=1, padding="SAME")
    np.testing.assert_allclose(cnn._correlate_same(image, kernel), expected.numpy()[0, :, :, 0], atol=1e-5)


def test_a_truncated_shard_is_refused(tmp_path):
    model_json = tmp_path / "model.json"
    model_json.write_text(MODEL_JSON.read_text())
    for shard in MODEL_JSON.parent.glob("*.bin"):
        data = shard.read_bytes()
        (tmp_path / shard.name).write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="bytes"):
        read_tfjs_weights(model_json)


def test_figures_are_reproducible():
    first, second = cnn.figures(), cnn.figures()
    assert set(first) == {
        "figures/cnn/training.svg",
        "figures/cnn/confusion.svg",
        "figures/cnn/kernels.png",
        "figures/cnn/responses.png",
        "figures/cnn/equivariance.png",
    }
    assert first == second


def test_the_equivariance_the_page_teaches_holds_for_the_trained_kernels():
    """Moving a digit moves every conv1 map with it exactly; 2x2 pooling moves cleanly only for even shifts."""
    import json

    name, kernels, biases = cnn.first_layer_kernels(cnn.MODEL_DIR)
    card = json.loads((cnn.MODEL_DIR / "card.json").read_text())
    image = np.asarray(card["heldout_examples"][0]["pixels"], dtype=np.float32).reshape(28, 28) / 255

    def conv(x, k):
        return np.maximum(cnn._correlate_same(x, kernels[:, :, 0, k]) + biases[k], 0)

    changed_by_one_pixel = 0
    for k in range(kernels.shape[-1]):
        maps = {shift: conv(cnn._shift(image, shift, shift), k) for shift in (0, 1, 2)}
        for shift in (1, 2):
            # Away from the borders: the first rows and columns are new background, and the last ones lost the
            # ink that the move pushed out of the image.
            inner = np.s_[shift:-1, shift:-1]
            np.testing.assert_allclose(cnn._shift(maps[0], shift, shift)[inner], maps[shift][inner])
        pooled = {shift: cnn._max_pool(feature_map) for shift, feature_map in maps.items()}
        # A shift by the pooling window's size moves the pooled map by exactly one value ...
        np.testing.assert_allclose(cnn._shift(pooled[0], 1, 1)[1:-1, 1:-1], pooled[2][1:-1, 1:-1])
        # ... while a one-pixel shift leaves it neither in place nor moved by one value.
        if not np.allclose(pooled[0], pooled[1]) and not np.allclose(cnn._shift(pooled[0], 1, 1), pooled[1]):
            changed_by_one_pixel += 1
    assert changed_by_one_pixel > kernels.shape[-1] // 2, f"{name}: pooling absorbed most one-pixel shifts"
