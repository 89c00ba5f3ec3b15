"""The dataflow-graph viewer in Chromium: every shipped graph, stepped by TF.js, gives TensorFlow's values (on the
preset inputs and on random inputs typed into its fields); its drawing has no overlapping ops and every edge
touches its two ops; it steps by keyboard alone, collapses and expands name scopes, fits a phone, says so in
place when it meets an op it cannot run, and leaks no tensor over 200 steps and resets."""

import json
import os

import numpy as np
import pytest
from graph_viewer import (
    BACKGROUND,
    PAGES,
    TRANSFORM,
    exported,
    open_every_scope,
    open_graph,
    page_address,
    run_to_end,
    selector,
)

pytestmark = pytest.mark.browser

TOLERANCE = 1e-5


def max_difference(expected: dict, got: dict) -> float:
    worst = 0.0
    for tensor, value in expected.items():
        assert tensor in got, f"the browser never computed {tensor}"
        a, b = np.asarray(value, dtype=float), np.asarray(got[tensor], dtype=float)
        assert a.shape == b.shape, f"{tensor}: shape {b.shape}, TensorFlow's {a.shape}"
        if a.size:
            worst = max(worst, float(np.max(np.abs(a - b))))
    return worst


@pytest.mark.parametrize("name", PAGES)
def test_stepped_values_equal_tensorflows_on_the_preset_inputs(page, site_server, name):
    demo = open_graph(page, site_server, name)
    data = exported(name)
    values = run_to_end(demo)
    assert int(demo.get_attribute("data-step")) == sum(len(run["ops"]) for run in data["runs"])
    difference = max_difference(data["values"], values)
    print(f"{name}: max abs difference {difference:.2e} over {len(data['values'])} tensors")
    assert difference <= TOLERANCE


def tensorflow_values(name: str, inputs: dict) -> dict:
    """TensorFlow's value of the graph's outputs for `inputs`, computed here by the traced Python function."""
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    import tensorflow as tf

    from tfvisual.graphs import examples

    arrays = {k: np.asarray(v, np.float32) for k, v in inputs.items()}
    if name == "dense":
        return {"Identity:0": examples.dense(arrays["x:0"]).numpy()}
    if name == "dense-tf1":
        return {"y:0": examples.run_dense_tf1(arrays["x:0"])}
    if name == "dense-tf1-ref":
        return {"y:0": examples.run_dense_tf1_reference_variables(arrays["x:0"])}
    if name == "keras-classifier":
        out = examples.classify(arrays["features:0"])
        return {"Identity:0": out["class"].numpy(), "Identity_1:0": out["probabilities"].numpy()}
    if name == "autograph":
        return {"Identity:0": examples.weighted_total(arrays["x:0"]).numpy()}
    if name in ("rnn-unrolled", "rnn-while"):
        from tfvisual.graphs import rnn_examples

        traced = rnn_examples.last_state_unrolled if name == "rnn-unrolled" else rnn_examples.last_state_while
        return {"Identity:0": traced(arrays["x:0"]).numpy()}
    if name == "scaled-sum":
        return {"Identity:0": examples.scaled_sum_graph(arrays["x:0"], arrays["w:0"]).numpy()}
    if name == "training-step":
        # On copies of the variables at their exported values, so the module's own variables stay untouched.
        data = exported(name)
        variables = {v["name"]: tf.Variable(np.asarray(v["value"], np.float32)) for v in data["variables"][:2]}
        prediction = tf.nn.relu(tf.matmul(arrays["x:0"], variables["W"]) + variables["b"])
        loss = tf.reduce_mean(tf.square(prediction - arrays["y:0"]))
        return {"Identity_2:0": loss.numpy()}
    raise KeyError(name)


