// The page side of the "Weather memory" demo (DOM only, no TF.js): the controls, the strip of days with the
// hidden state under it as a heatmap (filled by reading-view.js), the editor of a day's measurements, the forecasts
// and how far the last edit moved them. Every
// box has its final size before the model arrives, so nothing moves when it does.

import { el, heading } from "../../lib/dom.js";
import { formatDate, formatMeasurement, MEASURED } from "./days.js";
import { createReadingControl } from "./reading-view.js";

// The start of the line under the forecasts before any edit (the summary for screen readers leaves it out).
export const EDIT_PROMPT = "Edit a day";

let ids = 0;
const uniqueId = (name) => `wm-${name}-${++ids}`;
// Text for screen readers only: the words that make a cell or a day's button read as a sentence.
const hidden = (text) => el("span", { class: "tfv-visually-hidden" }, text);

// A measurement: a labelled text field and a slider beside it (the reader types or drags; the arrow keys move the
// slider by 0.1), and the message that explains a bad value (placed by buildLayout under all the fields, so a
// message never widens its field and rearranges the others). The slider's range is set once the data's is known
// (index.js).
function measurementField(label, name) {
  const id = uniqueId(name);
  const input = el("input", {
    id,
    type: "text",
    inputmode: "decimal",
    autocomplete: "off",
    spellcheck: "false",
    class: "wm-input",
    "data-testid": name,
    "aria-describedby": `${id}-message`,
  });
  const slider = el("input", {
    type: "range",
    step: "0.1",
    class: "wm-range",
    "aria-labelledby": `${id}-label`,
    "data-testid": `${name}-slider`,
  });
  const message = fieldMessage(id, name);
  const row = el("div", { class: "wm-measurement" });
  row.append(input, slider);
  const field = el("div", { class: "wm-field" });
  field.append(el("label", { for: id, id: `${id}-label` }, label), row);
  return { field, input, slider, message };
}

// Where a field's bad value is explained (the field points to it with aria-describedby).
function fieldMessage(id, name) {
  return el("p", { id: `${id}-message`, class: "wm-message", "aria-live": "polite", "data-testid": `${name}-message` });
}

