"""Write trained Keras models in the format TensorFlow.js loads, without ever leaving a half-written folder.

A TF.js "layers model" is a ``model.json`` (the architecture plus a manifest of the weights) and one or
more binary shards holding the weights. We quantize the weights before writing them: ``uint8`` stores each
weight tensor as 8-bit steps between its minimum and maximum, a quarter of the float32 size, which makes
the page load faster and costs a trained CNN almost no accuracy. We measure that cost instead of assuming
it: ``load_tfjs_model`` reads the exported files back into Keras so the exported model itself is evaluated.
"""

import hashlib
import json
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import tensorflowjs as tfjs
import tf_keras as keras

QUANTIZATION_DTYPES = ("uint8", "uint16", "float16")
MODEL_JSON = "model.json"


@contextmanager
def staged_directory(target: Path) -> Iterator[Path]:
    """Yield an empty folder beside ``target`` that replaces ``target`` only if the block succeeds.

    Everything a model folder holds (weights, model.json, card.json) is written into the staging folder
    first. If anything fails or the run is interrupted (Ctrl-C), the staging folder is deleted and the
    previous ``target`` is untouched, so the site never serves new weights with an old card.
    The staging folder is a sibling so the final renames stay on one file system and are near-instant.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the published model folder must be world-readable
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = target.with_name(f".{target.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)


def save_tfjs_model(model: keras.Model, directory: Path, quantization: str | None = "uint8") -> Path:
    """Convert ``model`` into ``directory`` (model.json + weight shards); return the model.json path."""
    if quantization is not None and quantization not in QUANTIZATION_DTYPES:
        raise ValueError(f"quantization must be one of {QUANTIZATION_DTYPES} or None, not {quantization!r}")
    # ``True`` makes the dtype the fallthrough for every weight, so all of them are quantized.
    dtype_map = {quantization: True} if quantization else None
    with warnings.catch_warnings():
        # The converter goes through a temporary HDF5 file, which Keras flags as a legacy format.
        warnings.filterwarnings("ignore", message="You are saving your model as an HDF5 file")
        tfjs.converters.save_keras_model(model, str(directory), quantization_dtype_map=dtype_map)
    return Path(directory) / MODEL_JSON


def export_tfjs_model(model: keras.Model, target: Path, quantization: str | None = "uint8") -> Path:
    """Atomically replace the folder ``target`` with the TF.js export of ``model``."""
    with staged_directory(target) as staging:
        save_tfjs_model(model, staging, quantization)
    return Path(target) / MODEL_JSON


def load_tfjs_model(model_json: Path) -> keras.Model:
    """Read an exported TF.js layers model back into Keras, with its (de-quantized) weights."""
    return tfjs.converters.load_keras_model(str(model_json))


def weight_shard_paths(model_json: Path) -> list[Path]:
    """The weight files that ``model.json`` lists in its manifest, in manifest order."""
    manifest = json.loads(Path(model_json).read_text())["weightsManifest"]
    return [Path(model_json).parent / name for group in manifest for name in group["paths"]]


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _format_json(value, level: int = 0) -> str:
    """JSON with sorted keys and two-space indents, but lists of plain numbers kept on one line.

    A digit's 784 pixels or a confusion-matrix row then reads as one line instead of hundreds.
    """
    inner, outer = "  " * (level + 1), "  " * level
    if isinstance(value, dict) and value:
        items = [f"{inner}{json.dumps(key)}: {_format_json(value[key], level + 1)}" for key in sorted(value)]
        return "{\n" + ",\n".join(items) + "\n" + outer + "}"
    if isinstance(value, list) and any(isinstance(item, dict | list) for item in value):
        items = [inner + _format_json(item, level + 1) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + outer + "]"
    return json.dumps(value)


def write_json(path: Path, data: dict) -> None:
    """Write ``data`` so the same content always gives the same bytes (clean diffs when retraining)."""
    Path(path).write_text(_format_json(data) + "\n")
