"""Every page of the built site opens in Chromium without a console error, a failed request or a request to
another origin (the `page` fixture fails the test on any of them), and shows what it promises."""

import pytest
from links import page_files, page_url

pytestmark = pytest.mark.browser


def test_every_page_opens_cleanly(page, built_site, site_server):
    urls = [page_url(built_site, file, site_server) for file in page_files(built_site)]
    assert len(urls) >= 4
    for url in urls:
        page.goto(url, wait_until="networkidle")
        assert page.locator("article h1, .md-content h1").count() >= 1, f"{url} has no title"


# Every formula as the reader's browser has it: an SVG drawing of non-zero width in the text's colour, and the MathML
# copy that screen readers read. `fill` is the drawing's computed colour, `color` that of the text around it.
RENDERED_MATH = """() => [...document.querySelectorAll('.arithmatex')].map((math) => {
    const svg = math.querySelector('mjx-container > svg');
    return {
        tex: math.textContent.includes('\\\\(') || math.textContent.includes('\\\\['),
        width: svg ? svg.getBoundingClientRect().width : 0,
        hidden: svg?.getAttribute('aria-hidden'),
        mathml: math.querySelector('mjx-assistive-mml > math')?.textContent ?? null,
        fill: svg ? getComputedStyle(svg.querySelector('g')).fill : null,
        color: getComputedStyle(math.parentElement).color,
    };
})"""


def watch_mathjax_requests(page) -> list[str]:
    requests = []
    page.on("request", lambda request: "mathjax" in request.url.lower() and requests.append(request.url))
    return requests


def assert_math_rendered(page, formulas_in_html: int) -> None:
    math = page.evaluate(RENDERED_MATH)
    assert len(math) == formulas_in_html >= 3
    for formula in math:
        assert not formula["tex"], "TeX left on the page"
        assert formula["width"] > 0 and formula["hidden"] == "true"
        assert formula["mathml"], "no MathML for screen readers"
        assert formula["fill"] == formula["color"], "the formula is not drawn in the colour of its text"
    assert page.evaluate("typeof window.MathJax") == "undefined"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_math_arrives_rendered_in_the_html(page, site_server, scheme):
    mathjax_requests = watch_mathjax_requests(page)
    page.emulate_media(color_scheme=scheme)
    response = page.goto(f"{site_server}basics/why-cpp/", wait_until="networkidle")
    # Rendered by the build: the HTML the server sends already holds the SVG, before any script has run.
    served = response.text()
    assert "\\sum" not in served and served.count("<mjx-container") >= 3
    assert_math_rendered(page, served.count("<mjx-container"))
    assert mathjax_requests == []


def test_math_is_rendered_after_instant_navigation(page, site_server):
    mathjax_requests = watch_mathjax_requests(page)
    page.goto(site_server, wait_until="networkidle")
    page.evaluate("window.__sameDocument = true")  # survives only an instant navigation, not a reload
    page.locator("article a", has_text="Why a C++ backend?").first.click()
    page.wait_for_url("**/basics/why-cpp/")
    # Material may change the address before it swaps the new page's content in: wait for the new title.
    page.locator("article h1", has_text="Why a C++ backend?").wait_for()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__sameDocument") is True
    assert_math_rendered(page, page.locator(".arithmatex mjx-container").count())
    assert mathjax_requests == []
