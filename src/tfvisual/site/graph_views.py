"""Space for each graph viewer, reserved before its JavaScript runs.

The viewer's canvas is as tall as the graph's opening view needs (within bounds set in CSS), so that a small graph
leaves no blank band and a big one gets room. That height comes from the viewer's own layout code (layout.js with
dagre), which this module runs once per build in Node (graph_views.mjs) and writes on each graph demo's element as
`--tfv-graph-natural`; docs/stylesheets/demo-frames.css reserves the demo's height from it, so the page does not
move when the viewer arrives. The line above the graph (intro.js: what it is, what is not drawn) takes one to eight
lines depending on the graph, so it is written into the page here, computed by the same code; the viewer adopts it.
"""

import html
import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

from mkdocs.exceptions import PluginError

from tfvisual.graphs.served import GRAPHS_DIR

SCRIPT = Path(__file__).with_name("graph_views.mjs")
STYLE = re.compile(r'\bstyle="')
GRAPH_DEMO = re.compile(r'<div (?=[^>]*data-demo="graph")(?=[^>]*data-graph="([^"]+)")([^>]*)></div>')


def graph_views(graphs_dir: Path = GRAPHS_DIR) -> dict[str, dict]:
    """Graph name -> {height: CSS pixels of its opening view, title, counts: the intro's text, pbtxt: file name},
    from the committed graph exports."""
    paths = sorted(graphs_dir.glob("*.json"))
    return json.loads(_views(tuple((str(path), path.stat().st_mtime_ns) for path in paths)))


@cache
def _views(files: tuple[tuple[str, int], ...]) -> str:
    """Cached on the files' paths and modification times: `mkdocs serve` rebuilds after an export."""
    node = shutil.which("node")
    if node is None:
        raise PluginError("`node` is not on PATH: the build lays out the dataflow graphs in Node 20 (see README.md).")
    result = subprocess.run([node, str(SCRIPT), *(path for path, _ in files)], capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"laying out the dataflow graphs failed ({SCRIPT.name}):\n{result.stderr}")
    return result.stdout


def intro_html(view: dict, site_root: str) -> str:
    """The viewer's intro line (docs/javascripts/demos/graph/intro.js buildIntro), `site_root` the relative way up
    from the page to the site's root ("../../")."""
    label = html.escape("TensorFlow's GraphDef (.pbtxt)")
    link = f'<a href="{site_root}graphs/{html.escape(view["pbtxt"])}">{label}</a>'
    return (
        f'<p class="tfv-graph__intro"><strong>{html.escape(view["title"])}</strong>: '
        f"{html.escape(view['counts'])} {link}</p>"
    )


def reserve_graph_space(page_html: str, views: dict[str, dict], site_root: str) -> str:
    """Writes each graph demo's opening height on its element and its intro line inside it; an unknown graph name
    fails the build."""

    def reserve(match: re.Match) -> str:
        name, attributes = match.group(1), match.group(2)
        if name not in views:
            raise PluginError(f'data-graph="{name}": no graph of that name in {GRAPHS_DIR}')
        height = f"--tfv-graph-natural: {views[name]['height']}px; --tfv-graph-scopes: {int(views[name]['scopes'])}"
        if STYLE.search(attributes):  # one style attribute: a second would be ignored
            opening = "<div " + STYLE.sub(f'style="{height}; ', attributes, count=1) + ">"
        else:
            opening = f'<div {attributes} style="{height}">'
        return opening + intro_html(views[name], site_root) + "</div>"

    return GRAPH_DEMO.sub(reserve, page_html)
