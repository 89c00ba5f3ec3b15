"""What the site build writes for each graph viewer before its code runs: the opening view's height and the intro
line, both computed in Node by the viewer's own code, written on and into the demo's element; an unknown graph
fails the build."""

import json

import pytest
from mkdocs.exceptions import PluginError

from tfvisual.graphs.served import GRAPHS_DIR
from tfvisual.site.graph_views import graph_views, reserve_graph_space

DENSE = {
    "height": 412,
    "title": "relu(x @ W + b)",
    "counts": "10 ops traced by TensorFlow 2.19.0.",
    "pbtxt": "d.pbtxt",
    "scopes": False,
}


def test_every_exported_graph_has_an_opening_height_from_its_layout_and_its_intro():
    views = graph_views()
    exported = {
        json.loads(path.read_text())["name"]: json.loads(path.read_text()) for path in GRAPHS_DIR.glob("*.json")
    }
    assert set(views) == set(exported)
    # Taller graphs open taller: the 74-op training step (an overview of 20 boxes) against the 6-op scaled sum.
    assert views["training-step"]["height"] > views["scaled-sum"]["height"] > 100
    for name, view in views.items():
        assert view["title"] == exported[name]["title"] and view["pbtxt"] == exported[name]["pbtxt"]
        assert view["counts"].startswith(f"{len(exported[name]['ops'])} ops traced by TensorFlow")
    # The overview's collapsed scopes are named in the intro, as the viewer names them.
    assert "collapsed" in views["training-step"]["counts"] and "collapsed" not in views["scaled-sum"]["counts"]
    # The scope buttons' bar shows where the graph has name scopes: the training step's, not the scaled sum's.
    assert views["training-step"]["scopes"] and not views["scaled-sum"]["scopes"]


def test_a_graph_demo_gets_its_height_and_intro_and_an_unknown_one_fails_the_build():
    html = '<p>x</p><div class="tfv-demo" data-demo="graph" data-graph="dense"></div><div data-demo="digit"></div>'
    reserved = reserve_graph_space(html, {"dense": DENSE}, "../../")
    assert (
        '<div class="tfv-demo" data-demo="graph" data-graph="dense" '
        'style="--tfv-graph-natural: 412px; --tfv-graph-scopes: 0">'
        '<p class="tfv-graph__intro"><strong>relu(x @ W + b)</strong>: 10 ops traced by TensorFlow 2.19.0. '
        '<a href="../../graphs/d.pbtxt">TensorFlow&#x27;s GraphDef (.pbtxt)</a></p></div>'
    ) in reserved
    assert '<div data-demo="digit"></div>' in reserved
    styled = reserve_graph_space(
        '<div data-demo="graph" data-graph="dense" style="margin: 0"></div>', {"dense": DENSE}, ""
    )
    assert styled.startswith(
        '<div data-demo="graph" data-graph="dense" style="--tfv-graph-natural: 412px; --tfv-graph-scopes: 0; '
        'margin: 0">'
    )
    with pytest.raises(PluginError, match="made-up"):
        reserve_graph_space('<div data-demo="graph" data-graph="made-up"></div>', {"dense": DENSE}, "")
