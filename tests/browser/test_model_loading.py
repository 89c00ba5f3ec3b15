"""When the model cannot be loaded, the reader sees why, the rest of the page keeps working, and Retry recovers.

Uses the draw-a-digit demo, the site's flagship model. Each failure is provoked with Playwright's routing; after
`unroute` the real files are served again.
"""

import pytest
from digit_drawing import DEMO, DIGITS, draw, wait_until_idle

from tfvisual.local_site import reach_demo

pytestmark = pytest.mark.browser

MODEL_JSON = "**/models/digit-cnn/model.json"
WEIGHTS = "**/models/digit-cnn/*.bin"


def open_page(page, site_server):
    page.goto(f"{site_server}cnn/draw-a-digit/?backend=cpu")
    reach_demo(page, DEMO)


def assert_error_then_retry_recovers(page, route_pattern, message):
    demo = page.locator(DEMO)
    alert = demo.get_by_role("alert")
    alert.wait_for()
    assert message in alert.inner_text()
    assert demo.get_attribute("data-ready") is None

    # The page keeps working: the pad still takes a drawing and shows what the model would see.
    draw(page, DIGITS[7])
    page.wait_for_function(f"JSON.parse(document.querySelector('{DEMO}').dataset.strokes ?? '[]').length === 1")

    page.unroute(route_pattern)
    alert.get_by_role("button", name="Retry").click()
    page.wait_for_selector(f"{DEMO}[data-ready]")
    wait_until_idle(page, at_least=1)
    assert demo.get_attribute("data-prediction") == "7"
    assert demo.get_by_role("alert").count() == 0


def test_missing_model_json_shows_the_http_error_and_retry_recovers(page, site_server, expect_failures):
    expect_failures("model.json", "404")
    page.route(MODEL_JSON, lambda route: route.fulfill(status=404, body="Not Found"))
    open_page(page, site_server)
    assert_error_then_retry_recovers(page, MODEL_JSON, "model.json could not be downloaded (HTTP 404)")


def test_corrupt_model_json_is_named_and_retry_recovers(page, site_server):
    page.route(
        MODEL_JSON, lambda route: route.fulfill(status=200, body='{"modelTopology": ', content_type="application/json")
    )
    open_page(page, site_server)
    assert_error_then_retry_recovers(page, MODEL_JSON, "model.json is not valid JSON")


def test_missing_weights_are_reported_as_missing_not_truncated(page, site_server, expect_failures):
    expect_failures(".bin", "404")
    page.route(WEIGHTS, lambda route: route.fulfill(status=404, body="Not Found"))
    open_page(page, site_server)
    assert_error_then_retry_recovers(page, WEIGHTS, "could not be downloaded (HTTP 404)")
    assert "truncated" not in page.locator(DEMO).inner_text()


def test_truncated_weights_are_reported_and_retry_recovers(page, site_server):
    def half_of_the_weights(route):
        body = route.fetch().body()
        route.fulfill(status=200, body=body[: len(body) // 2], content_type="application/octet-stream")

    page.route(WEIGHTS, half_of_the_weights)
    open_page(page, site_server)
    assert_error_then_retry_recovers(page, WEIGHTS, "weights are incomplete")


def test_navigation_still_works_while_the_model_is_missing(page, site_server, expect_failures):
    expect_failures("model.json", "404")
    page.route(MODEL_JSON, lambda route: route.fulfill(status=404, body="Not Found"))
    open_page(page, site_server)
    page.locator(DEMO).get_by_role("alert").wait_for()
    page.locator(".md-nav__link", has_text="Why a C++ backend?").first.click()
    page.wait_for_url("**/basics/why-cpp/")
    reach_demo(page, '[data-demo="why-cpp"]')
    page.locator('[data-demo="why-cpp"]').get_by_role("button", name="Run the race").wait_for()


def test_the_loading_placeholder_reserves_the_demo_size(page, site_server):
    """While the model downloads, the demo already takes its final size: nothing below it jumps when it arrives."""
    held = []
    page.route(MODEL_JSON, lambda route: held.append(route))  # hold the request until the test lets it through
    open_page(page, site_server)
    demo = page.locator(DEMO)
    demo.locator(".tfv-loader progress").wait_for()
    for _ in range(600):  # until the request for model.json is held (the backend starts first)
        if held:
            break
        page.wait_for_timeout(50)
    while_loading = demo.bounding_box()

    held[0].continue_()
    page.wait_for_selector(f"{DEMO}[data-ready]")
    wait_until_idle(page, at_least=1)
    when_ready = demo.bounding_box()
    assert abs(when_ready["height"] - while_loading["height"]) <= 1, (while_loading, when_ready)
    assert abs(when_ready["width"] - while_loading["width"]) <= 1
