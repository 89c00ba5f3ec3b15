"""The site works offline after one visit, a new build replaces the stored one only when the reader accepts it, and
`mkdocs serve` removes a worker an earlier build installed (docs/javascripts/offline.js,
src/tfvisual/site/service_worker.py).

Every other browser test blocks service workers (tests/browser/conftest.py); these open contexts that allow them.
"""

import shutil
from contextlib import contextmanager

import pytest
from links import page_files, page_url
from test_accessibility import SCHEMES, axe_violations, report, use_scheme

from tfvisual.local_site import free_port, serve
from tfvisual.site.service_worker import write_service_worker

pytestmark = pytest.mark.browser

# offline.js sets it once a worker has stored every file and controls the page.
STORED = 'html[data-offline="ready"]'
# Every URL in the page's origin's caches (Workbox keys each file by its URL and ?__WB_REVISION__=<md5>).
CACHED_URLS = """async () => {
    const urls = [];
    for (const name of await caches.keys()) urls.push(...(await (await caches.open(name)).keys()).map((r) => r.url));
    return urls.sort();
}"""
# Every demo that counts its updates has finished at least one and has nothing left to do.
DEMOS_UPDATED = """() => [...document.querySelectorAll('[data-demo][data-updates]')].every(
    (demo) => demo.dataset.busy === "false" && Number(demo.dataset.updates) >= 1)"""
NEW_BUILD = '<p id="new-build">This paragraph is new in this build.</p>'
NEW_AND_UNCONTROLLED = "() => document.getElementById('new-build') && !navigator.serviceWorker.controller"


def wait_until_stored(page) -> None:
    page.wait_for_selector(STORED, state="attached", timeout=60_000)


@contextmanager
def worker_context(browser):
    context = browser.new_context(service_workers="allow")
    try:
        yield context
    finally:
        context.close()


def test_after_one_visit_every_page_its_demos_search_and_instant_navigation_work_offline(
    browser, built_site, site_server, page_problems, expect_failures, wait_until_settled
):
    with worker_context(browser) as context:
        page = page_problems.watch(context.new_page())
        page.set_default_timeout(30_000)
        page.goto(site_server)
        wait_until_stored(page)
        context.set_offline(True)

        # The network is really cut: a file the worker leaves out (a notebook's download copy) cannot be fetched.
        notebook = next(built_site.rglob("*.ipynb")).relative_to(built_site).as_posix()
        expect_failures(notebook)
        assert page.evaluate("(url) => fetch(url).then(() => 'fetched', () => 'failed')", notebook) == "failed"

        demo_pages = 0
        for file in page_files(built_site):
            url = page_url(built_site, file, site_server)
            response = page.goto(url)
            assert response.from_service_worker, f"{url} did not come from the service worker"
            assert page.locator("article h1, .md-content h1").count() >= 1, f"{url} has no title"
            if page.locator("[data-demo]").count():
                demo_pages += 1
                wait_until_settled(page)  # scrolls to each demo, so that it starts, and waits until it is idle
                start_first_updates(page)
                page.wait_for_function(DEMOS_UPDATED)
        assert demo_pages >= 6

        # Search: Material's worker and its index come from the store.
        page.goto(site_server)
        page.keyboard.press("/")
        page.keyboard.type("convolution")
        page.locator(".md-search-result__item").first.wait_for()

        # Instant navigation fetches the next page's HTML (and sitemap.xml) without reloading.
        page.goto(site_server)
        page.evaluate("window.__sameDocument = true")  # survives an instant navigation, not a reload
        page.locator("article a", has_text="Why a C++ backend?").first.click()
        page.locator("article h1", has_text="Why a C++ backend?").wait_for()
        assert page.url.partition("#")[0] == f"{site_server}basics/why-cpp/"  # the card links to the race's heading
        assert page.evaluate("window.__sameDocument") is True
    assert page_problems.problems == []


