// The page side of the character-RNN demo (DOM only, no TF.js): the controls, the progress, the statistics, the
// legend and the hidden-state panel. The text itself is drawn by text-view.js, the heatmap by heatmap-view.js, the
// panel about one character by details-view.js. Every box has its final size before the model arrives, so nothing
// moves when it does.

import { el, heading } from "../../lib/dom.js";
import { PROBABILITY_BINS } from "./colours.js";

let ids = 0;
const uniqueId = (name) => `cr-${name}-${++ids}`;

// A labelled control with the message under it that explains a bad value (the control points to it).
function field(label, control, { hint } = {}) {
  const id = control.id || uniqueId("field");
  control.id = id;
  const message = el("p", { id: `${id}-message`, class: "cr-message", "aria-live": "polite" });
  control.setAttribute("aria-describedby", `${id}-message`);
  const wrapper = el("div", { class: "cr-field" });
  wrapper.append(el("label", { for: id }, label));
  if (hint) wrapper.append(hint);
  wrapper.append(control, message);
  return { wrapper, control, message };
}

function button(text, testId) {
  return el("button", { type: "button", class: "md-button", "data-testid": testId }, text);
}

export function buildLayout(root, headingLevel, { defaults, ngramOrder }) {
  const prompt = field(
    "Prompt (the model reads it first, then writes)",
    el("textarea", { rows: "3", spellcheck: "false", class: "cr-input cr-prompt", "data-testid": "prompt" }),
  );
  prompt.control.value = defaults.prompt;
  prompt.message.dataset.testid = "prompt-message";

  const temperature = el("input", {
    type: "range",
    min: "0.1",
    max: "2",
    step: "0.05",
    value: String(defaults.temperature),
    class: "cr-range",
    "data-testid": "temperature",
  });
  const temperatureField = field("Temperature", temperature);
  const temperatureValue = el("output", { for: temperature.id, class: "cr-value", "data-testid": "temperature-value" });
  temperatureField.wrapper.insertBefore(temperatureValue, temperatureField.message);

  const seed = field(
    "Seed (whole number ≥ 0)",
    el("input", {
      type: "number",
      min: "0",
      step: "1",
      value: String(defaults.seed),
      class: "cr-input cr-number",
      "data-testid": "seed",
    }),
  );
  const length = field(
    `Characters to write (${defaults.minLength}–${defaults.maxLength})`,
    el("input", {
      type: "number",
      min: String(defaults.minLength),
      max: String(defaults.maxLength),
      step: "1",
      value: String(defaults.length),
      class: "cr-input cr-number",
      "data-testid": "length",
    }),
  );
  for (const f of [seed, length]) f.message.dataset.testid = `${f.control.dataset.testid}-message`;

  const generate = button("Generate", "generate");
  const more = button("Continue", "continue");
  const stop = button("Stop", "stop");
  generate.disabled = more.disabled = stop.disabled = true;
  const buttons = el("div", { class: "cr-buttons" });
  buttons.append(generate, more, stop);

  const settings = el("div", { class: "cr-settings" });
  settings.append(temperatureField.wrapper, seed.wrapper, length.wrapper);
  const controls = el("div", { class: "cr-controls" });
  controls.append(prompt.wrapper, settings, buttons);

  // What is happening now (reading the prompt, writing, speed); announced to screen readers only when a phase
  // starts or ends (index.js), not on every frame.
  const progress = el("p", { class: "cr-progress", "data-testid": "progress" });
  const speed = el("span", { class: "cr-speed", "data-testid": "speed" });
  const progressLine = el("div", { class: "cr-progress-line" });
  progressLine.append(progress, speed);
  const announcer = el("p", { class: "tfv-visually-hidden", role: "status", "data-testid": "announcer" });
  const promptNote = el("p", { class: "cr-note", "data-testid": "prompt-note", "aria-live": "polite" });

  // Bits per character of the text on screen under each model.
  const stats = el("table", { class: "cr-stats", "data-testid": "stats" });
  stats.append(
    el("caption", {}, "Bits per character: how surprised each model is by the text (lower: less surprised)"),
  );
  const head = el("tr");
  for (const text of ["Model", "Written text", "Prompt"]) head.append(el("th", { scope: "col" }, text));
  const thead = el("thead");
  thead.append(head);
  const tbody = el("tbody");
  const statRows = {};
  for (const [key, name] of [
    ["rnn", "The character RNN (LSTM)"],
    ["ngram", ngramOrder ? `The order-${ngramOrder} n-gram` : "The n-gram (loading…)"],
  ]) {
    const row = el("tr", { "data-testid": `stats-${key}` });
    const label = el("th", { scope: "row" }, name);
    const written = el("td", { "data-testid": `bits-${key}-written` }, "–");
    const promptCell = el("td", { "data-testid": `bits-${key}-prompt` }, "–");
    row.append(label, written, promptCell);
    tbody.append(row);
    statRows[key] = { label, written, prompt: promptCell };
  }
  stats.append(thead, tbody);
  const ngramNote = el("p", { class: "cr-note", "data-testid": "ngram-note" });

  // How the text is coloured, and the legend of that colouring, right above the text they colour: the colouring,
  // and beside it the hidden unit to colour by (choosing a unit switches the colouring to it, index.js).
  const colourBy = el("select", { class: "cr-input", "data-testid": "colour-by" });
  colourBy.append(
    new Option("the RNN's probability of each character", "rnn"),
    new Option("the n-gram's probability of each character", "ngram"),
    new Option("the value of the hidden unit chosen", "unit"),
  );
  const colourField = field("Colour the text by", colourBy);
  const unit = el("select", { class: "cr-input cr-unit", "data-testid": "unit" });
  const unitField = field("Hidden unit", unit);
  const colouring = el("div", { class: "cr-colouring" });
  colouring.append(colourField.wrapper, unitField.wrapper);
  const legend = el("div", { class: "cr-legend", "data-testid": "legend" });

  // The text, one tab stop (text-view.js), and the panel that describes the character in focus or under the
  // pointer. The panel is beside the text or under it, as the width allows (char-rnn.css), and the hint names the
  // place by the same rule: both words are in the page, and the stylesheet shows the one that is true.
  const keysId = uniqueId("keys");
  const output = el("div", { class: "cr-output", "data-testid": "output", "aria-describedby": keysId });
  const keys = el("p", { id: keysId, class: "cr-hint", "data-testid": "keys-hint" });
  keys.append(
    "Tab into the text, then ← and → move one character, Home and End to the first and last; the panel ",
    el("span", { class: "cr-when-beside" }, "beside"),
    el("span", { class: "cr-when-under" }, "under"),
    " it lists the five likeliest characters at that step.",
  );
  const details = el("div", { class: "cr-details", "aria-live": "polite", "data-testid": "details" });
  details.append(
    el(
      "p",
      { class: "cr-hint" },
      "Tap or point at a character, or move to it with the arrow keys, to see what else the model could have " +
        "written there.",
    ),
  );
  const reading = el("div", { class: "cr-reading" });
  reading.append(output, details);

  // The hidden state: what the named units in the menu are, and all units of h over the last characters.
  const unitNote = el("p", { class: "cr-note", "data-testid": "unit-note" });
  const heatmap = el("canvas", { class: "cr-heatmap", role: "img", "data-testid": "heatmap" });
  const heatmapText = el("p", { class: "cr-hint", "data-testid": "heatmap-text" });
  heatmap.setAttribute("aria-describedby", (heatmapText.id = uniqueId("heatmap-text")));
  const heatmapBox = el("div", { class: "cr-heatmap-box" });
  heatmapBox.append(heatmap);

  root.append(
    heading(headingLevel, "Write"),
    controls,
    progressLine,
    announcer,
    promptNote,
    colouring,
    legend,
    reading,
    keys,
    stats,
    ngramNote,
    heading(headingLevel, "Its hidden state"),
    unitNote,
    heatmapBox,
    heatmapText,
  );
  return {
    prompt: prompt.control,
    promptMessage: prompt.message,
    temperature,
    temperatureValue,
    seed: seed.control,
    seedMessage: seed.message,
    length: length.control,
    lengthMessage: length.message,
    generate,
    more,
    stop,
    progress,
    speed,
    announcer,
    promptNote,
    statRows,
    ngramNote,
    colourBy,
    legend,
    output,
    details,
    unit,
    unitNote,
    heatmap,
    heatmapText,
  };
}

