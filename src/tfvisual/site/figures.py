"""Figures generated at build time from code: each figure module exposes `figures() -> {site_path: bytes}`.

Generating at build time (instead of committing images) means a figure can never drift from the code or
the model it shows. Modules are listed here in the order they run.
"""

import importlib

FIGURE_MODULES = [
    "tfvisual.figures.why_cpp",
    "tfvisual.figures.kernels",
    "tfvisual.figures.cnn",
    "tfvisual.figures.gradients_through_time",
    "tfvisual.figures.weather",
    "tfvisual.figures.memory_task",
    "tfvisual.figures.char_text",
    "tfvisual.figures.char_cells",
    "tfvisual.figures.previews",
]


def generated_figures() -> dict[str, bytes]:
    """Run every figure module and collect its files, refusing two modules writing the same path."""
    collected: dict[str, bytes] = {}
    for module_name in FIGURE_MODULES:
        for site_path, content in importlib.import_module(module_name).figures().items():
            if site_path in collected:
                raise ValueError(f"{module_name} writes {site_path}, which another figure module already wrote")
            collected[site_path] = content
    return collected
