"""Charts of scripts/results/memory-task.json: how far back each cell remembers, and the gradient that reaches back."""

import json

import matplotlib.pyplot as plt

from tfvisual import palette
from tfvisual.figures.chart import svg_bytes
from tfvisual.paths import RESULTS_DIR

RESULT = RESULTS_DIR / "memory-task.json"
# The same colours as the gradients-through-time chart, so a cell keeps its colour across the section.
STYLE = {
    "simple_rnn": ("SimpleRNN", palette.ACCENT),
    "lstm": ("LSTM", palette.PRIMARY),
    "gru": ("GRU", palette.SERIES[1]),
}


def _load() -> dict:
    if not RESULT.exists():
        raise FileNotFoundError(f"{RESULT} is missing: run `.venv/bin/python scripts/train_memory_task.py`")
    return json.loads(RESULT.read_text())


def accuracy_chart(result: dict) -> bytes:
    """Held-out accuracy against k, one line per cell through the mean over seeds, a dot per seed."""
    figure, axes = plt.subplots(figsize=(6.4, 3.8))
    for cell in result["config"]["cells"]:
        label, colour = STYLE[cell]
        records = sorted((int(k), record) for k, record in result["accuracy"][cell].items())
        ks = [k for k, _ in records]
        axes.plot(
            ks, [r["mean"] for _, r in records], color=colour, linewidth=1.6, marker="o", markersize=3, label=label
        )
        # The seeds' spread: the band from the worst seed to the best, and each seed as a small open dot.
        axes.fill_between(ks, [r["min"] for _, r in records], [r["max"] for _, r in records], color=colour, alpha=0.1)
        for k, record in records:
            axes.scatter(
                [k] * len(record["accuracy_per_seed"]),
                record["accuracy_per_seed"],
                s=14,
                facecolors="none",
                edgecolors=colour,
                linewidths=0.8,
            )
    chance = result["chance"]
    axes.axhline(chance, color=palette.INK, linestyle="--", linewidth=1)
    axes.annotate(
        f"chance (1 in {result['config']['symbols']})",
        (0.99, chance),
        xycoords=("axes fraction", "data"),
        ha="right",
        va="top",
        fontsize=8,
        color=palette.INK,
    )
    axes.set_ylim(0, 1.04)
    axes.set_xticks(result["config"]["k_values"])
    axes.set_xlabel("k: how many steps before the last one the symbol to recall was seen")
    axes.set_ylabel("held-out accuracy")
    axes.legend(frameon=False, fontsize=8, loc="lower left", bbox_to_anchor=(0, 0.3))
    config = result["config"]
    axes.set_title(
        f"Recall the symbol k steps back: {config['units']} units, sequences of {config['length']}, "
        f"{config['steps']} training steps, {len(config['seeds'])} seeds (line: mean, dots: each seed)",
        fontsize=8.5,
    )
    return svg_bytes(figure)


def gradient_chart(result: dict) -> bytes:
    """‖∂loss/∂x‖ at each input step on a log scale: trained cells solid, the same cells untrained dashed."""
    gradients = result["gradients"]
    k = gradients["k"]
    figure, axes = plt.subplots(figsize=(6.4, 3.8))
    for cell in result["config"]["cells"]:
        label, colour = STYLE[cell]
        for state, line in (("untrained", {"linestyle": "--", "alpha": 0.6}), ("trained", {})):
            # A norm of exactly 0 (float32 underflow) cannot sit on a log scale: those steps are left out.
            points = [(j, n) for j, n in enumerate(gradients["curves"][cell][state]) if n > 0]
            axes.plot(*zip(*points, strict=True), color=colour, linewidth=1.6, label=f"{label}, {state}", **line)
    axes.axvline(k, color=palette.INK, linestyle=":", linewidth=1)
    axes.annotate(
        f"the symbol to recall (j = {k})",
        (k, 1),
        xycoords=("data", "axes fraction"),
        xytext=(4, -4),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=8,
        color=palette.INK,
    )
    axes.set_yscale("log")
    axes.set_xlim(0, result["config"]["length"] - 1)
    axes.set_xlabel("j: how many steps before the last input")
    axes.set_ylabel("mean ‖∂loss/∂x at step T − j‖ (log scale)")
    axes.legend(frameon=False, fontsize=7.5, loc="lower left", ncol=2)
    axes.set_title(
        f"Gradient reaching each input for k = {k}, before and after training "
        f"(mean over {gradients['sequences']} held-out sequences)",
        fontsize=8.5,
    )
    return svg_bytes(figure)


CURVES = RESULTS_DIR / "memory-task-curves.json"
SEED_DASHES = ["-", "--"]  # the first seed solid, the second dashed


def learning_curves_chart(curves: dict) -> bytes:
    """Held-out accuracy during training, one panel per k, a line per cell and seed."""
    config = curves["config"]
    ks = config["k_values"]
    figure, panels = plt.subplots(1, len(ks), figsize=(8.4, 3.6), sharey=True, squeeze=False)
    for axes, k in zip(panels[0], ks, strict=True):
        for cell in STYLE:  # SimpleRNN, LSTM, GRU, as in the other charts
            label, colour, by_k = *STYLE[cell], curves["runs"][cell]
            for dash, (seed, run) in zip(SEED_DASHES, sorted(by_k[str(k)].items()), strict=False):
                steps = [point["step"] for point in run["curve"]]
                accuracies = [point["accuracy"] for point in run["curve"]]
                axes.plot(steps, accuracies, color=colour, linestyle=dash, linewidth=1.4, label=f"{label}, seed {seed}")
        axes.axhline(1 / config["symbols"], color=palette.INK, linestyle=":", linewidth=1)
        axes.axhline(config["solved_threshold"], color=palette.INK, linestyle=":", linewidth=0.6, alpha=0.6)
        axes.set_xlim(0, config["steps"])
        axes.set_ylim(0, 1.04)
        axes.set_xlabel("training step")
        axes.set_title(f"k = {k}", fontsize=9)
    panels[0][0].set_ylabel(f"held-out accuracy ({config['scored_sequences']} sequences)")
    panels[0][0].annotate(
        f"solved ({config['solved_threshold']:.0%})",
        (0.99, config["solved_threshold"]),
        xycoords=("axes fraction", "data"),
        ha="right",
        va="top",
        fontsize=8,
        color=palette.INK,
    )
    panels[0][0].annotate(
        "chance",
        (0.99, 1 / config["symbols"]),
        xycoords=("axes fraction", "data"),
        ha="right",
        va="bottom",
        fontsize=8,
        color=palette.INK,
    )
    handles, labels = panels[0][0].get_legend_handles_labels()
    panels[0][-1].legend(handles, labels, frameon=False, fontsize=7.5, loc="center left", bbox_to_anchor=(1.02, 0.5))
    figure.suptitle(
        f"Recall the symbol k steps back: accuracy every {config['every']} steps of training, each run of the sweep "
        "retrained",
        fontsize=9.5,
    )
    return svg_bytes(figure)


def figures() -> dict[str, bytes]:
    result = _load()
    if not CURVES.exists():
        raise FileNotFoundError(f"{CURVES} is missing: run `.venv/bin/python scripts/save_memory_task_curves.py`")
    return {
        "figures/rnn/memory-task-accuracy.svg": accuracy_chart(result),
        "figures/rnn/memory-task-curves.svg": learning_curves_chart(json.loads(CURVES.read_text())),
        "figures/rnn/memory-task-gradients.svg": gradient_chart(result),
    }