@pytest.mark.parametrize("name", PAGES)
def test_random_inputs_typed_in_give_what_tensorflow_computes(page, site_server, name):
    demo = open_graph(page, site_server, name)
    data = exported(name)
    rng = np.random.default_rng(7)
    inputs = {}
    for spec in data["inputs"]:
        shape = [3 if d is None else d for d in spec["shape"]]
        value = np.round(rng.uniform(-2, 2, shape), 3).astype(np.float32)
        inputs[spec["name"]] = value.tolist()
        field = demo.get_by_test_id(f"graph-input-{spec['name']}")
        field.fill(json.dumps(value.tolist()))
        field.dispatch_event("change")
        assert field.get_attribute("aria-invalid") is None
    values = run_to_end(demo)
    expected = tensorflow_values(name, inputs)
    assert max_difference(expected, values) <= TOLERANCE


@pytest.mark.parametrize("name", ["training-step", "keras-classifier", "rnn-unrolled", "rnn-while"])
def test_no_overlapping_nodes_and_every_edge_attached(page, site_server, name):
    demo = open_graph(page, site_server, name)
    open_every_scope(demo)
    boxes = page.evaluate(
        """(s) => {
            const svg = document.querySelector(s + ' svg');
            const ctm = svg.querySelector('g').getCTM();
            const nodes = [...svg.querySelectorAll('.tfv-graph__node')].map((n) => {
                const r = n.querySelector('rect').getBBox(), m = n.getCTM();
                return {id: n.dataset.id, x: m.e, y: m.f, w: r.width * m.a, h: r.height * m.d};
            });
            const edges = [...svg.querySelectorAll('.tfv-graph__edge')].map((e) => {
                const l = e.getTotalLength(), m = e.getCTM();
                const p = (t) => { const q = e.getPointAtLength(t); return {x: m.a * q.x + m.e, y: m.d * q.y + m.f}; };
                return {from: e.dataset.from, to: e.dataset.to, start: p(0), end: p(l)};
            });
            return {nodes, edges};
        }""",
        selector(name),
    )
    nodes = {n["id"]: n for n in boxes["nodes"]}
    assert len(nodes) >= 10
    listed = list(nodes.values())
    for i, a in enumerate(listed):
        for b in listed[i + 1 :]:
            overlap = a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"]
            assert not (overlap and b["y"] < a["y"] + a["h"]), f"{a['id']} overlaps {b['id']}"

    def touches(point, node, slack=2.5):
        inside_x = node["x"] - slack <= point["x"] <= node["x"] + node["w"] + slack
        inside_y = node["y"] - slack <= point["y"] <= node["y"] + node["h"] + slack
        return inside_x and inside_y

    assert boxes["edges"]
    for edge in boxes["edges"]:
        assert touches(edge["start"], nodes[edge["from"]]), f"edge {edge['from']} -> {edge['to']} starts off its op"
        assert touches(edge["end"], nodes[edge["to"]]), f"edge {edge['from']} -> {edge['to']} ends off its op"


def test_keyboard_only_steps_from_start_to_end_and_follows_edges(page, site_server):
    demo = open_graph(page, site_server, "dense")
    total = sum(len(run["ops"]) for run in exported("dense")["runs"])
    demo.get_by_role("button", name="Reset").focus()
    for expected in range(1, total + 1):
        page.keyboard.press("n")
        assert demo.get_attribute("data-step") == str(expected)
    page.keyboard.press("b")
    assert demo.get_attribute("data-step") == str(total - 1)
    page.keyboard.press("e")
    assert demo.get_attribute("data-step") == str(total)
    page.keyboard.press("r")
    assert demo.get_attribute("data-step") == "0"
    # Tab into the graph: the first op takes focus; Down follows an out-edge and the panel describes the op.
    demo.locator('.tfv-graph__node[tabindex="0"]').focus()
    first = page.evaluate("document.activeElement.dataset.id")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.dataset.id")
    assert second != first
    assert demo.locator(".tfv-graph__panel").inner_text().strip() != ""


