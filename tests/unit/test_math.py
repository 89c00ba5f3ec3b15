"""Math is typeset at build time by MathJax in Node: SVG in the page, MathML for screen readers, and a formula
MathJax cannot parse stops the build naming the page and the formula."""

import pytest

from tfvisual.site.math import MathError, MathRenderer, render_math, split_formula


@pytest.fixture(scope="module")
def renderer():
    with MathRenderer() as renderer:
        yield renderer


def test_a_formula_renders_to_svg_with_assistive_mathml(renderer):
    html = renderer.render(r"c_{ij} = \sum_{p} a_{ip}\, b_{pj}", display=False)
    assert html.startswith("<mjx-container")
    assert "<svg" in html and 'aria-hidden="true"' in html  # screen readers skip the drawing ...
    assert "<mjx-assistive-mml" in html and "<math" in html and "<mo>=</mo>" in html  # ... and read the MathML
    assert 'fill="currentColor"' in html  # the text colour of the light or dark scheme
    assert "\\sum" not in html


def test_the_stylesheet_hides_the_mathml_copy_from_sight(renderer):
    assert "mjx-assistive-mml" in renderer.stylesheet and "clip:" in renderer.stylesheet


def test_a_page_gets_its_formulas_rendered_and_the_stylesheet_once(renderer):
    page = (
        '<p>Each entry <span class="arithmatex">\\(a &lt; b\\)</span> and '
        '<span class="arithmatex">\\(n^3\\)</span></p>\n<div class="arithmatex">\\[\\sum_i x_i\\]</div>'
    )
    html = render_math(page, "basics/why-cpp.md", renderer)
    assert html.count("<style>") == 1
    assert html.count("<mjx-container") == 3
    # Only the \[...\] formula is display math.
    assert html.count('<mjx-container class="MathJax" jax="SVG" display="true"') == 1
    assert "\\(" not in html and "a &lt; b" not in html  # no TeX left


def test_a_page_without_math_is_left_alone(renderer):
    assert render_math("<p>No formulas, $5.</p>", "index.md", renderer) == "<p>No formulas, $5.</p>"


@pytest.mark.parametrize("tex", [r"\frac{1}{", r"\sumx_i"])
def test_a_broken_formula_fails_naming_the_page_and_the_formula(renderer, tex):
    page = f'<p><span class="arithmatex">\\({tex}\\)</span></p>'
    with pytest.raises(MathError, match="basics/why-cpp.md") as raised:
        render_math(page, "basics/why-cpp.md", renderer)
    assert repr(tex) in str(raised.value)
    # The process survives a bad formula, so the next one still renders.
    assert "<svg" in renderer.render("x", display=False)


def test_delimiters_decide_inline_or_display():
    assert split_formula("\\(a &amp; b\\)") == ("a & b", False)
    assert split_formula("\\[x\\]") == ("x", True)
    assert split_formula("\\begin{align}a &amp;= b\\end{align}") == ("\\begin{align}a &= b\\end{align}", True)


def test_missing_mathjax_names_the_fix(tmp_path):
    with pytest.raises(MathError, match="Run `npm ci`"):
        MathRenderer(node_modules=tmp_path / "node_modules")


def test_missing_node_says_node_is_required(monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(MathError, match="Node 20"):
        MathRenderer()
