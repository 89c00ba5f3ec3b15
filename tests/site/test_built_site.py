"""The built site as a static host serves it: every internal link, asset and anchor resolves; nothing refers to
another origin for a resource; every number placeholder was filled; no Markdown table is left as raw text."""

import re
from urllib.parse import urlparse

from bs4 import BeautifulSoup
from links import element_ids, file_for, page_files, page_url, references

from tfvisual.site.cards import PLACEHOLDER
from tfvisual.site.math import ARITHMATEX


def test_every_number_placeholder_was_filled(built_site):
    pages = page_files(built_site)
    assert len(pages) >= 4
    left = [file for file in pages if PLACEHOLDER.search(file.read_text())]
    assert left == []


# A line of a Markdown table: "| a | b |" or its rule "|---|:--:|". When Markdown fails to read a table (a "|" inside
# a cell's formula, a missing blank line before it), it prints these lines as a paragraph of text.
TABLE_ROW = re.compile(r"^\|.*\s\|\s|^\|\s*:?-{3,}")


def raw_table_rows(html: str) -> list[str]:
    """The lines of paragraphs (and list items) that are table rows Markdown left as text."""
    soup = BeautifulSoup(html, "html.parser")
    rows = []
    for block in soup.find_all(["p", "li"]):
        for line in block.get_text().splitlines():
            if TABLE_ROW.match(line.strip()):
                rows.append(line.strip()[:100])
    return rows


def test_the_raw_table_detector_finds_a_broken_table_and_passes_a_real_one():
    broken = "<p>| Feature | chance (|r|) |\n|---|---|\n| Position | 0.1 |</p>"
    assert len(raw_table_rows(broken)) == 3
    table = "<table><tr><th>Feature</th><th>chance</th></tr></table><p>Pipes in prose, a | b, are fine.</p>"
    assert raw_table_rows(table) == []
    assert raw_table_rows("<pre><code>| not | a table |</code></pre>") == []


def test_no_markdown_table_is_left_as_raw_text(built_site):
    """A table Markdown could not read reaches the reader as rows of "| … |" text; every table must be a table."""
    left = {}
    for file in page_files(built_site):
        rows = raw_table_rows(file.read_text())
        if rows:
            left[str(file.relative_to(built_site))] = rows[:3]
    assert left == {}


def test_internal_links_assets_and_anchors_resolve(built_site, site_origin):
    base = f"{site_origin}/"
    broken = []
    ids_cache: dict = {}
    for file in page_files(built_site):
        url = page_url(built_site, file, base)
        for ref in references(file.read_text(), url):
            parsed = urlparse(ref.url)
            if f"{parsed.scheme}://{parsed.netloc}" != site_origin:
                continue
            target = file_for(built_site, ref.url, base)
            if not target.exists():
                broken.append(f"{ref.page}: <{ref.tag}> {ref.url} -> missing {target}")
                continue
            if parsed.fragment and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = element_ids(target.read_text())
                if parsed.fragment not in ids_cache[target]:
                    broken.append(f"{ref.page}: {ref.url} -> no element with id '{parsed.fragment}'")
    assert broken == []


def test_no_resource_comes_from_another_origin(built_site, site_origin):
    """Links to other sites are fine for a reader to follow; scripts, styles, images and fonts are not."""
    offenders = []
    for file in page_files(built_site):
        url = page_url(built_site, file, f"{site_origin}/")
        for ref in references(file.read_text(), url):
            if ref.tag != "a" and not ref.url.startswith(site_origin):
                offenders.append(f"{ref.page}: <{ref.tag}> {ref.url}")
    for css in built_site.rglob("*.css"):
        for line in css.read_text().splitlines():
            if "url(http" in line or "@import url(http" in line:
                offenders.append(f"{css}: {line.strip()[:120]}")
    assert offenders == []


def test_browser_libraries_are_vendored(built_site):
    assert (built_site / "vendor/dagre/dagre.esm.js").stat().st_size > 10_000
    # TF.js in content-hashed pieces, each named by the generated module the runtime reads.
    chunks = (built_site / "javascripts/tfjs-chunks.js").read_text()
    named = re.findall(r'"(vendor/tfjs/[^"]+)"', chunks)
    assert len(named) == 6 and all((built_site / path).stat().st_size > 10_000 for path in named)
    assert len(list((built_site / "vendor/tfjs").glob("*.wasm"))) == 3


def test_math_ships_rendered_and_no_page_loads_mathjax(built_site):
    """Formulas are SVG (with MathML for screen readers) in the HTML itself: no MathJax is copied or loaded."""
    why_cpp = (built_site / "basics/why-cpp/index.html").read_text()
    formulas = ARITHMATEX.findall(why_cpp)
    assert len(formulas) >= 3
    for _, content in formulas:
        assert content.startswith("<mjx-container") and "<svg" in content and "<mjx-assistive-mml" in content
    assert "\\sum" not in why_cpp  # no TeX left for a browser to typeset
    assert not (built_site / "vendor/mathjax").exists()
    for file in page_files(built_site):
        html = file.read_text()
        scripts = [ref.url for ref in references(html, "http://site/") if ref.tag == "script"]
        assert not [url for url in scripts if "mathjax" in url.lower()], file
        assert "text/x-mathjax-config" not in html, f"{file} keeps mkdocs-jupyter's MathJax configuration"
