// The arithmetic behind one step of the cell, written out with the numbers the model used: the day's
// standardised inputs, the previous state, W·x_t, U·h_{t−1}, the bias, their sum and its tanh, then the check
// against the state TF.js computed. Only touches the page; the numbers come from model.js (explainStep).

import { el } from "../../lib/dom.js";
import { formatDate, formatMeasurement } from "./days.js";

let menus = 0;
const format = (x) => (Object.is(x, -0) ? 0 : x).toFixed(4).replace("-", "−");

function table(caption, headers, rows) {
  const wrapper = el("div", { class: "wm-scroll", tabindex: "0", role: "region", "aria-label": caption });
  const t = el("table", { class: "wm-numbers" });
  t.append(el("caption", {}, caption));
  const head = el("tr");
  head.append(...headers.map((text) => el("th", { scope: "col" }, text)));
  const thead = el("thead");
  thead.append(head);
  const tbody = el("tbody");
  for (const [name, ...values] of rows) {
    const tr = el("tr");
    tr.append(el("th", { scope: "row" }, name), ...values.map((v) => el("td", {}, v)));
    tbody.append(tr);
  }
  t.append(thead, tbody);
  wrapper.append(t);
  return wrapper;
}

// The step menu: one option per day of the window (`step` selected, 0-based).
export function renderStepMenu(select, days, step) {
  select.replaceChildren(
    ...days.map((day, t) => {
      const today = t === days.length - 1 ? " (today)" : "";
      const option = new Option(`step ${t + 1}: ${formatDate(day.date)}${today}`, String(t));
      option.selected = t === step;
      return option;
    }),
  );
}

export function createStepMenu(container) {
  const id = `wm-step-${++menus}`;
  const select = el("select", { id, class: "wm-input", "data-testid": "step" });
  const field = el("div", { class: "wm-field" });
  field.append(el("label", { for: id }, "Step (day of the window)"), select);
  const output = el("div", { class: "wm-arithmetic-output", "data-testid": "arithmetic-output" });
  container.append(field, output);
  return { select, output };
}

export function renderArithmetic(output, explanation, { day, step, features, standardisation }) {
  const { x, previous, rows, maxDifference } = explanation;
  // The sizes come from the cell itself (how many inputs a day has, how many units the state), so the text stays
  // true for a model retrained with another number of units.
  const [inputs, units] = [x.length, rows.length];
  output.replaceChildren();
  output.append(
    el(
      "p",
      {},
      `Step ${step + 1} reads ${formatDate(day.date, "long")}. Its ${inputs} features, standardised with the ` +
        "training years' mean and standard deviation as the model expects:",
    ),
    table(
      "xₜ, the day’s inputs",
      ["feature", "measured", "mean", "std", "xₜ = (measured − mean) / std"],
      features.map((name, i) => [
        name,
        name === "wet" ? String(day.wet) : formatMeasurement(day[name]),
        format(standardisation.mean[i]),
        format(standardisation.std[i]),
        format(x[i]),
      ]),
    ),
    el(
      "p",
      {},
      step === 0
        ? `The state before the first day is h₀ = 0 (${units} zeros).`
        : `The state after the previous day, hₜ₋₁ = (${previous.map(format).join(", ")}), as TF.js computed it.`,
    ),
    table(
      "hₜ = tanh(W·xₜ + U·hₜ₋₁ + b), unit by unit",
      ["unit", "W·xₜ", "U·hₜ₋₁", "b", "sum", "tanh(sum)", "TF.js hₜ", "difference"],
      rows.map((r, j) => [
        `h${j + 1}`,
        format(r.wx),
        format(r.uh),
        format(r.bias),
        format(r.sum),
        format(r.value),
        format(r.shown),
        r.difference.toExponential(1),
      ]),
    ),
    el(
      "p",
      { class: "wm-check" },
      `The kernel Wᵀ (${inputs}×${units}), the recurrent kernel Uᵀ (${units}×${units}) and b (${units}) are the ` +
        "model's own weights (layer.getWeights(); Keras stores W and U transposed, one column per unit); these " +
        "sums are plain JavaScript. " +
        `Largest difference from the state TF.js computed: ${maxDifference.toExponential(1)} ` +
        "(float32 rounding).",
    ),
  );
  // For tests: the recomputed state and the one TF.js computed.
  output.dataset.computed = JSON.stringify(rows.map((r) => r.value));
  output.dataset.shown = JSON.stringify(rows.map((r) => r.shown));
  output.dataset.maxDifference = String(maxDifference);
}
