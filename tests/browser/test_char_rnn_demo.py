"""The "Write with the character RNN" demo in real Chromium, driven by the keyboard and the mouse as a reader would,
against Python on the same exported weights: the seeded sampler writes the same text as
`tfvisual.models.char_rnn.sample`, a prompt read in chunks gives the probabilities of one character per step (and
Keras'), the n-gram column equals Python's Kneser-Ney on the same characters, Stop and Continue, bad prompts,
tensor leaks, and axe in both colour schemes.

Float noise: TF.js and Keras differ by about 1e-6 in each probability, so a pick could in principle differ where the
sampler's uniform number falls within 1e-6 of a boundary between two characters (about one step in 10^5 here);
the lengths below are where the texts are equal, and the comparison is exact.
"""

import json
import os

import numpy as np
import pytest
from phone import IN_VIEW, PHONE, in_view, phone_page
from test_accessibility import axe_violations, check_scheme, report, use_scheme
from test_weather_memory import WAIT_FOR_ANIMATIONS

from tfvisual.local_site import after_update, finished_updates, reach_demo, wait_for_demo_idle
from tfvisual.paths import MODELS_DIR

pytestmark = pytest.mark.browser

DEMO = '[data-demo="char-rnn"]'
MODEL = MODELS_DIR / "char-rnn"
CARD = json.loads((MODEL / "card.json").read_text())
START = CARD["io"]["start"]["character"]
TOLERANCE = 1e-5  # float32 TF.js against float32 Keras on the CPU, as in test_char_rnn_parity.py
LONG_PROMPT = 5000


@pytest.fixture(scope="module")
def keras_model():
    """The exported model (model.json and its uint8 weights) loaded into Keras, and the card's vocabulary."""
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    from tensorflowjs.converters import load_keras_model

    from tfvisual.data.shakespeare import Vocabulary

    return load_keras_model(str(MODEL / "model.json")), Vocabulary(tuple(CARD["vocabulary"]["characters"]))


@pytest.fixture(scope="module")
def held_out_text():
    """The start of the first held-out work: real text the model never trained on."""
    from tfvisual.data import shakespeare

    corpus = shakespeare.load_corpus()
    return corpus.works[corpus.splits["test"][0]].text


def open_demo(page, site_server, backend="wasm"):
    page.goto(f"{site_server}rnn/char-rnn/?backend={backend}")
    reach_demo(page, DEMO)
    page.wait_for_selector(f"{DEMO}[data-ready]", timeout=60_000)
    wait_for_demo_idle(page, DEMO, 0)
    return page.locator(DEMO)


def run_to_end(page, action) -> None:
    """Do `action` (which starts a run of the writer) and wait until that run has ended."""
    after_update(page, DEMO, action, timeout=120_000)


def written_text(page) -> str:
    return page.evaluate(f"document.querySelector('{DEMO}').charRnn.text()")


def records(page) -> list[dict]:
    return page.evaluate(f"document.querySelector('{DEMO}').charRnn.records()")


def set_temperature(page, demo, value: float) -> None:
    """With the keyboard, as a reader would: the slider moves 0.05 per arrow key."""
    slider = demo.get_by_test_id("temperature")
    slider.focus()
    steps = round((value - float(slider.input_value())) / 0.05)
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowRight" if steps > 0 else "ArrowLeft")
    assert float(slider.input_value()) == pytest.approx(value)
    assert demo.get_by_test_id("temperature-value").inner_text() == f"{value:.2f}"


def generate(page, demo, prompt: str, temperature: float, seed: int, length: int) -> str:
    demo.get_by_test_id("prompt").fill(prompt)
    set_temperature(page, demo, temperature)
    demo.get_by_test_id("seed").fill(str(seed))
    demo.get_by_test_id("length").fill(str(length))
    run_to_end(page, lambda: demo.get_by_test_id("generate").click())
    return written_text(page)


