"""Layout and first-render time of the graph viewer, per shipped graph and for a synthetic graph of ~500 ops.

Builds the site, serves it on loopback and opens each graph in headless Chromium (?backend=cpu). "layout" is
dagre's time to place the visible ops, "render" is layout plus drawing the SVG, both measured by the demo itself
(its data-layout-ms and data-render-ms) on the main thread. The first value is the page's first layout (dagre's
code still cold); then the bookkeeping toggle re-lays the graph out several times and the median is kept.
The synthetic graph (a ladder of Mul/AddV2 ops, 500 in all) is served in place of one graph's JSON, once in name
scopes (it opens as an overview) and once without any (every op laid out and drawn).
Writes scripts/results/graph-viewer.json:

    .venv/bin/python scripts/bench_graph_viewer.py
"""

import argparse
import json
import statistics

from playwright.sync_api import sync_playwright

from tfvisual.graphs.served import GRAPHS_DIR, graph_pages
from tfvisual.local_site import built_and_served, chromium_launch_args, reach_demo
from tfvisual.machine import describe_machine
from tfvisual.paths import RESULTS_DIR

PAGES = graph_pages()  # graph name -> the page that shows it
SYNTHETIC_OPS = 500


def synthetic_graph(ops: int = SYNTHETIC_OPS, scoped: bool = True) -> dict:
    """A graph of `ops` ops: one input, then rungs of Const -> Mul -> AddV2 reading the two previous results, in name
    scopes of 10 rungs (the viewer opens it as an overview of collapsed scopes) or, not `scoped`, with none (the viewer
    must lay out and draw every op)."""
    graph = json.loads((GRAPHS_DIR / "scaled-sum.json").read_text())
    out = lambda name: {"name": f"{name}:0", "dtype": "float32", "shape": [3]}  # noqa: E731
    base = {"control_inputs": [], "attrs": {"T": "float32"}, "source": None, "bookkeeping": False, "run": 0}
    nodes = [
        {**base, "name": "x", "type": "Placeholder", "scope": "", "inputs": [], "outputs": [out("x")], "role": "input"}
    ]
    previous = ["x:0", "x:0"]
    i = 0
    while len(nodes) < ops:
        scope = f"block_{i // 10}" if scoped else ""
        prefix = f"{scope}/" if scoped else ""
        const = f"{prefix}c{i}"
        mul = f"{prefix}mul{i}"
        add = f"{prefix}add{i}"
        nodes.append(
            {
                **base,
                "name": const,
                "type": "Const",
                "scope": scope,
                "inputs": [],
                "outputs": [out(const)],
                "role": "constant",
                "value": [0.5, 0.25, 0.125],
                "attrs": {"dtype": "float32"},
            }
        )
        nodes.append(
            {
                **base,
                "name": mul,
                "type": "Mul",
                "scope": scope,
                "inputs": [previous[-1], f"{const}:0"],
                "outputs": [out(mul)],
                "role": "forward",
            }
        )
        nodes.append(
            {
                **base,
                "name": add,
                "type": "AddV2",
                "scope": scope,
                "inputs": [f"{mul}:0", previous[-2]],
                "outputs": [out(add)],
                "role": "forward",
            }
        )
        previous = [previous[-1], f"{add}:0"]
        i += 1
    graph.update(
        name="synthetic",
        title="A synthetic graph",
        ops=nodes,
        outputs=[previous[-1]],
        values={},
        variables=[],
        inputs=[{"name": "x:0", "dtype": "float32", "shape": [3], "value": [1.0, 2.0, 3.0]}],
        runs=[{"label": "one call", "ops": [n["name"] for n in nodes]}],
        functions={},
    )
    return graph


def serving(graph: dict):
    """A route handler that answers with `graph` in place of the dense graph's JSON."""
    return lambda route: route.fulfill(json={**graph, "name": "dense"})


def measure(page, url: str, name: str, repeats: int) -> dict:
    page.goto(url)
    selector = f'[data-demo="graph"][data-graph="{name}"]'
    reach_demo(page, selector)
    page.wait_for_function("(s) => document.querySelector(s)?.dataset.busy === 'false'", arg=selector, timeout=120_000)
    root = page.locator(f"{selector} .tfv-graph")
    first = {
        "layout_ms": float(root.get_attribute("data-layout-ms")),
        "render_ms": float(root.get_attribute("data-render-ms")),
    }
    layouts, renders = [], []
    toggle = page.locator(f"{selector} input[type=checkbox]")
    for _ in range(repeats):
        toggle.click()  # shows or hides the bookkeeping ops: a new layout of the whole graph
        layouts.append(float(root.get_attribute("data-layout-ms")))
        renders.append(float(root.get_attribute("data-render-ms")))
    nodes = page.locator(f"{selector} .tfv-graph__node").count()
    return {
        "first_layout_ms": first["layout_ms"],
        "first_render_ms": first["render_ms"],
        "median_layout_ms": statistics.median(layouts),
        "median_render_ms": statistics.median(renders),
        "nodes_drawn": nodes,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=6, help="re-layouts per graph (default 6)")
    args = parser.parse_args()
    results = {}
    with built_and_served() as origin, sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium_launch_args())
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name, path in PAGES.items():
            results[name] = measure(page, f"{origin}/{path}?backend=cpu", name, args.repeats)
            print(name, results[name])
        for key, scoped in (("synthetic-500", True), ("synthetic-500-unscoped", False)):
            synthetic = synthetic_graph(scoped=scoped)
            page.route("**/graphs/dense.json", serving(synthetic))
            results[key] = measure(page, f"{origin}/{PAGES['dense']}?backend=cpu", "dense", args.repeats)
            results[key]["ops"] = len(synthetic["ops"])
            print(key, results[key])
            page.unroute("**/graphs/dense.json")
        browser.close()
    out = RESULTS_DIR / "graph-viewer.json"
    out.write_text(json.dumps({"graphs": results, "machine": describe_machine()}, indent=2, sort_keys=True) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
