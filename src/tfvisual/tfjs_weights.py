"""Read the weights of an exported TF.js layers model with NumPy alone (no TensorFlow at site build time).

``model.json`` lists every weight in its ``weightsManifest``: name, shape, and for a quantized export the
integer type and the two numbers that map integers back to floats. The weights are stored back to back, in
manifest order, across the binary shard files. A quantized weight ``q`` stands for ``q * scale + min``:
with uint8, 256 evenly spaced values between the tensor's minimum and maximum.
"""

import json
from pathlib import Path

import numpy as np


def read_tfjs_weights(model_json: Path) -> dict[str, np.ndarray]:
    """Every weight of the model, de-quantized to float32, by name (e.g. "conv1/kernel")."""
    model_json = Path(model_json)
    manifest = json.loads(model_json.read_text())["weightsManifest"]
    weights = {}
    for group in manifest:
        data = b"".join((model_json.parent / path).read_bytes() for path in group["paths"])
        stored = [_stored_dtype(spec) for spec in group["weights"]]
        counts = [int(np.prod(spec["shape"], dtype=np.int64)) for spec in group["weights"]]
        described = sum(count * dtype.itemsize for count, dtype in zip(counts, stored, strict=True))
        if described != len(data):
            raise ValueError(f"{model_json}: the shards hold {len(data)} bytes but the manifest describes {described}")
        offset = 0
        for spec, dtype, count in zip(group["weights"], stored, counts, strict=True):
            quantization = spec.get("quantization")
            raw = np.frombuffer(data, dtype=dtype, count=count, offset=offset)
            offset += count * dtype.itemsize
            if quantization and "scale" in quantization:
                # The same arithmetic as TF.js: in double precision, then stored as float32.
                values = (raw.astype(np.float64) * quantization["scale"] + quantization["min"]).astype(np.float32)
            else:  # float32, or float16 which needs no scale
                values = raw.astype(np.float32)
            weights[spec["name"]] = values.reshape(spec["shape"])
    return weights


def _stored_dtype(spec: dict) -> np.dtype:
    """How a weight is stored in the shard: its quantized type if quantized, else its own type."""
    quantization = spec.get("quantization")
    return np.dtype(quantization["dtype"] if quantization else spec["dtype"])


def layer_names(model_json: Path, class_name: str) -> list[str]:
    """Names of the layers of one Keras class (e.g. "Conv2D"), in the order the model applies them."""
    topology = json.loads(Path(model_json).read_text())["modelTopology"]
    layers = topology["model_config"]["config"]["layers"]
    return [layer["config"]["name"] for layer in layers if layer["class_name"] == class_name]