def test_seeded_text_is_the_same_twice_and_equals_python(page, site_server, keras_model):
    from tfvisual.models.char_rnn import sample

    model, vocabulary = keras_model
    demo = open_demo(page, site_server)
    # The settings it opens with are a sample the training script wrote in Python with the exported model.
    opening = next(s for s in CARD["samples"] if s["prompt"])
    assert demo.get_by_test_id("prompt").input_value() == opening["prompt"]
    run_to_end(page, lambda: demo.get_by_test_id("generate").click())
    assert written_text(page) == opening["text"]

    prompt, temperature, seed, length = "ROMEO.\nBut soft, what light", 0.8, 7, 300
    first = generate(page, demo, prompt, temperature, seed, length)
    assert len(first) == length == int(demo.get_attribute("data-written"))
    second = generate(page, demo, prompt, temperature, seed, length)
    assert second == first
    assert first == sample(model, vocabulary, prompt, length, temperature, seed)
    # Another seed writes another text.
    assert generate(page, demo, prompt, temperature, seed + 1, length) != first
    # The written characters are on screen, after the prompt (underlined), with line breaks as real line breaks.
    output = demo.get_by_test_id("output")
    assert output.locator(".cr-prompt-char").count() == len(prompt)
    assert output.locator(".cr-char:not(.cr-prompt-char)").count() == length


def test_stop_stops_and_continue_writes_what_one_run_writes(page, site_server):
    demo = open_demo(page, site_server)
    demo.get_by_test_id("length").fill("2000")
    count = finished_updates(page, DEMO)
    demo.get_by_test_id("generate").click()
    page.wait_for_function(f"Number(document.querySelector('{DEMO}').dataset.written) >= 30")
    demo.get_by_test_id("stop").click()
    wait_for_demo_idle(page, DEMO, count + 1)
    stopped = written_text(page)
    assert 30 <= len(stopped) < 2000
    assert "Stopped" in demo.get_by_test_id("progress").inner_text()
    page.wait_for_timeout(300)  # nothing keeps writing in the background
    assert written_text(page) == stopped and demo.get_by_test_id("stop").is_disabled()

    # Continue goes on with the same state and random numbers: 100 more characters.
    demo.get_by_test_id("length").fill("100")
    run_to_end(page, lambda: demo.get_by_test_id("continue").click())
    continued = written_text(page)
    assert continued.startswith(stopped) and len(continued) == len(stopped) + 100
    # Generate starts again from the prompt: in one run, the same text.
    demo.get_by_test_id("length").fill(str(len(continued)))
    run_to_end(page, lambda: demo.get_by_test_id("generate").click())
    assert written_text(page) == continued


def test_no_tensor_leaks_after_2000_characters(page, site_server):
    demo = open_demo(page, site_server)
    before = page.evaluate("tf.memory().numTensors")
    demo.get_by_test_id("length").fill("2000")
    run_to_end(page, lambda: demo.get_by_test_id("generate").click())
    assert len(written_text(page)) == 2000
    assert page.evaluate("tf.memory().numTensors") == before
    # The heatmap's text alternative follows the chosen unit.
    assert "the last 100 characters" in demo.get_by_test_id("heatmap-text").inner_text()


# The model's distribution at every step of `text` (after the start line break), computed in the page with the
# demo's own model, the whole text in one call: what the demo's top 5 must show.
DISTRIBUTIONS_IN_PAGE = """async ({ids, url}) => {
    const runtime = await import(new URL("javascripts/runtime.js", __md_scope).href);
    const { model } = await runtime.loadModel(new URL(url, __md_scope).href);
    const units = model.inputs[1].shape[1];
    const out = tf.tidy(() => model.predict([tf.tensor2d([ids], [1, ids.length], "int32"),
                                             tf.zeros([1, units]), tf.zeros([1, units])])[0]);
    const values = await out.array();
    out.dispose();
    return values[0];
}"""

