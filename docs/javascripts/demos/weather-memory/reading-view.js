// Reading the window day by day (DOM only, no TF.js): the "Days read" slider, the heatmap filled up to the day
// read so far (the other columns blank but keeping their place, so nothing moves), and the note that says what
// the forecast is made from.

import { el } from "../../lib/dom.js";
import { divergingColour, textColourOn } from "../../lib/palette.js";
import { formatDate } from "./days.js";

let ids = 0;
const hidden = (text) => el("span", { class: "tfv-visually-hidden" }, text);
const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";
// 14 -> "₁₄", for h₁₄.
const subscript = (n) => [...String(n)].map((digit) => SUBSCRIPTS[Number(digit)]).join("");
const percent = (p) => `${(100 * p).toFixed(1)}%`;
const formatState = (v) => v.toFixed(2).replace("-", "−");

// A range input 1…windowLength (the arrow keys step it one day) with its count beside it.
export function createReadingControl(windowLength) {
  const id = `wm-days-read-${++ids}`;
  const range = el("input", {
    id,
    type: "range",
    min: "1",
    max: String(windowLength),
    step: "1",
    value: String(windowLength),
    class: "wm-range wm-days-read",
    "data-testid": "days-read",
  });
  const output = el("output", { for: id, class: "wm-count", "data-testid": "days-read-count" });
  const field = el("div", { class: "wm-reading" });
  field.append(el("label", { for: id }, "Days read"), range, output);
  return { field, range, output };
}

// The heatmap: column k holds h after the RNN has read days 1..k of the window (states null: the model is not in
// yet). Only the first `read` columns are filled; the last of them, the step being read, is outlined.
export function renderStates(ui, states, days, read) {
  const units = ui.stateCells.length;
  ui.stateCells.forEach((cells, j) =>
    cells.forEach((td, k) => {
      td.classList.toggle("wm-current", k === read - 1);
      if (!states || k >= read) {
        td.replaceChildren(hidden(states ? "not read yet" : "not computed yet: the model is loading"));
        td.style.background = "";
        td.style.color = "";
        return;
      }
      const value = states[k * units + j];
      const colour = divergingColour(value);
      td.replaceChildren(hidden(`unit ${j + 1} after ${formatDate(days[k].date)}: `), formatState(value));
      td.style.background = `rgb(${colour.join(" ")})`;
      td.style.color = textColourOn(colour);
    }),
  );
  ui.dayButtons.forEach((button, k) => button.classList.toggle("wm-current", k === read - 1));
}

// The slider's count and the note under the forecasts. `reading`: the dense layer on h after `read` days (null
// while the model loads).
export function renderReading(ui, { read, days, reading }) {
  const windowLength = days.length;
  const day = formatDate(days[read - 1].date);
  const count = `${read} of ${windowLength}`;
  ui.daysRead.value = String(read);
  ui.daysRead.setAttribute("aria-valuetext", `${count} days, to ${day}${read === windowLength ? " (today)" : ""}`);
  ui.daysReadCount.textContent = `${count} (to ${day})`;
  if (read === windowLength) {
    ui.reading.textContent =
      `All ${windowLength} days read: the RNN's forecast is its dense layer on h${subscript(read)}, the state ` +
      "after today.";
    return;
  }
  const after =
    reading === null
      ? ""
      : ` What its dense layer would say after ${read} days, on h${subscript(read)}: ${percent(reading)} (not a ` +
        "forecast the model makes).";
  ui.reading.textContent = `The RNN forecasts only after all ${windowLength} days (its row above).${after}`;
}
