"""The exported graphs, served from the site root at graphs/<name>.json (the viewer) and .pbtxt (the GraphDef)."""

import re
from pathlib import Path

from tfvisual.paths import REPO_ROOT, RESULTS_DIR

# Written by scripts/export_graphs.py and committed. This module imports no TensorFlow: the site build uses it.
GRAPHS_DIR = RESULTS_DIR / "graphs"


def graph_files(graphs_dir: Path = GRAPHS_DIR) -> dict[str, Path]:
    """Map the site path of every exported graph file to the committed file."""
    if not graphs_dir.exists():
        return {}
    return {f"graphs/{path.name}": path for path in sorted(graphs_dir.glob("*")) if path.suffix in {".json", ".pbtxt"}}


def graph_pages(docs_dir: Path = REPO_ROOT / "docs") -> dict[str, str]:
    """Map each graph name to the site path of the page that shows it (its first `data-graph="<name>"`), read
    from the Markdown pages, so tests and benchmarks open the page a reader would."""
    pages: dict[str, str] = {}
    for source in sorted(docs_dir.rglob("*.md")):
        path = source.relative_to(docs_dir).with_suffix("").as_posix()
        site_path = re.sub(r"(^|/)index$", r"\1", path) if path.endswith("index") else f"{path}/"
        for name in re.findall(r'data-graph="([^"]+)"', source.read_text()):
            pages.setdefault(name, site_path)
    return pages