# One character per call with the state fed back, in the page: the reference for the demo's chunks.
STEPPED_IN_PAGE = """async ({ids, url}) => {
    const runtime = await import(new URL("javascripts/runtime.js", __md_scope).href);
    const { model } = await runtime.loadModel(new URL(url, __md_scope).href);
    const units = model.inputs[1].shape[1];
    let h = tf.zeros([1, units]);
    let c = tf.zeros([1, units]);
    const rows = [];
    for (const id of ids) {
        const x = tf.tensor2d([[id]], [1, 1], "int32");
        const [p, nextH, nextC] = model.predict([x, h, c]);
        rows.push(Array.from(await p.data()));
        x.dispose(); p.dispose(); h.dispose(); c.dispose();
        [h, c] = [nextH, nextC];
    }
    h.dispose(); c.dispose();
    return rows;
}"""


def encode(text: str) -> list[int]:
    characters = CARD["vocabulary"]["characters"]
    return [characters.index(c) if c in characters else CARD["vocabulary"]["unknown_id"] for c in text]


def test_keyboard_only_and_the_top_5_is_the_models(page, site_server):
    demo = open_demo(page, site_server)
    page.locator("article").get_by_role("link", name="Text, one character at a time").first.focus()
    for _ in range(5):  # Tab to the prompt
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.testid") == "prompt":
            break
    assert page.evaluate("document.activeElement.dataset.testid") == "prompt"
    page.keyboard.press("Control+A")
    page.keyboard.type("KING.\nNow is the winter")
    tabs = {}
    for name in ["temperature", "seed", "length", "generate"]:
        page.keyboard.press("Tab")
        tabs[name] = page.evaluate("document.activeElement.dataset.testid")
    assert tabs == {"temperature": "temperature", "seed": "seed", "length": "length", "generate": "generate"}
    run_to_end(page, lambda: page.keyboard.press("Enter"))
    text = "KING.\nNow is the winter" + written_text(page)
    assert len(text) == len("KING.\nNow is the winter") + int(demo.get_by_test_id("length").input_value())

    # Into the text: one tab stop, then the arrow keys.
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cr-char')"):
            break
    assert page.evaluate("document.activeElement.dataset.index") == "0"
    assert demo.get_by_test_id("output").locator("[tabindex]").count() == 1
    distributions = page.evaluate(
        DISTRIBUTIONS_IN_PAGE, {"ids": encode(START + text), "url": "models/char-rnn/model.json"}
    )
    for key, index in [("ArrowRight", 1), ("ArrowRight", 2), ("End", len(text) - 1), ("ArrowLeft", len(text) - 2)]:
        page.keyboard.press(key)
        assert page.evaluate("document.activeElement.dataset.index") == str(index)
        assert demo.get_by_test_id("details-title").inner_text().startswith(f"Character {index + 1} ")
        shown = demo.get_by_test_id("top5").locator("tbody td[data-p]")
        probabilities = [float(p) for p in shown.evaluate_all("(cells) => cells.map((c) => c.dataset.p)")]
        expected = np.sort(np.asarray(distributions[index]))[::-1][:5]
        np.testing.assert_allclose(probabilities, expected, atol=1e-7)
    page.keyboard.press("Home")
    assert page.evaluate("document.activeElement.dataset.index") == "0"
    assert demo.get_by_test_id("output").locator("[tabindex]").count() == 1
    # Shift+Tab leaves the text in one press: it is one stop, not thousands.
    page.keyboard.press("Shift+Tab")
    assert not page.evaluate("document.activeElement.classList.contains('cr-char')")


def test_unknown_characters_are_noted_and_mapped(page, site_server):
    demo = open_demo(page, site_server)
    prompt = "\u201cGood morrow\u201d \u2014 caf\u00e9 \u00bd"
    generate(page, demo, prompt, 0.5, 1, 50)
    note = demo.get_by_test_id("prompt-note")
    assert "replaced by the ASCII" in note.inner_text() and "unknown symbol" in note.inner_text()
    # Each character is shown as code, never inside quotation marks: a curly quote inside curly quotes reads as
    # three quotes in a row.
    shown = note.locator("code").all_inner_texts()
    assert shown == ["\u201c", '"', "\u201d", '"', "\u2014", "--", "\ufffd", "\u00e9", "\u00bd"]
    assert not any(mark in note.inner_text() for mark in ("\u201c\u201c", "\u201c\u201d\u201d", '\u201c"\u201d'))
    shown = [r for r in records(page) if r["isPrompt"]]
    # What the model read: ASCII quotes and dashes, and the unknown symbol for é and ½.
    read = '"Good morrow" -- caf\ufffd \ufffd'
    assert "".join(r["character"] for r in shown) == read
    unknown = [r for r in shown if r["character"] == "\ufffd"]
    assert len(unknown) == 2 and all(r["p"] == r["distribution"][0] for r in unknown)


