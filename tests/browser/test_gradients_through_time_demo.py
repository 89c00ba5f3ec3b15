"""The "Gradients through time" demo in Chromium: driven by the keyboard, its chart has a bar per input step; bad
values get a message and leave the chart alone; TF.js' gradient norms equal tf.GradientTape's in Python for the
same weights and inputs (src/tfvisual/gradients_through_time.py) on the CPU backends, with the recurrent kernel
scaled too; a larger LSTM forget-gate bias keeps more gradient far back, and a larger recurrent weight scale makes
the SimpleRNN's gradient explode, as in Python; and repeated computations leak no tensor.

Underflow, honestly: both sides take the norm of the float32 gradient in float64, so a norm is 0 only where the
gradient itself is. TensorFlow in Python flushes float32 numbers below 1.2e-38 (subnormals) to zero as it computes;
TF.js' CPU backends keep them down to 1.4e-45 and reach an exact 0 later. Norms are compared where both sides are at
least COMPARED_FROM (far above where flushing changes a result); below it, a 0 on either side must face a value
below it.

Explosion, honestly: where ‖∂loss/∂x_{T−k}‖ is large, the loss is that sensitive to step T − k, to its rounding
errors too. At s = 3 over 100 steps the gradient grows ~10⁷-fold, so float32 rounding (~1e-7) that differs between
TF.js and TensorFlow (or TensorFlow with and without its oneDNN kernels, which it uses on some CPUs only) grows to
differences of order 1 in the forward pass: the two sides agree that it explodes, not on the digits, nor always
on the order of magnitude. Digits are compared where the growth stays moderate (T = 15 at s = 3), where differences
measured ~1e-5 (at T = 25, ~2e-4; at T = 100, 1). At T = 100 each side's ratio must land where the page's float64
measurement puts it when every input moves by one float32 rounding step (its rounding_spread), give or take a
factor of 10 for float32's rounding at every step.
"""

import json
from functools import cache

import numpy as np
import pytest
from test_accessibility import axe_violations, check_scheme, report, use_scheme

from tfvisual.local_site import wait_for_demo_idle
from tfvisual.paths import RESULTS_DIR

pytestmark = pytest.mark.browser

DEMO = '[data-demo="gradients-through-time"]'
PAGE = "rnn/backpropagation-through-time/"
COMPARED_FROM = 1e-15
RELATIVE_TOLERANCE = 5e-5  # float32 through 200 steps forward and back: measured up to ~1e-5
# Each cell at a short and the longest length, the LSTM with forget-gate bias 0, 1 (Keras' default) and 5, and
# recurrent kernels scaled (the last number): the SimpleRNN's gradient growing at s = 3, shrinking at s = 0.5.
PARITY_SETTINGS = [
    ("simple_rnn", 25, None, 1),
    ("simple_rnn", 200, None, 1),
    ("gru", 25, None, 1),
    ("gru", 200, None, 1),
    ("lstm", 25, 1, 1),
    ("lstm", 200, 0, 1),
    ("lstm", 200, 1, 1),
    ("lstm", 200, 5, 1),
    ("simple_rnn", 15, None, 3),
    ("simple_rnn", 25, None, 0.5),
    ("lstm", 50, 1, 1.5),
]
# WebGL here is SwiftShader (a GPU emulated on the CPU, ~1 s per 200-step gradient): fewer settings, two of them
# with underflow (WebGL, like TensorFlow, flushes denormals to zero; the report shows where each side reaches 0).
WEBGL_SETTINGS = [("simple_rnn", 200, None, 1), ("lstm", 25, 1, 1), ("lstm", 200, 0, 1), ("simple_rnn", 15, None, 3)]
CELL_KEYS = {"simple_rnn": "s", "gru": "g", "lstm": "l"}  # a focused <select> jumps to the option typed


@cache
def python_norms(kind: str, steps: int, forget_bias: float | None, scale: float = 1) -> np.ndarray:
    """tf.GradientTape's norms for the same cell, weights (recurrent kernel × scale) and inputs."""
    from tfvisual.gradients_through_time import build_layer, gradient_norms, inputs

    layer = build_layer(kind, None if forget_bias is None else float(forget_bias), recurrent_scale=float(scale))
    return np.asarray(gradient_norms(layer, inputs(steps)))


