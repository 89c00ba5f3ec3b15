"""Instant navigation between pages mounts each page's demos exactly once, unmounts the previous page's, and
leaves no tensors behind."""

import pytest
from links import page_files, page_url

from tfvisual.local_site import REACH_NEXT_DEMO

pytestmark = pytest.mark.browser

CLICK_NAV_LINK = """url => {
  const link = [...document.querySelectorAll('.md-sidebar--primary a.md-nav__link')].find(a => a.href === url);
  if (!link) throw new Error(`no navigation link to ${url}`);
  link.click();
}"""

# Waits until every demo on the page has mounted, the network is quiet and the tensor count has settled.
DEMOS_READY = f"""() => {{
  {REACH_NEXT_DEMO}
  const demos = [...document.querySelectorAll('[data-demo]')];
  return demos.length > 0 && demos.every(d => d.dataset.mounted === 'true');
}}"""


def demo_pages(built_site, base_url) -> list[tuple[str, list[str]]]:
    """(url, the demo name of every [data-demo] element on it): a page may hold several of one demo."""
    pages = []
    for file in page_files(built_site):
        html = file.read_text()
        if "data-demo=" in html and file.name == "index.html":
            names = [part.split('"', 1)[0] for part in html.split('data-demo="')[1:]]
            pages.append((page_url(built_site, file, base_url), names))
    return pages


def settle_tensor_count(page) -> int:
    """The tensor count once nothing is in flight: no download (a model adds its weights when it arrives) and
    no demo busy computing (an update holds its intermediate tensors until it has read them back)."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function("!document.querySelector('[data-demo][data-busy=\"true\"]')", timeout=60_000)
    previous = None
    for _ in range(20):
        count = page.evaluate("tf.memory().numTensors")
        if count == previous:
            return count
        previous = count
        page.wait_for_timeout(250)
    raise AssertionError("the tensor count never settled")


def visit(page, url):
    page.evaluate(CLICK_NAV_LINK, url)
    page.wait_for_url(url)
    page.wait_for_function(DEMOS_READY, timeout=60_000)


def visit_home(page, home):
    """The home page has no demos: going there between visits makes every visit a real page change."""
    page.evaluate(CLICK_NAV_LINK, home)
    page.wait_for_url(home)
    page.wait_for_function("document.querySelectorAll('[data-demo]').length === 0")


def test_navigation_mounts_once_and_leaks_nothing(page, built_site, site_server):
    pages = demo_pages(built_site, site_server)
    assert pages, "no page with a demo was built"
    page.goto(site_server)
    # Survives only if no page is reloaded: proof that the navigation below is instant.
    page.evaluate("window.__sameDocument = true")

    visits: dict[str, int] = {}
    baseline: dict[str, int] = {}
    # Round 0 warms up: a model is downloaded on its first visit and kept (one per URL) for later pages.
    # Rounds 1 and 2 must then see the same tensor count on every page.
    for round_number in range(3):
        for url, names in pages:
            visit(page, url)
            for name in names:
                visits[name] = visits.get(name, 0) + 1
            count = settle_tensor_count(page)
            if round_number == 1:
                baseline[url] = count
            elif round_number == 2:
                assert count == baseline[url], f"{url}: {count} tensors after returning, {baseline[url]} before"
            visit_home(page, site_server)

    assert page.evaluate("window.__sameDocument") is True, "a page was reloaded instead of swapped in"
    # Back on a page without demos: every demo element was mounted once per visit, and every mount was undone.
    page.wait_for_function(
        "Object.values(window.tfvisual.mounts).reduce((a, b) => a + b, 0) === "
        "Object.values(window.tfvisual.unmounts).reduce((a, b) => a + b, 0)"
    )
    registry = page.evaluate("window.tfvisual")
    for name, count in visits.items():
        assert registry["mounts"][name] == count, f"{name} mounted {registry['mounts'][name]}×, visited {count}×"
        assert registry["unmounts"][name] == count


def test_navigation_to_the_notebook_page_runs_no_mathjax(page, built_site, site_server):
    """Instant navigation re-runs the scripts inside a page's content. mkdocs-jupyter's MathJax configuration
    among them threw "Cannot read properties of undefined (reading 'Config')"; the build now removes it (and
    renders any notebook math itself). The `page` fixture fails the test on that error or any other."""
    notebooks = [page_url(built_site, file, site_server) for file in sorted(built_site.glob("notebooks/*/index.html"))]
    assert notebooks, "no notebook page was built"
    math_page = f"{site_server}basics/why-cpp/"
    page.goto(site_server)
    page.evaluate("window.__sameDocument = true")
    # Arriving from a page with math and from one without, twice: each visit re-runs the notebook page's scripts.
    for url in [*notebooks, math_page, *notebooks, site_server, *notebooks]:
        page.evaluate(CLICK_NAV_LINK, url)
        page.wait_for_url(url)
        page.wait_for_load_state("networkidle")  # a script that throws does so as its page is swapped in
    page.wait_for_selector(".jupyter-wrapper .jp-Notebook")
    assert page.evaluate("window.__sameDocument") is True, "a page was reloaded instead of swapped in"
    assert page.evaluate("typeof window.MathJax") == "undefined"
