"""The layer table a page gets from `{{ layer_table <model> }}` is the card's, and refuses a card that does not
add up."""

import json
import math

import pytest

from tfvisual.paths import MODELS_DIR
from tfvisual.site.cards import fill_numbers
from tfvisual.site.layer_table import LayerTableError, fill_layer_tables, layer_rows, markdown_table

TINY = {
    "name": "tiny",
    "layers": [
        {"name": "image", "type": "InputLayer", "output_shape": [8, 8, 1], "params": 0, "macs": 0},
        {"name": "conv1", "type": "Conv2D", "output_shape": [8, 8, 4], "params": 40, "macs": 8 * 8 * 36},
        {"name": "pool1", "type": "MaxPooling2D", "output_shape": [4, 4, 4], "params": 0, "macs": 0},
        {"name": "flatten", "type": "Flatten", "output_shape": [64], "params": 0, "macs": 0},
        {"name": "probs", "type": "Dense", "output_shape": [3], "params": 195, "macs": 192},
    ],
    "parameters": {"total": 235},
    "macs_per_image": 8 * 8 * 36 + 192,
}


@pytest.fixture
def models_dir(tmp_path):
    (tmp_path / "tiny").mkdir()
    (tmp_path / "tiny" / "card.json").write_text(json.dumps(TINY))
    return tmp_path


def test_table_has_a_row_per_layer_and_a_total(models_dir):
    page = "Before\n\n{{ layer_table tiny }}\n\nAfter {{ card tiny parameters.total | int }}"
    filled = fill_numbers(page, "page.md", models_dir=models_dir, results_dir=models_dir)
    lines = filled.splitlines()
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == 2 + len(TINY["layers"]) + 1  # header, rule, layers, total
    assert table[3] == "| `conv1` | Conv2D | 8 × 8 × 4 | 4 kernels of 3×3×1, 4 biases | 40 | 2,304 |"
    assert table[-2] == "| `probs` | Dense | 3 | 3 units of 64 weights, 3 biases | 195 | 192 |"
    assert table[-1] == "| **total** |  |  |  | 235 | 2,496 |"
    assert lines[-1] == "After 235"


def test_a_card_whose_layers_do_not_add_up_is_refused():
    stale = {**TINY, "parameters": {"total": 236}}
    with pytest.raises(LayerTableError, match="add up to 235 parameters"):
        markdown_table(stale)
    with pytest.raises(LayerTableError, match="no 'layers'"):
        markdown_table({"name": "empty"})


def test_a_missing_model_names_the_page(tmp_path):
    with pytest.raises(LayerTableError, match="cnn/index.md: .*missing/card.json"):
        fill_layer_tables("{{ layer_table missing }}", "cnn/index.md", models_dir=tmp_path)


def test_digit_cnn_multiply_adds_follow_from_its_shapes():
    """Recount every multiply-add of the real card from the shapes and parameter counts alone."""
    card = json.loads((MODELS_DIR / "digit-cnn" / "card.json").read_text())
    rows = layer_rows(card)
    for layer in card["layers"]:
        out = layer["output_shape"]
        weights = layer["params"] - out[-1] if layer["params"] else 0  # one bias per kernel or unit
        positions = math.prod(out[:-1])  # a conv kernel is used at every position; a dense unit once
        assert layer["macs"] == positions * weights, layer["name"]
    assert rows[-1]["parameters"] == card["parameters"]["total"]
    conv_rows = [row for row in rows if row["type"] == "Conv2D"]
    sizes = card["hyperparameters"]["kernel_sizes"]
    filters = card["hyperparameters"]["filters"]
    assert [row["weights"].split(" kernels of ")[0] for row in conv_rows] == [str(f) for f in filters]
    assert [row["weights"].split(" of ")[1].split("×")[0] for row in conv_rows] == [str(k) for k in sizes]