@cache
def saved_result() -> dict:
    """What the page quotes (scripts/results/gradients-through-time.json)."""
    return json.loads((RESULTS_DIR / "gradients-through-time.json").read_text())


def open_demo(page, site_server, backend: str = "cpu"):
    page.goto(f"{site_server}{PAGE}?backend={backend}")
    wait_for_demo_idle(page, DEMO, 1, timeout=120_000)
    demo = page.locator(DEMO)
    demo.scroll_into_view_if_needed()
    return demo


def updates(demo) -> int:
    return int(demo.get_attribute("data-updates"))


def last(page) -> dict:
    return page.evaluate("(s) => document.querySelector(s).gradientsThroughTime.last()", DEMO)


def bar_count(demo) -> int:
    return demo.locator('[data-testid="bars"] rect').count()


def choose_cell(page, demo, kind: str) -> None:
    """Focus the Cell menu and type the option's first letter, as a keyboard user does."""
    count = updates(demo)
    demo.get_by_label("Cell").focus()
    page.keyboard.press(CELL_KEYS[kind])
    assert demo.get_by_label("Cell").input_value() == kind
    wait_for_demo_idle(page, DEMO, count + 1, timeout=120_000)


def type_into(page, field, text: str) -> None:
    field.focus()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text) if text else page.keyboard.press("Delete")
    page.keyboard.press("Enter")


def compute(page, demo, kind: str, steps: int, forget_bias: float | None = None, scale: float = 1) -> dict:
    """Set the demo to one setting by keyboard and wait for its chart."""
    if demo.get_by_label("Cell").input_value() != kind:
        choose_cell(page, demo, kind)
    fields = [("steps", steps)] if forget_bias is None else [("forget-bias", forget_bias), ("steps", steps)]
    if demo.get_by_test_id("recurrent-scale").input_value() != str(scale):
        fields.insert(0, ("recurrent-scale", scale))
    for field, value in fields:
        count = updates(demo)
        type_into(page, demo.get_by_test_id(field), str(value))
        wait_for_demo_idle(page, DEMO, count + 1, timeout=120_000)
    result = last(page)
    assert (result["kind"], result["steps"], result["forgetBias"], result["recurrentScale"]) == (
        kind,
        steps,
        forget_bias,
        scale,
    )
    return result


def test_the_keyboard_changes_cell_length_and_bias_and_the_chart_follows(page, site_server):
    demo = open_demo(page, site_server)
    assert bar_count(demo) == last(page)["steps"]

    choose_cell(page, demo, "gru")
    assert last(page)["kind"] == "gru"
    assert demo.get_by_test_id("forget-bias").is_disabled()
    assert "Only an LSTM has a forget gate" in demo.get_by_test_id("bias-note").inner_text()

    # Tab from the menu to the length field, type a new T: one bar (and one table row) per input step.
    count = updates(demo)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.testid") == "steps"
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("37")
    page.keyboard.press("Enter")
    wait_for_demo_idle(page, DEMO, count + 1, timeout=60_000)
    assert last(page)["steps"] == 37 and len(last(page)["norms"]) == 37
    assert bar_count(demo) == 37
    assert demo.locator(".gtt-table tbody tr").count() == 37
    assert "GRU, T = 37" in demo.get_by_test_id("summary").inner_text()
    # The disabled bias field is skipped: Tab goes on to the recurrent weight scale, then the Compute button.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.testid") == "recurrent-scale"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.testid") == "compute"

    choose_cell(page, demo, "lstm")
    assert demo.get_by_test_id("forget-bias").is_enabled()
    count = updates(demo)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.testid") == "forget-bias"
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("3")  # no Enter: a pause in typing starts the computation too
    wait_for_demo_idle(page, DEMO, count + 1, timeout=60_000)
    result = last(page)
    assert (result["kind"], result["steps"], result["forgetBias"]) == ("lstm", 37, 3)
    assert "LSTM with forget-gate bias 3, T = 37" in demo.get_by_test_id("summary").inner_text()
    # The chart's bars are the norms, in order: the tallest bar is the largest norm.
    bars = demo.locator('[data-testid="bars"] rect')
    heights = bars.evaluate_all("(bars) => bars.map((bar) => bar.height.baseVal.value)")
    assert int(np.argmax(heights)) == int(np.argmax(result["norms"]))

    # The Compute button recomputes the same setting (Space on the focused button).
    count = updates(demo)
    demo.get_by_test_id("compute").focus()
    page.keyboard.press("Space")
    wait_for_demo_idle(page, DEMO, count + 1, timeout=60_000)
    assert last(page)["norms"] == result["norms"]