def test_a_value_that_cannot_be_used_says_nothing_new_was_written(page, site_server):
    """A bad seed or length shows its message, and the line above the text no longer says "Done" over a text those
    settings did not write."""
    demo = open_demo(page, site_server)
    progress = demo.get_by_test_id("progress")
    demo.get_by_test_id("length").fill("60")
    run_to_end(page, lambda: demo.get_by_test_id("generate").click())
    assert progress.inner_text() == "Done: 60 characters written."
    text, count = written_text(page), finished_updates(page, DEMO)

    demo.get_by_test_id("seed").fill("-1")
    demo.get_by_test_id("generate").click()
    assert "whole number from 0" in demo.get_by_test_id("seed-message").inner_text()
    line = progress.inner_text()
    assert line.startswith("Nothing new written: the seed cannot be used") and "Done" not in line
    assert "The text below is from the last run." in line
    assert finished_updates(page, DEMO) == count and written_text(page) == text  # nothing ran
    # Fixed, the line tells again what the text on screen is; a bad length stops Continue the same way.
    demo.get_by_test_id("seed").fill("3")
    assert progress.inner_text() == "Done: 60 characters written."
    demo.get_by_test_id("length").fill("5")
    demo.get_by_test_id("continue").click()
    assert progress.inner_text().startswith("Nothing new written: the number of characters cannot be used")
    assert finished_updates(page, DEMO) == count and written_text(page) == text
    demo.get_by_test_id("length").fill("50")
    run_to_end(page, lambda: demo.get_by_test_id("generate").click())
    assert progress.inner_text() == "Done: 50 characters written." and len(written_text(page)) == 50


def test_an_empty_prompt_starts_from_a_line_break(page, site_server):
    demo = open_demo(page, site_server)
    generate(page, demo, "", 0.5, 1, 50)
    assert "The prompt is empty: the model starts from a line break" in demo.get_by_test_id("prompt-note").inner_text()
    first = records(page)[0]
    assert not first["isPrompt"]
    expected = page.evaluate(DISTRIBUTIONS_IN_PAGE, {"ids": encode(START), "url": "models/char-rnn/model.json"})[0]
    np.testing.assert_allclose(first["distribution"], expected, atol=TOLERANCE)
    # The card's sample with an empty prompt was written the same way, in Python.
    sample = next(s for s in CARD["samples"] if not s["prompt"] and s["temperature"] == 0.5 and s["seed"] == 1)
    assert written_text(page) == sample["text"][:50]


def test_a_long_prompt_shows_progress_and_an_over_long_one_a_message(page, site_server, held_out_text):
    demo = open_demo(page, site_server)
    prompt = held_out_text[:LONG_PROMPT]
    demo.get_by_test_id("prompt").fill(prompt)
    demo.get_by_test_id("length").fill("50")
    count = finished_updates(page, DEMO)
    demo.get_by_test_id("generate").click()
    page.wait_for_function(
        f"document.querySelector('{DEMO} [data-testid=progress]').textContent.startsWith('Reading the prompt:')"
    )
    assert f"of {LONG_PROMPT:,} characters" in demo.get_by_test_id("progress").inner_text()
    wait_for_demo_idle(page, DEMO, count + 1, timeout=120_000)
    assert len(written_text(page)) == 50
    assert demo.get_by_test_id("bits-rnn-prompt").inner_text().endswith("bits")
    # The prompt's last 1,000 characters are on screen (all of it was read and scored).
    assert demo.get_by_test_id("output").locator(".cr-prompt-char").count() == 1000

    count = finished_updates(page, DEMO)
    demo.get_by_test_id("prompt").fill("x" * 20001)
    demo.get_by_test_id("generate").click()
    message = demo.get_by_test_id("prompt-message")
    assert "20,001 characters" in message.inner_text() and "at most 20,000" in message.inner_text()
    assert demo.get_by_test_id("prompt").get_attribute("aria-invalid") == "true"
    assert finished_updates(page, DEMO) == count and len(written_text(page)) == 50  # nothing ran; the last text stays


