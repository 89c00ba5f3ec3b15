"""The kernel playground computes what SciPy computes, explains its arithmetic, and survives bad input.

Runs on the CPU backend (`?backend=cpu`) so float32 results are exact enough to compare with SciPy. The output
is read as raw float32 values through the demo's test hook, not from the canvas (which rounds to 8 bits).
"""

import base64
import io

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage

from tfvisual.figures.kernels import SAMPLE_SIDE
from tfvisual.kernels import KERNELS
from tfvisual.local_site import wait_for_demo_idle

pytestmark = pytest.mark.browser

DEMO = '[data-demo="kernel-playground"]'
TOLERANCE = 1e-4


def wait_idle(page, at_least: int) -> None:
    """Until the demo has finished `at_least` updates and has nothing queued."""
    wait_for_demo_idle(page, DEMO, at_least, timeout=60_000)


def updates(page) -> int:
    return int(page.locator(DEMO).get_attribute("data-updates"))


def open_playground(page, site_server, backend="cpu"):
    page.goto(f"{site_server}kernels/playground/?backend={backend}")
    wait_idle(page, 1)
    return page.locator(DEMO)


def output_of(page) -> np.ndarray:
    """The last output as float32 H×W×3."""
    raw = page.evaluate(f"() => document.querySelector('{DEMO}').kernelPlayground.output()")
    values = np.frombuffer(base64.b64decode(raw["base64"]), dtype="<f4")
    return values.reshape(raw["channels"], raw["height"], raw["width"]).transpose(1, 2, 0)


def input_pixels(page) -> np.ndarray:
    """The exact pixels the demo filtered, read from its input canvas, as float32 H×W×3 in 0..1."""
    raw = page.evaluate(
        """(selector) => {
            const canvas = document.querySelector(selector + ' [data-testid="input-canvas"]');
            const bytes = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
            let binary = "";
            for (let i = 0; i < bytes.length; i += 0x8000) {
                binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
            }
            return {width: canvas.width, height: canvas.height, base64: btoa(binary)};
        }""",
        DEMO,
    )
    rgba = np.frombuffer(base64.b64decode(raw["base64"]), dtype=np.uint8).reshape(raw["height"], raw["width"], 4)
    return rgba[..., :3].astype(np.float32) / np.float32(255)


def sample_photo(built_site, name: str) -> np.ndarray:
    with Image.open(built_site / "figures" / "samples" / f"{name}.png") as image:
        return np.asarray(image.convert("RGB"), dtype=np.float32) / np.float32(255)


