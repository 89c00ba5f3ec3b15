"""Draw-a-digit, driven as a reader drives it: mouse strokes, buttons, keyboard. Runs on the CPU backend, whose
numbers match Keras to 1e-4 (test_digit_parity.py), so predictions near a tie cannot flip between runs."""

import json

import numpy as np
import pytest
from digit_drawing import DEMO, DIGITS, demo_state, draw, moved, open_demo, updates, wait_until_idle

from tfvisual.paths import MODELS_DIR
from tfvisual.preprocess import preprocess_strokes

pytestmark = pytest.mark.browser

CARD = MODELS_DIR / "digit-cnn" / "card.json"

DRAWN = {
    "a seven": (7, DIGITS[7]),
    "a zero": (0, DIGITS[0]),
    "a one (a single thin line)": (1, DIGITS[1]),
    "a two": (2, DIGITS[2]),
    "a four": (4, DIGITS[4]),
    "a small three in the top-left corner": (3, moved(DIGITS[3], 0.3, 10, 15)),
    "a tiny seven in the bottom-right corner": (7, moved(DIGITS[7], 0.15, 200, 200)),
}


def clear(page) -> None:
    page.locator(DEMO).get_by_role("button", name="Clear").click()
    wait_until_idle(page)


def test_drawn_digits_are_read_right_and_preprocessed_exactly_as_in_python(page, site_server):
    open_demo(page, site_server)
    problems = []
    for name, (digit, strokes) in DRAWN.items():
        clear(page)
        draw(page, strokes)
        wait_until_idle(page)
        state = demo_state(page)
        if state["prediction"] != str(digit):
            problems.append(f"{name}: read as {state['prediction']}, probabilities {state['probabilities']}")
        # The 28x28 image the browser fed the model equals the Python reference for the very same strokes.
        reference = preprocess_strokes(state["strokes"])
        difference = np.abs(np.asarray(state["input"]).reshape(28, 28) - reference).max()
        if difference > 1e-5:
            problems.append(f"{name}: browser preprocessing differs from Python by {difference:.2e}")
        assert abs(sum(state["probabilities"]) - 1) < 1e-4
    assert not problems, "\n".join(problems)


def test_empty_pad_gives_a_hint_and_clear_brings_it_back(page, site_server):
    open_demo(page, site_server)
    demo = page.locator(DEMO)
    prediction = demo.locator(".tfv-digit__prediction")
    assert "Draw a digit" in prediction.inner_text()
    assert demo.get_attribute("data-prediction") is None

    draw(page, DIGITS[7])
    wait_until_idle(page, at_least=1)
    assert "The model reads: 7" in prediction.inner_text()

    clear(page)
    assert "Draw a digit" in prediction.inner_text()
    assert demo.get_attribute("data-prediction") is None
    assert demo.get_attribute("data-input") is None
    assert demo.locator(".tfv-digit__bar-value").all_inner_texts() == ["–"] * 10


def test_held_out_digits_load_with_their_labels_and_the_mistakes_show(page, site_server):
    examples = json.loads(CARD.read_text())["heldout_examples"]
    open_demo(page, site_server)
    demo = page.locator(DEMO)
    button = demo.get_by_role("button", name="Try a held-out digit")
    info = demo.locator(".tfv-digit__heldout")
    wrong_shown = 0
    for example in examples:
        before = updates(page)
        button.click()
        wait_until_idle(page, at_least=before + 1)
        assert demo.get_attribute("data-heldout") == str(example["index"])
        assert f"labelled {example['label']}" in info.inner_text()
        # The browser's model says what the exported model said in Python when the card was written.
        assert demo.get_attribute("data-prediction") == str(example["predicted"])
        if example["predicted"] != example["label"]:
            wrong_shown += 1
            assert "gets this one wrong" in info.inner_text()
        state = demo_state(page)
        np.testing.assert_allclose(state["input"], np.asarray(example["pixels"]) / 255, atol=1e-6)
    assert wrong_shown > 0, "the card should include held-out digits the model gets wrong"


