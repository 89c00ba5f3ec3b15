// How a tensor's value is written (DOM only): a few numbers as text, more as a small heatmap with its shape and
// range, and every value in a table on request.

import { el } from "../../lib/dom.js";
import { divergingColour, textColourOn } from "../../lib/palette.js";

const SVG = "http://www.w3.org/2000/svg";
export const svgEl = (tag, attributes = {}, text) => {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
};

export const formatNumber = (v) => {
  if (typeof v === "boolean") return v ? "true" : "false";
  if (Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  return abs !== 0 && (abs < 0.001 || abs >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(3)));
};

export const shapeText = (shape) => (shape === null ? "unknown rank" : `[${shape.map((d) => d ?? "?").join(", ")}]`);

// Every number of a tensor, in order (a number alone is a list of one).
export const flat = (value) => (Array.isArray(value) ? value.flat(Infinity) : [value]);

// "-0.45…3.6": the smallest and the largest of a tensor's values.
export const rangeText = (value) => {
  const numbers = flat(value).map(Number);
  return `${formatNumber(Math.min(...numbers))}…${formatNumber(Math.max(...numbers))}`;
};
// The shape of a nested list ([] for a number; an empty list is [0]).
export const dims = (value) => (Array.isArray(value) ? [value.length, ...(value.length ? dims(value[0]) : [])] : []);

// The value line of an edge label: up to 4 numbers as text, else a heatmap strip (rows × columns, at most 6 × 12).
export function valueGlyph(value, width) {
  const numbers = flat(value).map(Number);
  const group = svgEl("g", { class: "tfv-graph__value" });
  if (numbers.length <= 4) {
    group.append(svgEl("text", { x: width / 2, y: 0, "text-anchor": "middle" }, flat(value).map(formatNumber).join(" ")));
    return group;
  }
  const shape = dims(value);
  const cols = Math.min(12, shape.at(-1) ?? 1);
  const rows = Math.min(6, numbers.length / (shape.at(-1) ?? 1));
  const max = Math.max(1e-12, ...numbers.map(Math.abs));
  const cell = Math.min(6, 60 / cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = numbers[r * (shape.at(-1) ?? 1) + c] / max;
      const [R, G, B] = divergingColour(v);
      group.append(svgEl("rect", { x: 2 + c * cell, y: -9 + r * (12 / rows), width: cell, height: 12 / rows, fill: `rgb(${R},${G},${B})` }));
    }
  }
  group.append(svgEl("text", { x: 66, y: 0 }, rangeText(value)));
  return group;
}

// Every value, as a table (a matrix) or a row (a vector), cells coloured by the diverging map.
export function valueTable(value, caption) {
  const table = el("table", { class: "tfv-graph__table" });
  table.append(el("caption", {}, caption));
  const rows = Array.isArray(value) ? (Array.isArray(value[0]) ? value : [value]) : [[value]];
  const numbers = flat(value).map(Number);
  const max = Math.max(1e-12, ...numbers.map(Math.abs));
  const body = el("tbody");
  for (const row of rows) {
    const tr = el("tr");
    for (const v of flat(row)) {
      const colour = divergingColour(Number(v) / max);
      tr.append(
        el("td", { style: `background: rgb(${colour.join(",")}); color: ${textColourOn(colour)}` }, formatNumber(v)),
      );
    }
    body.append(tr);
  }
  table.append(body);
  return table;
}
