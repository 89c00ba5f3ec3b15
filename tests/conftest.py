"""Test harness: build the site once, serve it on loopback, and open pages in real Chromium.

The site is built with SITE_URL set to the origin it is served on, so Material's instant navigation works as it
does for a reader. Every `page` a test uses fails the test on a console error, an uncaught page error, a failed
request (status >= 400) or a request to another origin; a test that provokes a failure on purpose declares it
with `expect_failures`.
"""

from pathlib import Path
from urllib.parse import urlparse

import pytest

from tfvisual.local_site import build_site, chromium_launch_args, free_port, serve


@pytest.fixture(scope="session")
def site_origin() -> str:
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def built_site(site_origin, tmp_path_factory) -> Path:
    """`mkdocs build --strict` into a temporary folder, with site_url set to the origin the tests serve on."""
    site_dir = tmp_path_factory.mktemp("site")
    build_site(site_dir, site_origin)
    return site_dir


@pytest.fixture(scope="session")
def site_server(built_site, site_origin):
    """Serves the built site on loopback; yields the base URL (with a trailing slash)."""
    with serve(built_site, urlparse(site_origin).port) as origin:
        yield f"{origin}/"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """System Chromium ($TFV_CHROMIUM, /usr/bin/chromium) or else Playwright's own (scripts/ensure_chromium.sh)."""
    return {**browser_type_launch_args, **chromium_launch_args()}


class PageProblems:
    """Collects what a reader would see go wrong: console errors, page errors, failed or off-origin requests."""

    def __init__(self, origin: str):
        self.origin = origin
        self.problems: list[str] = []
        self.expected: list[str] = []

    def expect(self, *fragments: str) -> None:
        """Declare failures a test provokes on purpose (matched by substring of the problem text)."""
        self.expected.extend(fragments)

    def watch(self, page):
        """Listen to everything on `page` that a reader would notice going wrong; returns the page."""
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.add(f"uncaught page error: {error}"))
        page.on("request", self.on_request)
        page.on("response", self.on_response)
        page.on("requestfailed", self.on_request_failed)
        return page

    def add(self, problem: str) -> None:
        if not any(fragment in problem for fragment in self.expected):
            self.problems.append(problem)

    def on_console(self, message) -> None:
        if message.type == "error":
            self.add(f"console error: {message.text} ({message.location.get('url', '')})")

    def on_request(self, request) -> None:
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        if not url.startswith(self.origin + "/"):
            self.add(f"request to another origin: {url}")

    def on_response(self, response) -> None:
        if response.status >= 400:
            self.add(f"HTTP {response.status}: {response.url}")

    def on_request_failed(self, request) -> None:
        failure = request.failure or ""
        # Instant navigation and unmounting cancel fetches on purpose; a cancelled request is not a failure.
        if "ERR_ABORTED" in failure:
            return
        self.add(f"request failed ({failure}): {request.url}")


@pytest.fixture
def page_problems(site_origin):
    return PageProblems(site_origin)


@pytest.fixture
def page(page, page_problems):
    """Playwright's page, watched: the test fails if the reader would have met an error."""
    page_problems.watch(page)
    page.set_default_timeout(30_000)
    yield page
    assert page_problems.problems == [], "the page showed problems:\n" + "\n".join(page_problems.problems)


@pytest.fixture
def expect_failures(page_problems):
    """Call with substrings of problems this test provokes on purpose (a 404 it serves, say)."""
    return page_problems.expect