def test_keyboard_alone_loads_a_held_out_digit_and_clears(page, site_server):
    open_demo(page, site_server)
    demo = page.locator(DEMO)
    pad = page.locator('canvas[data-testid="digit-pad"]')
    pad.focus()
    page.keyboard.press("h")
    wait_until_idle(page, at_least=1)
    assert demo.get_attribute("data-heldout") is not None
    assert demo.get_attribute("data-prediction") is not None
    page.keyboard.press("Delete")
    wait_until_idle(page)
    assert demo.get_attribute("data-prediction") is None
    assert demo.get_attribute("data-heldout") is None


def test_every_feature_map_explains_its_values_with_the_numbers_tfjs_used(page, site_server):
    open_demo(page, site_server)
    draw(page, DIGITS[4])
    wait_until_idle(page, at_least=1)
    details = page.locator(".tfv-digit__details")
    arithmetic = page.locator('[data-testid="digit-arithmetic"]')
    layer_names = page.eval_on_selector_all(
        ".tfv-digit__maps", "lists => lists.map((list) => list.firstElementChild.dataset.layer)"
    )
    assert len(layer_names) >= 2
    for name in layer_names:
        maps = page.locator(f'canvas[data-layer="{name}"]')
        maps.nth(maps.count() - 1).click()
        assert details.get_by_role("heading").inner_text() == f"{name}, map {maps.count()}"
        computed = float(arithmetic.get_attribute("data-computed"))
        shown = float(arithmetic.get_attribute("data-shown"))
        assert computed == pytest.approx(shown, abs=1e-4), f"{name}: recomputed {computed}, TF.js {shown}"

    # Keyboard: the arrow keys move between maps of a layer, and then between values of the enlarged map.
    first = page.locator(f'canvas[data-layer="{layer_names[0]}"]')
    first.nth(0).focus()
    page.keyboard.press("ArrowRight")
    assert first.nth(1).get_attribute("aria-selected") == "true"
    assert details.get_by_role("heading").inner_text() == f"{layer_names[0]}, map 2"
    page.locator('[data-testid="digit-zoom"]').focus()
    before = arithmetic.inner_text()
    page.keyboard.press("ArrowDown")
    assert arithmetic.inner_text() != before
    assert float(arithmetic.get_attribute("data-computed")) == pytest.approx(
        float(arithmetic.get_attribute("data-shown")), abs=1e-4
    )


def test_no_tensor_leaks_over_a_hundred_updates(page, site_server):
    open_demo(page, site_server)
    box = page.locator('canvas[data-testid="digit-pad"]').bounding_box()
    x, y = box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3
    page.mouse.move(x, y)
    page.mouse.down()
    wait_until_idle(page, at_least=1)
    first = updates(page)
    tensors_after_first = page.evaluate("tf.memory().numTensors")
    for step in range(100):
        # A zig-zag: every move is one more update of the prediction and every feature map.
        page.mouse.move(x + (step % 10) * 8, y + (step // 10) * 8)
        wait_until_idle(page, at_least=first + step + 1)
    page.mouse.up()
    wait_until_idle(page)
    assert updates(page) >= first + 100
    assert page.evaluate("tf.memory().numTensors") == tensors_after_first


def test_finger_and_pen_draw_like_the_mouse_and_a_second_finger_is_ignored(page, site_server):
    """Real touch and pen input through Chromium's input pipeline (DevTools protocol), not synthetic DOM events."""
    open_demo(page, site_server)
    page.evaluate(
        """() => {
            window.__pointerTypes = new Set();
            const pad = document.querySelector('canvas[data-testid="digit-pad"]');
            pad.addEventListener("pointerdown", (event) => window.__pointerTypes.add(event.pointerType));
        }"""
    )
    box = page.locator('canvas[data-testid="digit-pad"]').bounding_box()

    def screen(x, y):
        return {"x": box["x"] + x * box["width"] / 280, "y": box["y"] + y * box["height"] / 280}

    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 2})

    # A finger draws the stem of a 7 while a second finger lands on the pad and moves elsewhere.
    finger = [(70, 50), (140, 50), (210, 50), (165, 150), (120, 245)]
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{**screen(*finger[0]), "id": 0}]})
    for step, point in enumerate(finger[1:]):
        points = [{**screen(*point), "id": 0}]
        if step >= 1:  # the second finger arrives mid-stroke and wanders off
            points.append({**screen(30 + 10 * step, 260), "id": 1})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": points})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    wait_until_idle(page, at_least=1)
    touched = demo_state(page)
    assert len(touched["strokes"]) == 1, "the second finger started or joined a stroke"
    assert all(y < 250 for _, y in touched["strokes"][0]), "the second finger's path leaked into the stroke"

    clear(page)
    # Clicking Clear may have scrolled the page: find the pad again, where a reader would see it.
    pad = page.locator('canvas[data-testid="digit-pad"]')
    pad.evaluate("pad => pad.scrollIntoView({block: 'center'})")
    box = pad.bounding_box()
    # The same 7 with a pen: its tip is the primary button, as with the mouse.
    pen = [("mousePressed", finger[0]), *(("mouseMoved", p) for p in finger[1:]), ("mouseReleased", finger[-1])]
    for kind, (x, y) in pen:
        buttons = 0 if kind == "mouseReleased" else 1
        cdp.send(
            "Input.dispatchMouseEvent",
            {"type": kind, **screen(x, y), "button": "left", "buttons": buttons, "clickCount": 1, "pointerType": "pen"},
        )
    wait_until_idle(page, at_least=1)
    penned = demo_state(page)
    assert page.evaluate("[...window.__pointerTypes].sort()") == ["pen", "touch"]
    for state in (touched, penned):
        assert len(state["strokes"]) == 1 and len(state["strokes"][0]) >= len(finger)
        assert state["prediction"] == "7"
        reference = preprocess_strokes(state["strokes"])
        assert np.abs(np.asarray(state["input"]).reshape(28, 28) - reference).max() <= 1e-5