def scipy_reference(image: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Cross-correlation of each channel with zero padding: what tf.conv2d with 'same' padding computes."""
    return np.stack(
        [
            ndimage.correlate(image[..., c].astype(np.float64), weights.astype(np.float64), mode="constant")
            for c in range(3)
        ],
        axis=-1,
    )


def png_file(pixels: np.ndarray, name: str) -> dict:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG", compress_level=1)
    return {"name": name, "mimeType": "image/png", "buffer": buffer.getvalue()}


def grid_weights(demo) -> np.ndarray:
    """The weights the grid's cells show, as a k×k array."""
    texts = demo.get_by_test_id("kernel-cell").evaluate_all("cells => cells.map(cell => cell.value)")
    size = round(len(texts) ** 0.5)
    assert size * size == len(texts)
    return np.array([float(text) for text in texts]).reshape(size, size)


def type_kernel(page, rows: list[list[str]]) -> None:
    """Types a kernel cell by cell with the keyboard only: values typed, arrow keys to move."""
    page.locator(DEMO).locator('[data-testid="kernel-cell"]').first.focus()
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            page.keyboard.type(text)
            if c < len(row) - 1:
                page.keyboard.press("ArrowRight")
        if r < len(rows) - 1:
            page.keyboard.press("ArrowDown")
            for _ in range(len(row) - 1):
                page.keyboard.press("ArrowLeft")


@pytest.mark.parametrize("preset", ["sobel-x", "gaussian-blur-5"])
def test_preset_output_equals_scipy(page, site_server, built_site, preset):
    demo = open_playground(page, site_server)
    before = updates(page)
    demo.get_by_test_id("preset").select_option(preset)
    wait_idle(page, before + 1)

    expected = scipy_reference(sample_photo(built_site, "camera"), KERNELS[preset].weights)
    difference = np.abs(output_of(page) - expected).max()
    print(f"{preset}: max |playground - SciPy| = {difference:.2e}")
    assert difference <= TOLERANCE


def test_custom_kernel_typed_with_the_keyboard_equals_scipy(page, site_server, built_site):
    demo = open_playground(page, site_server)
    demo.get_by_test_id("size").select_option("3")
    rows = [["1", "0", "-2"], ["0.5", "1", "0"], ["-1", "0.25", "2"]]
    type_kernel(page, rows)
    wait_idle(page, 2)

    assert demo.get_by_test_id("preset").input_value() == "custom"
    assert demo.get_by_test_id("message").inner_text() == ""  # the transient "-" complaint is gone
    weights = np.array(rows, dtype=np.float32)
    difference = np.abs(output_of(page) - scipy_reference(sample_photo(built_site, "camera"), weights)).max()
    print(f"typed kernel: max |playground - SciPy| = {difference:.2e}")
    assert difference <= TOLERANCE


def test_text_that_is_not_a_number_is_flagged_and_ignored(page, site_server):
    demo = open_playground(page, site_server)
    before, count = output_of(page), updates(page)
    cell = demo.get_by_test_id("kernel-cell").nth(4)
    cell.fill("abc")
    assert cell.get_attribute("aria-invalid") == "true"
    assert "is not a number" in demo.get_by_test_id("message").inner_text()
    wait_idle(page, count)  # an update the text had started (say, reading it as 0) would finish here
    assert updates(page) == count
    np.testing.assert_array_equal(output_of(page), before)  # the last valid kernel is still applied

    # Another cell's valid edit is applied, but the flagged cell and its message stay until it is fixed.
    demo.get_by_test_id("kernel-cell").nth(0).fill("1")
    wait_idle(page, count + 1)
    assert cell.get_attribute("aria-invalid") == "true"
    assert "is not a number" in demo.get_by_test_id("message").inner_text()
    cell.fill("5")
    wait_idle(page, count + 2)
    assert cell.get_attribute("aria-invalid") is None
    assert demo.get_by_test_id("message").inner_text() == ""


def test_divide_by_the_sum_and_a_sum_that_is_zero_but_for_rounding(page, site_server, built_site):
    demo = open_playground(page, site_server)
    camera = sample_photo(built_site, "camera")
    normalise = demo.get_by_test_id("normalise")

    rows = [["1", "2", "1"], ["2", "4", "2"], ["1", "2", "1"]]
    type_kernel(page, rows)
    count = updates(page)
    normalise.check()
    wait_idle(page, count + 1)
    integers = np.array(rows, dtype=np.float64)
    assert np.abs(output_of(page) - scipy_reference(camera, integers / integers.sum())).max() <= TOLERANCE

    # 0.1 + 0.2 - 0.3 is not exactly 0 in floating point; dividing by it would blow the output up.
    rows = [["0.1", "0.2", "-0.3"], ["0", "0", "0"], ["0", "0", "0"]]
    count = updates(page)
    type_kernel(page, rows)
    wait_idle(page, count + 1)
    assert normalise.is_checked()
    assert "the sum is 0" in demo.locator(".kp-check").inner_text()
    typed = np.array(rows, dtype=np.float32)
    assert np.abs(output_of(page) - scipy_reference(camera, typed)).max() <= TOLERANCE


def test_changing_the_size_keeps_the_kernel_centred(page, site_server, built_site):
    demo = open_playground(page, site_server)
    sharpen = KERNELS["sharpen"].weights
    count = updates(page)
    demo.get_by_test_id("size").select_option("5")
    wait_idle(page, count + 1)
    np.testing.assert_array_equal(grid_weights(demo), np.pad(sharpen, 1))
    assert demo.get_by_test_id("preset").input_value() == "custom"
    expected = scipy_reference(sample_photo(built_site, "camera"), np.pad(sharpen, 1))
    assert np.abs(output_of(page) - expected).max() <= TOLERANCE

    # Back to 3×3: the outer ring is dropped, the centre kept.
    demo.get_by_test_id("kernel-cell").first.fill("7")
    count = updates(page)
    demo.get_by_test_id("size").select_option("3")
    wait_idle(page, count + 1)
    np.testing.assert_array_equal(grid_weights(demo), sharpen)


def test_worked_out_pixel_equals_the_output_by_keyboard_and_pointer(page, site_server, built_site):
    demo = open_playground(page, site_server)
    output_canvas = demo.get_by_test_id("output-canvas")
    explain = demo.get_by_test_id("explain")
    output = output_of(page)
    reference = scipy_reference(sample_photo(built_site, "camera"), KERNELS["sharpen"].weights)

    # Keyboard: from the centre, three right and two down, on the green channel.
    start_x, start_y = int(explain.get_attribute("data-x")), int(explain.get_attribute("data-y"))
    output_canvas.focus()
    for key in ["ArrowRight"] * 3 + ["ArrowDown"] * 2:
        page.keyboard.press(key)
    demo.get_by_test_id("channel").select_option("1")
    x, y = int(explain.get_attribute("data-x")), int(explain.get_attribute("data-y"))
    assert (x, y) == (start_x + 3, start_y + 2)
    shown_sum = float(explain.get_attribute("data-sum"))
    shown_output = float(explain.get_attribute("data-output"))
    assert shown_output == pytest.approx(output[y, x, 1], abs=1e-7)
    assert shown_sum == pytest.approx(shown_output, abs=TOLERANCE)
    assert shown_sum == pytest.approx(reference[y, x, 1], abs=TOLERANCE)
    text = explain.inner_text()
    assert f"= {shown_sum:.4f}" in text and f"{shown_output:.4f}" in text

    # Pointer: hovering the top-left corner explains pixel (0, 0), whose patch hangs over the zero padding.
    output_canvas.hover(position={"x": 0.5, "y": 0.5})
    assert (explain.get_attribute("data-x"), explain.get_attribute("data-y")) == ("0", "0")
    assert explain.locator(".kp-pad").count() == 5  # a 3×3 kernel at a corner: 5 of 9 pixels are outside
    assert float(explain.get_attribute("data-sum")) == pytest.approx(output[0, 0, 1], abs=TOLERANCE)


def test_a_file_that_is_not_an_image_gives_a_message_and_the_demo_keeps_working(page, site_server):
    demo = open_playground(page, site_server)
    width = demo.get_attribute("data-image-width")
    demo.get_by_test_id("file-input").set_input_files(
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"not a picture"}
    )
    message = demo.get_by_test_id("message")
    message.get_by_text("could not be read as an image").wait_for()
    assert "notes.txt" in message.inner_text()
    assert demo.get_attribute("data-image-width") == width  # the previous image stays

    before = updates(page)
    demo.get_by_test_id("preset").select_option("box-blur")
    wait_idle(page, before + 1)
    assert demo.get_attribute("data-image-width") == width


