"""Helpers for the dataflow-graph viewer's browser tests: open a graph's page, read the drawing's transform, find a
point of its background, run it to the end."""

import json

from tfvisual.graphs.served import GRAPHS_DIR, graph_pages
from tfvisual.local_site import reach_demo

PAGES = graph_pages()  # graph name -> the page that shows it


def exported(name: str) -> dict:
    return json.loads((GRAPHS_DIR / f"{name}.json").read_text())


def selector(name: str) -> str:
    return f'[data-demo="graph"][data-graph="{name}"]'


def open_graph(page, site_server, name: str):
    page.goto(f"{site_server}{PAGES[name]}?backend=cpu")
    reach_demo(page, selector(name))
    page.wait_for_function(
        "(s) => document.querySelector(s)?.dataset.busy === 'false'"
        " && !document.querySelector(s + ' button:disabled[aria-keyshortcuts=R]')",
        arg=selector(name),
        timeout=60_000,
    )
    demo = page.locator(selector(name))
    demo.scroll_into_view_if_needed()
    return demo


def page_address(page) -> str:
    """The page the reader is on: Material's anchor tracking rewrites the #fragment as the page scrolls."""
    return page.url.partition("#")[0]


def open_every_scope(demo) -> None:
    """Open the name scopes the overview collapsed (and those inside them), as a reader would, one by one."""
    closed = demo.locator('.tfv-graph__scope[aria-expanded="false"]')
    while closed.count():
        closed.first.click()


def run_to_end(demo) -> dict:
    demo.get_by_role("button", name="Run to end").click()
    return json.loads(demo.get_attribute("data-values"))


TRANSFORM = """(s) => {
    const g = document.querySelector(s + ' svg > g');
    // "translate(x y) scale(k)": its three numbers, in that order.
    const [x, y, k] = g.getAttribute('transform').match(/-?[\\d.]+(?:e-?\\d+)?/g).map(Number);
    return {x: +x, y: +y, k: +k, scrollX: window.scrollX, scrollY: window.scrollY, zoom: visualViewport.scale};
}"""

# A point of the drawing's background (no op, no edge label under it), in page coordinates: where a drag or a
# pinch pans and zooms instead of selecting.
BACKGROUND = """([s, fromLeft]) => {
    const svg = document.querySelector(s + ' svg');
    const box = svg.getBoundingClientRect();
    for (let y = box.top + 20; y < box.bottom - 20; y += 10) {
        for (let i = 0; i < 40; i++) {
            const x = fromLeft ? box.left + 20 + i * 8 : box.right - 20 - i * 8;
            const hit = document.elementFromPoint(x, y);
            if (hit && svg.contains(hit) && !hit.closest('.tfv-graph__node, .tfv-graph__label')) return {x, y};
        }
    }
    return null;
}"""
