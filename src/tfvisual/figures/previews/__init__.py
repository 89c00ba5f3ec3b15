"""The home page's demo cards: one small preview for every page that holds a demo, drawn from what its demo runs on.

Each preview is computed at build time from the same committed model, data or measurement as its demo (or its
page's figures), at thumbnail size, so a retrain or a new measurement changes the home page too; nothing is drawn by
hand. The site build imports no TensorFlow (it would cost seconds): the models run in NumPy from their exported
weights (numpy_models.py), which tests/unit/test_previews.py holds equal to Keras.

    drawing.py       the SVG and PNG tools and the demos' colour rules
    numpy_models.py  the weather RNN, the character LSTM and the digit network's first layer, in NumPy
    pictures.py      previews made of pixels (photo, digit, feature maps, kernels)
    charts.py        previews drawn as SVG (timings, the weather state, coloured text, gradients)
    graphs.py        the graph viewers' opening views in miniature (laid out by graph_layouts.mjs in Node)
"""

import json

from tfvisual.figures.previews import charts, graphs, pictures
from tfvisual.paths import REPO_ROOT, RESULTS_DIR

SITE_FOLDER = "figures/home"
DOCS = REPO_ROOT / "docs"
# Pages whose demo is a graph viewer -> the preview's file name; the preview is the page's first graph.
GRAPH_PAGES = {
    "graphs/tensors-ops-graphs.md": "tensors-ops-graphs.svg",
    "graphs/variables-and-placeholders.md": "variables-and-placeholders.svg",
    "graphs/training-step.md": "training-step.svg",
    "rnn/index.md": "recurrent-networks.svg",
}


def _result(name: str) -> dict:
    path = RESULTS_DIR / name
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: its script is named in the page's 'How this was made'")
    return json.loads(path.read_text())


def figures() -> dict[str, bytes]:
    files = {
        "draw-a-digit.png": pictures.draw_a_digit(),
        "kernel-playground.png": pictures.kernel_playground(),
        "convolutional-networks.png": pictures.convolutional_networks(),
        "char-rnn.svg": charts.char_rnn(),
        "weather-memory.svg": charts.weather_memory(),
        "backpropagation-through-time.svg": charts.gradients_through_time(_result("gradients-through-time.json")),
        "why-cpp.svg": charts.why_cpp(_result("why-cpp.json")),
    }
    shown = {page: graphs.first_graph_on(DOCS / page) for page in GRAPH_PAGES}
    layouts = graphs.graph_layouts(sorted(set(shown.values())))
    files.update({GRAPH_PAGES[page]: graphs.graph_preview(layouts[name]) for page, name in shown.items()})
    return {f"{SITE_FOLDER}/{name}": content for name, content in files.items()}