def test_an_svg_is_rendered_and_the_photo_menu_names_the_upload(page, site_server):
    demo = open_playground(page, site_server)
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80">'
        b'<rect width="60" height="80" fill="#000"/><rect x="60" width="60" height="80" fill="#fff"/></svg>'
    )
    before = updates(page)
    demo.get_by_test_id("file-input").set_input_files(
        {"name": "halves.svg", "mimeType": "image/svg+xml", "buffer": svg}
    )
    wait_idle(page, before + 1)
    assert (demo.get_attribute("data-image-width"), demo.get_attribute("data-image-height")) == ("120", "80")
    pixels = input_pixels(page)
    assert pixels[40, 10].tolist() == [0, 0, 0] and pixels[40, 110].tolist() == [1, 1, 1]
    # The menu no longer claims the previous sample is shown; choosing a sample again works.
    sample = demo.get_by_test_id("sample")
    assert sample.evaluate("select => select.selectedOptions[0].textContent") == "Your image: halves.svg"
    before = updates(page)
    sample.select_option(index=0)
    wait_idle(page, before + 1)
    assert demo.get_attribute("data-image-width") != "120"


def test_the_kernel_grid_is_one_tab_stop(page, site_server):
    demo = open_playground(page, site_server)
    demo.get_by_test_id("size").select_option("5")
    cells = demo.get_by_test_id("kernel-cell")
    assert cells.count() == 25
    assert cells.evaluate_all("cells => cells.filter((cell) => cell.tabIndex === 0).length") == 1
    demo.get_by_test_id("size").focus()
    page.keyboard.press("Tab")  # into the grid, on one cell
    assert page.evaluate("document.activeElement.dataset.testid") == "kernel-cell"
    page.keyboard.press("ArrowRight")
    moved_to = page.evaluate("[document.activeElement.dataset.row, document.activeElement.dataset.column]")
    page.keyboard.press("Tab")  # and out of it in one step
    assert page.evaluate("document.activeElement.dataset.testid") != "kernel-cell"
    page.keyboard.press("Shift+Tab")  # back in, on the cell last used
    assert page.evaluate("[document.activeElement.dataset.row, document.activeElement.dataset.column]") == moved_to