def test_a_big_graph_opens_as_an_overview_whose_scopes_open_and_close(page, site_server):
    demo = open_graph(page, site_server, "training-step")
    data = exported("training-step")
    # The 74-op training step opens with its two big name scopes collapsed, each box saying how many ops it holds.
    for scope in ("gradient_tape", "SGD"):
        box = demo.locator(f'.tfv-graph__node[data-id="scope:{scope}"]')
        held = sum(op["name"].startswith(f"{scope}/") and not op["bookkeeping"] for op in data["ops"])
        assert box.text_content().replace("\xa0", " ").endswith(f"{held} ops")
        assert demo.locator(f'.tfv-graph__scope[data-scope="{scope}"]').get_attribute("aria-expanded") == "false"
    assert "2 name scopes collapsed" in demo.locator(".tfv-graph__intro").inner_text()
    nodes_before = demo.locator(".tfv-graph__node").count()
    box = demo.locator('.tfv-graph__node[data-id="scope:gradient_tape"]')
    box.focus()  # the view pans to a focused box (and its details open beside the drawing)
    page.keyboard.press("Escape")  # the details close, the drawing widens and keeps the focus
    # A click on the box opens it, wherever the press puts the details.
    where = box.bounding_box()
    page.mouse.click(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2)
    assert box.count() == 0
    assert demo.locator(".tfv-graph__node").count() > nodes_before
    assert demo.locator('.tfv-graph__scope[data-scope="gradient_tape"]').get_attribute("aria-expanded") == "true"
    in_demo = "(s) => document.querySelector(s).contains(document.activeElement)"
    assert page.evaluate(in_demo, selector("training-step")), "the box took the focus with it"
    # The open scope's frame is in view, and a click on its title closes it.
    title = demo.locator('.tfv-graph__cluster[data-scope="gradient_tape"] text')
    where = title.bounding_box()
    page.mouse.click(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2)
    assert demo.locator(".tfv-graph__node").count() == nodes_before
    # Focus stays in the demo, so N steps the graph and does not turn the page.
    address = page_address(page)
    page.keyboard.press("n")
    assert demo.get_attribute("data-step") == "1" and page_address(page) == address
    demo.locator('.tfv-graph__scope[data-scope="SGD"]').click()  # and the buttons above the graph do the same
    assert demo.locator('.tfv-graph__scope[data-scope="SGD"]').get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.dataset.scope") == "SGD"
    page.keyboard.press("n")
    assert demo.get_attribute("data-step") == "2" and page_address(page) == address
    demo.locator('.tfv-graph__scope[data-scope="SGD"]').click()
    assert demo.locator(".tfv-graph__node").count() == nodes_before
    # Values still reach TensorFlow's while scopes are collapsed.
    values = run_to_end(demo)
    assert max_difference(exported("training-step")["values"], values) <= TOLERANCE


def test_phone_viewport_has_no_horizontal_page_scroll(browser, site_server, page_problems):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = page_problems.watch(context.new_page())
        demo = open_graph(page, site_server, "training-step")
        run_to_end(demo)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
    assert page_problems.problems == []


def test_an_unknown_op_says_so_in_place(page, site_server):
    def rename_relu(route):
        data = json.loads(route.fetch().text())
        for op in data["ops"]:
            if op["type"] == "Relu":
                op["type"] = "MadeUpOp"
        route.fulfill(json=data)

    page.route("**/graphs/dense.json", rename_relu)
    demo = open_graph(page, site_server, "dense")
    values = run_to_end(demo)
    message = demo.get_by_test_id("graph-error")
    assert "MadeUpOp" in message.inner_text()
    assert "MatMul:0" in values  # the ops before it ran
    assert demo.get_by_role("button", name="Next").is_disabled()
    demo.get_by_role("button", name="Reset").click()  # the rest keeps working
    assert demo.get_attribute("data-step") == "0"