BAD_STEPS = {
    "": "Enter a sequence length T",
    "abc": "“abc” is not a number",
    "1": "T = 1 is out of range",
    "201": "T = 201 is out of range",
    "2.5": "must be a whole number from 2 to 200",
    "0x10": "“0x10” is not a number",
}
BAD_BIASES = {
    "": "Enter a forget-gate bias",
    "open": "“open” is not a number",
    "11": "A forget-gate bias of 11 is out of range",
    "-6": "A forget-gate bias of -6 is out of range",
}
BAD_SCALES = {
    "": "Enter a recurrent weight scale",
    "big": "“big” is not a number",
    "0": "A scale of 0 is out of range",
    "5": "A scale of 5 is out of range",
    "-1": "A scale of -1 is out of range",
}


def test_bad_values_get_a_message_and_leave_the_chart(page, site_server):
    demo = open_demo(page, site_server)
    choose_cell(page, demo, "lstm")
    chart_before = demo.get_by_test_id("chart").inner_html()
    count = updates(demo)
    message = demo.get_by_test_id("message")
    for field, cases in [("steps", BAD_STEPS), ("forget-bias", BAD_BIASES), ("recurrent-scale", BAD_SCALES)]:
        for text, expected in cases.items():
            type_into(page, demo.get_by_test_id(field), text)
            page.wait_for_timeout(600)  # past the pause after typing that would start a computation
            assert expected in message.inner_text(), (field, text)
            assert "The chart shows the last valid setting" in message.inner_text()
            assert message.get_attribute("role") == "alert"
            assert demo.get_by_test_id(field).get_attribute("aria-invalid") == "true"
            assert updates(demo) == count, f"{field} = {text!r} started a computation"
            assert demo.get_by_test_id("chart").inner_html() == chart_before
        type_into(page, demo.get_by_test_id(field), {"forget-bias": "2", "recurrent-scale": "1.5"}.get(field, "100"))
        wait_for_demo_idle(page, DEMO, count + 1, timeout=60_000)
        count = updates(demo)
        assert message.inner_text() == ""
        assert demo.get_by_test_id(field).get_attribute("aria-invalid") == "false"
        chart_before = demo.get_by_test_id("chart").inner_html()  # the chart of that valid value


@pytest.mark.parametrize("backend", ["cpu", "wasm", "webgl"])
def test_the_browser_gradients_equal_python(page, site_server, backend, record_property):
    demo = open_demo(page, site_server, backend)
    lines = []
    for kind, steps, bias, scale in WEBGL_SETTINGS if backend == "webgl" else PARITY_SETTINGS:
        browser = np.asarray(compute(page, demo, kind, steps, bias, scale)["norms"])
        python = python_norms(kind, steps, bias, scale)
        assert last(page)["backend"] == backend
        compared = (browser >= COMPARED_FROM) & (python >= COMPARED_FROM)
        assert compared[0] and compared.sum() >= min(steps, 60), "too few steps above the threshold to compare"
        relative = np.abs(browser - python)[compared] / python[compared]
        worst = float(relative.max())
        # Below the threshold the two may round to 0 at different k (flush-to-zero in Python only), but never
        # does one side give 0 where the other has a norm worth comparing.
        assert np.all(python[browser == 0] < COMPARED_FROM) and np.all(browser[python == 0] < COMPARED_FROM)
        first_zero = [int(np.argmax(side == 0)) if (side == 0).any() else None for side in (browser, python)]
        name = f"{kind}_T{steps}" + ("" if bias is None else f"_bias{bias}") + ("" if scale == 1 else f"_scale{scale}")
        record_property(f"max_relative_difference_{name}_{backend}", worst)
        lines.append(
            f"{name:28} {compared.sum():3}/{steps} steps compared, max relative difference {worst:.1e}, "
            f"exactly 0 from k = {first_zero[0]} (browser) / {first_zero[1]} (Python)"
        )
        assert worst <= RELATIVE_TOLERANCE, lines[-1]
    print(f"\n{backend}, norms >= {COMPARED_FROM:g} on both sides:\n" + "\n".join(lines))


