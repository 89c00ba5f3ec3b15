"""The home page's demo previews: each card's image exists and is drawn undistorted at the size the page reserves,
stays small, is the same bytes on every build, and shows what its demo computes (the NumPy models equal Keras on
the exported weights; the colours are the demos' own)."""

import io
import json
import os
import re

import numpy as np
import pytest
from PIL import Image

from tfvisual import palette
from tfvisual.data.photos import load_photo
from tfvisual.figures import previews
from tfvisual.figures.kernels import OUTPUT_DIR as KERNEL_OUTPUTS
from tfvisual.figures.previews import charts, graphs, numpy_models, pictures
from tfvisual.figures.previews.drawing import PREVIEW_SIZE
from tfvisual.paths import MODELS_DIR, REPO_ROOT, RESULTS_DIR

HOME = REPO_ROOT / "docs" / "index.md"
# A card: [![alt](figures/home/<file>){ attributes }  title and text ](page.md)
CARD_IMAGE = re.compile(r"!\[([^\]]+)\]\((figures/home/[^)]+)\)\{([^}]*)\}")
LARGEST_PREVIEW_BYTES = 20_000


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return previews.figures()


def card_images() -> dict[str, dict]:
    """Site path of each preview the home page shows -> its alt text and its width and height attributes."""
    found = {}
    for alt, path, attributes in CARD_IMAGE.findall(HOME.read_text()):
        size = dict(re.findall(r'(width|height)="(\d+)"', attributes))
        found[path] = {"alt": alt, "width": int(size["width"]), "height": int(size["height"])}
    return found


def natural_size(path: str, content: bytes) -> tuple[float, float]:
    if path.endswith(".svg"):
        svg = content.decode()
        return tuple(float(re.search(rf'<svg[^>]* {name}="([\d.]+)"', svg)[1]) for name in ("width", "height"))
    return Image.open(io.BytesIO(content)).size


def test_the_home_page_shows_every_preview_and_only_previews_that_exist(files):
    assert set(card_images()) == set(files)


def test_each_preview_keeps_the_proportions_its_card_reserves(files):
    for path, card in card_images().items():
        width, height = natural_size(path, files[path])
        assert width / height == pytest.approx(card["width"] / card["height"], rel=0.01), path


def test_previews_are_small_and_described(files):
    for path, content in files.items():
        assert len(content) <= LARGEST_PREVIEW_BYTES, f"{path} is {len(content):,} bytes"
    for path, card in card_images().items():
        assert len(card["alt"].split()) >= 8, f"{path}: the alt text should say what the preview shows"


def test_previews_are_reproducible(files):
    assert previews.figures() == files


def test_the_playground_preview_is_the_photo_and_tensorflows_output(files):
    """Left: the playground's first photo; right: the committed tf.nn.conv2d output; both at their own pixels."""
    preview = np.asarray(Image.open(io.BytesIO(files["figures/home/kernel-playground.png"])).convert("RGB"), float)
    output = np.asarray(Image.open(KERNEL_OUTPUTS / f"{pictures.PLAYGROUND_KERNEL}.png").convert("RGB"), float)
    photo = load_photo(pictures.PLAYGROUND_PHOTO, output.shape[0]).astype(float)
    width, height = PREVIEW_SIZE
    side = (width - 8) // 2
    top, left = pictures.PLAYGROUND_CROP
    edge = (height - side) // 2
    shown_photo, shown_output = preview[edge : edge + side, :side], preview[edge : edge + side, width - side :]
    # The palette PNG rounds each pixel to the nearest of its colours: a few levels at most.
    assert np.abs(shown_photo - photo[top : top + side, left : left + side]).mean() < 3
    assert np.abs(shown_output - output[top : top + side, left : left + side]).mean() < 3


def test_the_text_wraps_within_its_width_and_loses_nothing_but_breaks():
    text = "To be, or not to be: have been more common beauty of them that are\na mendy into the breath"
    lines = charts.wrapped(text, 20)
    assert all(len(line) <= 20 for line in lines)
    kept = "".join(text[i] for line in lines for i in line)
    assert kept.replace(" ", "") == text.replace(" ", "").replace("\n", "")


def test_the_character_colours_are_the_demos():
    source = (REPO_ROOT / "docs/javascripts/demos/char-rnn/colours.js").read_text()
    found = re.findall(r'below: ([\d.]+|Infinity),[^}]*colour: "(#\w+)"', source)
    bins = [(float(below), colour) for below, colour in found]
    assert bins == [(float(below), colour) for below, colour in charts.PROBABILITY_BINS]