@pytest.mark.parametrize("name", ["training-step", "rnn-while"])  # rnn-while: a loop carrying TensorLists
def test_no_tensor_leak_after_200_steps_and_resets(page, site_server, name):
    demo = open_graph(page, site_server, name)
    demo.get_by_role("button", name="Reset").click()
    before = page.evaluate("tf.memory().numTensors")
    page.evaluate(
        """(s) => {
            const root = document.querySelector(s);
            const next = root.querySelector('button[aria-keyshortcuts=N]');
            const reset = root.querySelector('button[aria-keyshortcuts=R]');
            for (let i = 0; i < 200; i++) { if (next.disabled) reset.click(); next.click(); }
            reset.click();
        }""",
        selector(name),
    )
    assert page.evaluate("tf.memory().numTensors") == before


def test_zoom_and_pan_by_wheel_drag_pinch_buttons_and_keys_move_the_drawing_not_the_page(page, site_server):
    demo = open_graph(page, site_server, "training-step")
    name = selector("training-step")

    def state():
        return page.evaluate(TRANSFORM, name)

    def page_did_not_move(before, after):
        assert (after["scrollX"], after["scrollY"]) == (before["scrollX"], before["scrollY"]), "the page scrolled"
        assert after["zoom"] == 1, "the page zoomed"

    demo.get_by_role("button", name="Fit").click()
    demo.locator(
        ".tfv-graph__canvas > svg"
    ).scroll_into_view_if_needed()  # the pointer must be over the drawing, on screen
    start = state()
    box = demo.locator(".tfv-graph__canvas > svg").bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    # Wheel: up zooms in about the pointer, down zooms out; the page does not scroll under it.
    def wheel(dy):
        # The wheel event is delivered asynchronously: wait until the drawing has answered it.
        before = state()["k"]
        page.mouse.wheel(0, dy)
        page.wait_for_function(f"(s) => ({TRANSFORM})(s).k !== {before}", arg=name, timeout=5_000)
        page.wait_for_timeout(100)  # and until any further wheel ticks of the same gesture have arrived

    # Before the drawing has focus, the wheel scrolls the page, which the drawing spans from side to side.
    page.mouse.move(*centre)
    page.mouse.wheel(0, 120)
    page.wait_for_function("(y) => window.scrollY !== y", arg=start["scrollY"], timeout=5_000)
    assert state()["k"] == start["k"]
    demo.locator(".tfv-graph__canvas > svg").scroll_into_view_if_needed()
    box = demo.locator(".tfv-graph__canvas > svg").bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    start = state()
    # A click on its background gives it focus; then the wheel zooms.
    point = page.evaluate(BACKGROUND, [name, True])
    page.mouse.click(point["x"], point["y"])
    page.mouse.move(*centre)
    wheel(-240)
    zoomed_in = state()
    assert zoomed_in["k"] > start["k"] * 1.5
    page_did_not_move(start, zoomed_in)
    wheel(240)
    zoomed_out = state()
    assert zoomed_out["k"] == pytest.approx(start["k"], rel=1e-3)
    page_did_not_move(start, zoomed_out)

    # Drag the background: the drawing follows the mouse by the same distance.
    point = page.evaluate(BACKGROUND, [name, True])
    assert point, "no background point to drag"
    before = state()
    page.mouse.move(point["x"], point["y"])
    page.mouse.down()
    page.mouse.move(point["x"] + 30, point["y"] + 20, steps=5)
    page.mouse.move(point["x"] + 60, point["y"] + 40, steps=5)
    page.mouse.up()
    dragged = state()
    assert dragged["x"] - before["x"] == pytest.approx(60, abs=1)
    assert dragged["y"] - before["y"] == pytest.approx(40, abs=1)
    assert dragged["k"] == before["k"]
    page_did_not_move(before, dragged)

    # Two fingers moving apart zoom in, moving together zoom out; the page itself neither scrolls nor zooms.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 2})
    left = page.evaluate(BACKGROUND, [name, True])
    right = page.evaluate(BACKGROUND, [name, False])
    y = (left["y"] + right["y"]) / 2
    middle = (left["x"] + right["x"]) / 2

    def pinch(start_gap, end_gap):
        def fingers(gap):
            return [{"x": middle - gap / 2, "y": y, "id": 0}, {"x": middle + gap / 2, "y": y, "id": 1}]

        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": fingers(start_gap)})
        for i in range(1, 6):
            gap = start_gap + (end_gap - start_gap) * i / 5
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": fingers(gap)})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    gap = min(160, right["x"] - left["x"] - 20)
    before = state()
    pinch(gap / 2, gap)
    spread = state()
    assert spread["k"] > before["k"] * 1.3, f"pinch out: {before['k']} -> {spread['k']}"
    page_did_not_move(before, spread)
    pinch(gap, gap / 2)
    pinched = state()
    assert pinched["k"] < spread["k"] * 0.8, f"pinch in: {spread['k']} -> {pinched['k']}"
    page_did_not_move(before, pinched)
    cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": False})

    # The buttons, then the same by keys with focus anywhere in the demo.
    before = state()
    demo.get_by_role("button", name="Zoom in").click()
    assert state()["k"] == pytest.approx(before["k"] * 1.25, rel=1e-3)
    demo.get_by_role("button", name="Zoom in").click()
    demo.get_by_role("button", name="Zoom out").click()
    assert state()["k"] == pytest.approx(before["k"] * 1.25, rel=1e-3)
    demo.get_by_role("button", name="Fit").click()
    assert state()["k"] == pytest.approx(start["k"], rel=1e-3)

    demo.get_by_role("button", name="Reset").focus()
    before = state()
    page.keyboard.press("+")
    assert state()["k"] == pytest.approx(before["k"] * 1.25, rel=1e-3)
    page.keyboard.press("-")
    assert state()["k"] == pytest.approx(before["k"], rel=1e-3)
    for key, dx, dy in (("Shift+ArrowLeft", 40, 0), ("Shift+ArrowRight", -40, 0), ("Shift+ArrowUp", 0, 40)):
        here = state()
        page.keyboard.press(key)
        moved = state()
        assert (moved["x"] - here["x"], moved["y"] - here["y"]) == pytest.approx((dx, dy)), key
        page_did_not_move(here, moved)
    here = state()
    page.keyboard.press("0")
    assert state()["k"] == pytest.approx(start["k"], rel=1e-3)
    page_did_not_move(here, state())


