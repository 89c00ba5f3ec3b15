// Drawing for "Gradients through time" (DOM and SVG only, no TF.js): a bar per step back on a log scale, with
// the steps whose norm is exactly 0 on a line of their own, a summary sentence and the numbers as a table.

import { el } from "../../lib/dom.js";
import { CELLS } from "./settings.js";

const SVG_NS = "http://www.w3.org/2000/svg";
// The chart's own coordinates (the SVG scales to the column's width; CSS keeps it from getting unreadable).
const WIDTH = 640;
const HEIGHT = 300;
const MARGIN = { left: 60, right: 14, top: 14, bottom: 44 };
const ZERO_STRIP = 26; // below the log axis: the line where exact zeros are marked
const PLOT_BOTTOM = HEIGHT - MARGIN.bottom - ZERO_STRIP;
const ZERO_Y = PLOT_BOTTOM + ZERO_STRIP / 2 + 2;
const MAX_DECADE_LABELS = 7;
const MAX_STEP_TICKS = 8;

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// 3 significant digits; powers of ten far from 1 in exponent form (a norm of 3.2e-17 has no readable decimal).
export function formatNorm(value) {
  if (value === 0) return "0";
  const size = Math.abs(value);
  return size >= 1e-3 && size < 1e4 ? value.toPrecision(3) : value.toExponential(2);
}

const SUPERSCRIPTS = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
const powerOfTen = (exponent) => `10${[...String(exponent)].map((c) => SUPERSCRIPTS[c]).join("")}`;

// 1.2·10⁻³⁸ for 1.18e-38: two significant digits, as a page prints it.
export function scientific(value) {
  const [mantissa, exponent] = value.toExponential(1).split("e");
  return `${mantissa}·${powerOfTen(Number(exponent))}`;
}

// As the page prints a ratio: 2 significant digits, plain from 0.01 to 1000, else a power of ten (1.4, 2.8·10⁷).
function pageNumber(value) {
  const size = Math.abs(value);
  return size >= 1e-2 && size < 1e3 ? String(Number(value.toPrecision(2))) : scientific(value);
}

// A step between labelled k values that gives at most MAX_STEP_TICKS labels: 1, 2, 5, 10, 20, 25, 50, 100.
function stepTick(steps) {
  return [1, 2, 5, 10, 20, 25, 50, 100].find((tick) => steps / tick <= MAX_STEP_TICKS) ?? 100;
}

