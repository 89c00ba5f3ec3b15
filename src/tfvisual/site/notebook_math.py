"""Notebook pages (mkdocs-jupyter) get their math the same way as Markdown pages: rendered at build time.

mkdocs-jupyter's template puts MathJax 2 into the page content: a `<script src>` (a CDN address unless
configured, here empty) and a `<script type="text/x-mathjax-config">` that calls `MathJax.Hub.Config`. When
Material's instant navigation swaps a page in, it re-runs the content's scripts as plain JavaScript, so that
configuration ran and threw "Cannot read properties of undefined (reading 'Config')". Both are removed here.

nbconvert leaves the math of Markdown cells as the TeX it recognised, HTML-escaped: `$...$` inline, `$$...$$`
and `\\begin{env}...\\end{env}` for display. mark_notebook_math wraps each in the same element arithmatex
writes for Markdown pages, so math.py renders both alike.
"""

import re

from mkdocs.exceptions import PluginError

# nbconvert's mathjax macro (templates/base/mathjax.html.j2) wraps its two scripts in these comments.
MATHJAX_BLOCK = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.DOTALL)

# The rendered Markdown of a cell (and text/markdown or text/latex outputs), where nbconvert leaves math as TeX.
MARKDOWN_START = re.compile(r'<div class="[^"]*\bjp-Rendered(?:Markdown|Latex)\b[^"]*"[^>]*>')
DIV = re.compile(r"<(/?)div\b[^>]*>")
TAG = re.compile(r"(<[^>]*>)")
NOT_MATH_TAGS = re.compile(r"<(/?)(code|pre|script|style)\b", re.IGNORECASE)
# The patterns of nbconvert's MathInlineParser (filters/markdown_mistune.py), display math first.
NOTEBOOK_MATH = re.compile(
    r"(?<!\\)\$\$(?P<display>.+?)(?<!\\)\$\$"
    r"|(?P<environment>\\begin\{(?P<name>[a-z]*\*?)\}.*?\\end\{(?P=name)\})"
    r"|(?<![$\\])\$(?P<inline>.+?)(?<![$\\])\$",
    re.DOTALL,
)


def strip_notebook_mathjax(content: str, page: str) -> str:
    """The notebook page's HTML without mkdocs-jupyter's MathJax scripts."""
    content = MATHJAX_BLOCK.sub("", content)
    if "text/x-mathjax-config" in content:
        raise PluginError(
            f"{page}: mkdocs-jupyter's MathJax configuration is no longer between the comments this hook "
            "removes (its template changed): update MATHJAX_BLOCK in src/tfvisual/site/notebook_math.py"
        )
    return content


def _as_arithmatex(match: re.Match) -> str:
    if match["inline"] is not None:
        return f'<span class="arithmatex">\\({match["inline"]}\\)</span>'
    # A span, not a div: nbconvert leaves display math inside a <p>, where a div would end the paragraph.
    if match["display"] is not None:
        return f'<span class="arithmatex">\\[{match["display"]}\\]</span>'
    # An environment (align, ...) is display math by itself: inside \[...\] TeX would reject it.
    return f'<span class="arithmatex">{match["environment"]}</span>'


def _mark_text(fragment: str) -> str:
    """Wrap the math in the text between tags of one rendered cell, leaving code and preformatted text alone."""
    parts = TAG.split(fragment)
    literal = 0  # depth inside <code>, <pre>, ...
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            if tag := NOT_MATH_TAGS.match(part):
                literal = max(0, literal + (-1 if tag[1] else 1))
        elif literal == 0:
            parts[index] = NOTEBOOK_MATH.sub(_as_arithmatex, part)
    return "".join(parts)


def mark_notebook_math(content: str) -> str:
    """Wrap the math nbconvert left in rendered Markdown in arithmatex elements, for math.py to render."""
    out, position = [], 0
    for start in MARKDOWN_START.finditer(content):
        if start.start() < position:
            continue  # nested inside a cell already handled
        # The cell ends at the </div> that closes its opening <div>.
        depth, end = 1, len(content)
        for div in DIV.finditer(content, start.end()):
            depth += -1 if div[1] else 1
            if depth == 0:
                end = div.start()
                break
        out += [content[position : start.end()], _mark_text(content[start.end() : end])]
        position = end
    out.append(content[position:])
    return "".join(out)