export function buildLayout(root, headingLevel, windowLength, units) {
  // Today and the buttons that move it.
  const dateId = uniqueId("today");
  const date = el("input", {
    id: dateId,
    type: "date",
    class: "wm-input",
    "data-testid": "today",
    "aria-describedby": `${dateId}-message`,
  });
  const dateMessage = fieldMessage(dateId, "today");
  const dateField = el("div", { class: "wm-field" });
  dateField.append(el("label", { for: dateId }, "Today (a day of 2015)"), date, dateMessage);
  const previous = el("button", { type: "button", class: "md-button", "data-testid": "previous" }, "Previous day");
  const next = el("button", { type: "button", class: "md-button", "data-testid": "next" }, "Next day");
  const reset = el("button", { type: "button", class: "md-button", "data-testid": "reset" }, "Reset to the real days");
  const buttons = el("div", { class: "wm-buttons" });
  buttons.append(previous, next, reset);
  const controls = el("div", { class: "wm-controls" });
  controls.append(dateField, buttons);

  // The strip of days (column headers: one toggle button per day) and the state under it (one row per unit).
  const keysId = uniqueId("keys");
  const strip = el("div", {
    class: "wm-strip",
    tabindex: "0",
    role: "group",
    "aria-label": `The ${windowLength} days the RNN reads and its hidden state after each`,
    "aria-describedby": keysId,
    "data-testid": "strip",
  });
  const table = el("table", { class: "wm-table" });
  table.append(
    el(
      "caption",
      { class: "tfv-visually-hidden" },
      `Each column is one day, oldest first, ending today; under it, the ${units} numbers of the hidden state ` +
        "after the RNN has read that day.",
    ),
  );
  const headRow = el("tr");
  const corner = el("th", { scope: "col", class: "wm-corner" }, "Day");
  headRow.append(corner);
  const dayButtons = [];
  for (let k = 0; k < windowLength; k++) {
    const th = el("th", { scope: "col" });
    const button = el("button", {
      type: "button",
      class: "wm-day",
      "data-testid": "day",
      "data-slot": String(k),
      "aria-describedby": keysId,
    });
    th.append(button);
    headRow.append(th);
    dayButtons.push(button);
  }
  const head = el("thead");
  head.append(headRow);
  const body = el("tbody");
  const stateCells = [];
  for (let j = 0; j < units; j++) {
    const row = el("tr");
    const name = el("th", { scope: "row" });
    name.append("h", el("sub", {}, String(j + 1)), hidden(`, hidden unit ${j + 1}`));
    row.append(name);
    const cells = [];
    for (let k = 0; k < windowLength; k++) {
      const td = el("td", { class: "wm-state", "data-testid": "state" });
      row.append(td);
      cells.push(td);
    }
    body.append(row);
    stateCells.push(cells);
  }
  table.append(head, body);
  strip.append(table);
  // Shown only while the strip is too wide for the column (strip-scroll.js), which then opens on today, at the right.
  const swipeHint = el(
    "p",
    { class: "wm-hint wm-swipe", hidden: "", "data-testid": "swipe-hint" },
    "← The older days are to the left: swipe or scroll the strip.",
  );
  const keys = el(
    "p",
    { id: keysId, class: "wm-hint" },
    "Click a day (or press Enter or Space on it) to make it wet or dry. In the strip, ← and → step one day, " +
      "Home and End go to 1 January and 31 December.",
  );
  const stateNote = el(
    "p",
    { class: "wm-hint" },
    "Column k is the state after the RNN has read the first k days of the window, starting from h = 0 " +
      "(−1 blue, 0 white, +1 red); the last column is what the forecast is computed from.",
  );

  const reading = createReadingControl(windowLength);

  // The editor of one day of the window at a time: every measurement the model reads (the wet flag follows the
  // precipitation).
  const editDayId = uniqueId("edit-day");
  const editDay = el("select", { id: editDayId, class: "wm-input", "data-testid": "edit-day" });
  const editDayField = el("div", { class: "wm-field" });
  editDayField.append(el("label", { for: editDayId }, "Day to edit"), editDay);
  const measurements = {};
  const editor = el("div", { class: "wm-editor" });
  editor.append(editDayField);
  const messages = el("div", { class: "wm-messages" });
  for (const [name, { label, unit }] of Object.entries(MEASURED)) {
    const note = name === "precipitation" ? "; 0 = dry" : "";
    measurements[name] = measurementField(`${label} (${unit}${note})`, name.replace("_", "-"));
    editor.append(measurements[name].field);
    messages.append(measurements[name].message);
  }
  editor.append(messages);

  // Tomorrow: the three forecasts and what happened.
  const forecastTable = el("table", { class: "wm-forecasts" });
  forecastTable.append(el("caption", { class: "tfv-visually-hidden" }, "Forecasts for tomorrow"));
  const forecastHead = el("tr");
  for (const text of ["Forecaster", "P(wet tomorrow)"]) forecastHead.append(el("th", { scope: "col" }, text));
  const forecastThead = el("thead");
  forecastThead.append(forecastHead);
  const forecastBody = el("tbody");
  const forecastRows = {};
  for (const [key, name] of [
    ["rnn", "The RNN (this model)"],
    ["markov", "Markov chain"],
    ["persistence", "Persistence"],
  ]) {
    const row = el("tr", { "data-testid": `forecast-${key}` });
    const label = el("th", { scope: "row" }, name);
    const value = el("span", { class: "wm-probability" });
    const track = el("span", { class: "wm-track", "aria-hidden": "true" });
    const bar = track.appendChild(el("span", { class: "wm-bar" }));
    const cell = el("td");
    cell.append(value, track);
    row.append(label, cell);
    forecastBody.append(row);
    forecastRows[key] = { label, value, bar };
  }
  forecastTable.append(forecastThead, forecastBody);
  const tomorrowBox = el("div", { class: "wm-tomorrow" });
  // How far the last edit moved the forecasts (read out with the summary below, so not a live region itself).
  const moved = el("p", { class: "wm-moved", "data-testid": "moved" });
  const actual = el("p", { class: "wm-actual", "data-testid": "actual" });
  const readingNote = el("p", { class: "wm-reading-note", "data-testid": "reading-note" });
  tomorrowBox.append(forecastTable, moved, readingNote, actual);
  const summary = el("p", { class: "tfv-visually-hidden", "aria-live": "polite", "data-testid": "summary" });

  const arithmetic = el("details", { class: "wm-arithmetic", "data-testid": "arithmetic" });
  arithmetic.append(el("summary", {}, "The arithmetic of one step, redone in plain JavaScript"));
  const arithmeticBody = el("div", { class: "wm-arithmetic-body" });
  arithmetic.append(arithmeticBody);

  root.append(
    controls,
    heading(headingLevel, "The days the RNN reads, and its state after each"),
    reading.field,
    swipeHint,
    strip,
    stateNote,
    keys,
    editor,
    heading(headingLevel, "Tomorrow"),
    tomorrowBox,
    summary,
    arithmetic,
  );
  return {
    date,
    dateMessage,
    previous,
    next,
    reset,
    strip,
    swipeHint,
    corner,
    dayButtons,
    stateCells,
    daysRead: reading.range,
    daysReadCount: reading.output,
    reading: readingNote,
    editDay,
    measurements,
    tomorrowBox,
    forecastRows,
    moved,
    actual,
    summary,
    arithmetic,
    arithmeticBody,
  };
}