def test_the_graph_colours_are_the_viewers():
    source = (REPO_ROOT / "docs/javascripts/demos/graph/view.js").read_text()
    block = re.search(r"ROLE_COLOURS = \{(.*?)\};", source, re.DOTALL)[1]
    names = {name: value for name, value in vars(palette).items() if name.isupper()}
    viewer = {}
    for role, expression in re.findall(r"(\w+): ([\w\[\]]+),", block):
        indexed = re.fullmatch(r"(\w+)\[(\d+)\]", expression)
        viewer[role] = names[indexed[1]][int(indexed[2])] if indexed else names[expression]
    assert viewer == graphs.ROLE_COLOURS


@pytest.fixture(scope="module")
def load_tfjs_model():
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    from tfvisual.export import load_tfjs_model

    return load_tfjs_model


def test_the_weather_window_is_the_demos_first_and_its_states_are_keras(load_tfjs_model):
    import tf_keras

    from tfvisual.data import weather

    found = numpy_models.weather_window()
    card_path = MODELS_DIR / "weather-simple-rnn"
    model = load_tfjs_model(card_path / "model.json")
    card = json.loads((card_path / "card.json").read_text())
    standard = card["input"]["standardisation"]
    days = weather.load_days()
    # The demo opens on the test year's first day: the window is the days up to it, read here from the CSV itself.
    size = len(found["wet"])
    first_test_day = np.datetime64(f"{card['split']['test_years'][0]}-01-01")
    end = int(np.flatnonzero(days.dates == first_test_day)[0])
    expected = (days.features[end - size + 1 : end + 1] - standard["mean"]) / standard["std"]
    np.testing.assert_allclose(found["window"], expected, atol=1e-5)

    rnn = model.get_layer("rnn")
    every_state = tf_keras.layers.SimpleRNN(rnn.units, return_sequences=True)
    every_state(found["window"][None])  # builds the layer, so that it can take the model's weights
    every_state.set_weights(rnn.get_weights())
    states = every_state(found["window"][None]).numpy()[0]
    np.testing.assert_allclose(found["states"], states, atol=1e-5)
    assert found["forecast"] == pytest.approx(float(model.predict(found["window"][None], verbose=0)[0, 0]), abs=1e-5)


def test_the_character_probabilities_are_keras(load_tfjs_model):
    model = load_tfjs_model(MODELS_DIR / "char-rnn" / "model.json")
    card = json.loads((MODELS_DIR / "char-rnn" / "card.json").read_text())
    prompt, written, probabilities = numpy_models.char_rnn_sample()
    vocabulary = {c: i for i, c in enumerate(card["vocabulary"]["characters"])}
    ids = np.array([[vocabulary.get(c, 0) for c in card["io"]["start"]["character"] + prompt + written]], np.int32)
    units = model.get_layer("lstm").units
    zeros = np.zeros((1, units), np.float32)
    keras_probabilities = model([ids, zeros, zeros], training=False)[0].numpy()[0]
    expected = keras_probabilities[np.arange(ids.shape[1] - 1), ids[0, 1:]]
    np.testing.assert_allclose(probabilities, expected, atol=1e-5)


def test_what_the_gradient_preview_says_holds_for_its_curves():
    """Its alt text: the gradient falls by many powers of ten for the SimpleRNN, the GRU and the default LSTM, and
    stays level for the LSTM with the large forget-gate bias."""
    result = json.loads((RESULTS_DIR / "gradients-through-time.json").read_text())
    ratios = {(c["cell"], c["forget_bias"]): c["norms"][-1] / c["norms"][0] for c in result["curves"].values()}
    *falling, level = [(cell, bias) for cell, bias, _, _ in charts.GRADIENT_CURVES]
    assert all(ratios[curve] < 1e-6 for curve in falling), ratios
    assert 0.1 < ratios[level] < 10, ratios


def test_what_the_timing_preview_says_holds_for_its_measurements():
    """Its alt text: Python loops take far longer (here: over a hundred times) than NumPy and TensorFlow."""
    result = json.loads((RESULTS_DIR / "why-cpp.json").read_text())
    (row,) = [row for row in result["matmul"] if row["n"] == result["summary"]["matmul_n"]]
    seconds = row["seconds"]
    assert seconds["python"] > 100 * max(seconds["numpy"], seconds["tensorflow"])