def test_a_single_tap_is_a_dot_preprocessed_as_in_python(page, site_server):
    open_demo(page, site_server)
    box = page.locator('canvas[data-testid="digit-pad"]').bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.2)
    wait_until_idle(page, at_least=1)
    state = demo_state(page)
    assert [len(stroke) for stroke in state["strokes"]] == [1]
    image = np.asarray(state["input"]).reshape(28, 28)
    np.testing.assert_allclose(image, preprocess_strokes(state["strokes"]), atol=1e-5)
    # Moved to the middle, whatever corner it was tapped in.
    rows, cols = np.nonzero(image)
    assert rows.min() > 8 and rows.max() < 19 and cols.min() > 8 and cols.max() < 19
    # A dot is no digit: the model's softmax would still share out 100%, so nothing is predicted yet.
    demo = page.locator(DEMO)
    assert demo.get_attribute("data-prediction") is None
    assert "Not enough ink" in demo.locator(".tfv-digit__prediction").inner_text()
    assert demo.locator(".tfv-digit__bar-value").all_inner_texts() == ["–"] * 10
    draw(page, DIGITS[7])
    wait_until_idle(page, at_least=2)
    assert demo.get_attribute("data-prediction") == "7"
    assert "not how digit-like" in demo.locator(".tfv-digit__bars-note").inner_text()


def test_tabbing_through_the_layers_chooses_nothing_and_enter_chooses(page, site_server):
    """Focus alone does not select: a keyboard reader can Tab past the layer lists to any layer and pick there."""
    open_demo(page, site_server)
    draw(page, DIGITS[4])
    wait_until_idle(page, at_least=1)
    details = page.locator(".tfv-digit__details")
    chosen = details.get_by_role("heading").inner_text()
    lists = page.locator(".tfv-digit__maps")
    lists.first.locator("canvas").first.focus()
    for _ in range(lists.count()):
        page.keyboard.press("Tab")
    assert details.get_by_role("heading").inner_text() == chosen  # still the first layer's first map
    assert page.locator('.tfv-digit__map[aria-selected="true"]').count() == 1

    last_list = lists.nth(lists.count() - 1)
    last_list.locator("canvas").first.focus()
    page.keyboard.press("End")
    name = last_list.locator("canvas").first.get_attribute("data-layer")
    maps = last_list.locator("canvas").count()
    assert details.get_by_role("heading").inner_text() == f"{name}, map {maps}"
    page.keyboard.press("Home")
    page.keyboard.press("Enter")
    assert details.get_by_role("heading").inner_text() == f"{name}, map 1"
    # The explanation of a value of that layer, checked against TF.js as for the mouse.
    arithmetic = page.locator('[data-testid="digit-arithmetic"]')
    assert float(arithmetic.get_attribute("data-computed")) == pytest.approx(
        float(arithmetic.get_attribute("data-shown")), abs=1e-4
    )
