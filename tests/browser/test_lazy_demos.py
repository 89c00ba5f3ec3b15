"""Demos wake when the reader reaches them: before a demo comes within a screen of the viewport nothing of it is
fetched (its code, TF.js, its data), and its reserved frame says it starts when scrolled to; a demo near the top
starts without any scrolling; scrolled to, a far demo starts and works."""

import pytest

pytestmark = pytest.mark.browser

# The only demo of its page, thousands of pixels below the top. (The BPTT page's demo, used here before, now opens
# its page, and the RNN chapter's pages open with theirs.)
FAR = '[data-demo="why-cpp"]'
FAR_PAGE = "basics/why-cpp/"
DEMO_FILES = ("/vendor/tfjs/", "/javascripts/demos/", "/models/", "/data/", "/graphs/")

TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def demo_requests(requests: list[str]) -> list[str]:
    return [url for url in requests if any(part in url for part in DEMO_FILES)]


def test_a_far_demo_fetches_nothing_until_the_reader_scrolls_to_it(page, site_server):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{site_server}{FAR_PAGE}")
    demo = page.locator(FAR)
    # The page has set the demo up to wait, and the browser has had two frames to report what is in view.
    page.wait_for_selector(f"{FAR}[data-waiting]", state="attached")
    page.evaluate(TWO_FRAMES)
    assert demo_requests(requests) == []
    assert demo.get_attribute("data-mounted") is None
    placeholder = demo.evaluate("(d) => getComputedStyle(d, '::before').content")
    assert "starts when you scroll to it" in placeholder
    # The frame keeps its reserved height while it waits, so nothing moves when the demo arrives.
    reserved = demo.evaluate("(d) => parseFloat(getComputedStyle(d).minHeight)")
    assert reserved > 100 and demo.bounding_box()["height"] >= reserved

    demo.scroll_into_view_if_needed()
    page.wait_for_selector(f"{FAR}[data-mounted]", state="attached", timeout=60_000)
    fetched = demo_requests(requests)
    assert any("/javascripts/demos/why-cpp/" in url for url in fetched)
    assert any("/vendor/tfjs/tfjs-" in url for url in fetched)


def test_a_demo_near_the_top_starts_without_scrolling(page, site_server):
    page.goto(f"{site_server}kernels/playground/?backend=cpu")
    # No scrolling here: the demo is within a screen of the viewport, so it starts on its own.
    page.wait_for_selector('[data-demo="kernel-playground"][data-mounted]', state="attached", timeout=60_000)
    assert page.evaluate("window.scrollY") == 0


def test_a_far_demo_fetches_no_data_while_a_near_one_on_its_page_loads_its_model(page, site_server):
    """The RNN chapter opens with the weather demo (model and days fetched at once); its dataflow graphs are far below
    and fetch their graph files only when the reader reaches them."""
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{site_server}rnn/?backend=cpu")
    page.wait_for_selector('[data-demo="weather-memory"][data-ready]', state="attached", timeout=60_000)
    far = page.locator('[data-demo="graph"][data-graph="rnn-unrolled"]')
    assert far.get_attribute("data-mounted") is None and far.get_attribute("data-waiting") is not None
    assert any("/models/weather-simple-rnn/model.json" in url for url in requests)
    assert not any("/graphs/rnn-" in url for url in requests)
    far.scroll_into_view_if_needed()
    page.wait_for_selector('[data-demo="graph"][data-graph="rnn-unrolled"][data-mounted]', state="attached")
    assert any(url.endswith("/graphs/rnn-unrolled.json") for url in requests)
