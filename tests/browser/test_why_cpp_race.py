"""The live race on the "Why a C++ backend?" page produces numbers on each backend."""

import pytest

from tfvisual.local_site import reach_demo

pytestmark = pytest.mark.browser

BACKEND_LABELS = {"webgl": "WebGL", "wasm": "WebAssembly", "cpu": "plain JavaScript"}


@pytest.mark.parametrize("backend", ["webgl", "wasm", "cpu"])
def test_race_runs_and_agrees_on_each_backend(page, site_server, backend):
    page.goto(f"{site_server}basics/why-cpp/?backend={backend}")
    reach_demo(page, '[data-demo="why-cpp"]')
    demo = page.locator('[data-demo="why-cpp"]')
    status = demo.locator(".tfv-status")
    button = demo.get_by_role("button", name="Run the race")

    # The button is enabled once the backend has started, and the status line names that backend.
    page.wait_for_function("document.querySelector('[data-demo=\"why-cpp\"] button')?.disabled === false")
    assert status.get_attribute("data-backend") == backend
    assert BACKEND_LABELS[backend] in status.inner_text()

    button.press("Enter")  # keyboard, as a reader without a mouse would
    page.wait_for_selector('[data-demo="why-cpp"][data-raced="true"]', timeout=120_000)

    rows = demo.locator("tbody tr")
    assert rows.count() == 3
    for index in range(rows.count()):
        cells = rows.nth(index).locator("td").all_inner_texts()
        loops_ms, tf_ms = (float(text.removesuffix(" ms")) for text in cells[1:3])
        # Timed in batches long enough for the browser's clock: never "0.00 ms" or an infinite speed-up.
        assert loops_ms > 0 and tf_ms > 0
        assert "Infinity" not in cells[3] and float(cells[3].removesuffix("×")) > 0
        # Both sides computed the same product: float32 rounding only.
        assert float(cells[4]) < 1e-3, f"JS loops and TF.js disagree: {cells}"
