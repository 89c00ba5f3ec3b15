"""scripts/build_graphs_notebook.py is the graphs notebook's only source: an edit made to the .ipynb by hand, or a
builder change not rebuilt, shows here. (tests/unit/test_notebooks.py checks it is stored executed and clean, and
executes it again.)"""

import runpy

import nbformat

from tfvisual.paths import REPO_ROOT


def test_graphs_notebook_is_what_its_builder_writes():
    builder = runpy.run_path(str(REPO_ROOT / "scripts" / "build_graphs_notebook.py"), run_name="builder")
    stored = nbformat.read(builder["NOTEBOOK"], as_version=4)
    built = builder["build"]()
    assert [(c.cell_type, c.source) for c in stored.cells] == [(c.cell_type, c.source) for c in built.cells], (
        "rerun `.venv/bin/python scripts/build_graphs_notebook.py`"
    )