NODE_BOXES = """(root) => {
    const svg = root.querySelector('svg');
    return [...svg.querySelectorAll('.tfv-graph__node')].map((n) => {
        const r = n.querySelector('rect').getBoundingClientRect();
        return {id: n.dataset.id, x: r.x, y: r.y, w: r.width, h: r.height};
    });
}"""


def test_a_loop_body_opens_by_keyboard_with_its_values_per_iteration_and_closes(page, site_server):
    demo = open_graph(page, site_server, "autograph")
    data = exported("autograph")
    loop_op = next(op for op in data["ops"] if op["type"] == "StatelessWhile")
    flow = loop_op["control_flow"]
    body = demo.get_by_test_id("graph-body")
    assert body.is_hidden()

    # Run the graph, then reach the loop op by keyboard and press Enter: its body opens over the graph.
    run_to_end(demo)
    node = demo.locator(f'.tfv-graph__node[data-id="{loop_op["name"]}"]')
    node.focus()
    assert "▸ bodies" in node.text_content()
    panel = demo.locator(".tfv-graph__panel")
    assert f"{flow['iterations']} on the current inputs" in panel.inner_text()
    assert "carries" in panel.inner_text() and "zeros_like:0" in panel.inner_text()
    page.keyboard.press("Enter")
    assert body.is_visible()
    assert body.get_attribute("data-function") == flow["functions"]["body"]
    assert page.evaluate("document.activeElement.closest('[data-testid=graph-body]') !== null")
    function = data["functions"][flow["functions"]["body"]]
    drawn = {n["id"] for n in body.evaluate(NODE_BOXES)}
    assert drawn == {op["name"] for op in function["ops"]}

    # No two body ops overlap.
    boxes = body.evaluate(NODE_BOXES)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
            assert apart or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"], f"{a['id']} overlaps {b['id']}"

    # One call per iteration; the last one's results are what the While op output.
    assert body.get_attribute("data-calls") == str(flow["iterations"])
    last = json.loads(body.get_attribute("data-values"))
    for carried in flow["carried"]:
        if carried["dtype"] == "float32":
            np.testing.assert_allclose(last[carried["result"]], data["values"][carried["final"]], atol=TOLERANCE)
    # The first iteration starts from the loop's initial values.
    body.get_by_label("Values of").select_option(index=0)
    first = json.loads(body.get_attribute("data-values"))
    total = next(c for c in flow["carried"] if c["initial"] == "zeros_like:0")
    np.testing.assert_allclose(first[total["argument"]], data["values"]["zeros_like:0"], atol=TOLERANCE)

    # Escape closes it and gives focus back to the loop op; the condition opens from the panel's button.
    body.locator('.tfv-graph__node[tabindex="0"]').focus()
    page.keyboard.press("Escape")
    assert body.is_hidden()
    assert page.evaluate("document.activeElement.dataset.id") == loop_op["name"]
    demo.get_by_role("button", name=f"Show the loop condition ({flow['functions']['cond']})").click()
    assert body.get_attribute("data-function") == flow["functions"]["cond"]
    assert body.get_attribute("data-calls") == str(flow["iterations"] + 1)
    body.get_by_role("button", name="Close").click()
    assert body.is_hidden()

    # The If: which branch ran, and its branch opens too.
    branch_op = next(op for op in data["ops"] if op["type"] == "StatelessIf")
    demo.locator(f'.tfv-graph__node[data-id="{branch_op["name"]}"]').focus()
    taken = branch_op["control_flow"]["taken"]
    assert f"{taken} ({branch_op['control_flow']['functions'][taken]}) on the current inputs" in panel.inner_text()
    page.keyboard.press("Enter")
    assert body.is_visible() and body.get_attribute("data-calls") in ("0", "1")
    from tests.browser.test_accessibility import axe_violations, report

    found = axe_violations(page, "/graphs/tensors-ops-graphs/ with the If's branch open")
    assert not found, report(found)


