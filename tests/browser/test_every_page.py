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


def test_math_is_typeset_by_the_vendored_mathjax(page, site_server):
    page.goto(f"{site_server}basics/why-cpp/")
    page.wait_for_selector(".arithmatex mjx-container", timeout=30_000)
    # Rendered glyphs, not the raw TeX source.
    assert "\\sum" not in page.locator(".arithmatex").first.inner_text()


def test_math_is_typeset_after_instant_navigation_and_only_loaded_where_needed(page, site_server):
    mathjax_requests = []
    page.on("request", lambda request: "vendor/mathjax/" in request.url and mathjax_requests.append(request.url))
    page.goto(site_server)  # the home page has no math: 1.1 MB of MathJax is not downloaded for it
    page.wait_for_load_state("networkidle")
    assert mathjax_requests == []

    page.evaluate("window.__sameDocument = true")  # survives only an instant navigation, not a reload
    page.locator("article a", has_text="Why a C++ backend?").first.click()
    page.wait_for_url("**/basics/why-cpp/")
    page.wait_for_selector(".arithmatex mjx-container", timeout=30_000)
    assert "\\sum" not in page.locator(".arithmatex").first.inner_text()
    assert page.evaluate("window.__sameDocument") is True