// The strip: one button per day (pressing it makes the day wet or dry), today last. The button's name is its
// visible text with a few hidden words: "Thu 1 Jan (today): dry, highest 5.6°, lowest −3.2°".
export function renderDays(ui, days) {
  days.forEach((day, k) => {
    const button = ui.dayButtons[k];
    const today = k === days.length - 1;
    button.replaceChildren(
      el("span", { class: "wm-date" }, formatDate(day.date)),
      hidden(`${today ? " (today)" : ""}${day.edited ? " (edited)" : ""}: `),
      el("span", { class: "wm-rain" }, day.wet ? `wet ${formatMeasurement(day.precipitation)}` : "dry"),
      hidden(day.wet ? " mm, highest " : ", highest "),
      el("span", { class: "wm-temp" }, `${formatMeasurement(day.temp_max)}°`),
      hidden(", lowest "),
      el("span", { class: "wm-temp" }, `${formatMeasurement(day.temp_min)}°`),
    );
    button.dataset.date = day.date;
    button.dataset.wet = String(day.wet);
    button.classList.toggle("wm-wet", Boolean(day.wet));
    button.classList.toggle("wm-edited", day.edited);
    button.classList.toggle("wm-today", today);
  });
}

const percent = (p) => `${(100 * p).toFixed(1)}%`;

function showForecast(row, probability, text) {
  row.value.textContent = text ?? (probability === null ? "…" : percent(probability));
  row.bar.style.width = probability === null ? "0" : `${100 * probability}%`;
}

export function renderForecasts(ui, { today, tomorrowDate, tomorrow, rnn, markov, moved }) {
  const todayWord = today.wet ? "wet" : "dry";
  ui.forecastRows.markov.label.textContent = `Markov chain (today ${todayWord})`;
  ui.forecastRows.persistence.label.textContent = `Persistence (today ${todayWord})`;
  showForecast(ui.forecastRows.rnn, rnn);
  showForecast(ui.forecastRows.markov, markov);
  showForecast(ui.forecastRows.persistence, today.wet, `${todayWord} (${percent(today.wet)})`);
  const when = tomorrowDate ? formatDate(tomorrowDate, "long") : "tomorrow";
  ui.actual.textContent = tomorrow
    ? `What happened on ${when}: ${tomorrow.wet ? `wet (${formatMeasurement(tomorrow.precipitation)} mm)` : "dry"}.`
    : `What happened on ${when}: not known (the data ends on 31 December 2015).`;
  ui.moved.textContent = moved;
  ui.summary.textContent =
    `Today, ${formatDate(today.date, "long")}, ${todayWord}.` +
    (rnn === null ? "" : ` The RNN gives ${percent(rnn)} for a wet tomorrow, the Markov chain ${percent(markov)}.`) +
    (moved.startsWith(EDIT_PROMPT) ? "" : ` ${moved}`);
}

// A change of a probability in percentage points, one decimal, with its sign; a change that rounds to 0 is
// "0.0" (not "+0.0" or "−0.0"), so an edit that does not move the forecast still says so.
export function points(change) {
  const shown = (100 * Math.abs(change)).toFixed(1);
  if (shown === "0.0") return "0.0 points";
  return `${change > 0 ? "+" : "−"}${shown} points`;
}

// What the line under the forecasts says. `edit`: what the reader just did ("Making Fri 19 Dec dry"), or null
// when the last update was not an edit (a new day, the first forecast). `before` and `after`: the RNN's and the
// Markov chain's forecasts before and after it (the RNN's null until the model has loaded).
export function describeMove(edit, before, after) {
  if (edit === null || before === null) {
    const how = "click it in the strip, or change its measurements below it";
    return `${EDIT_PROMPT} (${how}) to see how far the forecast moves.`;
  }
  if (after.rnn === null || before.rnn === null) {
    return `${edit}: the RNN's forecast appears when the model has loaded.`;
  }
  let text =
    `${edit} moved the RNN's forecast by ${points(after.rnn - before.rnn)} ` +
    `(${percent(before.rnn)} → ${percent(after.rnn)})`;
  if (after.markov !== before.markov) text += `, the Markov chain's by ${points(after.markov - before.markov)}`;
  return `${text}.`;
}

// The editor's day menu: the days of the window, `selected` chosen.
export function renderEditDays(ui, days, selected) {
  ui.editDay.replaceChildren(
    ...days.map((day, k) => {
      const option = new Option(`${formatDate(day.date)}${k === days.length - 1 ? " (today)" : ""}`, day.date);
      option.selected = day.date === selected;
      return option;
    }),
  );
}
