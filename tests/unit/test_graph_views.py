"""The space the site build reserves for each graph viewer: the opening view's height, laid out in Node by the
viewer's own code, written on the demo's element; an unknown graph fails the build."""

import json

import pytest
from mkdocs.exceptions import PluginError

from tfvisual.graphs.served import GRAPHS_DIR
from tfvisual.site.graph_views import graph_view_heights, reserve_graph_space


def test_every_exported_graph_has_an_opening_height_from_its_layout():
    heights = graph_view_heights()
    names = {json.loads(path.read_text())["name"] for path in GRAPHS_DIR.glob("*.json")}
    assert set(heights) == names
    # Taller graphs open taller: the 74-op training step (an overview of 20 boxes) against the 6-op scaled sum.
    assert heights["training-step"] > heights["scaled-sum"] > 100


def test_a_graph_demo_gets_its_height_and_an_unknown_one_fails_the_build():
    html = '<p>x</p><div class="tfv-demo" data-demo="graph" data-graph="dense"></div><div data-demo="digit"></div>'
    reserved = reserve_graph_space(html, {"dense": 412})
    assert '<div class="tfv-demo" data-demo="graph" data-graph="dense" style="--tfv-graph-natural: 412px">' in reserved
    assert '<div data-demo="digit">' in reserved
    styled = reserve_graph_space('<div data-demo="graph" data-graph="dense" style="margin: 0">', {"dense": 412})
    assert styled == '<div data-demo="graph" data-graph="dense" style="--tfv-graph-natural: 412px; margin: 0">'
    with pytest.raises(PluginError, match="made-up"):
        reserve_graph_space('<div data-demo="graph" data-graph="made-up"></div>', {"dense": 412})
