"""Every notebook in docs/notebooks is stored executed and clean, and still runs from top to bottom.

The site shows the stored outputs (mkdocs-jupyter does not execute), so both matter: the stored file must be
what a run produces, and a run must still succeed (the notebooks' agreement checks are real `assert`s).
"""

import runpy
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tfvisual.paths import REPO_ROOT

NOTEBOOKS = sorted((REPO_ROOT / "docs" / "notebooks").glob("*.ipynb"))
# What TensorFlow's C++ runtime prints at start-up; none of it belongs on a page.
CHATTER = [
    "cuInit",
    "cuda_dnn",
    "cuda_blas",
    "cudart_stub",
    "computation_placer",
    "oneDNN",
    "absl::InitializeLog",
    "cpu_feature_guard",
    "TF_ENABLE_ONEDNN_OPTS",
]


def output_texts(notebook) -> list[str]:
    texts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            texts.append(output.get("text", ""))
            texts.extend(str(v) for k, v in output.get("data", {}).items() if k.startswith("text/"))
    return texts


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_notebook_is_executed_and_clean(path: Path):
    notebook = nbformat.read(path, as_version=4)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code_cells
    for cell in code_cells:
        assert cell.execution_count is not None, f"not executed: {cell.source[:60]!r}"
        for output in cell.outputs:
            assert output.output_type != "error", f"stored error in {cell.source[:60]!r}"
            assert not (output.output_type == "stream" and output.name == "stderr"), f"stderr in {cell.source[:60]!r}"
    # Executed in order, from a fresh kernel.
    assert [cell.execution_count for cell in code_cells] == list(range(1, len(code_cells) + 1))
    for text in output_texts(notebook):
        found = [word for word in CHATTER if word in text]
        assert not found, f"TensorFlow start-up messages stored in {path.name}: {found}"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes_without_errors(path: Path):
    notebook = nbformat.read(path, as_version=4)
    # One extra cell reports which Python the kernel runs: it must be this venv's, with the project installed.
    notebook.cells.append(nbformat.v4.new_code_cell("import sys\nprint(sys.executable)"))
    client = NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(REPO_ROOT)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    printed = "".join(o.get("text", "") for o in notebook.cells[-1].outputs if o.output_type == "stream")
    assert Path(printed.strip()).resolve() == Path(sys.executable).resolve()


def test_kernels_notebook_is_what_its_builder_writes():
    """scripts/build_kernels_notebook.py is the notebook's only source: an edit made to the .ipynb by hand, or a
    builder change not rebuilt, shows here."""
    builder = runpy.run_path(str(REPO_ROOT / "scripts" / "build_kernels_notebook.py"), run_name="builder")
    stored = nbformat.read(builder["NOTEBOOK"], as_version=4)
    built = builder["build"]()
    assert [(c.cell_type, c.source) for c in stored.cells] == [(c.cell_type, c.source) for c in built.cells], (
        "rerun `.venv/bin/python scripts/build_kernels_notebook.py`"
    )
