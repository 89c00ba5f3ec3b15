"""The backend: measured on the demo's own work and named truthfully; WebGL, WebAssembly and plain JavaScript
as fallbacks when the others cannot start; `?backend=` forces one."""

import json

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

# What this browser's WebGL runs on, read the way the runtime reads it.
RENDERER = """() => {
  const gl = document.createElement("canvas").getContext("webgl2");
  const info = gl.getExtension("WEBGL_debug_renderer_info");
  return gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
}"""
SOFTWARE = ("swiftshader", "llvmpipe", "softpipe", "software")


def backend_status(page, site_server, query=""):
    page.goto(f"{site_server}basics/why-cpp/{query}")
    status = page.locator('[data-demo="why-cpp"] .tfv-status')
    page.wait_for_selector('[data-demo="why-cpp"] .tfv-status[data-backend]', timeout=60_000)
    return status.get_attribute("data-backend"), status.inner_text(), json.loads(status.get_attribute("data-timings"))


def test_the_backend_is_the_fastest_measured_and_software_webgl_is_never_called_a_gpu(page, site_server):
    backend, text, timings = backend_status(page, site_server)
    # Both candidates were timed on the demo's own work, and the faster one runs it.
    assert set(timings) == {"webgl", "wasm"}, timings
    assert backend == min(timings, key=timings.get), (timings, text)
    assert "faster here than" in text
    renderer = page.evaluate(RENDERER).lower()
    if any(name in renderer for name in SOFTWARE):
        assert "GPU" not in text.replace("no GPU", ""), text
        assert "software" in text, text


def test_forced_webgl_says_what_it_runs_on(page, site_server):
    backend, text, timings = backend_status(page, site_server, "?backend=webgl")
    assert backend == "webgl" and timings == {}
    assert "?backend=webgl" in text
    renderer = page.evaluate(RENDERER).lower()
    if any(name in renderer for name in SOFTWARE):
        assert "software rendering" in text and "no GPU" in text, text
    else:
        assert "WebGL (GPU)" in text


def test_falls_back_to_wasm_without_webgl(page, site_server):
    page.add_init_script(BREAK_WEBGL)
    backend, text, timings = backend_status(page, site_server)
    assert backend == "wasm"
    assert "WebAssembly" in text and "no WebGL" in text


def test_falls_back_to_cpu_without_webgl_and_wasm(page, site_server):
    page.add_init_script(BREAK_WEBGL + BREAK_WASM)
    backend, text, timings = backend_status(page, site_server)
    assert backend == "cpu"
    assert "plain JavaScript" in text


def test_webgl_disabled_by_launch_flag(browser_type, browser_type_launch_args, site_server, page_problems):
    """A real browser started with no GPU and no software rasteriser, so WebGL cannot start: not a patched page.
    (--disable-webgl alone leaves WebGL on OffscreenCanvas working in Chromium, which TF.js would use.)"""
    args = [*browser_type_launch_args.get("args", []), "--disable-gpu", "--disable-software-rasterizer"]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    try:
        page = page_problems.watch(browser.new_page())
        backend, text, _ = backend_status(page, site_server)
        assert backend == "wasm", text
    finally:
        browser.close()
    assert page_problems.problems == []
