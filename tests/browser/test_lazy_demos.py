"""Demos wake when the reader reaches them: before a demo comes within a screen of the viewport nothing of it is
fetched (its code, TF.js, its data), and its reserved frame says it starts when scrolled to; a demo near the top
starts without any scrolling; scrolled to, a far demo starts and works."""

import pytest

from tfvisual.local_site import wait_for_demo_idle

pytestmark = pytest.mark.browser

FAR = '[data-demo="gradients-through-time"]'  # thousands of pixels below the top of its page
FAR_PAGE = "rnn/backpropagation-through-time/"
DEMO_FILES = ("/vendor/tfjs/", "/javascripts/demos/", "/models/", "/data/")

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
    assert demo.bounding_box()["height"] > 300

    demo.scroll_into_view_if_needed()
    wait_for_demo_idle(page, FAR, 1, timeout=60_000)
    fetched = demo_requests(requests)
    assert any("/javascripts/demos/gradients-through-time/" in url for url in fetched)
    assert any("/vendor/tfjs/tfjs-" in url for url in fetched)
    assert any("gradients-through-time.json" in url for url in fetched)


def test_a_demo_near_the_top_starts_without_scrolling(page, site_server):
    page.goto(f"{site_server}kernels/playground/?backend=cpu")
    # No scrolling here: the demo is within a screen of the viewport, so it starts on its own.
    page.wait_for_selector('[data-demo="kernel-playground"][data-mounted]', state="attached", timeout=60_000)
    assert page.evaluate("window.scrollY") == 0
