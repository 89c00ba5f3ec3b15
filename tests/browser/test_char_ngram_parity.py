"""The exported n-gram model scores text in the browser (docs/javascripts/lib/ngram.js) as Python scores it: in real
Chromium, on held-out Shakespeare read from a line break, against tfvisual.ngram on the same exported file; and a
missing or broken file is reported in words a reader understands."""

import numpy as np
import pytest

from tfvisual import ngram_export
from tfvisual.data import shakespeare
from tfvisual.paths import MODELS_DIR

pytestmark = pytest.mark.browser

FOLDER = MODELS_DIR / "char-ngram"
HELD_OUT = 2500  # characters of the first test work, after the start line break
DISTRIBUTION_AFTER = 1200  # the history whose whole next-character distribution is compared
TOLERANCE = 1e-9  # both sides compute in float64 with the same operations; only summation order may differ

SCORE_IN_PAGE = """
async ({ids, distributionAfter}) => {
    const { loadNgram } = await import(new URL("javascripts/lib/ngram.js", __md_scope).href);
    const started = performance.now();
    const ngram = await loadNgram(new URL("models/char-ngram/", __md_scope).href);
    const loadMs = performance.now() - started;
    // Each character scored from the characters before it, as the demo scores the text it writes.
    const log2 = [];
    for (let i = 1; i < ids.length; i++) log2.push(ngram.log2Probability(ids.slice(0, i), ids[i]));
    let badId;
    try { ngram.log2Probability(ids.slice(0, 5), ngram.vocabularySize); } catch (error) { badId = error.message; }
    return { order: ngram.order, vocabularySize: ngram.vocabularySize, cardOrder: ngram.card.order, loadMs, log2,
             distribution: Array.from(ngram.distribution(ids.slice(0, distributionAfter))), badId };
}
"""

LOAD_FAILURE = """
async (folder) => {
    const { loadNgram } = await import(new URL("javascripts/lib/ngram.js", __md_scope).href);
    try {
        await loadNgram(new URL(folder, __md_scope).href);
        return "loaded";
    } catch (error) {
        return error.message;
    }
}
"""


def python_reference():
    """The held-out ids, and Python's log2 probabilities and one distribution from the exported file."""
    corpus = shakespeare.load_corpus()
    ids = corpus.vocabulary.encode("\n" + corpus.works[corpus.splits["test"][0]].text[:HELD_OUT]).astype(int)
    model = ngram_export.read(FOLDER / "ngram.bin")
    return ids, model, model.log2_probabilities(ids)[1:], model.distribution(ids[:DISTRIBUTION_AFTER])


def test_the_browser_scores_held_out_text_as_python_does(page, site_server, record_property):
    ids, model, expected_log2, expected_distribution = python_reference()
    page.goto(site_server)
    result = page.evaluate(SCORE_IN_PAGE, {"ids": ids.tolist(), "distributionAfter": DISTRIBUTION_AFTER})
    assert (result["order"], result["vocabularySize"], result["cardOrder"]) == (model.order, 75, model.order)
    log2 = np.asarray(result["log2"])
    distribution = np.asarray(result["distribution"])
    differences = {
        "log2": float(np.abs(log2 - expected_log2).max()),
        "distribution": float(np.abs(distribution - expected_distribution).max()),
    }
    for name, value in {**differences, "load_ms": result["loadMs"]}.items():
        record_property(f"char_ngram_{name}", value)
    print(
        f"\nn-gram order {model.order}, {len(log2)} characters: max |difference| {differences}, "
        f"loaded and decoded in {result['loadMs']:.0f} ms"
    )
    assert len(log2) >= 2000
    assert differences["log2"] <= TOLERANCE and differences["distribution"] <= TOLERANCE
    assert abs(distribution.sum() - 1) <= 1e-12
    # The same bits per character a page would quote for this text.
    assert -log2.mean() == pytest.approx(-expected_log2.mean(), abs=1e-12)
    assert "integer from 0 to 74, not 75" in result["badId"]


def test_a_missing_model_folder_is_reported_clearly(page, site_server, expect_failures):
    expect_failures("models/no-such-model/")
    page.goto(site_server)
    message = page.evaluate(LOAD_FAILURE, "models/no-such-model/")
    # Both files are missing; the message names whichever failed first, and why.
    assert "could not be downloaded from" in message and "models/no-such-model/" in message and "HTTP 404" in message


def test_a_truncated_model_file_is_reported_clearly(page, site_server):
    data = (FOLDER / "ngram.bin").read_bytes()
    # The server sends only the first half of the file, as an interrupted download would leave it.
    page.route("**/models/char-ngram/ngram.bin", lambda route: route.fulfill(body=data[: len(data) // 2]))
    page.goto(site_server)
    message = page.evaluate(LOAD_FAILURE, "models/char-ngram/")
    assert message.startswith("The n-gram model file is broken: truncated")
