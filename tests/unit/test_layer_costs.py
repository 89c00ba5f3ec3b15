"""The layer costs the CNN page quotes (scripts/results/layer-costs.json) are what Keras counts today."""

import json
import math

import pytest

from tfvisual.layer_costs import layer_costs
from tfvisual.paths import RESULTS_DIR


@pytest.fixture(scope="module")
def counted():
    return layer_costs()


def test_saved_result_matches_a_fresh_count(counted):
    saved = json.loads((RESULTS_DIR / "layer-costs.json").read_text())
    assert saved == counted, "run `.venv/bin/python scripts/save_layer_costs.py` and commit the result"


def test_the_three_layers_produce_the_same_number_of_outputs(counted):
    sizes = {name: math.prod(row["output_shape"]) for name, row in counted["layers"].items()}
    assert set(sizes.values()) == {28 * 28 * 16}


def test_weight_sharing_is_what_makes_the_conv_small(counted):
    rows = counted["layers"]
    # Locality alone already cuts the multiply-adds to those of the conv (the same 3x3 neighbourhoods) ...
    assert rows["locally_connected"]["multiply_adds"] <= rows["conv"]["multiply_adds"]
    assert rows["dense"]["multiply_adds"] > 50 * rows["conv"]["multiply_adds"]
    # (dense and locally connected differ only in locality: the page's "locality alone" ratio compares them)
    ratios = counted["ratios"]
    local_macs = rows["locally_connected"]["multiply_adds"]
    assert ratios["dense_over_local_multiply_adds"] == rows["dense"]["multiply_adds"] / local_macs
    # Each output reads 9 pixels instead of 784, and fewer at the border, where padding has no weights.
    assert ratios["dense_over_local_multiply_adds"] > 28 * 28 / (3 * 3)
    assert ratios["dense_over_local_multiply_adds"] > ratios["dense_over_conv_multiply_adds"]
    # ... but only sharing one kernel across positions cuts the parameters: 16 kernels of 3x3 plus 16 biases.
    assert rows["conv"]["parameters"] == 16 * 3 * 3 + 16
    assert rows["locally_connected"]["parameters"] > 500 * rows["conv"]["parameters"]
    assert rows["conv"]["uses_per_weight"] == 28 * 28
    assert rows["dense"]["uses_per_weight"] == 1