def keras_states(name: str, x: np.ndarray) -> np.ndarray:
    """Keras' states h_1..h_T for x: the example's own layer, run with return_sequences on its weights."""
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    import tf_keras

    from tfvisual.graphs import rnn_examples

    layer = rnn_examples.rnn_unrolled if name == "rnn-unrolled" else rnn_examples.rnn_looped
    sequences = tf_keras.layers.SimpleRNN(layer.units, return_sequences=True)
    sequences.build(x.shape)
    sequences.set_weights(layer.get_weights())
    return sequences(x).numpy()


def test_unrolled_rnn_steps_give_keras_state_at_every_time_step(page, site_server):
    """Each copy of the cell in the drawing computes the state Keras computes at its time step, and every copy's
    MatMul reads the kernel through its own ReadVariableOp of the one kernel variable."""
    demo = open_graph(page, site_server, "rnn-unrolled")
    open_every_scope(demo)
    data = exported("rnn-unrolled")
    values = run_to_end(demo)
    states = keras_states("rnn-unrolled", np.asarray(data["inputs"][0]["value"], np.float32))
    tanh = [op for op in data["ops"] if op["type"] == "Tanh"]
    assert len(tanh) == states.shape[1]
    for t, op in enumerate(tanh):
        np.testing.assert_allclose(values[op["outputs"][0]["name"]], states[:, t], atol=TOLERANCE)
    # In the drawing: one node for the kernel's handle, with an edge to a ReadVariableOp per time step.
    kernel = next(v for v in data["variables"] if v["name"].endswith("/kernel") and "recurrent" not in v["name"])
    edges = demo.locator(f'.tfv-graph__edge[data-from="{kernel["handle"]}"]')
    reads = {edges.nth(i).get_attribute("data-to") for i in range(edges.count())}
    assert len(reads) == states.shape[1]
    by_name = {op["name"]: op for op in data["ops"]}
    assert {by_name[r]["type"] for r in reads} == {"ReadVariableOp"}


