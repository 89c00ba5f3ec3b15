"""The digit CNN: its architecture, its training data pipeline, and the committed export and card."""

import json
import os
from pathlib import Path

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import tf_keras as keras  # noqa: E402

from tfvisual import export, model_card  # noqa: E402
from tfvisual.data import mnist  # noqa: E402
from tfvisual.models.digit_cnn import DigitCNNConfig, build_model, training_dataset  # noqa: E402

COMMITTED = Path(__file__).resolve().parents[2] / "models" / "digit-cnn"
# Layers TF.js 4.22 can run for inference; the exported model must contain nothing else.
TFJS_INFERENCE_LAYERS = {"InputLayer", "Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dropout"}


@pytest.fixture(scope="module")
def model():
    return build_model(DigitCNNConfig())


def test_layers_are_named_for_the_browser_demo(model):
    names = [layer.name for layer in model.layers]
    assert names == [
        "image", "conv1", "pool1", "conv2", "pool2", "conv3", "pool3", "flatten", "dense", "dropout", "probs"
    ]  # fmt: skip


def test_output_shapes_halve_at_every_pool(model):
    shapes = {layer.name: tuple(layer.output.shape[1:]) for layer in model.layers}
    f1, f2, f3 = DigitCNNConfig().filters
    assert shapes["image"] == (28, 28, 1)
    assert shapes["conv1"] == (28, 28, f1) and shapes["pool1"] == (14, 14, f1)
    assert shapes["conv2"] == (14, 14, f2) and shapes["pool2"] == (7, 7, f2)
    assert shapes["conv3"] == (7, 7, f3) and shapes["pool3"] == (3, 3, f3)
    assert shapes["flatten"] == (9 * f3,)
    assert shapes["probs"] == (10,)


def test_model_holds_only_layers_tfjs_runs(model):
    assert {type(layer).__name__ for layer in model.layers} <= TFJS_INFERENCE_LAYERS


