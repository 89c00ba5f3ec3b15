"""Space for each graph viewer, reserved before its JavaScript runs.

The viewer's canvas is as tall as the graph's opening view needs (within bounds set in CSS), so that a small graph
leaves no blank band and a big one gets room. That height comes from the viewer's own layout code (layout.js with
dagre), which this module runs once per build in Node (graph_views.mjs) and writes on each graph demo's element as
`--tfv-graph-natural`; docs/stylesheets/demo-frames.css reserves the demo's height from it, so the page does not
move when the viewer arrives.
"""

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
GRAPH_DEMO = re.compile(r'<div (?=[^>]*data-demo="graph")(?=[^>]*data-graph="([^"]+)")([^>]*)>')


def graph_view_heights(graphs_dir: Path = GRAPHS_DIR) -> dict[str, int]:
    """Graph name -> the height in CSS pixels of its opening view, from the committed graph exports."""
    paths = sorted(graphs_dir.glob("*.json"))
    return dict(_heights(tuple((str(path), path.stat().st_mtime_ns) for path in paths)))


@cache
def _heights(files: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    """Cached on the files' paths and modification times: `mkdocs serve` rebuilds after an export."""
    node = shutil.which("node")
    if node is None:
        raise PluginError("`node` is not on PATH: the build lays out the dataflow graphs in Node 20 (see README.md).")
    result = subprocess.run([node, str(SCRIPT), *(path for path, _ in files)], capture_output=True, text=True)
    if result.returncode != 0:
        raise PluginError(f"laying out the dataflow graphs failed ({SCRIPT.name}):\n{result.stderr}")
    return tuple(sorted(json.loads(result.stdout).items()))


def reserve_graph_space(html: str, heights: dict[str, int]) -> str:
    """Writes each graph demo's opening height on its element; an unknown graph name fails the build."""

    def reserve(match: re.Match) -> str:
        name, attributes = match.group(1), match.group(2)
        if name not in heights:
            raise PluginError(f'data-graph="{name}": no graph of that name in {GRAPHS_DIR}')
        height = f"--tfv-graph-natural: {heights[name]}px"
        if STYLE.search(attributes):  # one style attribute: a second would be ignored
            return "<div " + STYLE.sub(f'style="{height}; ', attributes, count=1) + ">"
        return f'<div {attributes} style="{height}">'

    return GRAPH_DEMO.sub(reserve, html)