def test_a_prompt_read_in_chunks_equals_one_character_per_step_and_keras(page, site_server, keras_model, held_out_text):
    model, vocabulary = keras_model
    demo = open_demo(page, site_server)
    prompt = held_out_text[:600]  # three calls of 256 characters (with the start line break)
    generate(page, demo, prompt, 0.5, 1, 50)
    shown = [r for r in records(page) if r["isPrompt"]]
    assert "".join(r["character"] for r in shown) == prompt
    ids = encode(START + prompt)
    stepped = page.evaluate(STEPPED_IN_PAGE, {"ids": ids[:-1], "url": "models/char-rnn/model.json"})
    chunked = np.asarray([r["distribution"] for r in shown])
    units = CARD["hyperparameters"]["units"]
    zeros = [np.zeros((1, units), np.float32)] * 2
    whole = model.predict([np.asarray([ids[:-1]], np.int32), *zeros], verbose=0)[0][0]
    differences = {"chunks_vs_steps": np.abs(chunked - stepped).max(), "chunks_vs_keras": np.abs(chunked - whole).max()}
    print(f"\n{len(prompt)} prompt characters: {differences}")
    assert max(differences.values()) <= TOLERANCE
    # Each character's probability is its own entry of the distribution before it.
    np.testing.assert_array_equal([r["p"] for r in shown], chunked[np.arange(len(prompt)), ids[1:]])


def test_the_ngram_is_fetched_only_once_the_rnn_is_ready_and_says_so_meanwhile(page, site_server):
    events = []
    page.on("request", lambda request: events.append(("asked", request.url)))
    page.on("requestfinished", lambda request: events.append(("arrived", request.url)))
    # Hold the n-gram back, to see what the reader sees while it is on its way.
    held = []
    page.route("**/models/char-ngram/ngram.bin", lambda route: held.append(route))
    with page.expect_request("**/models/char-ngram/ngram.bin", timeout=60_000):
        demo = open_demo(page, site_server)
    page.wait_for_function(f"document.querySelector('{DEMO}').dataset.ngram === 'loading'")
    assert "n-gram model is loading" in demo.get_by_test_id("ngram-note").inner_text()
    weights = max(i for i, (kind, url) in enumerate(events) if kind == "arrived" and "char-rnn/group1-" in url)
    asked = min(i for i, (kind, url) in enumerate(events) if kind == "asked" and "char-ngram/ngram.bin" in url)
    assert asked > weights  # not before the RNN's weights were in
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_selector(f"{DEMO}[data-ngram=ready]", timeout=60_000)
    assert demo.get_by_test_id("ngram-note").inner_text() == ""