def test_a_larger_forget_bias_keeps_more_gradient_far_back_as_in_python(page, site_server):
    demo = open_demo(page, site_server)
    steps, biases = 100, [0, 1, 5]
    far_browser = [compute(page, demo, "lstm", steps, bias)["norms"][-1] for bias in biases]
    far_python = [float(python_norms("lstm", steps, bias)[-1]) for bias in biases]
    # The direction Python measures (the more the forget gate keeps, the more gradient reaches the first input)
    # is the direction the browser shows.
    assert np.array_equal(np.argsort(far_browser), np.argsort(far_python))
    assert far_python == sorted(far_python) and len(set(far_python)) == len(biases)
    assert far_browser == sorted(far_browser) and len(set(far_browser)) == len(biases)


def test_a_larger_recurrent_weight_scale_makes_the_gradient_explode_as_in_python(page, site_server):
    demo = open_demo(page, site_server)
    steps = 100
    ratios = {}
    for scale in (1, 3):
        norms = np.asarray(compute(page, demo, "simple_rnn", steps, None, scale)["norms"])
        python = python_norms("simple_rnn", steps, None, scale)
        ratios[scale] = (norms[-1] / norms[0], python[-1] / python[0])
    # s = 1 vanishes and s = 3 explodes on both sides, as far as float32's rounding lets the page's float64
    # measurement move (the digits of an exploding gradient differ: see the module's docstring).
    spread = saved_result()["exploding"]["page_inputs"]["scale_3"]["rounding_spread"]
    assert ratios[1][0] < 1e-12 and ratios[1][1] < 1e-12
    for ratio in ratios[3]:
        assert spread["ratio_min"] / 10 < ratio < spread["ratio_max"] * 10 and ratio > 1e5
    summary = demo.get_by_test_id("summary").inner_text()
    assert "SimpleRNN, recurrent kernel × 3, T = 100" in summary
    k_max = int(np.argmax(last(page)["norms"]))
    assert k_max > 50 and f"is at k = {k_max}." in summary
    # The tallest bar is far back, not at the last input.
    heights = demo.locator('[data-testid="bars"] rect').evaluate_all("(b) => b.map((r) => r.height.baseVal.value)")
    assert int(np.argmax(heights)) == k_max


# Installed before the page's scripts: records, when the demo's first chart lands (data-updates turns "1"), the backend
# that computed it and the state of the backend choice in the status line ("measuring" until the race has ended).
WATCH_FIRST_CHART = """
new MutationObserver((changes, observer) => {
  const demo = document.querySelector('[data-demo="gradients-through-time"]');
  if (demo?.dataset.updates !== "1" || !demo.gradientsThroughTime) return;
  observer.disconnect();
  window.firstChart = {
    backend: demo.gradientsThroughTime.last().backend,
    state: demo.querySelector(".tfv-status")?.dataset.backendState ?? null,
  };
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-updates"] });
"""
STATUS = f"{DEMO} .tfv-status"


def first_chart(page, url: str) -> dict:
    page.goto(url)
    page.locator(DEMO).scroll_into_view_if_needed()
    page.wait_for_function("() => window.firstChart", timeout=120_000)
    return page.evaluate("window.firstChart")


def chart_on_the_chosen_backend(page) -> str:
    """Wait until the chart on screen was computed on the backend the status line names; that backend."""
    page.wait_for_function(
        """([demo, status]) => {
            const element = document.querySelector(demo);
            const chosen = document.querySelector(status)?.dataset.backend;
            return element.dataset.busy === "false" && element.gradientsThroughTime?.last()?.backend === chosen;
        }""",
        arg=[DEMO, STATUS],
        timeout=120_000,
    )
    return page.locator(STATUS).get_attribute("data-backend")


