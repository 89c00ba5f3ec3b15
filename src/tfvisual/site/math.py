"""Math typeset at build time: pages ship finished SVG formulas, and the browser runs no MathJax.

pymdownx.arithmatex (`generic: true`) leaves each formula as HTML-escaped TeX in an element of class
"arithmatex": `<span class="arithmatex">\\(...\\)</span>` inline, `<div class="arithmatex">\\[...\\]</div>`
(or a bare `\\begin{align}...\\end{align}`) for display. Typesetting that in the browser made every page with
math jump once MathJax had loaded (the formulas change size) and cost 1.1 MB of script. Here MathJax (the npm
package pinned in package.json) runs in one Node process per build, render_math.mjs, and each formula's TeX is
replaced by its SVG plus a MathML copy for screen readers.
"""

import html
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError

from tfvisual.paths import NODE_MODULES

SCRIPT = Path(__file__).with_name("render_math.mjs")

# Arithmatex writes exactly this markup, with the TeX HTML-escaped and no tags inside.
ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">(.*?)</\1>', re.DOTALL)
DELIMITERS = {"\\(": ("\\)", False), "\\[": ("\\]", True)}


class MathError(PluginError):
    """The math could not be rendered: node or MathJax is missing, or a formula does not parse.

    A PluginError, so `mkdocs build` stops with this message instead of a traceback."""


class MathRenderer:
    """One Node process running render_math.mjs: TeX in, SVG out, one formula at a time.

    Starting Node and MathJax takes about 0.1 s (a formula about 5 ms), so the process lives for the whole build and
    renders every formula of every page. Use it as a context manager, or call close().
    """

    def __init__(self, node_modules: Path = NODE_MODULES, script: Path = SCRIPT):
        node = shutil.which("node")
        if node is None:
            raise MathError("`node` is not on PATH: the build renders math with MathJax in Node 20 (see README.md).")
        if not (node_modules / "mathjax").is_dir():
            raise MathError(
                f"{node_modules / 'mathjax'} is missing: the build renders math with the npm package mathjax. "
                "Run `npm ci` (or `make site`) in the repository root first."
            )
        # Node's stderr goes to a file, not a pipe nobody reads (a full pipe would block Node); it is shown on failure.
        self._stderr = tempfile.TemporaryFile(mode="w+")
        self._process = subprocess.Popen(
            [node, str(script)],  # Node finds `import "mathjax"` in the node_modules above the script
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
        )
        # The first line is MathJax's stylesheet for SVG output: it hides the MathML copy from sight (not from
        # screen readers) and centres display math.
        self.stylesheet: str = re.sub(r"\s+", " ", self._read()["stylesheet"]).strip()

    def render(self, tex: str, display: bool) -> str:
        """The HTML of one formula: `<mjx-container>` holding the SVG and the assistive MathML.

        Raises MathError with MathJax's message ("Undefined control sequence \\foo") if the TeX does not parse."""
        try:
            self._process.stdin.write(json.dumps({"tex": tex, "display": display}) + "\n")
            self._process.stdin.flush()
        except BrokenPipeError:
            pass  # Node has died: _read() reports why
        answer = self._read()
        if "error" in answer:
            raise MathError(answer["error"])
        return answer["html"]

    def _read(self) -> dict:
        line = self._process.stdout.readline()
        if not line:
            self._process.wait()
            self._stderr.seek(0)
            raise MathError(
                f"the math renderer ({SCRIPT.name}) stopped with exit code {self._process.returncode}:\n"
                f"{self._stderr.read()}"
            )
        return json.loads(line)

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.stdin.close()  # end of input: Node exits once it has answered everything
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._stderr.close()

    def __enter__(self) -> "MathRenderer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def split_formula(source: str) -> tuple[str, bool]:
    """Arithmatex's escaped text -> (TeX without its delimiters, whether it is display math)."""
    tex = html.unescape(source).strip()
    for opening, (closing, display) in DELIMITERS.items():
        if tex.startswith(opening) and tex.endswith(closing):
            return tex[len(opening) : -len(closing)], display
    return tex, True  # \begin{align}...\end{align} and other environments are display math


def render_math(content: str, page: str, renderer: MathRenderer) -> str:
    """The page's HTML with every arithmatex formula rendered, and MathJax's stylesheet once at its top.

    The stylesheet travels with the page content (not in <head>) because instant navigation swaps in only the
    content: a page reached from one without math still gets it."""
    found = False

    def render(match: re.Match) -> str:
        nonlocal found
        found = True
        tex, display = split_formula(match[2])
        try:
            rendered = renderer.render(tex, display)
        except MathError as error:
            raise MathError(f"{page}: MathJax cannot render the formula {tex!r}: {error}") from None
        return f'<{match[1]} class="arithmatex">{rendered}</{match[1]}>'

    content = ARITHMATEX.sub(render, content)
    return f"<style>{renderer.stylesheet}</style>\n{content}" if found else content


class BuildMath:
    """The math of one build: starts the renderer at the first page with a formula, stops it at the end."""

    def __init__(self):
        self._renderer: MathRenderer | None = None

    def render_page(self, content: str, page: str) -> str:
        if not ARITHMATEX.search(content):
            return content
        if self._renderer is None:
            self._renderer = MathRenderer()
        return render_math(content, page, self._renderer)

    def close(self) -> None:
        if self._renderer is not None:
            self._renderer.close()
            self._renderer = None
