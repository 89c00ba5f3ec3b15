"""Notebook pages lose mkdocs-jupyter's MathJax scripts (they threw on instant navigation), and the math that
nbconvert leaves in rendered Markdown cells is marked for the same build-time rendering as Markdown pages."""

import nbformat
import pytest
from mkdocs.exceptions import PluginError
from mkdocs_jupyter import convert

from tfvisual.site.math import ARITHMATEX, split_formula
from tfvisual.site.notebook_math import mark_notebook_math, strip_notebook_mathjax


@pytest.fixture(scope="module")
def notebook_html(tmp_path_factory) -> str:
    """A notebook converted the way mkdocs-jupyter converts the site's notebooks."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell(
            "Inline $a_{ij} < b$ and \\\\(n^3\\\\), code `$HOME`, and a sum:\n\n$$\\sum_i x_i$$\n\n"
            "\\begin{align}y &= 2x\\end{align}\n\n```sh\necho $PATH $SHELL\n```"
        ),
        nbformat.v4.new_code_cell("price = '$5 and $6'"),
    ]
    path = tmp_path_factory.mktemp("notebook") / "math.ipynb"
    nbformat.write(notebook, path)
    return convert.nb2html(str(path), execute=False, custom_mathjax_url="")


def test_mkdocs_jupyters_mathjax_scripts_are_removed(notebook_html):
    assert "text/x-mathjax-config" in notebook_html  # what mkdocs-jupyter writes ...
    html = strip_notebook_mathjax(notebook_html, "notebooks/math.ipynb")
    assert "text/x-mathjax-config" not in html and "MathJax" not in html  # ... and what the page keeps
    assert "jp-Notebook" in html


def test_a_changed_template_fails_loudly():
    with pytest.raises(PluginError, match="notebooks/m: mkdocs-jupyter's MathJax"):
        strip_notebook_mathjax('<script type="text/x-mathjax-config">MathJax.Hub.Config({})</script>', "notebooks/m")


def test_math_in_markdown_cells_is_marked_for_rendering(notebook_html):
    html = mark_notebook_math(notebook_html)
    formulas = [split_formula(match[2]) for match in ARITHMATEX.finditer(html)]
    assert formulas == [
        ("a_{ij} < b", False),
        ("n^3", False),
        ("\\sum_i x_i", True),
        ("\\begin{align}y &= 2x\\end{align}", True),
    ]
    # Dollar signs in code, in a code block and in a code cell are not math.
    assert "$HOME" in html and "$PATH" in html and "$5 and $6" in html.replace("&#39;", "'")
