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