def start_first_updates(page) -> None:
    """Start an update, as a reader would, in the demos that wait for the reader before their first one."""
    for demo in page.locator('[data-demo="char-rnn"]').all():
        demo.get_by_test_id("length").fill("50")  # the shortest run it offers
        demo.get_by_test_id("generate").click()


def console_errors(page) -> list[str]:
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def site_copy(built_site, tmp_path):
    """A copy of the built site, served on an origin of its own, that a test may rebuild in place."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    with serve(site, free_port()) as origin:
        yield site, f"{origin}/"


def publish_new_index(site) -> None:
    """A new build in which the home page has a new paragraph."""
    index = site / "index.html"
    index.write_text(index.read_text().replace("</article>", f"{NEW_BUILD}</article>", 1))


def first_visit(context, origin: str):
    """A page of `context` that has visited `origin` until its worker stored the site; and its console errors."""
    page = context.new_page()
    errors = console_errors(page)
    page.goto(origin)
    wait_until_stored(page)
    return page, errors


def test_a_new_build_waits_until_the_reader_accepts_it_and_then_replaces_the_stored_files(browser, site_copy):
    site, origin = site_copy
    with worker_context(browser) as context:
        page, errors = first_visit(context, origin)
        old = page.evaluate(CACHED_URLS)

        publish_new_index(site)
        entries = write_service_worker(site)
        page.reload()  # the browser checks sw.js on every page load, and finds the new one
        notice = page.get_by_role("status").filter(has_text="A new version of this site is available")
        notice.wait_for()
        # The reader is still on the build the page started with, whose files are all still stored (the waiting
        # worker has stored the changed ones beside them).
        assert page.locator("#new-build").count() == 0
        assert set(old) < set(page.evaluate(CACHED_URLS))
        for scheme, material in SCHEMES.items():
            use_scheme(page, scheme)
            page.wait_for_function("(scheme) => document.body.dataset.mdColorScheme === scheme", arg=material)
            violations = axe_violations(page, f"the new-version notice ({scheme})")
            assert not violations, report(violations)

        notice.get_by_role("button", name="Not now").click()
        assert page.locator(".tfv-update").count() == 0
        page.reload()  # the new version still waits, and the next page load says so again
        notice.wait_for()
        assert page.locator("#new-build").count() == 0

        notice.get_by_role("button", name="Reload").focus()
        page.keyboard.press("Enter")
        page.locator("#new-build").wait_for()  # the page reloaded, into the new build
        wait_until_stored(page)
        cached = page.evaluate(CACHED_URLS)
        assert cached == sorted(f"{origin}{entry.url}?__WB_REVISION__={entry.revision}" for entry in entries)
        (old_index,) = [url for url in old if url.startswith(f"{origin}index.html?")]
        assert old_index not in cached
        assert page.locator(".tfv-update").count() == 0
    assert errors == []


def test_mkdocs_serve_removes_a_worker_an_earlier_build_installed(browser, site_copy):
    site, origin = site_copy
    with worker_context(browser) as context:
        page, errors = first_visit(context, origin)

        publish_new_index(site)
        assert write_service_worker(site, serving=True) == []  # what the hook writes under `mkdocs serve`
        # Still answered by the old worker; the browser fetches the new sw.js, which removes the stored files and
        # itself and reloads the page from the server. (Waits that outlast the reloads, none of them sleeps.)
        page.reload()
        page.wait_for_function(NEW_AND_UNCONTROLLED)
        page.wait_for_function("async () => (await caches.keys()).length === 0")

        # A page of `mkdocs serve` registers sw.js like any other, and the worker goes away without storing anything.
        page.reload()
        page.wait_for_selector('html[data-offline="registered"]', state="attached")
        page.wait_for_function("async () => (await navigator.serviceWorker.getRegistrations()).length === 0")
        page.wait_for_function(NEW_AND_UNCONTROLLED)
        assert page.evaluate("caches.keys()") == []
    assert errors == []
