"""Charts of scripts/results/gradients-through-time.json, on a log scale: the gradient reaching each past input of
each cell (vanishing), and of a SimpleRNN whose recurrent kernel is scaled up (exploding)."""

import json

import matplotlib.pyplot as plt

from tfvisual import palette
from tfvisual.figures.chart import svg_bytes
from tfvisual.paths import RESULTS_DIR

RESULT = RESULTS_DIR / "gradients-through-time.json"


def _load() -> dict:
    if not RESULT.exists():
        raise FileNotFoundError(f"{RESULT} is missing: run `.venv/bin/python scripts/save_gradients_through_time.py`")
    return json.loads(RESULT.read_text())


def _style(curve: dict) -> tuple[str, str, dict]:
    """Label and line style: SimpleRNN in the accent colour, GRU green, the LSTMs in shades of the primary."""
    if curve["cell"] == "simple_rnn":
        return "SimpleRNN", palette.ACCENT, {}
    if curve["cell"] == "gru":
        return "GRU", palette.SERIES[1], {}
    bias = curve["forget_bias"]
    default = " (Keras default)" if bias == 1 else ""
    alpha = {0: 0.3, 1: 0.55, 3: 0.8}.get(bias, 1.0)
    return f"LSTM, forget bias {bias:g}{default}", palette.PRIMARY, {"alpha": alpha}


def gradient_norms_chart(result: dict) -> bytes:
    """Norm of ∂loss/∂x at the input k steps before the last one, one line per cell and setting."""
    figure, axes = plt.subplots(figsize=(6.4, 3.8))
    # JSON keys come back sorted; draw (and list) SimpleRNN, GRU, then the LSTMs by growing forget bias.
    order = sorted(
        result["curves"].values(), key=lambda c: (c["cell"] != "simple_rnn", c["cell"], c["forget_bias"] or 0)
    )
    for curve in order:
        label, colour, extra = _style(curve)
        # float32 underflows to exactly 0 far back; a log scale cannot draw 0, so those steps are left out.
        points = [(k, n) for k, n in enumerate(curve["norms"]) if n > 0]
        zero = curve["summary"]["k_first_exact_zero"]
        if zero != "never":
            label += f" (exactly 0 from k = {zero})"
        axes.plot(*zip(*points, strict=True), color=colour, linewidth=1.6, label=label, **extra)
    axes.set_yscale("log")
    axes.set_xlim(0, result["steps"] - 1)
    axes.set_xlabel("k: how many steps before the last input")
    axes.set_ylabel("‖∂loss/∂x at step T − k‖ (log scale)")
    axes.legend(frameon=False, fontsize=7.5, loc="lower left")
    axes.set_title(
        f"Untrained cells of {result['units']} units, T = {result['steps']} steps, loss on the last output",
        fontsize=9,
    )
    return svg_bytes(figure)


# One panel per input scale: the title says what the inputs were and why that matters.
PANEL_TITLES = {
    "page_inputs": "The page's inputs (standard normal)",
    "small_inputs": "Inputs × {scale:g}: tanh starts near-linear",
}


# Scales above 1 in the accent colour, told apart by their dashes as well as their strength (light tints alone
# are hard to tell apart): dotted for the smallest, solid for the largest.
GROWING_DASHES = [":", "--", "-.", "-"]


def _scale_styles(scales: list[float]) -> dict[float, tuple[str, dict]]:
    """Scales below 1 grey, 1 (Keras' orthogonal kernel as it is) in the primary colour, growing scales in ever
    stronger accent, so the eye reads "more orange, more explosion"."""
    growing = sorted(s for s in scales if s > 1)
    styles = {s: (palette.SERIES[0], {}) for s in scales if s < 1}
    styles.update({s: (palette.PRIMARY, {}) for s in scales if s == 1})
    for rank, scale in enumerate(growing):
        dash = GROWING_DASHES[round(rank * (len(GROWING_DASHES) - 1) / max(1, len(growing) - 1))]
        styles[scale] = (palette.ACCENT, {"alpha": 0.55 + 0.45 * rank / max(1, len(growing) - 1), "linestyle": dash})
    return styles


def exploding_gradients_chart(result: dict) -> bytes:
    """Norm of ∂loss/∂x at the input k steps back for the SimpleRNN with U scaled by s: one panel per input scale,
    one line per s, on a shared log scale."""
    exploding = result["exploding"]
    styles = _scale_styles(exploding["recurrent_scales"])
    figure, panels = plt.subplots(1, len(PANEL_TITLES), figsize=(8.4, 3.6), sharey=True)
    for axes, (name, title) in zip(panels, PANEL_TITLES.items(), strict=True):
        curves = sorted(exploding[name].values(), key=lambda c: c["recurrent_scale"])
        for curve in curves:
            colour, extra = styles[curve["recurrent_scale"]]
            # Measured in float64, which holds the s = 0.5 curve's 1e-45 without reaching 0: every k is drawn.
            label = f"s = {curve['recurrent_scale']:g}"
            axes.plot(curve["norms"], color=colour, linewidth=1.6, label=label, **extra)
        axes.set_yscale("log")
        axes.set_xlim(0, result["steps"] - 1)
        axes.set_xlabel("k: steps before the last input")
        axes.set_title(title.format(scale=exploding["input_scales"][name]), fontsize=9)
    panels[0].set_ylabel("‖∂loss/∂x at step T − k‖ (log scale)")
    # Beside the panels, where no curve runs (the legend is the same for both panels).
    handles, labels = panels[0].get_legend_handles_labels()
    panels[-1].legend(
        handles,
        labels,
        frameon=False,
        fontsize=7.5,
        loc="center left",
        bbox_to_anchor=(1.02, 0.5),
        title="U × s",
        title_fontsize=7.5,
    )
    figure.suptitle(
        f"SimpleRNN, {result['units']} units, recurrent kernel U scaled by s, T = {result['steps']}, in float64",
        fontsize=9.5,
    )
    return svg_bytes(figure)


def figures() -> dict[str, bytes]:
    result = _load()
    return {
        "figures/rnn/gradients-through-time.svg": gradient_norms_chart(result),
        "figures/rnn/exploding-gradients.svg": exploding_gradients_chart(result),
    }
