"""The exported character LSTM runs in TF.js as it runs in Keras: on held-out text, in real Chromium on the CPU
backends, the whole sequence in one call and one character per step with the state fed back (as the demo
writes), against the same exported weights loaded into Keras in Python."""

import json
import os

import numpy as np
import pytest

from tfvisual.local_site import reach_demo
from tfvisual.paths import MODELS_DIR

pytestmark = pytest.mark.browser

FOLDER = MODELS_DIR / "char-rnn"
SNIPPET = 300  # characters of the first test work, after the start line break
TOLERANCE = 1e-5  # float32 on the CPU backends, like Keras on the CPU

RUN_MODEL_IN_PAGE = """
async ({url, ids, units}) => {
    const runtime = await import(new URL("javascripts/runtime.js", __md_scope).href);
    const { model } = await runtime.loadModel(new URL(url, __md_scope).href);
    const before = tf.memory().numTensors;
    // The whole snippet in one call, from the zero state.
    const whole = tf.tidy(() => {
        const [probabilities] = model.predict([tf.tensor2d([ids], [1, ids.length], "int32"),
                                               tf.zeros([1, units]), tf.zeros([1, units])]);
        return probabilities;
    });
    const wholeProbabilities = Array.from(await whole.data());
    whole.dispose();
    // One character per call, feeding back the state the previous call returned.
    let h = tf.zeros([1, units]);
    let c = tf.zeros([1, units]);
    const stepped = [];
    for (const id of ids) {
        const x = tf.tensor2d([[id]], [1, 1], "int32");
        const [probabilities, nextH, nextC] = model.predict([x, h, c]);
        stepped.push(...(await probabilities.data()));
        x.dispose(); probabilities.dispose(); h.dispose(); c.dispose();
        h = nextH;
        c = nextC;
    }
    h.dispose();
    c.dispose();
    return { backend: tf.getBackend(), whole: wholeProbabilities, stepped,
             leaked: tf.memory().numTensors - before };
}
"""


def keras_reference():
    """The held-out snippet's ids and the probabilities Keras gives them with the exported weights."""
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    from tensorflowjs.converters import load_keras_model

    from tfvisual.data import shakespeare
    from tfvisual.models.char_rnn import START

    card = json.loads((FOLDER / "card.json").read_text())
    corpus = shakespeare.load_corpus()
    text = START + corpus.works[corpus.splits["test"][0]].text[:SNIPPET]
    ids = corpus.vocabulary.encode(text).astype(np.int32)
    units = card["hyperparameters"]["units"]
    model = load_keras_model(str(FOLDER / "model.json"))
    zeros = [np.zeros((1, units), np.float32)] * 2
    probabilities = model.predict([ids[None, :], *zeros], verbose=0)[0][0]
    return ids, units, probabilities


@pytest.mark.parametrize("backend", ["cpu", "wasm"])
def test_char_rnn_in_the_browser_equals_keras_whole_and_stepping(page, site_server, backend, record_property):
    ids, units, expected = keras_reference()
    # Any page with a demo loads TF.js; ?backend= makes it start the backend under test.
    page.goto(f"{site_server}basics/why-cpp/?backend={backend}")
    reach_demo(page, '[data-demo="why-cpp"]')
    page.wait_for_selector('[data-demo="why-cpp"] .tfv-status[data-backend]', timeout=60_000)
    inputs = {"url": "models/char-rnn/model.json", "ids": ids.tolist(), "units": units}
    result = page.evaluate(RUN_MODEL_IN_PAGE, inputs)
    assert result["backend"] == backend
    whole = np.asarray(result["whole"]).reshape(expected.shape)
    stepped = np.asarray(result["stepped"]).reshape(expected.shape)
    differences = {
        "whole_vs_keras": float(np.abs(whole - expected).max()),
        "stepped_vs_keras": float(np.abs(stepped - expected).max()),
        "stepped_vs_whole": float(np.abs(stepped - whole).max()),
    }
    for name, value in differences.items():
        record_property(f"max_abs_difference_{name}_{backend}", value)
    print(f"\nchar-rnn on {backend}, {len(ids)} characters: {differences}")
    assert max(differences.values()) <= TOLERANCE
    # The same likeliest next character at every step, whichever way the browser runs the model.
    np.testing.assert_array_equal(whole.argmax(-1), expected.argmax(-1))
    np.testing.assert_array_equal(stepped.argmax(-1), expected.argmax(-1))
    assert result["leaked"] == 0
