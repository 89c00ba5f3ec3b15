"""The backend: measured on the demo's own work and named truthfully; WebGL, WebAssembly and plain JavaScript
as fallbacks when the others cannot start; `?backend=` forces one. A backend's code is fetched only where it is a
candidate (software WebGL is not one); the measured choice is remembered on the device and can be measured again."""

import json

import pytest

from tfvisual.local_site import reach_demo

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


def renderer_is(renderer: str) -> str:
    """An init script that makes WebGL report `renderer` as its real renderer, as a browser on that hardware would."""
    return f"""
for (const proto of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {{
  const getParameter = proto.getParameter;
  proto.getParameter = function (name) {{
    return name === 0x9246 ? {json.dumps(renderer)} : getParameter.call(this, name);  // UNMASKED_RENDERER_WEBGL
  }};
}}
"""


STATUS = '[data-demo="why-cpp"] .tfv-status'
STORED = """() => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith("tfvisual-backend"))
  .map((k) => [k, JSON.parse(localStorage.getItem(k))]))"""


def open_why_cpp(page, site_server, query=""):
    page.goto(f"{site_server}basics/why-cpp/{query}")
    reach_demo(page, '[data-demo="why-cpp"]')


def settled_status(page):
    """The why-cpp demo's status line once its backend is settled: asked, the only one, measured or remembered."""
    page.wait_for_selector(f"{STATUS}[data-backend-state]:not([data-backend-state=measuring])", timeout=60_000)
    status = page.locator(STATUS)
    text = status.locator("[role=status]").inner_text()
    return status.get_attribute("data-backend"), status.get_attribute("data-backend-state"), text, timings(page)


def timings(page) -> dict:
    return json.loads(page.locator(STATUS).get_attribute("data-timings"))


def backend_status(page, site_server, query=""):
    open_why_cpp(page, site_server, query)
    backend, _, text, measured = settled_status(page)
    return backend, text, measured


def software_renderer(page) -> bool:
    return any(name in page.evaluate(RENDERER).lower() for name in SOFTWARE)


def fetched(requests: list[str], part: str) -> list[str]:
    return [url for url in requests if part in url]


def test_the_backend_is_the_fastest_measured_and_software_webgl_is_never_called_a_gpu(page, site_server):
    backend, text, timings = backend_status(page, site_server)
    # Every candidate was timed on the demo's own work, and the fastest one runs it; software WebGL is no candidate.
    expected = {"wasm", "cpu"} if software_renderer(page) else {"webgl", "wasm", "cpu"}
    assert set(timings) == expected, timings
    assert backend == min(timings, key=timings.get), (timings, text)
    assert "faster here than" in text
    if software_renderer(page):
        assert "GPU" not in text.replace("no GPU", ""), text
        assert "software" in text, text


def test_forced_webgl_says_what_it_runs_on(page, site_server):
    backend, text, timings = backend_status(page, site_server, "?backend=webgl")
    assert backend == "webgl" and timings == {}
    assert "?backend=webgl" in text
    if software_renderer(page):
        assert "software rendering" in text and "no GPU" in text, text
    else:
        assert "WebGL (GPU)" in text


def test_falls_back_to_wasm_without_webgl(page, site_server):
    page.add_init_script(BREAK_WEBGL)
    backend, text, timings = backend_status(page, site_server)
    assert backend == "wasm" and set(timings) == {"wasm", "cpu"}
    assert "WebAssembly" in text and "no WebGL" in text


def test_falls_back_to_cpu_without_webgl_and_wasm(page, site_server):
    page.add_init_script(BREAK_WEBGL + BREAK_WASM)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    backend, text, timings = backend_status(page, site_server)
    assert backend == "cpu" and timings == {}
    assert "plain JavaScript" in text and "no WebAssembly" in text and "no WebGL" in text
    # Nothing else to try: no backend chunk and no .wasm binary is fetched.
    assert fetched(requests, "/tfjs-wasm-") == fetched(requests, ".wasm") == fetched(requests, "/tfjs-webgl-") == []


def test_software_webgl_is_not_a_candidate_and_its_code_is_never_fetched(page, site_server):
    page.add_init_script(renderer_is("ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device))"))
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    backend, text, timings = backend_status(page, site_server)
    assert set(timings) == {"wasm", "cpu"} and "WebGL not tried (software, SwiftShader)" in text
    assert fetched(requests, "/tfjs-webgl-") == []
    assert len(fetched(requests, "/tfjs-wasm-")) == 1 and len(fetched(requests, ".wasm")) == 1


def test_a_gpu_renderer_makes_webgl_a_candidate_and_fetches_its_chunk(page, site_server):
    # The renderer string is all the runtime knows before loading TF.js: a GPU's name makes WebGL a candidate.
    page.add_init_script(renderer_is("ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11)"))
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    _, _, timings = backend_status(page, site_server)
    assert set(timings) == {"webgl", "wasm", "cpu"}
    assert len(fetched(requests, "/tfjs-webgl-")) == 1


def test_an_asked_cpu_backend_fetches_no_other_backend(page, site_server):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    backend, text, _ = backend_status(page, site_server, "?backend=cpu")
    assert backend == "cpu" and "?backend=cpu" in text
    assert len(fetched(requests, "/vendor/tfjs/tfjs-")) == 1  # the core's entry (it imports the shared chunk)
    assert fetched(requests, "/tfjs-wasm-") == fetched(requests, ".wasm") == fetched(requests, "/tfjs-webgl-") == []


def test_the_choice_is_remembered_on_this_device_and_can_be_measured_again(page, site_server):
    backend, first_text, first = backend_status(page, site_server)
    stored = page.evaluate(STORED)
    assert len(stored) == 1
    key, record = next(iter(stored.items()))
    # Keyed by the TF.js version, the WebGL renderer and the kind of work.
    assert page.evaluate("tf.version_core") in key and page.evaluate(RENDERER) in key and key.endswith("why-cpp")
    assert record["name"] == backend and record["timings"] == first

    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.reload()
    reach_demo(page, '[data-demo="why-cpp"]')
    again_backend, state, text, timings_now = settled_status(page)
    assert (again_backend, state, timings_now) == (backend, "remembered", first)
    assert "measured earlier on this device" in text
    # Only the remembered backend's code is fetched: no plain-JavaScript-then-race.
    other = {"wasm": "/tfjs-webgl-", "webgl": "/tfjs-wasm-"}.get(backend)
    if other:
        assert fetched(requests, other) == []

    again = page.get_by_role("button", name="measure again")
    again.press("Enter")  # by keyboard, as any reader can
    page.wait_for_selector(f"{STATUS}[data-backend-state=measured]", timeout=60_000)
    assert "faster here than" in page.locator(STATUS).locator("[role=status]").inner_text()
    assert next(iter(page.evaluate(STORED).values()))["at"] != record["at"]


def test_a_remembered_choice_far_slower_than_recorded_is_measured_again(page, site_server):
    open_why_cpp(page, site_server)
    settled_status(page)
    key, record = next(iter(page.evaluate(STORED).items()))
    # As if it had run a thousand times faster on an earlier visit: the one check run finds it far slower.
    record["timings"][record["name"]] /= 1000
    page.evaluate("([key, value]) => localStorage.setItem(key, JSON.stringify(value))", [key, record])
    page.reload()
    reach_demo(page, '[data-demo="why-cpp"]')
    page.wait_for_selector(f"{STATUS}[data-backend-state=measured]", timeout=60_000)
    assert page.evaluate(STORED)[key]["at"] != record["at"]


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