// The temperature's value beside its slider (and for screen readers).
export function showTemperature(ui) {
  const value = Number(ui.temperature.value).toFixed(2);
  ui.temperatureValue.textContent = value;
  ui.temperature.setAttribute("aria-valuetext", value);
}

// What is happening now, once per frame (index.js announces to screen readers only when a phase starts or ends).
// A prompt read in one call shows none: there is no "so far" to report.
export function renderReadingProgress(ui, { read, total, perCall, chunked }) {
  if (!chunked) return;
  ui.progress.textContent =
    `Reading the prompt: ${read.toLocaleString("en")} of ${total.toLocaleString("en")} characters, ` +
    `${perCall} per call…`;
}

export function renderWritingProgress(ui, { written, target, perSecond }) {
  ui.speed.textContent = `${Math.round(perSecond)} characters per second`;
  ui.progress.textContent = `Writing: ${written} of ${target} characters…`;
}

const formatBits = (bits) => (Number.isFinite(bits) ? `${bits.toFixed(3)} bits` : "–");

// `bits`: {rnn: {written, prompt}, ngram: {written, prompt}} (NaN where there is nothing to average).
export function renderStats(ui, bits) {
  for (const key of ["rnn", "ngram"]) {
    ui.statRows[key].written.textContent = formatBits(bits[key].written);
    ui.statRows[key].prompt.textContent = formatBits(bits[key].prompt);
  }
}

