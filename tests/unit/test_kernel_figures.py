"""The kernels, the figures made from them and the playground's presets: correct, deterministic, in step."""

import io
import json

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage

from tfvisual.convolution import apply_kernel, sobel_magnitude
from tfvisual.data.photos import load_photo
from tfvisual.figures import kernels as kernel_figures
from tfvisual.figures.kernel_outputs import render_outputs
from tfvisual.kernels import KERNELS, presets


def decoded(png: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(png)) as image:
        return np.asarray(image.convert("RGB"), dtype=np.int16)


@pytest.fixture(scope="module")
def photo() -> np.ndarray:
    return load_photo("astronaut", 128).astype(np.float32) / 255


@pytest.fixture(scope="module")
def built() -> dict[str, bytes]:
    return kernel_figures.figures()


def test_figures_are_byte_for_byte_reproducible(built):
    first, second = built, kernel_figures.figures()
    assert first.keys() == second.keys()
    for path in first:
        assert first[path] == second[path], f"{path} differs between two builds"


def test_saved_output_images_are_what_tensorflow_computes_now():
    """scripts/render_kernel_figures.py's saved PNGs must match a fresh render (rerun the script if not)."""
    fresh = render_outputs()
    saved = {path.name: path.read_bytes() for path in kernel_figures.OUTPUT_DIR.glob("*.png")}
    assert saved.keys() == fresh.keys(), "rerun scripts/render_kernel_figures.py"
    for name in fresh:
        # One grey level of slack: another CPU may round a float32 sum differently at a .5 boundary.
        assert np.abs(decoded(saved[name]) - decoded(fresh[name])).max() <= 1, f"{name} is stale"


@pytest.mark.parametrize("slug", sorted(KERNELS))
def test_tensorflow_applies_each_kernel_as_scipy_correlates_it(photo, slug):
    weights = KERNELS[slug].weights
    expected = np.stack([ndimage.correlate(photo[..., c], weights, mode="constant") for c in range(3)], axis=-1)
    np.testing.assert_allclose(apply_kernel(photo, weights), expected, atol=1e-5)


def test_box_blur_output_is_the_mean_of_each_neighbourhood(photo):
    grey = photo[..., :1]
    blurred = apply_kernel(grey, KERNELS["box-blur"].weights)
    y, x = 40, 70
    assert blurred[y, x, 0] == pytest.approx(grey[y - 1 : y + 2, x - 1 : x + 2, 0].mean(), abs=1e-6)


def test_convolution_would_flip_the_asymmetric_kernels(photo):
    """The pages' warning: a true convolution (kernel turned by 180°) negates Sobel, keeps emboss' identity part
    but negates its difference part (the light comes from the other side), and needs the difference kernel
    mirrored."""
    grey = photo[..., 0]
    sobel = KERNELS["sobel-x"].weights
    np.testing.assert_allclose(
        ndimage.convolve(grey, sobel, mode="constant"), -apply_kernel(photo, sobel)[..., 0], atol=1e-5
    )
    emboss = KERNELS["emboss"].weights
    np.testing.assert_allclose(
        ndimage.convolve(grey, emboss, mode="constant"), 2 * grey - apply_kernel(photo, emboss)[..., 0], atol=1e-5
    )
    difference = KERNELS["difference"].weights
    np.testing.assert_allclose(
        ndimage.convolve(grey, difference[::-1, ::-1], mode="constant"),
        apply_kernel(photo, difference)[..., 0],
        atol=1e-5,
    )
    for slug in ["box-blur", "gaussian-blur", "gaussian-blur-5", "sharpen", "laplacian"]:
        weights = KERNELS[slug].weights
        np.testing.assert_array_equal(weights, weights[::-1, ::-1], err_msg=f"{slug} is not its own 180° turn")


def test_difference_is_the_right_neighbour_minus_the_pixel(photo):
    grey = photo[..., :1]
    out = apply_kernel(grey, KERNELS["difference"].weights)[..., 0]
    np.testing.assert_allclose(out[:, :-1], grey[:, 1:, 0] - grey[:, :-1, 0], atol=1e-6)


def test_sobel_magnitude_is_the_gradient_length(photo):
    gx = apply_kernel(photo, KERNELS["sobel-x"].weights)
    gy = apply_kernel(photo, KERNELS["sobel-y"].weights)
    magnitude = sobel_magnitude(photo, KERNELS["sobel-x"].weights, KERNELS["sobel-y"].weights)
    np.testing.assert_allclose(magnitude, np.hypot(gx, gy), rtol=1e-5, atol=1e-6)


def test_what_the_page_says_about_the_kernels():
    keep_brightness = {"identity", "box-blur", "gaussian-blur", "gaussian-blur-5", "sharpen", "emboss"}
    for slug, kernel in KERNELS.items():
        assert kernel.total == (1 if slug in keep_brightness else 0), slug
        assert kernel.display == ("clamp" if slug in keep_brightness else "signed")
    # Gaussians and Sobels are outer products of two 1-D kernels (separable).
    for slug in ["gaussian-blur", "gaussian-blur-5", "sobel-x", "sobel-y"]:
        assert np.linalg.matrix_rank(np.array(KERNELS[slug].integers)) == 1, slug
    # Sharpen is the identity minus the Laplacian.
    identity, laplacian = (np.array(KERNELS[s].integers) for s in ("identity", "laplacian"))
    np.testing.assert_array_equal(np.array(KERNELS["sharpen"].integers), identity - laplacian)


def test_playground_presets_come_from_the_kernel_definitions(built):
    published = json.loads(built["figures/kernels/presets.json"])
    assert published["kernels"] == presets()
    for preset in published["kernels"]:
        weights = np.array(preset["integers"], dtype=np.float64) / preset["divisor"]
        np.testing.assert_array_equal(weights.astype(np.float32), KERNELS[preset["slug"]].weights)


def test_sample_photos_are_small_plain_pngs(built):
    samples = json.loads(built["figures/kernels/presets.json"])["samples"]
    assert samples
    for sample in samples:
        png = built[sample["path"]]
        with Image.open(io.BytesIO(png)) as image:
            assert max(image.size) <= kernel_figures.SAMPLE_SIDE
            # No gamma or colour profile: the browser must decode the same values SciPy reads.
            assert not {"gamma", "icc_profile", "srgb"} & set(image.info)