def test_the_race_against_a_plain_loop_compares_warm_medians_and_names_the_hardware(page, site_server):
    demo = open_playground(page, site_server)
    race = demo.get_by_test_id("race")
    page.wait_for_function(
        "(selector) => document.querySelector(selector).dataset.loopMs", arg=f'{DEMO} [data-testid="race"]'
    )
    text = race.inner_text()
    assert "median of 3 warm runs" in text and "Infinity" not in text
    # On a CPU backend nothing may suggest that a GPU did the work.
    assert "on plain JavaScript (CPU)" in text and "GPU" not in text, text
    assert float(race.get_attribute("data-tf-ms")) > 0 and float(race.get_attribute("data-loop-ms")) > 0


def test_a_large_image_is_downscaled_and_processed(page, site_server):
    demo = open_playground(page, site_server)
    # 4000×3000: red grows downwards, green to the right, blue in stripes, so downscaling has detail to average.
    red = np.broadcast_to(np.linspace(0, 255, 3000).astype(np.uint8)[:, None], (3000, 4000))
    green = np.broadcast_to(np.linspace(0, 255, 4000).astype(np.uint8)[None, :], (3000, 4000))
    blue = np.broadcast_to((np.arange(4000) // 40 % 2 * 255).astype(np.uint8)[None, :], (3000, 4000))
    big = np.stack([red, green, blue], axis=-1)
    before = updates(page)
    demo.get_by_test_id("file-input").set_input_files(png_file(big, "big.png"))
    wait_idle(page, before + 1)

    # Shrunk to the long side of the sample photos, keeping the aspect ratio.
    width, height = SAMPLE_SIDE, round(3000 * SAMPLE_SIDE / 4000)
    assert (demo.get_attribute("data-image-width"), demo.get_attribute("data-image-height")) == (
        str(width),
        str(height),
    )
    output = output_of(page)
    assert output.shape == (height, width, 3)
    # What was filtered is what the input canvas shows: compare with SciPy on those very pixels.
    difference = np.abs(output - scipy_reference(input_pixels(page), KERNELS["sharpen"].weights)).max()
    assert difference <= TOLERANCE


def test_no_tensor_leaks_over_100_updates(page, site_server):
    demo = open_playground(page, site_server)
    small = (np.arange(64 * 64 * 3) % 251).reshape(64, 64, 3).astype(np.uint8)
    before = updates(page)
    demo.get_by_test_id("file-input").set_input_files(png_file(small, "small.png"))
    wait_idle(page, before + 1)
    tensors_after_first = page.evaluate("() => tf.memory().numTensors")

    cell = demo.get_by_test_id("kernel-cell").nth(4)
    centre = float(cell.input_value())
    cell.focus()
    for step in range(100):
        count = updates(page)
        page.keyboard.press("PageUp" if step % 2 == 0 else "PageDown")
        wait_idle(page, count + 1)
        assert float(cell.input_value()) == pytest.approx(centre + (0.1 if step % 2 == 0 else 0))
    assert updates(page) >= before + 101
    assert page.evaluate("() => tf.memory().numTensors") == tensors_after_first


def test_webcam_on_a_machine_without_a_camera_shows_a_message(page, site_server):
    demo = open_playground(page, site_server)
    demo.get_by_test_id("webcam").click()
    message = demo.get_by_test_id("message")
    message.get_by_text("No camera was found").wait_for()
    assert message.get_attribute("role") == "alert"
    # Still working with the photo.
    before = updates(page)
    demo.get_by_test_id("preset").select_option("emboss")
    wait_idle(page, before + 1)


@pytest.fixture
def fake_camera_browser(browser_type, browser_type_launch_args):
    """A browser of its own with Chromium's fake camera (a moving test pattern) standing in for a real one."""
    flags = [*browser_type_launch_args.get("args", []), "--use-fake-device-for-media-stream"]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": flags})
    yield browser
    browser.close()


def watched_page(browser, page_problems, **context_options):
    return page_problems.watch(browser.new_context(**context_options).new_page())


def test_webcam_denied_shows_a_message(fake_camera_browser, site_server, page_problems):
    page = watched_page(fake_camera_browser, page_problems)  # no camera permission: the request is refused
    demo = open_playground(page, site_server)
    demo.get_by_test_id("webcam").click()
    demo.get_by_test_id("message").get_by_text("Camera access was denied").wait_for()
    assert demo.get_attribute("data-webcam") != "on"
    assert page_problems.problems == []


def test_webcam_streams_live_and_stops(fake_camera_browser, site_server, page_problems):
    page = watched_page(fake_camera_browser, page_problems, permissions=["camera"])
    demo = open_playground(page, site_server)
    before = updates(page)
    demo.get_by_test_id("webcam").click()
    page.wait_for_selector(f'{DEMO}[data-webcam="on"]')
    wait_idle(page, before + 5)  # several frames filtered, one after another
    assert max(int(demo.get_attribute("data-image-width")), int(demo.get_attribute("data-image-height"))) <= 512

    demo.get_by_test_id("webcam").click()  # "Stop the webcam"
    page.wait_for_selector(f'{DEMO}[data-webcam="off"]')
    wait_idle(page, 0)
    stopped_at = updates(page)
    page.wait_for_timeout(500)
    assert updates(page) == stopped_at  # no more frames once stopped
    assert page_problems.problems == []


def test_leaving_the_page_releases_the_camera(fake_camera_browser, site_server, page_problems):
    """The camera (and its light) must go off when the reader navigates to another page."""
    page = watched_page(fake_camera_browser, page_problems, permissions=["camera"])
    page.add_init_script(
        """(() => {
            const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
            window.__streams = [];
            navigator.mediaDevices.getUserMedia = async (constraints) => {
                const stream = await getUserMedia(constraints);
                window.__streams.push(stream);
                return stream;
            };
        })()"""
    )
    demo = open_playground(page, site_server)
    demo.get_by_test_id("webcam").click()
    page.wait_for_selector(f'{DEMO}[data-webcam="on"]')
    assert page.evaluate("window.__streams.some(s => s.getTracks().some(t => t.readyState === 'live'))")

    page.evaluate("window.__sameDocument = true")
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="Image kernels").first.click()
    page.wait_for_url("**/kernels/image-kernels/")
    page.wait_for_function("window.__streams.every(s => s.getTracks().every(t => t.readyState === 'ended'))")
    assert page.evaluate("window.__sameDocument === true")  # instant navigation: the demo was unmounted, not unloaded
    assert page_problems.problems == []
