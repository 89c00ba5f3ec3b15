"""The dataflow-graph viewer in Chromium: every shipped graph, stepped by TF.js, gives TensorFlow's values (on the
preset inputs and on random inputs typed into its fields); its drawing has no overlapping ops and every edge
touches its two ops; it steps by keyboard alone, collapses and expands name scopes, fits a phone, says so in
place when it meets an op it cannot run, and leaks no tensor over 200 steps and resets."""

import json
import os

import numpy as np
import pytest

from tfvisual.graphs.served import GRAPHS_DIR

pytestmark = pytest.mark.browser

PAGES = {
    "scaled-sum": "graphs/tensors-ops-graphs/",
    "autograph": "graphs/tensors-ops-graphs/",
    "dense": "graphs/variables-and-placeholders/",
    "dense-tf1": "graphs/variables-and-placeholders/",
    "keras-classifier": "graphs/variables-and-placeholders/",
    "training-step": "graphs/training-step/",
}
TOLERANCE = 1e-5


def exported(name: str) -> dict:
    return json.loads((GRAPHS_DIR / f"{name}.json").read_text())


def selector(name: str) -> str:
    return f'[data-demo="graph"][data-graph="{name}"]'


def open_graph(page, site_server, name: str):
    page.goto(f"{site_server}{PAGES[name]}?backend=cpu")
    page.wait_for_function(
        "(s) => document.querySelector(s)?.dataset.busy === 'false'"
        " && !document.querySelector(s + ' button:disabled[aria-keyshortcuts=R]')",
        arg=selector(name),
        timeout=60_000,
    )
    demo = page.locator(selector(name))
    demo.scroll_into_view_if_needed()
    return demo


def max_difference(expected: dict, got: dict) -> float:
    worst = 0.0
    for tensor, value in expected.items():
        assert tensor in got, f"the browser never computed {tensor}"
        a, b = np.asarray(value, dtype=float), np.asarray(got[tensor], dtype=float)
        assert a.shape == b.shape, f"{tensor}: shape {b.shape}, TensorFlow's {a.shape}"
        if a.size:
            worst = max(worst, float(np.max(np.abs(a - b))))
    return worst


def run_to_end(demo) -> dict:
    demo.get_by_role("button", name="Run to end").click()
    return json.loads(demo.get_attribute("data-values"))


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
    if name == "keras-classifier":
        out = examples.classify(arrays["features:0"])
        return {"Identity:0": out["class"].numpy(), "Identity_1:0": out["probabilities"].numpy()}
    if name == "autograph":
        return {"Identity:0": examples.weighted_total(arrays["x:0"]).numpy()}
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


@pytest.mark.parametrize("name", ["training-step", "keras-classifier"])
def test_no_overlapping_nodes_and_every_edge_attached(page, site_server, name):
    demo = open_graph(page, site_server, name)
    demo.get_by_role("button", name="Fit").click()
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


def test_name_scopes_collapse_and_expand(page, site_server):
    demo = open_graph(page, site_server, "training-step")
    nodes_before = demo.locator(".tfv-graph__node").count()
    toggle = demo.locator('.tfv-graph__scope[data-scope="gradient_tape"]')
    toggle.click()
    collapsed = demo.locator('.tfv-graph__node[data-id="scope:gradient_tape"]')
    assert collapsed.count() == 1
    assert demo.locator(".tfv-graph__node").count() < nodes_before
    assert demo.locator('.tfv-graph__scope[data-scope="gradient_tape"]').get_attribute("aria-expanded") == "false"
    demo.locator('.tfv-graph__scope[data-scope="gradient_tape"]').click()
    assert demo.locator(".tfv-graph__node").count() == nodes_before
    # Values still reach TensorFlow's while a scope is collapsed.
    demo.locator('.tfv-graph__scope[data-scope="SGD"]').click()
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


def test_no_tensor_leak_after_200_steps_and_resets(page, site_server):
    demo = open_graph(page, site_server, "training-step")
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
        selector("training-step"),
    )
    assert page.evaluate("tf.memory().numTensors") == before
