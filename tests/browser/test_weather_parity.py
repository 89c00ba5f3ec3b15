"""The exported weather RNNs run in TF.js as they run in Keras: the SimpleRNN and the GRU (exported with
reset_after=False, the only GRU TF.js 4.22 loads), on every 2015 test window, in real Chromium on the CPU
backends, against the same exported weights loaded into Keras in Python."""

import json
import os

import numpy as np
import pytest

from tfvisual.local_site import reach_demo
from tfvisual.paths import MODELS_DIR

pytestmark = pytest.mark.browser

MODELS = ["weather-simple-rnn", "weather-gru"]
TOLERANCE = 1e-5  # float32 on the CPU backends, like Keras on the CPU

RUN_MODEL_IN_PAGE = """
async ({url, windows, shape}) => {
    const runtime = await import(new URL("javascripts/runtime.js", __md_scope).href);
    const { model } = await runtime.loadModel(new URL(url, __md_scope).href);
    const input = tf.tensor3d(windows, shape);
    const output = model.predict(input);
    const probabilities = Array.from(await output.data());
    input.dispose();
    output.dispose();
    return { backend: tf.getBackend(), probabilities };
}
"""


def keras_reference(name: str):
    """The 2015 test windows for this model and the probabilities Keras gives them with the exported weights."""
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    from tensorflowjs.converters import load_keras_model

    from tfvisual.data import weather

    card = json.loads((MODELS_DIR / name / "card.json").read_text())
    windows = weather.make_windows(weather.load_days(), "test", card["input"]["window"])
    model = load_keras_model(str(MODELS_DIR / name / "model.json"))
    return windows, model.predict(windows.x, verbose=0).reshape(len(windows.x), -1)


@pytest.mark.parametrize("backend", ["cpu", "wasm"])
@pytest.mark.parametrize("name", MODELS)
def test_weather_rnn_in_the_browser_equals_keras(page, site_server, name, backend, record_property):
    windows, expected = keras_reference(name)
    # Any page with a demo loads TF.js; ?backend= makes it start the backend under test.
    page.goto(f"{site_server}basics/why-cpp/?backend={backend}")
    reach_demo(page, '[data-demo="why-cpp"]')
    page.wait_for_selector('[data-demo="why-cpp"] .tfv-status[data-backend]', timeout=60_000)
    url = f"models/{name}/model.json"
    inputs = {"url": url, "windows": windows.x.reshape(-1).tolist(), "shape": list(windows.x.shape)}
    result = page.evaluate(RUN_MODEL_IN_PAGE, inputs)
    assert result["backend"] == backend
    browser = np.asarray(result["probabilities"]).reshape(expected.shape)
    difference = float(np.abs(browser - expected).max())
    record_property(f"max_abs_difference_{name}_{backend}", difference)
    print(f"\n{name} on {backend}: max |browser - Keras| over {len(browser)} test windows = {difference:.2e}")
    assert difference <= TOLERANCE
    # The same forecast (wet if p > 0.5) on every test day.
    assert np.array_equal(browser > 0.5, expected > 0.5)