export function renderNgramName(ui, order) {
  ui.statRows.ngram.label.textContent = `The order-${order} n-gram`;
}

// The legend of the colouring in use. `scale`: for a unit, {name, largest} (largest |value| of a c unit, or null
// for h, which a tanh keeps within −1..1).
export function renderLegend(ui, mode, unitScale) {
  ui.legend.replaceChildren();
  if (mode === "unit") {
    const { name, largest } = unitScale;
    const range = largest === null ? "−1 … 0 … +1" : `−${largest.toFixed(2)} … 0 … +${largest.toFixed(2)}`;
    ui.legend.append(
      el("span", { class: "cr-swatch cr-diverging", "aria-hidden": "true" }),
      el(
        "span",
        {},
        `${name}: blue negative, white 0, red positive (${range}` +
          `${largest === null ? ", the range of tanh" : ", the largest |c| in this text: a cell c is not bounded"}).`,
      ),
    );
  } else {
    ui.legend.append(el("span", {}, mode === "rnn" ? "The RNN's probability: " : "The n-gram's probability: "));
    for (const bin of PROBABILITY_BINS) {
      const entry = el("span", { class: "cr-legend-entry" });
      entry.append(
        el("span", { class: "cr-swatch", style: `background: ${bin.colour}`, "aria-hidden": "true" }),
        bin.label,
      );
      ui.legend.append(entry);
    }
  }
  const promptKey = el("span", { class: "cr-legend-entry" });
  promptKey.append(
    el("span", { class: "cr-prompt-char cr-swatch-text", "aria-hidden": "true" }, "abc"),
    "underlined: your prompt",
  );
  ui.legend.append(promptKey);
}

// The unit menu: the named units first (from the script that correlates units with features of the text), then
// every unit of h and of c.
export function renderUnitMenu(ui, units, named) {
  ui.unit.replaceChildren();
  if (named.length) {
    const group = el("optgroup", { label: "Units that follow something nameable" });
    for (const entry of named) {
      group.append(
        new Option(
          `${entry.state} ${entry.unit}: ${entry.label} (r = ${entry.correlation_evaluation.toFixed(2)})`,
          `${entry.state}:${entry.unit}`,
        ),
      );
    }
    ui.unit.append(group);
  }
  for (const state of ["h", "c"]) {
    const group = el("optgroup", { label: `Every unit of ${state}` });
    for (let unit = 0; unit < units; unit++) group.append(new Option(`${state} ${unit}`, `${state}:${unit}`));
    ui.unit.append(group);
  }
}
