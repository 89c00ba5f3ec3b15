// The demo's controls and frames, built once at mount: DOM only, nothing computed here.

import { el } from "../../lib/dom.js";
import { CELLS, FORGET_BIAS_RANGE, MIN_STEPS, RECURRENT_SCALE_RANGE } from "./settings.js";
import { scientific } from "./view.js";

// The smallest float32 numbers: the least normal one (below it, "flush to zero" hardware and TensorFlow give 0)
// and the least denormal one (the floor for backends that keep denormals).
const FLOAT32_SMALLEST_NORMAL = 2 ** -126;
const FLOAT32_SMALLEST = 2 ** -149;

let instances = 0; // ids must be unique if a page ever holds the demo twice

function field(labelText, control, id) {
  control.id = id;
  const wrapper = el("div", { class: "gtt-field" });
  wrapper.append(el("label", { for: id }, labelText), control);
  return wrapper;
}

// Everything the demo shows, in reading order: the settings, the message line, a heading, the chart with its
// summary and timing, and the numbers as a table. `headingLevel` continues the page's outline.
export function buildLayout(root, headingLevel, { maxSteps, defaults }) {
  const prefix = `gtt-${++instances}`;
  const cell = el("select", { "data-testid": "cell" });
  for (const [value, text] of Object.entries(CELLS)) cell.append(new Option(text, value));
  cell.value = defaults.cell;

  // Text fields rather than type="number": what the reader typed stays visible, so a message can quote it.
  const steps = el("input", { type: "text", inputmode: "numeric", autocomplete: "off", "data-testid": "steps" });
  steps.value = String(defaults.steps);
  const bias = el("input", { type: "text", autocomplete: "off", "data-testid": "forget-bias" });
  bias.value = String(defaults.forgetBias);
  const biasNote = el("p", { class: "gtt-note", id: `${prefix}-bias-note`, "data-testid": "bias-note" });
  bias.setAttribute("aria-describedby", biasNote.id);
  const scale = el("input", { type: "text", inputmode: "decimal", autocomplete: "off", "data-testid": "recurrent-scale" });
  scale.value = String(defaults.recurrentScale);
  scale.setAttribute("aria-describedby", biasNote.id); // the note says what the scale multiplies

  const compute = el("button", { type: "button", class: "md-button md-button--primary", "data-testid": "compute" }, "Compute");
  const fields = el("div", { class: "gtt-fields" });
  const [min, max] = [FORGET_BIAS_RANGE.min, FORGET_BIAS_RANGE.max].map((v) => String(v).replace("-", "−"));
  fields.append(
    field("Cell", cell, `${prefix}-cell`),
    // Short labels, so that the four fields share one row on a laptop (the demo's height is reserved ahead).
    field(`Length T (${MIN_STEPS} to ${maxSteps})`, steps, `${prefix}-steps`),
    field(`Forget bias (${min} to ${max})`, bias, `${prefix}-bias`),
    field(`Recurrent weight scale (${RECURRENT_SCALE_RANGE.min} to ${RECURRENT_SCALE_RANGE.max})`, scale, `${prefix}-scale`),
    compute,
  );

  const message = el("div", { class: "gtt-message", "data-testid": "message", "aria-live": "polite" });
  const heading = el(`h${headingLevel}`, { class: "tfv-demo-heading gtt-heading" }, "How much gradient reaches each input");
  const chart = el("div", { class: "gtt-chart", "data-testid": "chart", tabindex: "0", role: "group" });
  chart.setAttribute("aria-label", "Chart of the gradient norms (scrolls sideways on a narrow screen)");
  // Static, so it never changes the demo's height: what the zero marks mean, and why backends differ there.
  const legend = el("p", { class: "gtt-legend" });
  legend.append(
    el("span", { class: "gtt-swatch gtt-swatch--bar", "aria-hidden": "true" }),
    " the norm ‖∂loss/∂x‖ at each input, on a log scale; ",
    el("span", { class: "gtt-swatch gtt-swatch--zero", "aria-hidden": "true" }),
    " exactly 0: every entry of the gradient underflowed, float32 cannot hold it. " +
      `Backends that flush numbers below ${scientific(FLOAT32_SMALLEST_NORMAL)} to zero (TensorFlow in Python; ` +
      `WebGL here, as GPUs may) reach 0 sooner than the browser's CPU backends, which go down to ${scientific(FLOAT32_SMALLEST)}.`,
  );
  const summary = el("p", { class: "gtt-summary", "data-testid": "summary", "aria-live": "polite" });
  // Where the chart meets the page's float64 figure (the SimpleRNN over the page's 100 steps), the two numbers side
  // by side; otherwise how to get there. Not live: the summary already announces each new chart.
  const reference = el("p", { class: "gtt-reference", "data-testid": "reference" });
  const timing = el("p", { class: "gtt-timing", "data-testid": "timing" });
  const table = el("details", { class: "gtt-table" });
  table.append(el("summary", {}, "The numbers as a table"));
  const tableBody = el("div");
  table.append(tableBody);

  root.append(fields, biasNote, message, heading, chart, legend, summary, reference, timing, table);
  return { cell, steps, bias, scale, biasNote, compute, message, chart, summary, reference, timing, tableBody };
}
