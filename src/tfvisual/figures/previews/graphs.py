"""Previews of the graph viewers: the view a viewer opens on, laid out by the viewer's own code (its layout.js with
dagre, run once per build in Node by graph_layouts.mjs), drawn in miniature: ops as boxes in their role's colour,
edges as lines, name scopes as outlines."""

import json
import re
import shutil
import subprocess
from pathlib import Path

from tfvisual import palette
from tfvisual.figures.previews.drawing import PREVIEW_SIZE, element, svg
from tfvisual.graphs.served import GRAPHS_DIR
from tfvisual.paths import REPO_ROOT

LAYOUT_SCRIPT = Path(__file__).with_name("graph_layouts.mjs")
# The viewer's colours by role (docs/javascripts/demos/graph/view.js, ROLE_COLOURS; the unit test holds them equal).
ROLE_COLOURS = {
    "input": palette.SERIES[1],
    "variable": palette.SERIES[3],
    "constant": palette.SERIES[0],
    "forward": palette.PRIMARY,
    "gradient": palette.SERIES[4],
    "update": palette.POSITIVE,
    "init": palette.SERIES[0],
    "output": palette.ACCENT,
}
EDGE, SCOPE = "#757575", "#9e9e9e"
# A small graph is drawn no larger than this: its boxes would look bloated.
LARGEST_SCALE = 0.7


def first_graph_on(page: Path) -> str:
    """The graph the first viewer on a Markdown page shows (its `data-graph`)."""
    found = re.search(r'data-demo="graph"[^>]*data-graph="([^"]+)"', page.read_text())
    if not found:
        raise ValueError(f"{page.relative_to(REPO_ROOT)} has no graph viewer")
    return found.group(1)


def graph_layouts(names: list[str]) -> dict[str, dict]:
    """Graph name -> its opening view as the viewer lays it out (nodes, edges and scopes with their positions)."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("`node` is not on PATH: the graph previews are laid out by the viewer's own code in Node")
    paths = [str(GRAPHS_DIR / f"{name}.json") for name in names]
    result = subprocess.run([node, str(LAYOUT_SCRIPT), *paths], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"laying out the graph previews failed ({LAYOUT_SCRIPT.name}):\n{result.stderr}")
    return json.loads(result.stdout)


def _corner(box: dict) -> tuple[float, float]:
    return box["x"] - box["width"] / 2, box["y"] - box["height"] / 2


def graph_preview(layout: dict) -> bytes:
    """The whole opening view, fitted: at a card's size no op's name could be read, so the ops are solid boxes in
    their role's colour (the alt text names them) and the preview shows the graph's shape and how big it is."""
    width, height = PREVIEW_SIZE
    scale = min((width - 12) / layout["width"], (height - 12) / layout["height"], LARGEST_SCALE)
    shift_x, shift_y = (width - layout["width"] * scale) / 2, (height - layout["height"] * scale) / 2
    line = 1.5 / scale  # lines 1.5 px wide in the preview, whatever the scale
    body = [f'<g transform="translate({shift_x:.1f} {shift_y:.1f}) scale({scale:.4f})">']
    for scope in layout["clusters"]:
        x, y = _corner(scope)
        size = {"width": scope["width"], "height": scope["height"]}
        body.append(element("rect", x=x, y=y, **size, fill="none", stroke=SCOPE, stroke_width=line))
    for edge in layout["edges"]:
        points = " ".join(f"{p['x']:.0f},{p['y']:.0f}" for p in edge["points"])
        dash = f' stroke-dasharray="{3 * line:.1f} {2 * line:.1f}"' if edge["control"] else ""
        body.append(f'<polyline points="{points}" fill="none" stroke="{EDGE}" stroke-width="{line:.1f}"{dash}/>')
    for op in layout["nodes"]:
        x, y = _corner(op)
        colour = ROLE_COLOURS.get(op["role"], palette.SERIES[0])
        body.append(element("rect", x=x, y=y, width=op["width"], height=op["height"], rx=8, fill=colour))
    body.append("</g>")
    return svg(body)
