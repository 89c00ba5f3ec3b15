// "Weather memory": step through the real days of 2015 and watch a trained SimpleRNN's hidden state, its forecast
// for tomorrow next to the Markov chain's and persistence's, and what really happened; edit the days (wet or dry,
// precipitation, temperatures, wind) and see how far each edit moves the forecast. This file holds the state and
// wires the pieces together: days.js (the days and the edits), model.js (TF.js), view.js, reading-view.js,
// strip-scroll.js and arithmetic-view.js (the page).
//
// Hooks for tests (keep them stable): after every update the demo's element carries data-today (ISO date),
// data-window (the 14×5 standardised inputs, JSON), data-states (14×units hidden states from TF.js, JSON),
// data-forecast (the model's P(wet tomorrow)), data-readings (the dense layer on each of those states, JSON),
// data-read (how many days the heatmap shows as read, 1…14; a re-render only, not an update), data-moved (after an
// edit: how far it moved the model's forecast, after − before, unrounded; absent after any other update),
// data-last-ms (the last update's work, before painting),
// data-updates (a counter) and data-busy ("false" once nothing is pending; the same convention as every demo).
// Each update's latency (input event to painted) is a performance measure "tfv-weather-step", read by
// scripts/bench_weather_memory.py.

import { el, headingLevelAt, loadStylesheet, showFieldMessage } from "../../lib/dom.js";
import { fetchJson } from "../../lib/fetch-json.js";
import { createStatusLine, loadModelInto, settleBackend, siteUrl, startBackend } from "../../runtime.js";
import { createStepMenu, renderArithmetic, renderStepMenu } from "./arithmetic-view.js";
import {
  createDays,
  formatDate,
  MEASURED,
  markovWetProbability,
  nextDate,
  setMeasurement,
  toggleWet,
  withUnit,
} from "./days.js";
import { explainStep, forecast, readCell } from "./model.js";
import { renderReading, renderStates } from "./reading-view.js";
import { createStripScroll } from "./strip-scroll.js";
import { buildLayout, describeMove, renderDays, renderEditDays, renderForecasts } from "./view.js";

const MODEL_URL = "models/weather-simple-rnn/model.json";
const CARD_URL = "models/weather-simple-rnn/card.json";
const DAYS_URL = "data/weather-days.json";
const MEASURE = "tfv-weather-step";

