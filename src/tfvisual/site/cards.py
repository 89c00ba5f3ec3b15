"""Numbers in the pages come from files written by code, never typed.

A page writes `{{ card digit-cnn metrics.heldout_accuracy_exported | percent }}` and the build replaces it with
the value read from `models/digit-cnn/card.json`. The same works for the saved benchmark results:
`{{ result why-cpp matmul.speedup | times }}` reads `scripts/results/why-cpp.json`. A missing file or key
fails the build with a message that names the page, so a retrain or a renamed field cannot leave a stale
number behind.

A model's layer table is filled in the same pass: `{{ layer_table digit-cnn }}` (see `layer_table.py`).
"""

import json
import math
import re
from collections.abc import Callable
from pathlib import Path

from tfvisual.paths import MODELS_DIR, RESULTS_DIR
from tfvisual.site.layer_table import fill_layer_tables

PLACEHOLDER = re.compile(r"\{\{\s*(card|result)\s+([\w.-]+)\s+([\w.\[\]-]+)\s*(?:\|\s*(\w+)\s*)?\}\}")


def _thousands(value) -> str:
    return f"{int(round(value)):,}"


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _scientific(value) -> str:
    """1.5117e-17 -> "1.5 × 10⁻¹⁷": how a reader writes a very small gradient; values from 0.01 to 1000 stay plain."""
    if value == 0 or 1e-2 <= abs(value) < 1e3:
        return f"{value:.2g}"
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{mantissa} × 10{str(int(exponent)).translate(SUPERSCRIPTS)}"


# Sizes in decimal units, 1 kB = 1,000 bytes and 1 MB = 1,000,000 bytes, as browsers' network panels count them;
# the demos' loaders (runtime.js formatBytes) use the same convention, so a page never shows a binary "KB" beside
# a decimal "MB".
def _kilobytes(value) -> str:
    return f"{value / 1e3:.1f} kB"


def _megabytes(value) -> str:
    return f"{value / 1e6:.1f} MB"


# Bits per character and the other two ways the same score is quoted: Keras' loss is the cross-entropy in nats
# (natural logarithms), so loss = bits x ln 2; and perplexity = 2^bits, the number of equally likely characters
# that would be as surprising.
def _bits_to_nats(value) -> str:
    return f"{value * math.log(2):.3f}"


def _perplexity(value) -> str:
    return f"{2**value:.2f}"


def _listed(values) -> str:
    """[1, 4, 8, 16, 24] -> "1, 4, 8, 16 and 24": the values a sweep tried, as a sentence lists them."""
    words = [f"{v:,}" if isinstance(v, int) else str(v) for v in values]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" and {words[-1]}"


def _signed(value, decimals: int) -> str:
    """+1.6, −0.017; a value that rounds to zero gets no sign."""
    text = f"{abs(value):.{decimals}f}"
    if float(text) == 0:
        return text
    return ("+" if value > 0 else "−") + text


FORMATS: dict[str, Callable[[object], str]] = {
    "raw": str,
    "int": _thousands,
    "percent": lambda v: f"{100 * v:.2f}%",
    "percent1": lambda v: f"{100 * v:.1f}%",
    "percent0": lambda v: f"{100 * v:.0f}%",
    "kb": _kilobytes,
    "mb": _megabytes,
    "seconds": lambda v: f"{v:.0f} s",
    "ms": lambda v: f"{v:.1f} ms",
    "times": lambda v: f"{v:,.0f}×",
    "ratio": lambda v: f"{v:.1f}×",  # for ratios near 1, where "times" would round 0.94 to "1×"
    # Benchmarks save times in seconds; these show them in the unit that suits their size.
    "s_to_ms": lambda v: f"{v * 1e3:.2f} ms",
    "s_to_us": lambda v: f"{v * 1e6:.0f} µs",
    "float": lambda v: f"{v:.3g}",
    "decimal2": lambda v: f"{v:.2f}",  # a column of values that should line up (the n-gram's discounts)
    # Bits per character differ in the second or third decimal between the models compared, so always 3 decimals.
    "bits": lambda v: f"{v:.3f}".replace("-", "−"),
    "nats": _bits_to_nats,  # a score saved in bits per character, as the cross-entropy loss Keras reports
    "perplexity": _perplexity,  # a score saved in bits per character, as a perplexity
    "minutes": lambda v: f"{v / 60:.0f} min",
    "sci": _scientific,
    "count": lambda v: f"{len(v):,}",  # how many entries a list has (seeds, runs)
    "list": _listed,  # every entry of a list (the k values a sweep tried)
    "points": lambda v: f"{100 * v:.2f} percentage points",  # a spread of accuracies
    # Differences between two models, with their sign and a real minus: "+1.6 points", "−0.017" ("0.0 points").
    "signed_points": lambda v: f"{_signed(100 * v, 1)} points",
    "signed": lambda v: _signed(v, 3),
}


class NumberSourceError(KeyError):
    """A page asked for a number that no card or result file provides."""

    def __str__(self) -> str:
        return str(self.args[0])


def _lookup(data, dotted: str):
    value = data
    for part in dotted.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def _source_file(kind: str, name: str, models_dir: Path, results_dir: Path) -> Path:
    return models_dir / name / "card.json" if kind == "card" else results_dir / f"{name}.json"


def fill_numbers(markdown: str, page: str, models_dir: Path = MODELS_DIR, results_dir: Path = RESULTS_DIR) -> str:
    """Replace every number placeholder in a page's Markdown with its value from a card or result file."""
    markdown = fill_layer_tables(markdown, page, models_dir)
    cache: dict[Path, object] = {}

    def replace(match: re.Match) -> str:
        kind, name, key, fmt = match.groups()
        path = _source_file(kind, name, models_dir, results_dir)
        if path not in cache:
            if not path.exists():
                raise NumberSourceError(f"{page}: {match.group(0)} needs {path}, which does not exist")
            cache[path] = json.loads(path.read_text())
        try:
            value = _lookup(cache[path], key)
        except (KeyError, IndexError, ValueError, TypeError) as error:
            raise NumberSourceError(f"{page}: {match.group(0)}: no '{key}' in {path}") from error
        formatter = FORMATS.get(fmt or "raw")
        if formatter is None:
            raise NumberSourceError(f"{page}: {match.group(0)}: unknown format '{fmt}' (known: {sorted(FORMATS)})")
        return formatter(value)

    return PLACEHOLDER.sub(replace, markdown)