def test_untrained_model_outputs_probabilities(model):
    probabilities = model.predict(np.zeros((2, 28, 28, 1), np.float32), verbose=0)
    assert probabilities.shape == (2, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


def test_mismatched_config_is_rejected():
    with pytest.raises(ValueError, match="kernel_sizes"):
        build_model(DigitCNNConfig(filters=(8, 16), kernel_sizes=(3,)))


def test_layer_table_counts_multiply_adds_of_conv_and_dense(model):
    rows = {row["name"]: row for row in model_card.layer_table(model)}
    f1, f2, f3 = DigitCNNConfig().filters
    k1, k2, k3 = DigitCNNConfig().kernel_sizes
    assert rows["conv1"]["macs"] == 28 * 28 * f1 * (k1 * k1 * 1)
    assert rows["conv2"]["macs"] == 14 * 14 * f2 * (k2 * k2 * f1)
    assert rows["conv3"]["macs"] == 7 * 7 * f3 * (k3 * k3 * f2)
    assert rows["dense"]["macs"] == 9 * f3 * DigitCNNConfig().dense_units
    assert rows["pool1"]["macs"] == 0 and rows["flatten"]["params"] == 0
    assert rows["conv1"]["params"] == k1 * k1 * 1 * f1 + f1
    assert sum(row["params"] for row in rows.values()) == model.count_params()


def test_training_batches_are_augmented_but_keep_shape_and_range():
    config = DigitCNNConfig(batch_size=16)
    split = mnist.load_embedded_split()
    x, y = split.x_train[:16], split.y_train[:16]
    images, labels = next(iter(training_dataset(x, y, config)))
    assert images.shape == (16, 28, 28, 1) and labels.shape == (16, 10)  # one-hot, for label smoothing
    assert float(images.numpy().min()) >= 0 and float(images.numpy().max()) <= 1
    assert sorted(labels.numpy().argmax(axis=1).tolist()) == sorted(y.tolist())
    # Augmentation moves every digit a little, so no training image is exactly one of the originals.
    assert not any(np.array_equal(augmented, original) for augmented in images.numpy() for original in x)


@pytest.fixture(scope="module")
def card():
    return json.loads((COMMITTED / "card.json").read_text())


@pytest.fixture(scope="module")
def committed_model_json():
    return json.loads((COMMITTED / "model.json").read_text())


def test_committed_card_matches_the_committed_model(card, committed_model_json):
    layers = committed_model_json["modelTopology"]["model_config"]["config"]["layers"]
    assert [layer["config"]["name"] for layer in layers] == [row["name"] for row in card["layers"]]
    shards = export.weight_shard_paths(COMMITTED / "model.json")
    assert card["weights_files"] == [path.name for path in shards]
    assert card["weights_bytes"] == sum(path.stat().st_size for path in shards)
    assert card["weights_bytes"] <= 100_000
    assert card["model_json_bytes"] == (COMMITTED / "model.json").stat().st_size
    assert card["model_json_sha256"] == export.sha256_file(COMMITTED / "model.json")
    assert card["parameters"]["total"] == sum(row["params"] for row in card["layers"])


def test_augmentation_changes_stroke_width_both_ways():
    """Thicker and thinner pens: some digits gain ink, some lose it (no geometric warp, to isolate the effect)."""
    from tfvisual.models.digit_cnn import vary_stroke_width

    x = mnist.load_embedded_split().x_train[:64]
    varied = vary_stroke_width(x, DigitCNNConfig(), seed=3).numpy()
    ink_change = varied.sum(axis=(1, 2, 3)) - x.sum(axis=(1, 2, 3))
    assert (ink_change > 1).any() and (ink_change < -1).any()
    assert varied.min() >= 0 and varied.max() <= 1


def test_committed_card_clears_99_percent_on_every_seed(card):
    """The target is met by the recipe, not by one lucky run: every seed's exported model scores at least 99%,
    and the committed model is the seed fixed in advance (the first), whatever its score."""
    seeds = card["seeds"]
    runs = seeds["runs"]
    assert len(runs) >= 5
    exported = [run["heldout_accuracy_exported"] for run in runs]
    assert min(exported) >= 0.99, exported
    spread = seeds["heldout_accuracy_exported"]
    assert spread["min"] == min(exported) and spread["max"] == max(exported)
    assert spread["mean"] == pytest.approx(np.mean(exported), abs=1e-6)
    assert card["committed_seed"] == runs[0]["seed"] == card["hyperparameters"]["seed"]
    metrics = card["metrics"]
    assert metrics["heldout_accuracy_exported"] == runs[0]["heldout_accuracy_exported"]
    assert metrics["heldout_accuracy_keras_float32"] == runs[0]["heldout_accuracy_keras_float32"]
    errors = round((1 - metrics["heldout_accuracy_exported"]) * card["data"]["n_heldout"])
    assert metrics["heldout_errors_exported"] == errors
    # Where the numbers were measured: a retrain elsewhere is compared with these, within the seed spread.
    assert card["machine"]["cpu"] and "vector_extensions" in card["machine"]
    assert card["selection"]["n_validation"] == 1000
    matrix = np.array(card["confusion_matrix"])
    assert matrix.shape == (10, 10) and matrix.sum() == card["data"]["n_heldout"]
    assert np.trace(matrix) / matrix.sum() == pytest.approx(metrics["heldout_accuracy_exported"], abs=1e-6)


def test_committed_card_describes_the_embedded_split(card):
    split = mnist.load_embedded_split(seed=card["data"]["split_seed"])
    assert card["data"]["checksum_sha256"] == split.checksum_sha256
    assert card["data"]["heldout_indices_sha256"] == model_card.indices_checksum(split.heldout_indices)
    assert (card["data"]["n_train"], card["data"]["n_heldout"]) == (len(split.y_train), len(split.y_heldout))
    for example in card["heldout_examples"]:
        image = split.x_heldout[example["index"]]
        assert example["source_index"] == split.heldout_indices[example["index"]]
        assert example["label"] == split.y_heldout[example["index"]]
        assert example["pixels"] == np.rint(image.reshape(-1) * 255).astype(int).tolist()


def test_committed_export_reproduces_the_cards_example_predictions(card):
    examples = card["heldout_examples"]
    assert 10 <= len(examples) <= 14 and len({e["label"] for e in examples}) >= 6
    reloaded = export.load_tfjs_model(COMMITTED / "model.json")
    pixels = np.array([e["pixels"] for e in examples], np.float32).reshape(-1, 28, 28, 1) / 255
    probabilities = reloaded.predict(pixels, verbose=0)
    np.testing.assert_allclose(probabilities, [e["probabilities"] for e in examples], atol=1e-3)
    assert probabilities.argmax(axis=1).tolist() == [e["predicted"] for e in examples]
    keras.backend.clear_session()


def test_committed_export_stores_every_weight_as_one_byte(card, committed_model_json):
    """The page says uint8 quantization: one byte per weight, 256 levels between each tensor's min and max."""
    specs = [spec for group in committed_model_json["weightsManifest"] for spec in group["weights"]]
    assert {spec["quantization"]["dtype"] for spec in specs} == {"uint8"}
    assert card["quantization"] == "uint8"
    assert card["weights_bytes"] == card["parameters"]["total"]


def test_committed_card_offers_mistakes_for_the_demo_to_show(card):
    # The pages promise held-out digits the model gets wrong among the examples.
    examples = card["heldout_examples"]
    assert any(e["predicted"] != e["label"] for e in examples)
    assert any(e["predicted"] == e["label"] for e in examples)
