"""The browser computes what Keras computes: the exported digit CNN on held-out digits, in real Chromium, on each
TF.js backend, against the same exported (quantized) weights loaded into Keras in Python."""

import os

import numpy as np
import pytest
from digit_drawing import open_demo

from tfvisual.paths import MODELS_DIR

pytestmark = pytest.mark.browser

MODEL_JSON = MODELS_DIR / "digit-cnn" / "model.json"
DIGITS_COMPARED = 250
# Largest probability difference allowed: the CPU backends compute in float32 like Keras on the CPU; WebGL may
# store intermediate values at lower precision, depending on the GPU.
TOLERANCE = {"cpu": 1e-4, "wasm": 1e-4, "webgl": 1e-2}

RUN_MODEL_IN_PAGE = """
async ({pixels, count}) => {
    // The very model the demo loaded: runtime.js caches one model per URL, and modules are shared per URL.
    const runtime = await import(new URL("javascripts/runtime.js", __md_scope).href);
    const { model } = await runtime.loadModel(new URL("models/digit-cnn/model.json", __md_scope).href);
    const input = tf.tensor4d(pixels, [count, 28, 28, 1]);
    const output = model.predict(input);
    const probabilities = Array.from(await output.data());
    input.dispose();
    output.dispose();
    return { backend: tf.getBackend(), probabilities };
}
"""


@pytest.fixture(scope="module")
def keras_reference():
    """Held-out digits and the probabilities Keras gives them with the exported weights."""
    os.environ["TF_USE_LEGACY_KERAS"] = "1"  # tf_keras (Keras 2), which the TF.js converter reads and writes
    from tensorflowjs.converters import load_keras_model

    from tfvisual.data.mnist import load_embedded_split

    images = load_embedded_split().x_heldout[:DIGITS_COMPARED]
    model = load_keras_model(str(MODEL_JSON))
    return images, model.predict(images, verbose=0)


@pytest.mark.parametrize("backend", ["cpu", "wasm", "webgl"])
def test_browser_and_keras_agree_on_held_out_digits(page, site_server, keras_reference, backend, record_property):
    images, expected = keras_reference
    open_demo(page, site_server, backend=backend)
    result = page.evaluate(RUN_MODEL_IN_PAGE, {"pixels": images.reshape(-1).tolist(), "count": len(images)})
    assert result["backend"] == backend
    browser = np.asarray(result["probabilities"]).reshape(expected.shape)

    difference = float(np.abs(browser - expected).max())
    record_property(f"max_abs_difference_{backend}", difference)
    print(f"\n{backend}: max |browser - Keras| over {len(images)} held-out digits = {difference:.2e}")
    assert np.array_equal(browser.argmax(axis=1), expected.argmax(axis=1))
    assert difference <= TOLERANCE[backend]
