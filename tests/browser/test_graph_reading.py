"""Reading a real graph in the viewer, as a reader does on a desktop and on a phone.

Every shipped graph opens where each op label is legible (at least 12 CSS px on a 1280×800 desktop, 11 on a
390×844 phone: font size times the drawing's scale on screen), on a canvas as wide as the demo and no taller than
its drawing; after Run to end the answer is on screen, in the output's own box, and named in the step line. Keys act
on the graph once a click gave it focus and never reach the theme's page shortcuts; bad input is explained under its
field and stops the run; two fingers zoom and one finger scrolls the page; search reaches an op inside a collapsed
scope; a selected op traces what feeds it, with its details beside the graph; full-window mode ends with Escape; and
the drawing downloads as an SVG file.
"""

import json
import re
import xml.etree.ElementTree as ElementTree

import numpy as np
import pytest
from graph_viewer import BACKGROUND, PAGES, TRANSFORM, exported, open_graph, page_address, run_to_end, selector
from phone import PHONE, phone_page
from test_accessibility import axe_violations, check_scheme, report, use_scheme

from tfvisual.local_site import REACH_NEXT_DEMO

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": ({"viewport": {"width": 1280, "height": 800}}, 12), "phone": (PHONE, 11)}

# What a reader sees of one viewer: the canvas and demo sizes, the drawing's size on screen, the smallest op label
# (CSS px), and which op boxes are wholly on the canvas.
READING = """(s) => {
    const root = document.querySelector(s);
    const svg = root.querySelector('.tfv-graph__svg');
    const canvas = svg.getBoundingClientRect();
    const demo = root.querySelector('.tfv-graph').getBoundingClientRect();
    const drawing = svg.querySelector('g').getBoundingClientRect();
    const nodes = [...svg.querySelectorAll('.tfv-graph__node')];
    const inside = (r) => r.left >= canvas.left - 0.5 && r.right <= canvas.right + 0.5
        && r.top >= canvas.top - 0.5 && r.bottom <= canvas.bottom + 0.5;
    const sizes = nodes.flatMap((n) => [...n.querySelectorAll('tspan')]
        .map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a));
    return {
        canvas: [canvas.width, canvas.height], demo: [demo.width, demo.height],
        drawing: [drawing.width, drawing.height], smallest: Math.min(...sizes), boxes: nodes.length,
        seen: nodes.filter((n) => inside(n.getBoundingClientRect())).map((n) => n.dataset.id),
    };
}"""

ALL_IDLE = f"""() => {{ {REACH_NEXT_DEMO}
    return [...document.querySelectorAll('[data-demo="graph"]')].every((d) => d.dataset.busy === 'false'
    && !d.querySelector('button:disabled[aria-keyshortcuts=R]')); }}"""


def producer(data: dict, tensor: str) -> str:
    return next(op["name"] for op in data["ops"] if any(o["name"] == tensor for o in op["outputs"]))