def test_the_ngram_column_equals_python_kneser_ney(page, site_server):
    from tfvisual import ngram_export

    ngram = ngram_export.read(MODELS_DIR / "char-ngram" / "ngram.bin")
    demo = open_demo(page, site_server)
    # The n-gram loads once the RNN is ready; what is written before it arrives is scored when it does.
    assert demo.get_attribute("data-ngram") in ("loading", "ready")
    prompt = "Friends, Romans, countrymen"
    text = prompt + generate(page, demo, prompt, 1.0, 3, 200)
    page.wait_for_selector(f"{DEMO}[data-ngram=ready]", timeout=60_000)
    log2 = ngram.log2_probabilities(np.asarray(encode(START + text)))[1:]
    shown = records(page)
    np.testing.assert_allclose([r["ngramLog2"] for r in shown], log2, atol=1e-9)
    written_bits = -log2[len(prompt) :].mean()
    prompt_bits = -log2[: len(prompt)].mean()
    assert demo.get_by_test_id("bits-ngram-written").inner_text() == f"{written_bits:.3f} bits"
    assert demo.get_by_test_id("bits-ngram-prompt").inner_text() == f"{prompt_bits:.3f} bits"
    rnn_bits = -np.log2([r["p"] for r in shown[len(prompt) :]]).mean()
    assert demo.get_by_test_id("bits-rnn-written").inner_text() == f"{rnn_bits:.3f} bits"
    assert f"order-{ngram.order} n-gram" in demo.get_by_test_id("stats-ngram").inner_text()


def shows_details_of(demo, index: int) -> bool:
    return demo.get_by_test_id("details-title").inner_text().startswith(f"Character {index + 1} ")


def test_on_a_phone_a_tapped_character_shows_its_top_5_on_screen(browser, site_server, page_problems):
    with phone_page(browser, page_problems) as (context, page):
        demo = open_demo(page, site_server, backend="cpu")
        demo.get_by_test_id("length").fill("300")
        run_to_end(page, lambda: demo.get_by_test_id("generate").click())
        output, details, top5 = (
            demo.get_by_test_id("output"),
            demo.get_by_test_id("details"),
            demo.get_by_test_id("top5"),
        )
        # The panel is under the text, and the hint says so.
        text_box, panel = output.bounding_box(), details.bounding_box()
        assert panel["y"] >= text_box["y"] + text_box["height"]
        hint = demo.get_by_test_id("keys-hint").inner_text()
        assert "the panel under it lists the five likeliest" in hint and "beside" not in hint

        # The reader has scrolled until the text's first lines are at the bottom of the screen, the panel below it.
        output.evaluate("(o) => window.scrollBy(0, o.getBoundingClientRect().top - innerHeight * 0.6)")
        for index in (30, 45):
            character = output.locator(f'.cr-char[data-index="{index}"]')
            assert in_view(character)
            character.tap()
            page.wait_for_function(IN_VIEW, arg=top5.element_handle(), timeout=5_000)
            assert shows_details_of(demo, index) and top5.locator("tbody tr").count() == 5
            # The tapped character is still on screen, marked, and the keys go on from it.
            assert in_view(character)
            assert page.evaluate("document.activeElement.dataset.index") == str(index)
        page.keyboard.press("ArrowRight")
        assert shows_details_of(demo, 46) and in_view(top5)


