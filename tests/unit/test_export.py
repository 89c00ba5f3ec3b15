"""Exporting to TF.js: a tiny trained model round-trips, and a failed export changes nothing."""

import json
import os

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import tensorflowjs as tfjs  # noqa: E402
import tf_keras as keras  # noqa: E402

from tfvisual import export  # noqa: E402


@pytest.fixture(scope="module")
def tiny_model():
    keras.utils.set_random_seed(0)
    inputs = keras.Input(shape=(6, 6, 1), name="image")
    x = keras.layers.Conv2D(3, 3, activation="relu", name="conv1")(inputs)
    x = keras.layers.MaxPooling2D(2, name="pool1")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    outputs = keras.layers.Dense(4, activation="softmax", name="probs")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    rng = np.random.default_rng(0)
    model.train_on_batch(rng.random((8, 6, 6, 1), dtype=np.float32), rng.integers(0, 4, 8))
    return model


@pytest.fixture
def images():
    return np.random.default_rng(1).random((5, 6, 6, 1), dtype=np.float32)


def _listing(folder):
    return sorted(p.name for p in folder.iterdir())


def test_export_writes_model_json_with_the_input_shape(tiny_model, tmp_path):
    model_json = export.export_tfjs_model(tiny_model, tmp_path / "tiny")
    topology = json.loads(model_json.read_text())["modelTopology"]
    first_layer = topology["model_config"]["config"]["layers"][0]
    assert first_layer["class_name"] == "InputLayer"
    assert first_layer["config"]["batch_input_shape"] == [None, 6, 6, 1]
    assert [p.name for p in export.weight_shard_paths(model_json)] == ["group1-shard1of1.bin"]


@pytest.mark.parametrize(("quantization", "tolerance"), [(None, 1e-6), ("float16", 2e-3), ("uint8", 2e-2)])
def test_export_loads_back_with_the_same_outputs(tiny_model, images, tmp_path, quantization, tolerance):
    model_json = export.export_tfjs_model(tiny_model, tmp_path / "tiny", quantization)
    reloaded = export.load_tfjs_model(model_json)
    assert [layer.name for layer in reloaded.layers] == [layer.name for layer in tiny_model.layers]
    expected = tiny_model.predict(images, verbose=0)
    np.testing.assert_allclose(reloaded.predict(images, verbose=0), expected, atol=tolerance)


def test_uint8_weights_take_a_quarter_of_float32(tiny_model, tmp_path):
    float32 = export.export_tfjs_model(tiny_model, tmp_path / "f32", None)
    uint8 = export.export_tfjs_model(tiny_model, tmp_path / "u8", "uint8")
    size = lambda model_json: sum(p.stat().st_size for p in export.weight_shard_paths(model_json))  # noqa: E731
    assert size(uint8) * 4 == size(float32) == 4 * tiny_model.count_params()


def test_successful_export_replaces_the_previous_folder(tiny_model, tmp_path):
    target = tmp_path / "tiny"
    target.mkdir()
    (target / "stale.txt").write_text("from an older export")
    export.export_tfjs_model(tiny_model, target)
    assert _listing(target) == ["group1-shard1of1.bin", "model.json"]
    assert target.stat().st_mode & 0o777 == 0o755
    assert _listing(tmp_path) == ["tiny"]  # no staging or backup folder left behind


def test_export_failing_midway_leaves_the_previous_folder_intact(tiny_model, tmp_path, monkeypatch):
    target = tmp_path / "tiny"
    export.export_tfjs_model(tiny_model, target)
    before = {p.name: p.read_bytes() for p in target.iterdir()}

    def half_written_export(model, artifacts_dir, **kwargs):
        (tmp_path / "partial-marker").write_text(artifacts_dir)
        with open(os.path.join(artifacts_dir, "model.json"), "w") as f:
            f.write("{ truncated")
        raise OSError("disk full")

    monkeypatch.setattr(tfjs.converters, "save_keras_model", half_written_export)
    with pytest.raises(OSError, match="disk full"):
        export.export_tfjs_model(tiny_model, target)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert _listing(tmp_path) == ["partial-marker", "tiny"]


def test_a_run_interrupted_while_writing_leaves_the_previous_folder_intact(tmp_path):
    """Ctrl-C during a retrain's export (a KeyboardInterrupt, not an Exception) changes nothing that is served."""
    target = tmp_path / "model"
    target.mkdir()
    (target / "card.json").write_text("the committed card")
    with pytest.raises(KeyboardInterrupt), export.staged_directory(target) as staging:
        (staging / "card.json").write_text("half a new card")
        raise KeyboardInterrupt
    assert (target / "card.json").read_text() == "the committed card"
    assert _listing(tmp_path) == ["model"]


def test_an_unknown_quantization_is_rejected(tiny_model, tmp_path):
    with pytest.raises(ValueError, match="uint8"):
        export.save_tfjs_model(tiny_model, tmp_path, "int4")


def test_write_json_is_byte_identical_for_equal_content(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    export.write_json(first, {"b": [1, 2, 3], "a": {"y": [[1, 2], [3, 4]], "x": 0.5}})
    export.write_json(second, {"a": {"x": 0.5, "y": [[1, 2], [3, 4]]}, "b": [1, 2, 3]})
    assert first.read_bytes() == second.read_bytes()
    assert json.loads(first.read_text()) == {"a": {"x": 0.5, "y": [[1, 2], [3, 4]]}, "b": [1, 2, 3]}
    # Lists of numbers stay on one line, so a 784-pixel image is one line of the card.
    assert '  "b": [1, 2, 3]\n' in first.read_text()


def test_sha256_file_matches_a_known_digest(tmp_path):
    path = tmp_path / "abc.txt"
    path.write_bytes(b"abc")
    assert export.sha256_file(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
