"""Visual constants shared by every generated figure.

The same values live in docs/javascripts/lib/palette.js for the live demos; tests/unit/test_palette.py keeps
the two files in step, so a figure and a demo never disagree on what a colour means.
"""

# Material's "indigo" primary and "deep orange" accent, so figures match the theme.
PRIMARY = "#3f51b5"
ACCENT = "#ff5722"
# Diverging map for signed values (weights, kernels, edge responses): negative, zero, positive.
NEGATIVE = "#2166ac"
ZERO = "#f7f7f7"
POSITIVE = "#b2182b"
# Series colours for charts, in order (Python loops, NumPy, TensorFlow, ...).
SERIES = ["#9e9e9e", "#4caf50", "#3f51b5", "#ff9800", "#9c27b0"]
INK = "#212121"
GRID = "#e0e0e0"