def test_on_a_desktop_the_panel_is_beside_the_text_and_a_click_starts_the_keys_there(page, site_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    demo = open_demo(page, site_server)
    demo.get_by_test_id("length").fill("100")
    run_to_end(page, lambda: demo.get_by_test_id("generate").click())
    output, details = demo.get_by_test_id("output"), demo.get_by_test_id("details")
    text_box, panel = output.bounding_box(), details.bounding_box()
    assert panel["x"] >= text_box["x"] + text_box["width"] and abs(panel["y"] - text_box["y"]) < 1
    hint = demo.get_by_test_id("keys-hint").inner_text()
    assert "the panel beside it lists the five likeliest" in hint and "under" not in hint
    output.evaluate("(o) => o.scrollIntoView({ block: 'center' })")
    scrolled = page.evaluate("scrollY")
    # Pointing shows a character; a click keeps it, and the arrow keys go on from it. Nothing on the page moves.
    output.locator('.cr-char[data-index="20"]').hover()
    assert shows_details_of(demo, 20)
    output.locator('.cr-char[data-index="30"]').click()
    assert shows_details_of(demo, 30) and page.evaluate("document.activeElement.dataset.index") == "30"
    page.keyboard.press("ArrowRight")
    assert shows_details_of(demo, 31) and in_view(demo.get_by_test_id("top5"))
    assert page.evaluate("scrollY") == scrolled


SCREENS = {"phone": PHONE, "desktop": {"viewport": {"width": 1280, "height": 800}}}


@pytest.mark.parametrize("screen", SCREENS)
def test_the_unit_menu_is_on_screen_with_the_text_it_colours(browser, site_server, page_problems, screen):
    """The menus that colour the text sit right above it: with the unit menu at the top of the screen, the text's
    first line is on screen too, so choosing a unit shows its colours where the reader is looking."""
    context = browser.new_context(**SCREENS[screen])
    try:
        page = page_problems.watch(context.new_page())
        demo = open_demo(page, site_server, backend="cpu")
        demo.get_by_test_id("length").fill("100")
        run_to_end(page, lambda: demo.get_by_test_id("generate").click())
        unit, output = demo.get_by_test_id("unit"), demo.get_by_test_id("output")
        # The reader scrolls until the menu is just under the page's header.
        unit.evaluate(
            """(menu) => window.scrollBy(0, menu.getBoundingClientRect().top
                - document.querySelector(".md-header").getBoundingClientRect().bottom - 8)"""
        )
        named = unit.locator("optgroup").first.locator("option").nth(1).get_attribute("value")
        unit.select_option(named)
        assert in_view(unit) and in_view(output.locator('.cr-char[data-index="0"]'))
        assert unit.bounding_box()["y"] < output.bounding_box()["y"]  # above the text, as a caption is
        # Choosing a unit colours the text by it, and the legend under the menu says which.
        assert demo.get_by_test_id("colour-by").input_value() == "unit"
        assert demo.get_by_test_id("legend").inner_text().startswith(named.replace(":", " ") + ":")
    finally:
        context.close()
    assert page_problems.problems == [], "the page showed problems:\n" + "\n".join(page_problems.problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_char_rnn_passes_axe_before_and_after_writing(page, site_server, scheme):
    use_scheme(page, scheme)
    demo = open_demo(page, site_server)
    check_scheme(page, scheme)
    found = axe_violations(page, f"/rnn/char-rnn/ ({scheme})")
    demo.get_by_test_id("prompt").fill("To be, or not \u2014 to be\u00e9")  # a note on screen
    demo.get_by_test_id("length").fill("120")
    run_to_end(page, lambda: demo.get_by_test_id("generate").click())
    demo.get_by_test_id("seed").fill("-1")  # a message on screen
    demo.get_by_test_id("output").locator(".cr-char").nth(30).hover()
    demo.get_by_test_id("colour-by").select_option("ngram")
    page.evaluate(WAIT_FOR_ANIMATIONS)  # scrolling fades Material's header title: judge colours once it is still
    found += axe_violations(page, f"/rnn/char-rnn/ after writing, n-gram colours ({scheme})")
    demo.get_by_test_id("unit").select_option(index=4)  # a named c unit: the colours and legend of c
    demo.get_by_test_id("output").locator(".cr-char").nth(40).focus()
    page.evaluate(WAIT_FOR_ANIMATIONS)
    found += axe_violations(page, f"/rnn/char-rnn/ after writing, unit colours ({scheme})")
    assert not found, report(found)


def test_a_model_that_fails_to_load_says_so_and_retry_works(page, site_server, expect_failures):
    model_json = "**/models/char-rnn/model.json"
    expect_failures("model.json", "404")
    page.route(model_json, lambda route: route.fulfill(status=404, body="Not Found"))
    page.goto(f"{site_server}rnn/char-rnn/?backend=wasm")
    reach_demo(page, DEMO)
    demo = page.locator(DEMO)
    alert = demo.get_by_role("alert")
    alert.wait_for()
    assert "model.json could not be downloaded (HTTP 404)" in alert.inner_text()
    assert demo.get_by_test_id("generate").is_disabled()
    page.unroute(model_json)
    alert.get_by_role("button", name="Retry").click()
    page.wait_for_selector(f"{DEMO}[data-ready]")
    run_to_end(page, lambda: demo.get_by_test_id("generate").click())
    assert len(written_text(page)) == int(demo.get_by_test_id("length").input_value())
