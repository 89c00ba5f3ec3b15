"""The named units of the character LSTM: the features on hand-made text, the rebuilt cell against Keras stepping
one character at a time, and scripts/results/char-units.json recomputed from the committed model."""

import json
import os
from pathlib import Path

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from tfvisual import char_units, export  # noqa: E402
from tfvisual.data import shakespeare  # noqa: E402
from tfvisual.models.char_rnn import START  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
MODEL_JSON = ROOT / "models" / "char-rnn" / "model.json"
RESULT = ROOT / "scripts" / "results" / "char-units.json"

# A stage direction, a blank line, a speaker's name and one line of speech ("¶" is a line break), and under it,
# character by character, where each feature is on. Columns: the name, then from column 20 the marks.
TABLE = """
text                [Enter DUKE.]¶¶DUKE.¶Go (now).¶
inside_brackets     1111111111110000000000000000000
inside_parentheses  0000000000000000000000001111000
word_start          0100000100000001000001000100000
speaker_line        0000000000000001111110000000000
upper_case_run      0000000011100000111000000000000
end_of_sentence     0000000000010000000000000000011
"""
ROWS = {line[:20].strip(): line[20:] for line in TABLE.strip("\n").split("\n")}
TEXT = ROWS.pop("text").replace("¶", "\n")


@pytest.mark.parametrize("name", sorted(ROWS))
def test_features_mark_exactly_the_characters_a_reader_would(name):
    function, kind = char_units.FEATURES[name]
    assert kind == "binary" and len(ROWS[name]) == len(TEXT)
    np.testing.assert_array_equal(function(TEXT), [int(mark) for mark in ROWS[name]])


def test_position_in_line_counts_characters_since_the_line_break():
    expected = [*range(1, 14), 0, 0, *range(1, 6), 0, *range(1, 10), 0]
    np.testing.assert_array_equal(char_units.position_in_line(TEXT), expected)


def test_features_leave_alone_what_only_looks_like_them():
    # A heading followed by a blank line, a cast-list entry and a line that merely starts with a name.
    not_speakers = "ACT I.\n\nLear, King of Britain.\nKing of France.\n\nA. x\ny\n"
    assert char_units.speaker_lines(not_speakers).sum() == 0
    # A name that is the first line of the text counts (every work starts on a new line).
    assert char_units.speaker_lines("Lear.\nNo.\n")[:6].tolist() == [1] * 6
    # The "t" of "to't" does not start a word; the "T" of "The" is no run of capitals.
    np.testing.assert_array_equal(char_units.word_start("to't"), [1, 0, 0, 0])
    assert char_units.upper_case_run("The DUKE").tolist() == [0, 0, 0, 0, 0, 1, 1, 1]
    # A "[" that is never closed stops counting at the paragraph's end.
    assert char_units.inside_brackets("[Aside\n\nLater").tolist() == [1] * 7 + [0] * 6
    assert char_units.inside_double_quotes('a "b" c').tolist() == [0, 0, 1, 1, 0, 0, 0]


@pytest.fixture(scope="module")
def model():
    return export.load_tfjs_model(MODEL_JSON)


@pytest.fixture(scope="module")
def corpus():
    return shakespeare.load_corpus()


@pytest.fixture(scope="module")
def saved():
    return json.loads(RESULT.read_text())


def test_rebuilt_cell_equals_keras_stepping_one_character_at_a_time(model, corpus):
    text = START + corpus.works[corpus.splits["test"][0]].text[:60]
    ids = corpus.vocabulary.encode(text).astype(np.int32)
    hs, cs, difference = char_units.cell_states(model, ids[None, :])
    state = [np.zeros((1, hs.shape[-1]), np.float32)] * 2
    for t, i in enumerate(ids):
        _, *state = model([np.array([[i]], np.int32), *state], training=False)
        np.testing.assert_allclose(hs[0, t], state[0].numpy()[0], rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(cs[0, t], state[1].numpy()[0], rtol=1e-5, atol=1e-5)
    assert difference < 1e-5


def test_saved_file_is_self_consistent(saved, corpus):
    assert set(saved["features"]) | set(saved["skipped_features"]) == set(char_units.FEATURES)
    assert saved["text"]["works"] == list(corpus.splits["test"])
    for name, feature in {**saved["features"], **saved["skipped_features"]}.items():
        assert feature["definition"] == char_units.definition(name)
    for feature in saved["features"].values():
        assert feature["best"]["state"] in ("h", "c") and 0 <= feature["best"]["unit"] < 256
        assert 0 < feature["chance_median"] <= feature["chance_max"] < 1
        assert -1 <= feature["correlation_selection"] <= 1 and -1 <= feature["correlation_evaluation"] <= 1
    named = saved["named_units"]
    assert [unit["feature"] for unit in named] == sorted(
        (name for name, f in saved["features"].items() if abs(f["correlation_evaluation"]) > f["chance_max"]),
        key=lambda name: -abs(saved["features"][name]["correlation_evaluation"]),
    )
    for unit in named:
        assert {"state": unit["state"], "unit": unit["unit"]} == saved["features"][unit["feature"]]["best"]


def test_saved_units_and_correlations_are_what_the_committed_model_gives(saved, model, corpus):
    slices = char_units.heldout_slices(corpus)
    states, difference = char_units.states_of_slices(model, corpus.vocabulary, slices)
    assert difference < saved["model"]["cell_rebuilt_vs_keras_max_relative_difference_below"]
    again = char_units.analyse(states, slices)
    assert again["named_units"] == saved["named_units"]
    assert again["skipped_features"] == saved["skipped_features"]
    for name, feature in saved["features"].items():
        recomputed = again["features"].pop(name)
        assert recomputed.pop("best") == feature["best"]
        assert recomputed == pytest.approx({key: value for key, value in feature.items() if key != "best"}, abs=2e-4)
    assert again["features"] == {}
    # What the page claims: on text that played no part in choosing them, the named units stay far above chance.
    for feature in saved["features"].values():
        assert abs(feature["correlation_evaluation"]) > 2 * feature["chance_max"]
    # The passage the page colours is the committed model's values on held-out text, found by its rule.
    passage = char_units.passage(states, slices, saved["named_units"])
    assert {k: passage[k] for k in ("work", "start", "text")} == {
        k: saved["passage"][k] for k in ("work", "start", "text")
    }
    assert saved["passage"]["text"].startswith("[")
    for feature, values in saved["passage"]["values"].items():
        np.testing.assert_allclose(values, passage["values"][feature], atol=2e-3)


def test_the_demo_menu_data_is_the_saved_analysis(saved):
    served = json.loads((ROOT / "scripts" / "results" / "site-data" / "char-units.json").read_text())
    assert served == char_units.demo_units(saved, units=served["units"])
    assert [unit["feature"] for unit in served["named_units"]] == [unit["feature"] for unit in saved["named_units"]]
    assert all(unit["label"] and unit["definition"] for unit in served["named_units"])
