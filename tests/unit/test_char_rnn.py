"""The character LSTM: its shapes, the training streams, stepping versus whole sequences, the sampler, and the
committed export and card (models/char-rnn)."""

import json
import os
from pathlib import Path

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tfvisual import char_training, export  # noqa: E402
from tfvisual.data import shakespeare  # noqa: E402
from tfvisual.models.char_rnn import (  # noqa: E402
    INPUT_NAMES,
    OUTPUT_NAMES,
    START,
    CharRNNConfig,
    build_model,
    mulberry32,
    pick,
    sample,
)

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "models" / "char-rnn"
NGRAM_RESULTS = ROOT / "scripts" / "results" / "char-ngram.json"


@pytest.fixture(scope="module")
def corpus():
    return shakespeare.load_corpus()


@pytest.fixture(scope="module")
def card():
    return json.loads((FOLDER / "card.json").read_text())


@pytest.fixture(scope="module")
def exported():
    """The committed model as the browser gets it: uint8 weights, de-quantized by the TF.js converter's loader."""
    return export.load_tfjs_model(FOLDER / "model.json")


def test_builder_shapes_and_parameter_count():
    config = CharRNNConfig(units=12, embedding_size=5)
    model = build_model(config)
    assert [tensor.name.split(":")[0] for tensor in model.inputs] == list(INPUT_NAMES)
    assert model.output_names == list(OUTPUT_NAMES)
    characters = np.zeros((3, 7), np.int32)
    state = [np.zeros((3, 12), np.float32)] * 2
    probabilities, h, c = (t.numpy() for t in model([characters, *state]))
    assert probabilities.shape == (3, 7, 75) and h.shape == (3, 12) and c.shape == (3, 12)
    np.testing.assert_allclose(probabilities.sum(axis=-1), 1.0, rtol=1e-5)
    # An LSTM has 4 gates, each with input weights, recurrent weights and a bias.
    lstm = 4 * 12 * (5 + 12 + 1)
    assert model.count_params() == 75 * 5 + lstm + 12 * 75 + 75


def test_training_streams_are_contiguous_text_with_targets_one_step_ahead():
    ids = np.arange(10_000) % 75
    config = CharRNNConfig(batch_size=4, window=10)
    batches = char_training.stream_windows(ids, config, np.random.default_rng(0))
    first_inputs, first_targets, first_new = next(batches)
    second_inputs, _, second_new = next(batches)
    assert first_new and not second_new
    assert first_inputs.shape == (4, 10)
    np.testing.assert_array_equal(first_targets[:, :-1], first_inputs[:, 1:])
    # Each row goes on where it stopped: the state carried to the next window belongs to the same stream.
    np.testing.assert_array_equal(second_inputs[:, 0], (first_inputs[:, -1] + 1) % 75)


def test_learning_rate_holds_then_decays_over_the_last_part_of_training():
    config = CharRNNConfig(steps=100, learning_rate=0.01, decay_fraction=0.25, final_learning_rate_fraction=0.05)
    schedule = char_training.learning_rate_schedule(config)
    rates = [float(schedule(step)) for step in (0, 50, 75, 87, 100)]
    assert rates[0] == rates[1] == rates[2] == pytest.approx(0.01)  # held for the first three quarters
    assert 0.0005 < rates[3] < 0.01  # half-way down the cosine
    assert rates[4] == pytest.approx(0.0005)  # the final fraction at the end


def test_stepping_gives_the_whole_sequence_probabilities_on_heldout_text(exported, corpus, card):
    text = START + corpus.works[corpus.splits["validation"][0]].text[:120]
    ids = corpus.vocabulary.encode(text).astype(np.int32)
    units = card["hyperparameters"]["units"]
    zeros = [np.zeros((1, units), np.float32)] * 2
    whole, whole_h, whole_c = (t.numpy() for t in exported([ids[None, :], *zeros], training=False))
    state, stepped = zeros, []
    for i in ids:
        probabilities, *state = exported([np.array([[i]], np.int32), *state], training=False)
        stepped.append(probabilities.numpy()[0, 0])
    stepped = np.array(stepped)
    assert np.abs(stepped - whole[0]).max() < 1e-5
    np.testing.assert_array_equal(stepped.argmax(-1), whole[0].argmax(-1))
    np.testing.assert_allclose(state[0].numpy(), whole_h, atol=1e-5)
    np.testing.assert_allclose(state[1].numpy(), whole_c, atol=1e-5)
    # A trained model: on a play it never read it needs fewer bits than character frequencies alone (order 1).
    bits = -np.log2(whole[0, np.arange(len(ids) - 1), ids[1:]]).mean()
    assert bits < card["baselines"]["orders"]["1"]["validation_bits_per_character"]