// The chart for one curve. `norms[k]` is the norm at the input k steps before the last one.
export function renderChart(holder, norms, summary) {
  const steps = norms.length;
  const low = summary.smallest === null ? -1 : Math.floor(Math.log10(summary.smallest));
  const high = summary.largest === null ? 0 : Math.max(low + 1, Math.ceil(Math.log10(summary.largest)));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const barWidth = plotWidth / steps;
  const x = (k) => MARGIN.left + k * barWidth;
  const y = (value) => MARGIN.top + ((high - Math.log10(value)) / (high - low)) * (PLOT_BOTTOM - MARGIN.top);

  const chart = svg("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "gtt-svg", role: "img" });
  chart.setAttribute(
    "aria-label",
    `Bar chart: one bar for each of the ${steps} inputs, k = 0 (the last input) on the left to k = ${steps - 1} ` +
      "on the right; the bar's height is the gradient's norm on a log scale. The sentence below gives the numbers.",
  );

  // Horizontal lines and labels at powers of ten (every decade, or every few when the range is wide).
  const every = Math.ceil((high - low) / MAX_DECADE_LABELS);
  for (let exponent = high; exponent >= low; exponent -= every) {
    const at = y(10 ** exponent);
    chart.append(
      svg("line", { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: at, y2: at, class: "gtt-grid" }),
      svg("text", { x: MARGIN.left - 6, y: at + 4, "text-anchor": "end", class: "gtt-label" }, powerOfTen(exponent)),
    );
  }
  chart.append(
    svg("text", { x: MARGIN.left - 6, y: ZERO_Y + 4, "text-anchor": "end", class: "gtt-label" }, "exactly 0"),
    svg("line", { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: ZERO_Y, y2: ZERO_Y, class: "gtt-grid" }),
  );

  // The bars: positive norms from the bottom of the log axis up; exact zeros as marks on their own line.
  const bars = svg("g", { "data-testid": "bars" });
  norms.forEach((value, k) => {
    const title = svg("title", {}, `k = ${k}: ${formatNorm(value)}`);
    let bar;
    if (value > 0) {
      const top = y(value);
      bar = svg("rect", { x: x(k), y: top, width: barWidth, height: PLOT_BOTTOM - top, class: "gtt-bar" });
    } else {
      bar = svg("rect", { x: x(k), y: ZERO_Y - 4, width: barWidth, height: 8, class: "gtt-zero" });
    }
    bar.dataset.k = k;
    bar.dataset.norm = value;
    bar.append(title);
    bars.append(bar);
  });
  chart.append(bars);

  // The k axis: which input each bar belongs to, counted back from the last.
  const tick = stepTick(steps);
  const axisY = HEIGHT - MARGIN.bottom;
  chart.append(svg("line", { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: axisY, y2: axisY, class: "gtt-axis" }));
  for (let k = 0; k < steps; k += tick) {
    chart.append(svg("text", { x: x(k) + barWidth / 2, y: axisY + 16, "text-anchor": "middle", class: "gtt-label" }, String(k)));
  }
  chart.append(
    svg("text", { x: MARGIN.left + plotWidth / 2, y: HEIGHT - 6, "text-anchor": "middle", class: "gtt-label" },
      "k: how many steps before the last input"),
  );
  holder.replaceChildren(chart);
}

function cellName({ kind, forgetBias, recurrentScale }) {
  const name = kind === "lstm" ? `LSTM with forget-gate bias ${forgetBias}` : CELLS[kind];
  return recurrentScale === 1 ? name : `${name}, recurrent kernel × ${recurrentScale}`;
}

// The sentence screen readers hear after each computation (and everyone reads under the chart). Kept short so
// that it fits the room the stylesheet reserves for it: the chart's legend explains the zeros.
export function renderSummary(paragraph, setting, summary, steps) {
  const ratio = Number.isNaN(summary.ratio) ? "" : `, a ratio k = ${steps - 1} / k = 0 of ${formatNorm(summary.ratio)}`;
  let text =
    `${cellName(setting)}, T = ${steps}: ‖∂loss/∂x‖ is ${formatNorm(summary.first)} at k = 0 (the last input) ` +
    `and ${formatNorm(summary.last)} at k = ${steps - 1} (the first)${ratio}.`;
  // Exploding: the gradient grows going back, so the largest norm sits somewhere other than at the last input.
  if (summary.largestAt > 0) {
    text += ` The largest, ${formatNorm(summary.largest)}, is at k = ${summary.largestAt}.`;
  }
  if (summary.zeros > 0) {
    text +=
      summary.zeros === steps - summary.zeroFrom
        ? ` Exactly 0 from k = ${summary.zeroFrom} on (float32 underflow).`
        : ` Exactly 0 at ${summary.zeros} steps, the first at k = ${summary.zeroFrom} (float32 underflow).`;
  }
  paragraph.textContent = text;
}

export function renderTiming(paragraph, { ms, steps }) {
  paragraph.textContent = `tf.grad through ${steps} steps, forward and backward, norms read back: ${ms.toFixed(1)} ms.`;
}

// The same numbers as a table, for readers who cannot see the bars or want the digits.
export function renderTable(holder, setting, norms) {
  const table = el("table");
  table.append(el("caption", {}, `‖∂loss/∂x‖ for each input: ${cellName(setting)}, T = ${norms.length}`));
  const headRow = el("tr");
  for (const text of ["k (steps before the last)", "input step", "‖∂loss/∂x‖", "÷ the k = 0 value"]) {
    headRow.append(el("th", { scope: "col" }, text));
  }
  const head = el("thead");
  head.append(headRow);
  const body = el("tbody");
  norms.forEach((value, k) => {
    const row = el("tr");
    row.append(
      el("th", { scope: "row" }, String(k)),
      el("td", {}, String(norms.length - k)),
      el("td", {}, formatNorm(value)),
      el("td", {}, norms[0] > 0 ? formatNorm(value / norms[0]) : "–"),
    );
    body.append(row);
  });
  table.append(head, body);
  holder.replaceChildren(table);
}

// Where the chart meets the page's figure: the SimpleRNN over the page's T steps at a scale the page measured in
// float64. `reference` is {cell, steps, scales: [{scale, ratio, roundingMin, roundingMax}]} (model.js); the chart
// here is float32, which rounds at every step. Elsewhere the sentence says which settings the page measured.
export function renderReference(paragraph, setting, summary, reference) {
  if (!reference) {
    paragraph.textContent = "";
    return;
  }
  const row = reference.scales.find((r) => r.scale === setting.recurrentScale);
  if (setting.kind !== reference.cell || setting.steps !== reference.steps || !row) {
    const scales = reference.scales.map((r) => r.scale);
    paragraph.textContent =
      `The page measured the ${CELLS[reference.cell]} over T = ${reference.steps} in float64 at scales ` +
      `${scales.slice(0, -1).join(", ")} and ${scales.at(-1)}: choose one of those to compare with its figure.`;
    return;
  }
  const here = Number.isNaN(summary.ratio) ? "no ratio" : pageNumber(summary.ratio);
  const page = `The page's figure, in float64 on the same weights and inputs: ${pageNumber(row.ratio)}`;
  // Where the gradient explodes, the float64 ratio itself moves by more than 1% with float32-sized input changes.
  const chaotic = row.roundingMax / row.roundingMin > 1.01;
  paragraph.textContent = chaotic
    ? `Far/near ratio here, in float32: ${here}. ${page}, and anywhere from ${pageNumber(row.roundingMin)} to ` +
      `${pageNumber(row.roundingMax)} when every input moves by one float32 rounding step: where the gradient ` +
      "explodes, rounding decides the digits, not whether it explodes."
    : `Far/near ratio here, in float32: ${here}. ${page}; moving every input by one float32 rounding step ` +
      "changes it by less than 1%.";
}
