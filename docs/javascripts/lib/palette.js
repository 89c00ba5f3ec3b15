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

// "#rrggbb" -> [r, g, b] in 0..255.
export function rgb(hex) {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

const NEGATIVE_RGB = rgb(NEGATIVE);
const ZERO_RGB = rgb(ZERO);
const POSITIVE_RGB = rgb(POSITIVE);

// The diverging map every demo uses for signed values: -1 -> NEGATIVE, 0 -> ZERO, +1 -> POSITIVE, linear in
// between, saturating beyond ±1. Writes r, g, b into `target` at `offset` (so a whole image can be filled
// without one small array per pixel) and returns `target`.
export function divergingColour(v, target = [0, 0, 0], offset = 0) {
  const t = Math.min(1, Math.abs(v));
  const end = v < 0 ? NEGATIVE_RGB : POSITIVE_RGB;
  for (let i = 0; i < 3; i++) target[offset + i] = Math.round(ZERO_RGB[i] + (end[i] - ZERO_RGB[i]) * t);
  return target;
}

// WCAG relative luminance of an [r, g, b] colour (0..255).
function luminance([r, g, b]) {
  const linear = (c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

// Text written on a coloured cell: black or white, whichever contrasts more with the cell (a number on a dark
// blue or dark red cell must stay readable, in both colour schemes).
export function textColourOn(cell) {
  const l = luminance(cell);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? "#000000" : "#ffffff";
}
