"""Build, execute and store the site's notebooks (scripts/build_*_notebook.py hold their cells).

The site shows the stored outputs (mkdocs-jupyter does not execute notebooks); the tests execute them again.
Everything here serves one goal besides running the cells: an unchanged notebook rebuilds to the same bytes.
"""

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

from tfvisual.paths import REPO_ROOT


def build(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    """A notebook from (kind, source) pairs, kind "markdown" or "code"."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    for number, (kind, source) in enumerate(cells):
        make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        # Fixed cell ids (nbformat would draw random ones), so rebuilding an unchanged notebook changes no byte.
        notebook.cells.append(make(source.strip("\n"), id=f"cell-{number:02d}"))
    return notebook


def execute(notebook: nbformat.NotebookNode, timeout: int = 120) -> None:
    """Run every cell in a fresh kernel started from this Python (the project's venv), in the repository root."""
    NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(REPO_ROOT)}},
        record_timing=False,  # no timestamps stored: an unchanged notebook rebuilds to the same bytes
    ).execute()


def drop_stderr(notebook: nbformat.NotebookNode) -> list[str]:
    """Remove stderr streams (TensorFlow's C++ runtime writes start-up messages there that no setting silences).

    They are returned so the caller can print them: a real warning should be read, then fixed in the cell.
    """
    dropped = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.outputs:
            if output.output_type == "stream" and output.name == "stderr":
                dropped.append(output.text)
            else:
                kept.append(output)
        cell.outputs = kept
    return dropped


def execute_and_write(notebook: nbformat.NotebookNode, out: Path) -> None:
    """Execute `notebook`, keep its outputs but stderr, and write it to `out`."""
    execute(notebook)
    for text in drop_stderr(notebook):
        print("stderr (not stored):", text.strip(), file=sys.stderr)
    # How a cell's prints are cut into stream outputs depends on when the kernel flushed them (timing, load):
    # merged, the stored notebook is the same bytes on every run.
    notebook, _ = CoalesceStreamsPreprocessor().preprocess(notebook, {})
    nbformat.validate(notebook)
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, out)
    print(f"wrote {out}")


def command_line(description: str, cells: list[tuple[str, str]], default_out: Path) -> None:
    """What every `scripts/build_*_notebook.py` does when run: build the notebook from its cells, execute it and
    write it to --out (default: the page's notebook under docs/notebooks/)."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=default_out)
    execute_and_write(build(cells), parser.parse_args().out)
