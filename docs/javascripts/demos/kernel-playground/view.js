// Drawing for the kernel playground: turns numbers into pixels and text (no TF.js). Nothing here computes a
// convolution; the check sum of one pixel is added up here, in float64, from the numbers the backend used.

import { el } from "../../lib/dom.js";
import { divergingColour } from "../../lib/palette.js";
import { CHANNELS } from "./model.js";

// A signed output is scaled so this share of pixels fits the colour range; the rest saturate. Without it the
// frame that zero padding makes (photo next to black) would set the scale and fade everything else.
const FULL_SCALE_QUANTILE = 0.995;
const HISTOGRAM_BINS = 2048;

export const DISPLAY_MODES = {
  clamp: "Clamped to 0…1",
  rescale: "Rescaled, smallest…largest",
  signed: "Signed colours",
};

export function renderRgba(canvas, width, height, rgba) {
  canvas.width = width;
  canvas.height = height;
  const bytes = rgba instanceof Uint8ClampedArray ? rgba : new Uint8ClampedArray(rgba);
  canvas.getContext("2d").putImageData(new ImageData(bytes, width, height), 0, 0);
}

// The |value| below which FULL_SCALE_QUANTILE of the values lie, from a histogram: one pass, no sort.
function fullScale(values) {
  let largest = 0;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]));
  if (largest === 0) return 1;
  const counts = new Uint32Array(HISTOGRAM_BINS);
  const toBin = HISTOGRAM_BINS / largest;
  for (let i = 0; i < values.length; i++) counts[Math.min(HISTOGRAM_BINS - 1, Math.floor(Math.abs(values[i]) * toBin))]++;
  const wanted = FULL_SCALE_QUANTILE * values.length;
  let seen = 0;
  for (let bin = 0; bin < HISTOGRAM_BINS; bin++) {
    seen += counts[bin];
    if (seen >= wanted) return ((bin + 1) / HISTOGRAM_BINS) * largest;
  }
  return largest;
}

// Output values (CHW floats) -> RGBA bytes, in one of DISPLAY_MODES. Returns a note on the scale used.
export function renderOutput(canvas, chw, width, height, mode) {
  const plane = width * height;
  const rgba = new Uint8ClampedArray(plane * 4);
  let note = "";
  if (mode === "signed") {
    // Channels are averaged: one signed number per pixel, since a colour can show only one sign.
    const mean = new Float32Array(plane);
    for (let i = 0; i < plane; i++) mean[i] = (chw[i] + chw[plane + i] + chw[2 * plane + i]) / CHANNELS;
    const scale = fullScale(mean);
    for (let i = 0; i < plane; i++) {
      divergingColour(mean[i] / scale, rgba, 4 * i);
      rgba[4 * i + 3] = 255;
    }
    note = `full colour at ±${scale.toPrecision(3)}`;
  } else {
    let low = 0;
    let high = 1;
    // Index loops, not for…of: the output has three values per pixel of a 512-pixel photo, and a phone draws it
    // between two taps.
    if (mode === "rescale") {
      low = Infinity;
      high = -Infinity;
      for (let i = 0; i < chw.length; i++) {
        low = Math.min(low, chw[i]);
        high = Math.max(high, chw[i]);
      }
      if (high === low) high = low + 1;
      note = `black = ${low.toPrecision(3)}, white = ${high.toPrecision(3)}`;
    }
    // One channel at a time: the values are read in order.
    const toByte = 255 / (high - low);
    let outside = 0; // values outside 0…1, which "clamp" cuts off
    for (let c = 0; c < CHANNELS; c++) {
      const offset = c * plane;
      for (let i = 0; i < plane; i++) {
        const value = chw[offset + i];
        if (value < 0 || value > 1) outside++;
        rgba[4 * i + c] = Math.round((value - low) * toByte);
      }
    }
    for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
    if (mode === "clamp") note = `${((100 * outside) / chw.length).toFixed(1)}% of values outside 0…1 clamped`;
  }
  renderRgba(canvas, width, height, rgba);
  return note;
}

// Sizes an image's frame to its proportions, as large as fits in the square box around it.
export function fitToImage(fit, width, height) {
  fit.style.width = `${100 * Math.min(1, width / height)}%`;
  fit.style.aspectRatio = `${width} / ${height}`;
}

// Places a marker box (absolutely positioned in the canvas' frame) over pixels [x0, x1) × [y0, y1).
export function placeMarker(marker, width, height, x0, y0, x1, y1) {
  marker.style.left = `${(100 * x0) / width}%`;
  marker.style.top = `${(100 * y0) / height}%`;
  marker.style.width = `${(100 * (x1 - x0)) / width}%`;
  marker.style.height = `${(100 * (y1 - y0)) / height}%`;
}

