"""Find the character LSTM's units that follow features a reader can name, on held-out text.

    nice .venv/bin/python scripts/save_char_units.py

Reads the first 50,000 characters of every test work with the committed model (models/char-rnn, as the browser
gets it), correlates every unit's h and c with the features of src/tfvisual/char_units.py, and writes
scripts/results/char-units.json (deterministic; about a minute of CPU): for each feature the unit chosen on the
selection half, its correlation there and on the evaluation half, and the chance level; and the named units the
demo offers first. tests/unit/test_char_units.py recomputes the chosen units' correlations.
"""

import os
import time

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from tfvisual import char_units, export  # noqa: E402
from tfvisual.data import shakespeare  # noqa: E402
from tfvisual.paths import MODELS_DIR, RESULTS_DIR  # noqa: E402
from tfvisual.site.data_files import SITE_DATA_DIR  # noqa: E402

MODEL_JSON = MODELS_DIR / "char-rnn" / "model.json"
RESULT = RESULTS_DIR / "char-units.json"
DEMO_DATA = SITE_DATA_DIR / "char-units.json"
# The rebuilt cell must match Keras' to float32 precision; the file saves the bound, not the exact last bits.
CELL_TOLERANCE = 1e-5


def main() -> None:
    started = time.perf_counter()
    corpus = shakespeare.load_corpus()
    model = export.load_tfjs_model(MODEL_JSON)
    slices = char_units.heldout_slices(corpus)
    states, difference = char_units.states_of_slices(model, corpus.vocabulary, slices)
    print(f"states {states.shape} in {time.perf_counter() - started:.1f} s; c vs Keras, relative {difference:.1e}")
    if difference >= CELL_TOLERANCE:
        raise SystemExit(f"the rebuilt cell differs from Keras' by {difference:.1e} (relative): not saved")
    result = char_units.analyse(states, slices)
    result["passage"] = char_units.passage(states, slices, result["named_units"])
    result["text"] = {
        "split": "test",
        "rule": f"the first {char_units.SLICE_CHARACTERS:,} characters of every test work, each read from a line "
        "break with the zero state; selection half: each work's first half, evaluation half: its second half",
        "works": list(slices),
        "characters_per_work": char_units.SLICE_CHARACTERS,
    }
    result["model"] = {
        "model_json": str(MODEL_JSON.relative_to(MODELS_DIR.parent)),
        "weights": "exported uint8, de-quantized as the browser loads them",
        "cell_rebuilt_vs_keras_max_relative_difference_below": CELL_TOLERANCE,
    }
    result["method"] = (
        "Pearson correlation of each feature with each of the 512 state signals (h and c of 256 units) after each "
        "character; best |r| chosen on the selection half and reported on the evaluation half; chance: the best |r| "
        f"of all 512 signals with the feature circularly shifted by {char_units.CHANCE_SHIFTS} fixed offsets "
        "(selection half), max and median over the shifts"
    )
    export.write_json(RESULT, result)
    export.write_json(DEMO_DATA, char_units.demo_units(result, units=states.shape[-1] // 2))
    print(f"{'feature':22} {'state':>5} {'unit':>4} {'select':>7} {'evaluate':>8} {'chance':>7}")
    for name, feature in result["features"].items():
        best = feature["best"]
        print(
            f"{name:22} {best['state']:>5} {best['unit']:4d} {feature['correlation_selection']:7.3f} "
            f"{feature['correlation_evaluation']:8.3f} {feature['chance_max']:7.3f}"
        )
    for name, reason in result["skipped_features"].items():
        print(f"{name:22} skipped: {reason['reason']} ({reason['characters_on']} on)")
    print(f"wrote {RESULT} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
