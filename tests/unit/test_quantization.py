"""What the CNN page says about the exported model's uint8 weights holds for the committed model.json: one affine
map (min, scale) per tensor, 256 levels, 0 exactly on a level, no weight moved by more than half a step."""

import json

import numpy as np
import pytest
from tensorflowjs.quantization import dequantize_weights, quantize_weights

from tfvisual.paths import MODELS_DIR

MODEL_JSON = MODELS_DIR / "digit-cnn" / "model.json"


def quantized_tensors() -> list[dict]:
    manifest = json.loads(MODEL_JSON.read_text())["weightsManifest"]
    return [weight for group in manifest for weight in group["weights"]]


@pytest.mark.parametrize("weight", quantized_tensors(), ids=lambda w: w["name"])
def test_zero_is_one_of_the_256_levels_of_every_tensor(weight):
    quantization = weight["quantization"]
    assert quantization["dtype"] == "uint8"
    zero_level = -quantization["min"] / quantization["scale"]
    assert 0 <= round(zero_level) <= 255
    assert abs(zero_level - round(zero_level)) < 1e-6


def test_the_converter_moves_no_weight_by_more_than_half_a_step():
    rng = np.random.default_rng(0)
    weights = (rng.standard_normal(1000) * 0.1 + 0.013).astype(np.float32)
    quantized, meta = quantize_weights(weights, np.uint8)
    restored = dequantize_weights(quantized, meta)
    assert np.abs(restored - weights).max() <= meta["scale"] / 2 + 1e-7
    assert dequantize_weights(np.array([round(-meta["min"] / meta["scale"])], np.uint8), meta)[0] == 0
    # The range starts at the smallest weight, shifted (here, as usual, by a fraction of a step) to put 0 on a level.
    shift = abs(meta["min"] - float(weights.min()))
    assert 0 < shift <= meta["scale"] / 2
