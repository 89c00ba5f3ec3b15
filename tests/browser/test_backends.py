"""The backend chain: WebGL, then WebAssembly, then plain JavaScript, and the status line says which runs."""

import pytest

pytestmark = pytest.mark.browser

# Makes every WebGL context request fail, as on a machine whose GPU is blocklisted.
BREAK_WEBGL = """
const getContext = HTMLCanvasElement.prototype.getContext;
HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
  return /webgl/.test(kind) ? null : getContext.call(this, kind, ...rest);
};
if (globalThis.OffscreenCanvas) {
  const offscreen = OffscreenCanvas.prototype.getContext;
  OffscreenCanvas.prototype.getContext = function (kind, ...rest) {
    return /webgl/.test(kind) ? null : offscreen.call(this, kind, ...rest);
  };
}
"""

# Without WebAssembly (some locked-down browsers disable it) the WASM backend cannot start either.
BREAK_WASM = "delete globalThis.WebAssembly;"


def backend_status(page, site_server):
    page.goto(f"{site_server}basics/why-cpp/")
    status = page.locator('[data-demo="why-cpp"] .tfv-status')
    page.wait_for_selector('[data-demo="why-cpp"] .tfv-status[data-backend]')
    return status.get_attribute("data-backend"), status.inner_text()


def test_webgl_is_first_choice(page, site_server):
    backend, text = backend_status(page, site_server)
    assert backend == "webgl"
    assert "WebGL (GPU)" in text


def test_falls_back_to_wasm_without_webgl(page, site_server):
    page.add_init_script(BREAK_WEBGL)
    backend, text = backend_status(page, site_server)
    assert backend == "wasm"
    assert "WebAssembly" in text


def test_falls_back_to_cpu_without_webgl_and_wasm(page, site_server):
    page.add_init_script(BREAK_WEBGL + BREAK_WASM)
    backend, text = backend_status(page, site_server)
    assert backend == "cpu"
    assert "plain JavaScript" in text


def test_webgl_disabled_by_launch_flag(browser_type, browser_type_launch_args, site_server, page_problems):
    """A real browser started with no GPU and no software rasteriser, so WebGL cannot start: not a patched page.
    (--disable-webgl alone leaves WebGL on OffscreenCanvas working in Chromium, which TF.js would use.)"""
    args = [*browser_type_launch_args.get("args", []), "--disable-gpu", "--disable-software-rasterizer"]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    try:
        page = page_problems.watch(browser.new_page())
        backend, text = backend_status(page, site_server)
        assert backend == "wasm", text
    finally:
        browser.close()
    assert page_problems.problems == []