export async function mount(element, signal) {
  // The reader may have left while this module was downloading; an aborted signal never fires "abort" again.
  signal?.throwIfAborted();
  const [, file, card] = await Promise.all([
    loadStylesheet(new URL("weather-memory.css", import.meta.url)),
    fetchJson(DAYS_URL, signal),
    fetchJson(CARD_URL, signal),
  ]);
  signal?.throwIfAborted();
  const days = createDays(file, card);
  const units = card.layers.find((layer) => layer.name === "rnn").output_shape[0];
  const root = element.appendChild(el("div", { class: "wm" }));
  const ui = buildLayout(root, headingLevelAt(element), days.window, units);
  const stepMenu = createStepMenu(ui.arithmeticBody);
  const stripScroll = createStripScroll(ui.strip, ui.swipeHint, ui.corner);
  const status = createStatusLine(root);
  ui.date.min = days.dateAt(days.firstToday);
  ui.date.max = days.dateAt(days.lastToday);
  for (const name of Object.keys(MEASURED)) {
    [ui.measurements[name].slider.min, ui.measurements[name].slider.max] = days.ranges[name].map(String);
  }

  // --- state ---------------------------------------------------------------------------------------------
  let today = days.firstToday; // index of today in the days file
  let edits = new Map(); // date -> the reader's changes to that day (days.js)
  let editDate = null; // the day the measurement fields edit
  let edit = null; // what the reader just did, for the "moved by" line ("Making Fri 19 Dec dry"), until shown
  // The step being read (0-based; the last: today, all days read): the heatmap is filled up to it and the
  // arithmetic panel explains it. The "Days read" slider and the panel's step menu both set it.
  let step = days.window - 1;
  let model = null;
  let cell = null;
  let tf = null;
  let last = null; // what the page shows: {shown, window, states, readings, forecasts: {rnn, markov}}
  let frame = 0;
  let dirty = false;
  let busy = false;
  let stopped = false;
  let inputStart = null; // when the first input not yet shown arrived (for the latency measure)
  let updates = 0;
  const listeners = new AbortController();
  const listen = (target, type, handler) => target.addEventListener(type, handler, { signal: listeners.signal });

  // --- the update loop: at most one update per animation frame, never two at once -------------------------

  function requestUpdate(event) {
    inputStart ??= event?.timeStamp ?? performance.now();
    dirty = true;
    element.dataset.busy = "true";
    if (!frame && !stopped) frame = requestAnimationFrame(tick);
  }

  async function tick() {
    frame = 0;
    if (busy || !dirty || stopped) return;
    dirty = false;
    busy = true;
    try {
      await update();
    } catch (error) {
      status.update({ message: `The forecast could not be computed: ${error.message}` });
      console.error(error);
    } finally {
      busy = false;
      if (dirty) requestUpdate();
      else if (!stopped) element.dataset.busy = "false";
    }
  }

  async function update() {
    const start = performance.now();
    const startedBy = inputStart;
    inputStart = null;
    const madeBy = edit;
    edit = null;
    const shown = days.windowDays(today, edits);
    const window = days.standardise(shown);
    const result = model ? await forecast(tf, model, cell, window) : null;
    if (stopped) return;
    const todayDay = shown.at(-1);
    const forecasts = { rnn: result?.probability ?? null, markov: markovWetProbability(days, todayDay.wet) };
    // An edit is measured against the forecast for the same day before it; a new day starts afresh.
    const before = madeBy !== null && last?.shown.at(-1).date === todayDay.date ? last.forecasts : null;
    renderDays(ui, shown);
    renderForecasts(ui, {
      today: todayDay,
      tomorrowDate: nextDate(todayDay.date),
      tomorrow: days.tomorrow(today),
      ...forecasts,
      moved: describeMove(madeBy, before, forecasts),
    });
    if (before?.rnn != null && forecasts.rnn !== null) element.dataset.moved = String(forecasts.rnn - before.rnn);
    else delete element.dataset.moved;
    if (last?.shown[0].date !== shown[0].date) followWindow(shown);
    last = { shown, window, states: result?.states ?? null, readings: result?.readings ?? null, forecasts };
    renderRead();
    renderStep();
    element.dataset.today = todayDay.date;
    element.dataset.window = JSON.stringify(Array.from(window));
    if (result) {
      element.dataset.states = JSON.stringify(Array.from(result.states));
      element.dataset.forecast = String(result.probability);
      element.dataset.readings = JSON.stringify(Array.from(result.readings));
    }
    updates += 1;
    element.dataset.updates = String(updates);
    const ms = performance.now() - start;
    element.dataset.lastMs = ms.toFixed(3);
    status.update({ lastMs: ms });
    if (startedBy !== null) measureLatency(startedBy);
  }

  // Step-to-painted latency: from the input event to just after the browser painted the result (the frame
  // after this one has started, so this one was painted).
  function measureLatency(startedBy) {
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (!stopped) performance.measure(MEASURE, { start: startedBy, end: performance.now() });
      }, 0),
    );
  }

  // The window moved: the menus list its days; the edited day stays if it is still in the window.
  function followWindow(shown) {
    renderStepMenu(stepMenu.select, shown, step);
    const dates = shown.map((day) => day.date);
    if (!dates.includes(editDate)) {
      editDate = dates.at(-1);
      fillMeasurements();
    }
    renderEditDays(ui, shown, editDate);
  }

  // --- reading the window day by day ---------------------------------------------------------------------

  function renderRead() {
    if (!last) return;
    renderStates(ui, last.states, last.shown, step + 1);
    renderReading(ui, { read: step + 1, days: last.shown, reading: last.readings?.[step] ?? null });
    element.dataset.read = String(step + 1);
  }

  // Both controls set the same step; each shows the other's choice, and the strip shows its column.
  function readTo(newStep) {
    step = newStep;
    stepMenu.select.value = String(step);
    renderRead();
    renderStep();
    stripScroll.showColumn(ui.dayButtons[step]);
  }

  // --- the arithmetic panel (computed only while it is open) ---------------------------------------------

  function renderStep() {
    if (!ui.arithmetic.open || !last) return;
    if (!last.states) {
      stepMenu.output.textContent = "The arithmetic needs the model's weights: they appear when the model has loaded.";
      return;
    }
    renderArithmetic(stepMenu.output, explainStep(cell, last.window, last.states, step), {
      day: last.shown[step],
      step,
      features: days.features,
      standardisation: card.input.standardisation,
    });
  }

  // --- moving today --------------------------------------------------------------------------------------

  function goTo(index, event) {
    const clamped = Math.min(days.lastToday, Math.max(days.firstToday, index));
    ui.date.value = days.dateAt(clamped);
    showFieldMessage(ui.date, ui.dateMessage, "");
    if (clamped === today) return;
    today = clamped;
    edit = null; // a new day is not an edit, even if an edit was waiting for the same frame
    requestUpdate(event);
  }

  function onStripKey(event) {
    const targets = {
      ArrowLeft: today - 1,
      ArrowRight: today + 1,
      Home: days.firstToday,
      End: days.lastToday,
    };
    if (!(event.key in targets)) return;
    event.preventDefault();
    goTo(targets[event.key], event);
  }

  function onDate(event) {
    const value = ui.date.value;
    const stays = `the demo stays on ${formatDate(days.dateAt(today), "long")}`;
    const index = value ? days.indexOf(value) : -1;
    if (!value) {
      showFieldMessage(ui.date, ui.dateMessage, `Pick a day of 2015, the test year; ${stays}.`);
    } else if (index < days.firstToday) {
      showFieldMessage(ui.date, ui.dateMessage, `${value} is not a day of 2015, the test year; ${stays}.`);
    } else {
      goTo(index, event);
    }
  }

  // --- editing days --------------------------------------------------------------------------------------

  function fillMeasurements() {
    const day = days.day(days.indexOf(editDate), edits);
    for (const name of Object.keys(MEASURED)) {
      const { input, message } = ui.measurements[name];
      input.value = String(day[name]);
      showFieldMessage(input, message, "");
      showSlider(name, day[name]);
    }
  }

  function showSlider(name, value) {
    const { slider } = ui.measurements[name];
    slider.value = String(value);
    slider.setAttribute("aria-valuetext", withUnit(name, value));
  }

  // A drag (or an arrow key) on a slider types its value into the field, which checks it as if typed: a highest
  // dragged below the lowest gets the field's message, and the forecast keeps the last valid value.
  function onSlider(name, event) {
    ui.measurements[name].input.value = ui.measurements[name].slider.value;
    onMeasurement(name, event);
  }

  function onMeasurement(name, event) {
    const { input, message } = ui.measurements[name];
    const result = setMeasurement(days, edits, days.indexOf(editDate), name, input.value);
    if (result.error) {
      showFieldMessage(input, message, result.error); // the forecast keeps the last valid value
      return;
    }
    showFieldMessage(input, message, "");
    edits = result.edits;
    const value = days.day(days.indexOf(editDate), edits)[name];
    showSlider(name, value);
    edit = `Setting the ${MEASURED[name].label.toLowerCase()} of ${formatDate(editDate)} to ${withUnit(name, value)}`;
    requestUpdate(event);
    // The other field may have been refused for contradicting this one's old value: try it again.
    const other = MEASURED[name].other;
    if (other && ui.measurements[other].input.hasAttribute("aria-invalid")) onMeasurement(other, event);
  }

  function onDayClick(event) {
    const index = today - days.window + 1 + Number(event.currentTarget.dataset.slot);
    edits = toggleWet(days, edits, index);
    const day = days.day(index, edits);
    const made = day.wet ? `wet (${withUnit("precipitation", day.precipitation)})` : "dry";
    edit = `Making ${formatDate(day.date)} ${made}`;
    // The editor shows that day's precipitation: keep it in step with the click.
    if (day.date === editDate) {
      ui.measurements.precipitation.input.value = String(day.precipitation);
      showFieldMessage(ui.measurements.precipitation.input, ui.measurements.precipitation.message, "");
      showSlider("precipitation", day.precipitation);
    }
    requestUpdate(event);
  }

  function onReset(event) {
    edits = new Map();
    fillMeasurements();
    edit = "Resetting to the real days";
    requestUpdate(event);
  }

  listen(ui.strip, "keydown", onStripKey);
  listen(ui.previous, "click", (event) => goTo(today - 1, event));
  listen(ui.next, "click", (event) => goTo(today + 1, event));
  listen(ui.reset, "click", onReset);
  listen(ui.date, "change", onDate);
  for (const button of ui.dayButtons) listen(button, "click", onDayClick);
  for (const name of Object.keys(MEASURED)) {
    listen(ui.measurements[name].input, "input", (event) => onMeasurement(name, event));
    listen(ui.measurements[name].slider, "input", (event) => onSlider(name, event));
  }
  listen(ui.editDay, "change", () => {
    editDate = ui.editDay.value;
    fillMeasurements();
  });
  listen(stepMenu.select, "change", () => readTo(Number(stepMenu.select.value)));
  listen(ui.daysRead, "input", () => readTo(Number(ui.daysRead.value) - 1));
  listen(ui.arithmetic, "toggle", renderStep);

  const stop = () => {
    stopped = true;
    if (frame) cancelAnimationFrame(frame);
    listeners.abort();
    stripScroll.stop();
    performance.clearMeasures(MEASURE);
    // No tensors to dispose: every forecast frees its own, and the cell's weights are the cached model's.
  };

  // --- start: the days at once, then the model, then the backend measured on one step of this demo ---------

  ui.date.value = days.dateAt(today);
  requestUpdate();
  startBackend(status).catch(() => {}); // the status line shows the reason if none starts
  const slot = ui.tomorrowBox.appendChild(el("div", { class: "wm-loader" }));
  try {
    const loaded = await loadModelInto(slot, siteUrl(MODEL_URL), { signal });
    const loadedCell = await readCell(loaded.model);
    status.update({ modelBytes: loaded.bytes });
    slot.append(el("p", { class: "tfv-loader" }, "Starting the model…"));
    const probeWindow = days.standardise(days.windowDays(today, edits));
    await settleBackend(status, "weather-memory", (tfjs) => forecast(tfjs, loaded.model, loadedCell, probeWindow));
    signal?.throwIfAborted();
    [model, cell, tf] = [loaded.model, loadedCell, globalThis.tf];
  } catch (error) {
    stop();
    throw error;
  }
  slot.remove();
  element.dataset.ready = "true";
  performance.mark("tfv-weather-ready"); // for scripts/bench_weather_memory.py: navigation to a ready demo
  requestUpdate();
  return stop;
}