def numbers_in(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", text)]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_graph_opens_legible_and_shows_its_answer_after_run_to_end(browser, site_server, page_problems, viewport):
    options, legible = VIEWPORTS[viewport]
    context = browser.new_context(**options)
    try:
        page = page_problems.watch(context.new_page())
        for path in sorted(set(PAGES.values())):
            page.goto(f"{site_server}{path}?backend=cpu")
            page.wait_for_function(ALL_IDLE, timeout=60_000)
            for name in [n for n, p in PAGES.items() if p == path]:
                demo = page.locator(selector(name))
                demo.locator(".tfv-graph__canvas").scroll_into_view_if_needed()
                seen = page.evaluate(READING, selector(name))
                print(
                    f"{viewport} {name}: labels >= {seen['smallest']:.1f} px, {len(seen['seen'])} of {seen['boxes']} "
                    f"boxes on screen, canvas {seen['canvas'][0]:.0f}x{seen['canvas'][1]:.0f} in a demo "
                    f"{seen['demo'][0]:.0f}x{seen['demo'][1]:.0f}"
                )
                assert seen["smallest"] >= legible, f"{name}: an op label is {seen['smallest']:.1f} CSS px"
                assert len(seen["seen"]) >= min(3, seen["boxes"]), f"{name}: only {seen['seen']} on screen"
                assert seen["canvas"][0] >= seen["demo"][0] - 2, f"{name}: the graph does not have the demo's width"
                # No blank band: the canvas is no taller than the drawing (and its margins) at the opening scale.
                assert seen["canvas"][1] <= seen["drawing"][1] + 48, f"{name}: canvas {seen['canvas']}, {seen}"
                # Fit keeps the labels legible.
                demo.get_by_role("button", name="Fit").click()
                assert page.evaluate(READING, selector(name))["smallest"] >= legible

                data = exported(name)
                values = run_to_end(demo)
                after = page.evaluate(READING, selector(name))
                line = demo.locator(".tfv-graph__step").inner_text()
                # Every output's value is in its box and in the step line, and its box on screen: all of them on a
                # desktop, the first on a phone where they are too far apart to be legible together.
                for index, tensor in enumerate(data["outputs"]):
                    box = producer(data, tensor)
                    if viewport == "desktop" or index == 0:
                        assert box in after["seen"], f"{name}: the output {box} is off screen after Run to end"
                    text = demo.locator(f'.tfv-graph__node[data-id="{box}"] .tfv-graph__result').text_content()
                    expected = np.ravel(values[tensor]).astype(float)
                    np.testing.assert_allclose(expected, np.ravel(data["values"][tensor]), atol=1e-5)
                    shown = numbers_in(text)
                    if text.startswith("="):  # every number
                        np.testing.assert_allclose(shown, expected, rtol=5e-3, atol=1e-6)
                    else:  # its shape, then its range
                        assert shown[: np.ndim(values[tensor])] == list(np.shape(values[tensor])), text
                        np.testing.assert_allclose(shown[-2:], [expected.min(), expected.max()], rtol=5e-3)
                    assert f"{tensor} = " in line, line
                assert "Result:" in line
    finally:
        context.close()
    assert page_problems.problems == []


def test_a_click_on_the_drawing_gives_it_the_keys_and_n_steps_without_leaving_the_page(page, site_server):
    demo = open_graph(page, site_server, "scaled-sum")
    name = selector("scaled-sum")
    total = sum(len(run["ops"]) for run in exported("scaled-sum")["runs"])
    address = page_address(page)
    point = page.evaluate(BACKGROUND, [name, True])
    page.mouse.click(point["x"], point["y"])
    assert page.evaluate("document.activeElement.classList.contains('tfv-graph__svg')")
    canvas = f"{name} .tfv-graph__canvas"
    outline = page.evaluate("(s) => getComputedStyle(document.querySelector(s)).outlineStyle", canvas)
    assert outline != "none", "focus on the drawing is not visible"
    for expected in (1, 2):
        page.keyboard.press("n")
        assert demo.get_attribute("data-step") == str(expected)
    page.keyboard.press("b")
    assert demo.get_attribute("data-step") == "1"
    page.keyboard.press("e")
    assert demo.get_attribute("data-step") == str(total)
    for key in ("n", "p", ".", ","):  # Material's next and previous page
        page.keyboard.press(key)
    page.keyboard.press("r")
    assert demo.get_attribute("data-step") == "0"
    page.keyboard.press("/")  # the theme's search key finds ops here
    assert page.evaluate("document.activeElement.dataset.testid") == "graph-find"
    assert page_address(page) == address
    # The placeholders stand left to right in the order of the function's arguments, as the fields list them.
    inputs = [spec["name"].rpartition(":")[0] for spec in exported("scaled-sum")["inputs"]]
    lefts = [demo.locator(f'.tfv-graph__node[data-id="{op}"]').bounding_box()["x"] for op in inputs]
    assert lefts == sorted(lefts), f"{inputs} drawn at x = {lefts}"


DENSE_FIELD = "x:0"
EXPECTED = "shape [?, 2]: a list of rows of 2 numbers (any number of rows), such as [[1, 2], [3, 4]]"


def test_bad_input_is_explained_under_its_field_and_stops_the_run(page, site_server):
    demo = open_graph(page, site_server, "dense")
    data = exported("dense")
    field = demo.get_by_test_id(f"graph-input-{DENSE_FIELD}")
    message = demo.get_by_test_id(f"graph-message-{DENSE_FIELD}")
    assert field.get_attribute("aria-describedby") == message.get_attribute("id")
    run_to_end(demo)
    for text, problem in (
        ("abc", "Not a list of numbers"),
        ("[1,2]", "Shape [2] does not fit"),
        ("[[1,2,3]]", "Shape [1, 3] does not fit"),
        ("[[1,2],[3]]", "its rows differ in length"),
        ('[[1,"2"]]', '"2" is not a number'),
        ("[[1, NaN]]", "NaN and Infinity are refused"),
        ("", "Empty"),
    ):
        field.fill(text)
        said = message.inner_text()
        assert problem in said and EXPECTED in said, said
        assert field.get_attribute("aria-invalid") == "true"
        assert demo.get_by_role("button", name="Next").is_disabled()
        assert demo.get_by_role("button", name="Run to end").is_disabled()
        assert DENSE_FIELD in demo.get_by_test_id("graph-error").inner_text()
        # Nothing drawn belongs to values the field does not show.
        assert (demo.get_attribute("data-step"), demo.get_attribute("data-values")) == ("0", "{}")
    x = [[1e-3, 2.0], [-1.0, 0.5]]
    field.fill("[[1e-3, 2], [-1, 0.5]]")
    assert message.inner_text() == "" and field.get_attribute("aria-invalid") is None
    values = run_to_end(demo)
    weights = {v["name"]: np.asarray(v["value"]) for v in data["variables"]}
    expected = np.maximum(np.asarray(x) @ weights["W"] + weights["b"], 0)
    np.testing.assert_allclose(values[data["outputs"][0]], expected, atol=1e-5)


def test_a_tf1_graph_says_why_it_steps_fewer_ops_than_it_traced(page, site_server):
    demo = open_graph(page, site_server, "dense-tf1")
    data = exported("dense-tf1")
    intro = demo.locator(".tfv-graph__intro").inner_text()
    stepped = {op for run in data["runs"] for op in run["ops"]}
    assert f"{len(data['ops'])} ops traced" in intro
    for run in data["runs"]:
        assert f"{run['label']} runs {len(run['ops'])}" in intro
    assert f"the other {len(data['ops']) - len(stepped)} " in intro and "neither run needs them" in intro
    total = sum(len(run["ops"]) for run in data["runs"])
    assert demo.locator(".tfv-graph__step").inner_text().startswith(f"0 of {total} ops run")


def test_an_empty_list_is_accepted_for_a_shape_of_unknown_length(page, site_server):
    from tfvisual.graphs import examples

    demo = open_graph(page, site_server, "autograph")
    field = demo.get_by_test_id("graph-input-x:0")
    field.fill("[]")
    assert demo.get_by_test_id("graph-message-x:0").inner_text() == ""
    values = run_to_end(demo)
    expected = examples.weighted_total(np.zeros(0, np.float32)).numpy()
    np.testing.assert_allclose(values["Identity:0"], expected, atol=1e-6)


def test_on_a_phone_two_fingers_zoom_the_drawing_and_one_finger_scrolls_the_page(browser, site_server, page_problems):
    with phone_page(browser, page_problems) as (context, page):
        open_graph(page, site_server, "training-step")
        name = selector("training-step")
        page.evaluate("(s) => document.querySelector(s + ' svg').scrollIntoView({block: 'center'})", name)
        cdp = context.new_cdp_session(page)

        def touch(kind, points):
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

        left, right = page.evaluate(BACKGROUND, [name, True]), page.evaluate(BACKGROUND, [name, False])
        y, middle = (left["y"] + right["y"]) / 2, (left["x"] + right["x"]) / 2
        gap = min(160, right["x"] - left["x"] - 20)
        before = page.evaluate(TRANSFORM, name)
        fingers = lambda g: [{"x": middle - g / 2, "y": y, "id": 0}, {"x": middle + g / 2, "y": y, "id": 1}]  # noqa: E731
        touch("touchStart", fingers(gap / 2))
        for i in range(1, 6):
            touch("touchMove", fingers(gap / 2 + gap / 2 * i / 5))
        touch("touchEnd", [])
        spread = page.evaluate(TRANSFORM, name)
        assert spread["k"] > before["k"] * 1.3, f"pinch out: {before['k']} -> {spread['k']}"
        assert (spread["scrollY"], spread["zoom"]) == (before["scrollY"], 1), "the page moved or zoomed"

        # One finger up the drawing scrolls the page, as it does anywhere else; the drawing stays as it was.
        touch("touchStart", [{"x": middle, "y": y + 100, "id": 0}])
        for i in range(1, 11):
            touch("touchMove", [{"x": middle, "y": y + 100 - 20 * i, "id": 0}])
        touch("touchEnd", [])
        page.wait_for_function("(y) => window.scrollY > y + 50", arg=spread["scrollY"], timeout=5_000)
        swiped = page.evaluate(TRANSFORM, name)
        assert (swiped["x"], swiped["y"], swiped["k"]) == (spread["x"], spread["y"], spread["k"])


def test_search_reaches_an_op_inside_a_collapsed_scope_and_in_the_bookkeeping(page, site_server):
    demo = open_graph(page, site_server, "training-step")
    find = demo.get_by_test_id("graph-find")
    find.fill("relugrad")
    assert f"1 of {len(exported('training-step')['ops'])} ops match" in demo.locator(".tfv-graph__found").inner_text()
    scope = demo.locator('.tfv-graph__node[data-id="scope:gradient_tape"]')
    assert "is-match" in scope.get_attribute("class")
    find.press("Enter")
    found = demo.locator('.tfv-graph__node[data-id="gradient_tape/ReluGrad"]')
    assert "is-selected" in found.get_attribute("class")
    assert "gradient_tape/ReluGrad" in page.evaluate(READING, selector("training-step"))["seen"]
    assert "ReluGrad: gradient_tape/ReluGrad" in demo.locator(".tfv-graph__panel").inner_text()
    assert page.evaluate("document.activeElement.dataset.testid") == "graph-find"  # Enter again goes to the next
    find.fill("noop")
    find.press("Enter")
    assert demo.get_by_label("Show bookkeeping (NoOp, Identity, control edges)").is_checked()
    assert "is-selected" in demo.locator('.tfv-graph__node[data-id="NoOp"]').get_attribute("class")
    find.press("Escape")
    assert find.input_value() == "" and demo.locator(".tfv-graph__node.is-match").count() == 0


def test_a_selected_op_traces_what_feeds_it_with_its_details_beside_the_graph(page, site_server):
    demo = open_graph(page, site_server, "dense")
    details = demo.locator(".tfv-graph__details")
    assert details.is_hidden()
    demo.locator('.tfv-graph__node[data-id="add"]').click()
    classes = lambda op: demo.locator(f'.tfv-graph__node[data-id="{op}"]').get_attribute("class")  # noqa: E731
    assert "is-upstream" in classes("x") and "is-upstream" in classes("MatMul")
    assert "is-downstream" in classes("Relu") and "is-downstream" in classes("Identity")
    assert "is-upstream" not in classes("Relu")
    canvas, beside = demo.locator(".tfv-graph__canvas").bounding_box(), details.bounding_box()
    assert beside["x"] >= canvas["x"] + canvas["width"] and abs(beside["y"] - canvas["y"]) < 2
    demo.get_by_role("button", name="Close the details").click()
    assert details.is_hidden() and demo.locator(".tfv-graph__node.is-upstream").count() == 0
    assert demo.locator(".tfv-graph__canvas").bounding_box()["width"] > canvas["width"] + 100


def test_full_window_mode_fills_the_window_and_escape_leaves_it(page, site_server):
    demo = open_graph(page, site_server, "training-step")
    canvas = demo.locator(".tfv-graph__canvas")
    before = canvas.bounding_box()
    demo.get_by_role("button", name="Full window").click()
    scrolled = page.evaluate("window.scrollY")  # where the click left the page (Playwright scrolls to click)
    window = page.viewport_size
    root = demo.locator(".tfv-graph").bounding_box()
    assert (root["x"], root["y"], root["width"], root["height"]) == (0, 0, window["width"], window["height"])
    full = canvas.bounding_box()
    assert full["width"] * full["height"] > 1.3 * before["width"] * before["height"]
    assert page.evaluate("getComputedStyle(document.documentElement).overflow") == "hidden"
    assert page.evaluate("document.activeElement.classList.contains('tfv-graph__svg')")
    # Tab goes round the viewer's own controls (and out to the browser's, past the last): the page under it is out of
    # reach.
    inside = (
        "(s) => document.querySelector(s).contains(document.activeElement) || document.activeElement === document.body"
    )
    for _ in range(40):
        page.keyboard.press("Tab")
        assert page.evaluate(inside, selector("training-step")), page.evaluate("document.activeElement.outerHTML")
    page.keyboard.press("Escape")
    assert canvas.bounding_box()["height"] == pytest.approx(before["height"])
    assert page.evaluate("window.scrollY") == scrolled  # the reader is where they were
    assert demo.get_by_role("button", name="Full window").get_attribute("aria-pressed") == "false"
    page.keyboard.press("f")  # and the key, from the drawing
    assert demo.locator(".tfv-graph.is-full-window").count() == 1
    page.keyboard.press("f")
    assert demo.locator(".tfv-graph.is-full-window").count() == 0


def test_the_drawing_downloads_as_a_standalone_svg(page, site_server):
    demo = open_graph(page, site_server, "scaled-sum")
    run_to_end(demo)
    with page.expect_download() as download:
        demo.get_by_role("button", name="Download SVG").click()
    assert download.value.suggested_filename == "scaled-sum.svg"
    svg = ElementTree.parse(download.value.path()).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and float(svg.get("width")) > 100
    text = " ".join(svg.itertext())
    for op in exported("scaled-sum")["ops"]:
        assert op["type"] in text
    answer = exported("scaled-sum")["values"]["Identity:0"]
    assert f"= {answer:g}" in text  # the answer travels with it
    assert "fill:" in svg.find("{http://www.w3.org/2000/svg}g").get("style")  # styles inlined, no stylesheet needed


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_viewer_being_read_passes_axe(page, site_server, scheme):
    use_scheme(page, scheme)
    demo = open_graph(page, site_server, "training-step")
    check_scheme(page, scheme)
    demo.get_by_test_id("graph-find").fill("mul")
    demo.get_by_test_id("graph-find").press("Enter")  # selected, traced, details open
    demo.get_by_test_id("graph-input-x:0").fill("[[1, 2]")  # a message under the field
    found = axe_violations(page, f"/graphs/training-step/ being read ({scheme})")
    demo.get_by_role("button", name="Full window").click()
    found += axe_violations(page, f"/graphs/training-step/ in full window ({scheme})")
    assert not found, report(found)
    assert json.loads(demo.get_attribute("data-values")) == {}