def test_model_json_has_the_inputs_and_outputs_the_browser_uses(card):
    topology = json.loads((FOLDER / "model.json").read_text())
    config = topology["modelTopology"]["model_config"]["config"]
    assert [name for name, _, _ in config["input_layers"]] == list(INPUT_NAMES)
    assert [name for name, _, _ in config["output_layers"]] == list(OUTPUT_NAMES)
    shapes = {layer["name"]: layer["config"].get("batch_input_shape") for layer in config["layers"]}
    units = card["hyperparameters"]["units"]
    assert shapes["characters"] == [None, None]  # any batch, any number of characters (1 when stepping)
    assert shapes["state_h"] == shapes["state_c"] == [None, units]
    assert {layer["class_name"] for layer in config["layers"]} >= {"Embedding", "LSTM", "Dense", "Softmax"}
    weights = [w for group in topology["weightsManifest"] for w in group["weights"]]
    assert {w["quantization"]["dtype"] for w in weights} == {"uint8"}
    assert card["io"]["start"]["id"] == 1  # the line break


def test_card_is_consistent_with_the_export_the_corpus_and_the_baselines(card, exported, corpus):
    shards = export.weight_shard_paths(FOLDER / "model.json")
    assert card["weights_bytes"] == sum(path.stat().st_size for path in shards) <= 1_000_000
    assert card["model_json_sha256"] == export.sha256_file(FOLDER / "model.json")
    assert card["parameters"]["total"] == exported.count_params()
    assert card["vocabulary"]["characters"] == "".join(corpus.vocabulary.characters)
    assert card["corpus"]["splits"]["test"]["works"] == corpus.describe()["splits"]["test"]["works"]
    baselines = json.loads(NGRAM_RESULTS.read_text())
    assert card["baselines"]["best"] == baselines["best"]
    metrics = card["metrics"]
    for key in ("test_float32", "test_exported_uint8", "validation_float32", "validation_exported_uint8"):
        low, high = metrics[key]["interval_95"]
        assert low <= metrics[key]["bits_per_character"] <= high
    assert card["seeds"]["runs"][0]["exported_uint8"]["test"] == {
        **metrics["test_exported_uint8"],
        "bits_per_character_by_work": metrics["test_bits_per_character_by_work"],
    }
    versus = card["versus_best_ngram"]
    difference = metrics["test_exported_uint8"]["bits_per_character"] - baselines["best"]["test_bits_per_character"]
    assert versus["test_difference_bits_per_character"] == pytest.approx(difference, abs=2e-4)
    assert versus["beats_best_ngram"] == (versus["test_difference_interval_95"][1] < 0)


def test_sampler_is_seeded_and_the_cards_sample_is_what_the_export_writes(card, exported, corpus):
    assert list(_take(mulberry32(7), 5)) == list(_take(mulberry32(7), 5))
    assert all(0 <= u < 1 for u in _take(mulberry32(3), 1000))
    probabilities = np.array([0.5, 0.1, 0.6, 0.3])
    assert pick(probabilities, 0.05, 0.5) == 2  # a low temperature picks the likeliest
    assert pick(probabilities, 1.0, 0.0) == 1  # never the unknown symbol (id 0), however likely
    shown = min(card["samples"], key=lambda s: len(s["prompt"]))
    length = 60
    again = sample(exported, corpus.vocabulary, shown["prompt"], length, shown["temperature"], shown["seed"])
    assert again == shown["text"][:length]


def _take(generator, n):
    return [next(generator) for _ in range(n)]