def test_rnn_loop_body_is_one_step_with_keras_state_per_iteration(page, site_server):
    """The While op of the RNN (a stateful While, with TensorList ops in its body) opens by keyboard; its body is
    one step of the cell, called once per time step, and each iteration's state is the state Keras computes."""
    demo = open_graph(page, site_server, "rnn-while")
    data = exported("rnn-while")
    loop_op = next(op for op in data["ops"] if op["type"] == "While")
    flow = loop_op["control_flow"]
    open_every_scope(demo)
    run_to_end(demo)
    demo.locator(f'.tfv-graph__node[data-id="{loop_op["name"]}"]').focus()
    assert f"{flow['iterations']} on the current inputs" in demo.locator(".tfv-graph__panel").inner_text()
    page.keyboard.press("Enter")
    body = demo.get_by_test_id("graph-body")
    assert body.is_visible() and body.get_attribute("data-function") == flow["functions"]["body"]
    function = data["functions"][flow["functions"]["body"]]
    boxes = body.evaluate(NODE_BOXES)
    assert {n["id"] for n in boxes} == {op["name"] for op in function["ops"]}
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
            assert apart or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"], f"{a['id']} overlaps {b['id']}"
    states = keras_states("rnn-while", np.asarray(data["inputs"][0]["value"], np.float32))
    assert body.get_attribute("data-calls") == str(states.shape[1])
    tanh = next(op for op in function["ops"] if op["type"] == "Tanh")["outputs"][0]["name"]
    for t in range(states.shape[1]):
        body.get_by_label("Values of").select_option(index=t)
        np.testing.assert_allclose(json.loads(body.get_attribute("data-values"))[tanh], states[:, t], atol=TOLERANCE)
    page.keyboard.press("Escape")
    assert body.is_hidden()


def test_every_input_and_output_tensor_of_the_selected_op_opens_by_keyboard(page, site_server):
    """The keyboard's way to an edge label: the selected op's details list its tensors as buttons."""
    demo = open_graph(page, site_server, "dense")
    data = exported("dense")
    demo.get_by_role("button", name="Reset").focus()
    page.keyboard.press("e")  # run to end, by key
    matmul = next(op for op in data["ops"] if op["type"] == "MatMul")
    demo.locator('.tfv-graph__node[tabindex="0"]').focus()
    for _ in range(10):  # follow out-edges from the first op until the MatMul has focus
        if page.evaluate("document.activeElement.dataset.id") == matmul["name"]:
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.dataset.id") == matmul["name"]
    panel = demo.locator(".tfv-graph__panel")
    buttons = panel.locator("button[data-tensor]")
    shown = [b.get_attribute("data-tensor") for b in buttons.all()]
    assert shown == [*matmul["inputs"], *(o["name"] for o in matmul["outputs"])]
    output = matmul["outputs"][0]["name"]
    # Tab from the op reaches the panel's buttons; Enter on one shows every value of that tensor and focuses them.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.tensor") == output:
            break
    assert page.evaluate("document.activeElement.dataset.tensor") == output
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('tfv-graph__panel')")
    assert panel.get_by_role("heading").inner_text() == f"Tensor {output}"
    cells = [float(c) for c in panel.locator("td").all_inner_texts()]
    np.testing.assert_allclose(cells, np.ravel(data["values"][output]), rtol=1e-2)
