"""A model's layers as a Markdown table, generated from its card so that no page types a shape or a count.

A page writes `{{ layer_table digit-cnn }}` on a line of its own, and the build puts in a table with one row
per layer of `models/digit-cnn/card.json`: name, Keras type, output shape, the kernels or units and their
sizes, parameters and multiply-adds per image, and a total row. `card.json`'s `layers` come from
`tfvisual.model_card.layer_table`, which counts with Keras when the model is trained.
"""

import json
import math
import re
from pathlib import Path

from tfvisual.paths import MODELS_DIR

PLACEHOLDER = re.compile(r"\{\{\s*layer_table\s+([\w.-]+)\s*\}\}")
HEADER = (
    "| layer | Keras type | output shape | weights | parameters | multiply-adds per image |\n"
    "| --- | --- | --- | --- | ---: | ---: |"
)


class LayerTableError(ValueError):
    """A card's layers are missing or do not add up, so no table can be trusted."""


def _shape(shape: list[int]) -> str:
    return " × ".join(str(d) for d in shape)


def _weights(layer: dict, inputs: int) -> str:
    """What the layer's parameters are, recovered from its counts: `inputs` is the previous layer's depth.

    A conv layer with `out` kernels of k × k × inputs has (k·k·inputs + 1)·out parameters (one bias per
    kernel), and a dense layer with `out` units has (inputs + 1)·out. Read backwards, the counts give k.
    """
    out = layer["output_shape"][-1]
    if layer["type"] == "Conv2D":
        area = (layer["params"] // out - 1) // inputs
        side = math.isqrt(area)
        size = f"{side}×{side}" if side * side == area else f"{area} positions"
        return f"{out} kernels of {size}×{inputs}, {out} biases"
    if layer["type"] == "Dense":
        return f"{out} units of {inputs} weights, {out} biases"
    return ""


def layer_rows(card: dict) -> list[dict]:
    """One row per layer, each cell as the table shows it, plus the totals row; checked against the card."""
    layers = card.get("layers")
    if not layers:
        raise LayerTableError(f"card {card.get('name')!r} has no 'layers'")
    rows = []
    depth = layers[0]["output_shape"][-1]  # the input layer's channels (or features)
    for layer in layers:
        rows.append(
            {
                "layer": f"`{layer['name']}`",
                "type": layer["type"],
                "output shape": _shape(layer["output_shape"]),
                "weights": _weights(layer, depth),
                "parameters": layer["params"],
                "multiply-adds": layer["macs"],
            }
        )
        depth = layer["output_shape"][-1]
    total_params = sum(row["parameters"] for row in rows)
    total_macs = sum(row["multiply-adds"] for row in rows)
    # The card's totals were counted on the whole model: a disagreement means a stale or hand-edited card.
    if total_params != card["parameters"]["total"] or total_macs != card["macs_per_image"]:
        raise LayerTableError(
            f"card {card.get('name')!r}: layers add up to {total_params} parameters and {total_macs} multiply-adds, "
            f"but the card's totals are {card['parameters']['total']} and {card['macs_per_image']}"
        )
    rows.append(
        {
            "layer": "**total**",
            "type": "",
            "output shape": "",
            "weights": "",
            "parameters": total_params,
            "multiply-adds": total_macs,
        }
    )
    return rows


def markdown_table(card: dict) -> str:
    lines = [HEADER]
    for row in layer_rows(card):
        cells = [row["layer"], row["type"], row["output shape"], row["weights"]]
        cells += [f"{row['parameters']:,}", f"{row['multiply-adds']:,}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def fill_layer_tables(markdown: str, page: str, models_dir: Path = MODELS_DIR) -> str:
    """Replace every `{{ layer_table <model> }}` with the model's layer table."""

    def replace(match: re.Match) -> str:
        path = models_dir / match.group(1) / "card.json"
        if not path.exists():
            raise LayerTableError(f"{page}: {match.group(0)} needs {path}, which does not exist")
        try:
            return markdown_table(json.loads(path.read_text()))
        except (KeyError, LayerTableError) as error:
            raise LayerTableError(f"{page}: {match.group(0)}: {error}") from error

    return PLACEHOLDER.sub(replace, markdown)