const fmt = (value, digits = 3) => (Object.is(value, -0) ? 0 : value).toFixed(digits);

// "x−2", "x−1", "x", "x+1", "x+2": where a row or column of a k×k window sits relative to the output pixel.
function offsets(axis, size) {
  const half = (size - 1) / 2;
  return Array.from({ length: size }, (_, i) => (i === half ? axis : `${axis}${i < half ? "−" : "+"}${Math.abs(i - half)}`));
}

// A k×k window as a table whose header cells name each row and column by its offset from the output pixel: the
// weight in row y−1, column x+1 multiplies the input pixel in row y−1, column x+1.
function matrixTable(values, size, caption, className) {
  const table = el("table", { class: `kp-matrix ${className}` });
  table.append(el("caption", {}, caption));
  const headRow = el("tr");
  headRow.append(el("td", { class: "kp-corner" }), ...offsets("x", size).map((text) => el("th", { scope: "col" }, text)));
  const head = el("thead");
  head.append(headRow);
  const body = el("tbody");
  offsets("y", size).forEach((rowName, i) => {
    const tr = el("tr");
    tr.append(el("th", { scope: "row" }, rowName));
    for (let j = 0; j < size; j++) {
      const value = values[i * size + j];
      const padding = value === null;
      const td = el("td", padding ? { class: "kp-pad", title: "outside the image: zero padding" } : {}, padding ? "0" : fmt(value));
      tr.append(td);
    }
    body.append(tr);
  });
  table.append(head, body);
  return table;
}

// The multiply-add for one output pixel, with the actual numbers. `sum` is computed here from the same
// float32 inputs and weights the backend used; `output` is what the backend returned for that pixel.
export function renderExplanation(panel, { x, y, channelName, patch, weights, size, output }) {
  let sum = 0;
  const terms = [];
  patch.forEach((value, index) => {
    const input = value ?? 0;
    sum += input * weights[index];
    terms.push(`${fmt(input)}×${fmt(weights[index])}`);
  });
  panel.dataset.x = x;
  panel.dataset.y = y;
  panel.dataset.sum = sum;
  panel.dataset.output = output;
  const title = el("p");
  title.append("Output pixel ", el("strong", {}, `(${x}, ${y})`), `, ${channelName} channel:`);
  const tables = el("div", { class: "kp-tables" });
  tables.append(
    matrixTable(patch, size, "input under the kernel", "kp-matrix--input"),
    matrixTable(weights, size, "kernel weights", "kp-matrix--kernel"),
  );
  const arithmetic = el("p", { class: "kp-arithmetic" }, `${terms.join(" + ")} = ${sum.toFixed(4)}`);
  const result = el("p");
  const computed = el("strong", { "data-testid": "explain-output" }, output.toFixed(4));
  result.append(
    "TensorFlow.js computed ",
    computed,
    " for this pixel (terms rounded to 3 decimals; the sum uses every digit).",
  );
  panel.replaceChildren(title, tables, arithmetic, result);
}

// TensorFlow.js against a plain loop: the backend's time against the loop's, for the same convolution. Both are
// medians of warm runs (never the first run, which compiles WebGL shaders or JIT-compiles the loop). The line
// names the hardware the backend ran on (GPU or CPU), from its label: on most devices without a GPU that is
// WebAssembly, and the line must not suggest a GPU did the work.
export function renderRace(race, { width, height, size, backendLabel, tfMs, tfRuns, loopMs, loopRuns, difference }) {
  race.dataset.tfMs = tfMs.toFixed(3);
  race.dataset.loopMs = loopMs.toFixed(3);
  const verdict =
    loopMs >= tfMs
      ? `TensorFlow.js is ${(loopMs / tfMs).toFixed(1)}× faster`
      : `the plain loop is ${(tfMs / loopMs).toFixed(1)}× faster here`;
  race.textContent =
    `TensorFlow.js against a plain loop, on your device: one convolution of this ${width}×${height}×${CHANNELS} image with a ${size}×${size} kernel takes ` +
    `${tfMs.toFixed(1)} ms with TensorFlow.js on ${backendLabel} (result copied back to JavaScript included; median ` +
    `of ${tfRuns} warm runs) and ${loopMs.toFixed(1)} ms as a plain JavaScript loop (median of ${loopRuns}): ` +
    `${verdict}. The two results differ by at most ${difference.toExponential(1)}.`;
}
