"""The exported graphs, served from the site root at graphs/<name>.json (the viewer) and .pbtxt (the GraphDef)."""

from pathlib import Path

from tfvisual.paths import RESULTS_DIR

# Written by scripts/export_graphs.py and committed. This module imports no TensorFlow: the site build uses it.
GRAPHS_DIR = RESULTS_DIR / "graphs"


def graph_files(graphs_dir: Path = GRAPHS_DIR) -> dict[str, Path]:
    """Map the site path of every exported graph file to the committed file."""
    if not graphs_dir.exists():
        return {}
    return {f"graphs/{path.name}": path for path in sorted(graphs_dir.glob("*")) if path.suffix in {".json", ".pbtxt"}}
