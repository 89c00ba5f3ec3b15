"""Bits per character on the held-out works: by n-gram order, with the character LSTM as a line, and along one
long training run of the LSTM. From scripts/results/char-ngram.json (the n-gram baselines),
models/char-rnn/card.json (the RNN) and scripts/results/char-rnn-budget.json (the long run)."""

import json

import matplotlib.pyplot as plt

from tfvisual import palette
from tfvisual.figures.chart import svg_bytes
from tfvisual.paths import MODELS_DIR, RESULTS_DIR

NGRAMS = RESULTS_DIR / "char-ngram.json"
RNN_CARD = MODELS_DIR / "char-rnn" / "card.json"
BUDGET = RESULTS_DIR / "char-rnn-budget.json"
ZOOM_FROM_ORDER = 4


def _load(path, command: str) -> dict:
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `.venv/bin/python {command}`")
    return json.loads(path.read_text())


def bits_by_order_chart(ngrams: dict, card: dict) -> bytes:
    """Test bits per character of each n-gram order (with its 95% interval) and of the exported RNN (a band)."""
    orders = sorted(ngrams["orders"].values(), key=lambda o: o["order"])
    x = [o["order"] for o in orders]
    bits = [o["test_bits_per_character"] for o in orders]
    below = [b - o["test_interval_95"][0] for b, o in zip(bits, orders, strict=True)]
    above = [o["test_interval_95"][1] - b for b, o in zip(bits, orders, strict=True)]
    rnn = card["metrics"]["test_exported_uint8"]
    low, high = rnn["interval_95"]

    # Two panels: every order, then the orders near the RNN, where the differences the page discusses are.
    figure, panels = plt.subplots(1, 2, figsize=(8.4, 3.6), gridspec_kw={"width_ratios": [1, 1.2]})
    zoom_from = ZOOM_FROM_ORDER
    for axes, first in zip(panels, (x[0], zoom_from), strict=True):
        shown = [i for i, order in enumerate(x) if order >= first]
        axes.axhspan(low, high, color=palette.ACCENT, alpha=0.18, linewidth=0)
        axes.axhline(rnn["bits_per_character"], color=palette.ACCENT, linewidth=1.6, label="character LSTM (exported)")
        axes.errorbar(
            [x[i] for i in shown],
            [bits[i] for i in shown],
            yerr=[[below[i] for i in shown], [above[i] for i in shown]],
            color=palette.PRIMARY,
            marker="o",
            markersize=4,
            linewidth=1.6,
            capsize=3,
            label="n-gram, Kneser-Ney",
        )
        axes.set_xticks([x[i] for i in shown])
        axes.set_xlabel("n-gram order n (reads the last n − 1 characters)")
    best = ngrams["best"]
    panels[1].annotate(
        f"best on validation: order {best['order']}",
        (best["order"], best["test_bits_per_character"]),
        xytext=(0, 22),
        textcoords="offset points",
        ha="center",
        fontsize=8,
        arrowprops={"arrowstyle": "-", "color": palette.INK, "linewidth": 0.8},
    )
    panels[0].set_ylabel("bits per character, test works")
    panels[0].set_title("Every order", fontsize=9)
    panels[1].set_title(f"Orders {zoom_from} and up (zoomed)", fontsize=9)
    panels[1].legend(frameon=False, fontsize=8, loc="upper right")
    figure.suptitle("Lower is better; bars and band: 95% intervals", fontsize=9.5)
    return svg_bytes(figure)


def training_budget_chart(budget: dict, card: dict) -> bytes:
    """Test bits per character along the long run (with 95% intervals) against the best n-gram, and the model the
    site ships, placed at the characters it read; the validation works as thin dotted lines, since the run crosses
    the n-gram on the test works only."""
    points = budget["checkpoints"]
    millions = [p["characters_read"] / 1e6 for p in points]
    bits = [p["test_bits_per_character"] for p in points]
    low = [p["test_interval_95"][0] for p in points]
    high = [p["test_interval_95"][1] for p in points]
    best = card["baselines"]["best"]
    committed = card["metrics"]["test_float32"]

    figure, axes = plt.subplots(figsize=(7.2, 3.6))
    axes.axhspan(*best["test_interval_95"], color=palette.PRIMARY, alpha=0.15, linewidth=0)
    axes.axhline(best["test_bits_per_character"], color=palette.PRIMARY, linewidth=1.4, linestyle="--")
    axes.annotate(
        f"best n-gram (order {best['order']})",
        (millions[0], best["test_bits_per_character"]),
        xytext=(0, 5),
        textcoords="offset points",
        fontsize=8,
        color=palette.PRIMARY,
    )
    axes.fill_between(millions, low, high, color=palette.ACCENT, alpha=0.2, linewidth=0)
    axes.plot(millions, bits, color=palette.ACCENT, marker="o", markersize=3.5, linewidth=1.6, label="long run, test")
    # The same run and the same n-gram on the validation works: no intervals there, only the means.
    axes.axhline(best["validation_bits_per_character"], color=palette.PRIMARY, linewidth=0.9, linestyle=":")
    axes.plot(
        millions,
        [p["validation_bits_per_character"] for p in points],
        color=palette.ACCENT,
        linewidth=0.9,
        linestyle=":",
        label="long run, validation (dotted: n-gram, validation)",
    )
    axes.errorbar(
        [card["training"]["characters_seen"] / 1e6],
        [committed["bits_per_character"]],
        yerr=[
            [committed["bits_per_character"] - committed["interval_95"][0]],
            [committed["interval_95"][1] - committed["bits_per_character"]],
        ],
        color=palette.INK,
        marker="s",
        markersize=5,
        capsize=3,
        linestyle="none",
        label="the model the site ships (ends its own schedule)",
    )
    axes.set_ylim(min(low) - 0.05, min(max(high), best["test_bits_per_character"] + 0.45))
    axes.set_xlabel("characters read in training (millions)")
    axes.set_ylabel("bits per character")
    axes.legend(frameon=False, fontsize=8, loc="upper right")
    figure.suptitle("Lower is better; bands: 95% intervals", fontsize=9.5)
    return svg_bytes(figure)


def figures() -> dict[str, bytes]:
    ngrams = _load(NGRAMS, "scripts/save_char_baselines.py")
    card = _load(RNN_CARD, "scripts/train_char_rnn.py --seeds 1 2")
    budget = _load(BUDGET, "scripts/measure_char_rnn_budget.py")
    return {
        "figures/rnn/bits-per-character.svg": bits_by_order_chart(ngrams, card),
        "figures/rnn/char-rnn-training-budget.svg": training_budget_chart(budget, card),
    }