def test_the_first_chart_does_not_wait_for_the_backend_race_and_then_follows_its_choice(page, site_server):
    """No ?backend=: the runtime measures the backends once the page is quiet. The first chart must come at once on
    the backend already running (plain JavaScript), before that measurement ends; once it ends, the chart is
    computed again on the backend it chose. A returning reader (the choice remembered) gets the first chart at
    once on plain JavaScript too, then the remembered backend's."""
    page.add_init_script(WATCH_FIRST_CHART)
    first = first_chart(page, f"{site_server}{PAGE}")
    assert first["backend"] == "cpu", first
    assert first["state"] in (None, "measuring"), f"the first chart waited for the backends' race: {first}"
    demo = page.locator(DEMO)
    assert bar_count(demo) == 100

    # Left alone, the page turns quiet and the race runs; the chart then follows the backend it chose.
    page.wait_for_function(
        "(status) => document.querySelector(status)?.dataset.backendState === 'measured'",
        arg=STATUS,
        timeout=120_000,
    )
    chosen = chart_on_the_chosen_backend(page)
    assert last(page)["steps"] == 100 and bar_count(demo) == 100

    # A returning reader: the choice is remembered, and still the first chart does not wait for it.
    again = first_chart(page, f"{site_server}{PAGE}")
    assert again["backend"] == "cpu", again
    assert chart_on_the_chosen_backend(page) == chosen
    assert page.locator(STATUS).get_attribute("data-backend-state") in ("remembered", "measuring", "measured")


def test_where_the_chart_meets_the_pages_float64_figure_it_shows_both(page, site_server):
    """The SimpleRNN over the page's 100 steps at a scale the page measured: the demo's float32 ratio, the page's
    float64 ratio and how far float32-sized changes of the inputs move it, as the saved result has them."""
    demo = open_demo(page, site_server)
    reference = demo.get_by_test_id("reference")
    assert "choose one of those to compare" not in reference.inner_text()  # the default is the page's setting
    exploding = saved_result()["exploding"]["page_inputs"]
    for scale, expected in ((3, "anywhere from"), (1, "less than 1%")):
        result = compute(page, demo, "simple_rnn", 100, None, scale)
        text = reference.inner_text()
        ratio = exploding[f"scale_{scale}"]["summary"]["ratio_last_over_k0"]
        here = result["norms"][-1] / result["norms"][0]
        assert expected in text and "in float64 on the same weights and inputs" in text, text
        # The numbers as printed: two significant digits, the exponent in superscript.
        for value in (ratio, here):
            mantissa, exponent = f"{value:.1e}".split("e")
            assert f"{mantissa}·10{str(int(exponent)).translate(str.maketrans('-0123456789', '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'))}" in text
    compute(page, demo, "simple_rnn", 50, None, 3)
    assert "choose one of those to compare" in reference.inner_text()


def test_repeated_computations_leak_no_tensor(page, site_server):
    demo = open_demo(page, site_server)
    tensors = page.evaluate("tf.memory().numTensors")
    for kind, steps, bias, scale in [("gru", 30, None, 1), ("lstm", 30, 2, 2), ("simple_rnn", 30, None, 0.5)] * 4:
        compute(page, demo, kind, steps, bias, scale)
    count = updates(demo)
    for _ in range(10):
        demo.get_by_test_id("compute").click()
    wait_for_demo_idle(page, DEMO, count + 1, timeout=60_000)
    assert page.evaluate("tf.memory().numTensors") == tensors


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_after_driving_with_zeros_and_a_bad_value_the_page_passes_axe(page, site_server, scheme):
    use_scheme(page, scheme)
    demo = open_demo(page, site_server)
    check_scheme(page, scheme)
    compute(page, demo, "lstm", 200, 0)  # bars, exact zeros and the longest summary
    assert last(page)["norms"][-1] == 0
    demo.locator(".gtt-table summary").click()  # the table open
    type_into(page, demo.get_by_test_id("steps"), "abc")  # a message, a field flagged invalid
    page.wait_for_timeout(600)
    where = f"/{PAGE} after an LSTM with bias 0, the table opened and a bad T ({scheme})"
    assert not (found := axe_violations(page, where)), report(found)
