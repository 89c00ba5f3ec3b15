// Visual constants shared by every demo. The same values live in src/tfvisual/palette.py for the
// generated figures; tests/unit/test_palette.py keeps the two files in step.
export const PRIMARY = "#3f51b5";
export const ACCENT = "#ff5722";
// Diverging map for signed values (weights, kernels, edge responses): negative, zero, positive.
export const NEGATIVE = "#2166ac";
export const ZERO = "#f7f7f7";
export const POSITIVE = "#b2182b";
export const SERIES = ["#9e9e9e", "#4caf50", "#3f51b5", "#ff9800", "#9c27b0"];
export const INK = "#212121";
export const GRID = "#e0e0e0";
