// Drawing for the kernel playground: turns numbers into pixels and text. Nothing here computes a convolution.

import { divergingColour } from "../../palette.js";
import { CHANNELS } from "./convolve.js";

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
  canvas.getContext("2d").putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
}

// The |value| below which FULL_SCALE_QUANTILE of the values lie, from a histogram: one pass, no sort.
function fullScale(values) {
  let largest = 0;
  for (const v of values) largest = Math.max(largest, Math.abs(v));
  if (largest === 0) return 1;
  const counts = new Uint32Array(HISTOGRAM_BINS);
  for (const v of values) counts[Math.min(HISTOGRAM_BINS - 1, Math.floor((Math.abs(v) / largest) * HISTOGRAM_BINS))]++;
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
    if (mode === "rescale") {
      low = Infinity;
      high = -Infinity;
      for (const v of chw) {
        low = Math.min(low, v);
        high = Math.max(high, v);
      }
      if (high === low) high = low + 1;
      note = `black = ${low.toPrecision(3)}, white = ${high.toPrecision(3)}`;
    }
    const span = high - low;
    for (let i = 0; i < plane; i++) {
      for (let c = 0; c < CHANNELS; c++) rgba[4 * i + c] = Math.round(((chw[c * plane + i] - low) / span) * 255);
      rgba[4 * i + 3] = 255;
    }
    if (mode === "clamp") {
      let outside = 0;
      for (const v of chw) if (v < 0 || v > 1) outside++;
      note = `${((100 * outside) / chw.length).toFixed(1)}% of values outside 0…1 clamped`;
    }
  }
  renderRgba(canvas, width, height, rgba);
  return note;
}

// Places a marker box (absolutely positioned in the canvas' frame) over pixels [x0, x1) × [y0, y1).
export function placeMarker(marker, width, height, x0, y0, x1, y1) {
  marker.style.left = `${(100 * x0) / width}%`;
  marker.style.top = `${(100 * y0) / height}%`;
  marker.style.width = `${(100 * (x1 - x0)) / width}%`;
  marker.style.height = `${(100 * (y1 - y0)) / height}%`;
}

const fmt = (value, digits = 3) => (Object.is(value, -0) ? 0 : value).toFixed(digits);

function matrixTable(values, size, caption, className) {
  const table = document.createElement("table");
  table.className = `kp-matrix ${className}`;
  const head = document.createElement("caption");
  head.textContent = caption;
  table.append(head);
  for (let i = 0; i < size; i++) {
    const tr = document.createElement("tr");
    for (let j = 0; j < size; j++) {
      const td = document.createElement("td");
      const value = values[i * size + j];
      td.textContent = value === null ? "0" : fmt(value);
      if (value === null) {
        td.className = "kp-pad";
        td.title = "outside the image: zero padding";
      }
      tr.append(td);
    }
    table.append(tr);
  }
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
  const title = document.createElement("p");
  title.innerHTML = `Output pixel <strong>(${x}, ${y})</strong>, ${channelName} channel:`;
  const tables = document.createElement("div");
  tables.className = "kp-tables";
  tables.append(
    matrixTable(patch, size, "input under the kernel", "kp-matrix--input"),
    matrixTable(weights, size, "kernel weights", "kp-matrix--kernel"),
  );
  const arithmetic = document.createElement("p");
  arithmetic.className = "kp-arithmetic";
  arithmetic.textContent = `${terms.join(" + ")} = ${sum.toFixed(4)}`;
  const result = document.createElement("p");
  const computed = document.createElement("strong");
  computed.dataset.testid = "explain-output";
  computed.textContent = output.toFixed(4);
  result.append(
    "TensorFlow.js computed ",
    computed,
    " for this pixel (terms rounded to 3 decimals; the sum uses every digit).",
  );
  panel.replaceChildren(title, tables, arithmetic, result);
}
