"""Chart of scripts/results/gradients-through-time.json: the gradient reaching each past input, on a log scale."""

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


def figures() -> dict[str, bytes]:
    return {"figures/rnn/gradients-through-time.svg": gradient_norms_chart(_load())}
