import sys
from pathlib import Path

import pytest

from tfvisual.benchmarks.page_quality import wait_until_settled as wait_for_settled_page

# The helpers that read the built site (tests/site/links.py) serve the browser tests too.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))


@pytest.fixture
def wait_until_settled():
    """Call with a page: waits until its demos have mounted and are idle (the digit model loaded) and its math is
    typeset. The same wait as the page-quality benchmark's (src/tfvisual/benchmarks/page_quality.py)."""
    return wait_for_settled_page


@pytest.fixture(scope="session")
def browser(browser):
    """Every context a test opens blocks service workers unless it asks for them (`service_workers="allow"`).

    The site registers one once a page is idle: it would answer the requests `page.route` is meant to see (tests
    that serve a broken model file) and download the whole site in the background of every test. Wrapping
    `browser.new_context` covers the `page` and `context` fixtures and the tests that open contexts of their own.
    """
    open_context = browser.new_context
    browser.new_context = lambda **options: open_context(**{"service_workers": "block", **options})
    return browser
