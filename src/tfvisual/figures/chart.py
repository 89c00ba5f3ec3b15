"""Matplotlib set up for figures that are byte-for-byte reproducible and match the site's palette."""

import io

import matplotlib

matplotlib.use("Agg")  # no screen at build time

import matplotlib.pyplot as plt  # noqa: E402

from tfvisual import palette  # noqa: E402

plt.rcParams.update(
    {
        "svg.hashsalt": "tensorflow-visually",  # fixed ids inside the SVG, so a rebuild gives the same bytes
        "svg.fonttype": "none",  # text stays text: smaller, searchable, uses the page's font
        "font.size": 10,
        "axes.edgecolor": palette.INK,
        "axes.labelcolor": palette.INK,
        "xtick.color": palette.INK,
        "ytick.color": palette.INK,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": palette.GRID,
    }
)


def svg_bytes(figure) -> bytes:
    """Render a figure to SVG without the creation date, then close it."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()


def png_bytes(figure, dpi: int = 110) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", dpi=dpi, metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()
