// "Gradients through time": the reader picks a cell, a sequence length, (for an LSTM) a forget-gate bias and a
// scale for the recurrent weights;
// TF.js computes ∂loss/∂x for every input step with tf.grad on the reader's backend, and the chart shows a bar
// per step back on a log scale. Weights and inputs are Python's (data/gradients-through-time.json), so the
// numbers are those of src/tfvisual/gradients_through_time.py (tests/browser/test_gradients_through_time_demo.py).
//
// Files: settings.js (checking what the reader typed), model.js (TF.js), layout.js (controls), view.js
// (chart, summary, table). This file holds the state and wires them together.
//
// The first chart is computed at once, on the backend already running (plain JavaScript, unless the address asks
// for one), while the runtime settles which backend to keep; when the choice changes (a remembered backend has
// started, or the race between backends has ended), the chart on screen is computed again on it.
//
// Test hooks: data-updates counts finished computations, data-busy is "true" while one runs or is queued (and
// until the backend is settled), data-compute-ms times the last one, and `element.gradientsThroughTime.last()`
// returns its setting, norms and the backend that computed them.

import { headingLevelAt, loadStylesheet } from "../../lib/dom.js";
import { createStatusLine, settleBackend, siteUrl, startBackend } from "../../runtime.js";
import { buildLayout } from "./layout.js";
import { createCells, parseDemoData, summarise } from "./model.js";
import { parseForgetBias, parseRecurrentScale, parseSteps } from "./settings.js";
import { renderChart, renderReference, renderSummary, renderTable, renderTiming } from "./view.js";

// What the reader sees first: the plain RNN over 100 steps (the page's figure), Keras' default forget bias, and
// the recurrent weights as Keras initialised them (scale 1).
const DEFAULTS = { cell: "simple_rnn", steps: 100, forgetBias: 1, recurrentScale: 1 };
const TYPING_PAUSE_MS = 400; // a computation starts once the reader stops typing this long

// The cells' weights and the input sequence, as Python wrote them (scripts/save_gradients_through_time.py).
async function loadDemoData(signal) {
  const response = await fetch(siteUrl("data/gradients-through-time.json"), { signal });
  if (!response.ok) throw new Error(`the weights could not be downloaded (HTTP ${response.status})`);
  return parseDemoData(await response.json());
}

export async function mount(element, signal) {
  signal?.throwIfAborted();
  // A failure here is shown in place by main.js ("This demo could not start: …").
  const [data] = await Promise.all([
    loadDemoData(signal),
    loadStylesheet(new URL("gradients-through-time.css", import.meta.url)),
  ]);
  signal?.throwIfAborted();
  const root = document.createElement("div");
  root.className = "gtt";
  element.append(root);
  element.dataset.updates = "0";
  element.dataset.busy = "true";
  // The longest T the demo offers is the length of the input sequence in the data file.
  const ui = buildLayout(root, headingLevelAt(element), { maxSteps: data.steps, defaults: DEFAULTS });
  const statusLine = createStatusLine(root);
  // The runtime reports every backend choice through the status line; the demo listens too, to follow a switch.
  const status = {
    element: statusLine.element,
    update(changes) {
      statusLine.update(changes);
      if (changes.backend) followBackend(changes.backend.name);
    },
  };

  let cells = null; // the TF.js layers: computations wait for them
  let settling = true; // until the runtime has chosen the backend to keep (data-busy stays "true")
  let last = null; // {setting, norms, ms, backend} of the chart on screen
  let computingOn = null; // the backend of the computation running now
  let running = false;
  let pending = false;
  let stopped = false;
  let typingTimer = 0;

  function showMessage(text) {
    ui.message.textContent = text;
    ui.message.classList.toggle("tfv-error", Boolean(text));
    if (text) ui.message.setAttribute("role", "alert");
    else ui.message.removeAttribute("role");
  }

  // The forget-gate bias exists only in an LSTM: for the other cells the field is disabled, and says why. The
  // scale applies to every cell.
  function updateBiasField() {
    const lstm = ui.cell.value === "lstm";
    ui.bias.disabled = !lstm;
    ui.biasNote.textContent =
      (lstm
        ? "σ(forget-gate bias) is the share of the cell state a step keeps when the rest of the gate's input is 0."
        : `Only an LSTM has a forget gate: ${ui.cell.selectedOptions[0].text} has no forget-gate bias to set.`) +
      " The scale multiplies the recurrent kernel U.";
  }

  // The setting as typed, or null after saying (in place) what is wrong. Nothing is recomputed then.
  function readSetting() {
    const kind = ui.cell.value;
    const steps = parseSteps(ui.steps.value, data.steps);
    const bias = kind === "lstm" ? parseForgetBias(ui.bias.value) : { value: null };
    const scale = parseRecurrentScale(ui.scale.value);
    ui.steps.setAttribute("aria-invalid", String(Boolean(steps.error)));
    ui.bias.setAttribute("aria-invalid", String(Boolean(bias.error)));
    ui.scale.setAttribute("aria-invalid", String(Boolean(scale.error)));
    const error = steps.error ?? bias.error ?? scale.error;
    if (error) {
      showMessage(`${error} The chart shows the last valid setting.`);
      return null;
    }
    showMessage("");
    return { kind, steps: steps.value, forgetBias: bias.value, recurrentScale: scale.value };
  }

  // Runs one computation after another until the settings stop changing; requests during one coalesce.
  async function requestUpdate() {
    clearTimeout(typingTimer);
    // Nothing runs before the layers exist (the first chart follows them, with the settings as they are then).
    if (!cells || stopped) return;
    if (running) {
      pending = true;
      return;
    }
    const first = readSetting();
    if (!first) return;
    running = true;
    element.dataset.busy = "true";
    try {
      let setting = first;
      do {
        pending = false;
        await updateOnce(setting);
      } while (pending && !stopped && (setting = readSetting()));
    } catch (error) {
      if (!stopped) showMessage(`The gradients could not be computed: ${error.message}`);
    } finally {
      running = false;
      computingOn = null;
      element.dataset.busy = String(settling);
    }
  }

  // A new backend choice: the chart on screen (or the one being computed) is computed again on it.
  function followBackend(name) {
    const shownOn = running ? computingOn : last?.backend;
    if (shownOn && shownOn !== name) requestUpdate();
  }

  async function updateOnce(setting) {
    const start = performance.now();
    // The backend this computation runs on: gradientNorms does its work before its first await.
    computingOn = globalThis.tf.getBackend();
    const norms = await cells.gradientNorms(setting);
    const ms = performance.now() - start;
    if (stopped) return;
    const summary = summarise(norms);
    renderChart(ui.chart, norms, summary);
    renderSummary(ui.summary, setting, summary, setting.steps);
    renderReference(ui.reference, setting, summary, data.reference);
    renderTiming(ui.timing, { ms, steps: setting.steps });
    renderTable(ui.tableBody, setting, norms);
    last = { setting, norms, ms, backend: computingOn };
    element.dataset.computeMs = ms.toFixed(3);
    element.dataset.updates = String(Number(element.dataset.updates) + 1);
    status.update({ lastMs: performance.now() - start, message: undefined });
  }

  function onTyping() {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(requestUpdate, TYPING_PAUSE_MS);
  }

  function onKey(event) {
    if (event.key === "Enter") requestUpdate();
  }

  function onCell() {
    updateBiasField();
    requestUpdate();
  }

  const listeners = [
    [ui.cell, "change", onCell],
    [ui.steps, "input", onTyping],
    [ui.bias, "input", onTyping],
    [ui.scale, "input", onTyping],
    [ui.steps, "change", requestUpdate],
    [ui.bias, "change", requestUpdate],
    [ui.scale, "change", requestUpdate],
    [ui.steps, "keydown", onKey],
    [ui.bias, "keydown", onKey],
    [ui.scale, "keydown", onKey],
    [ui.compute, "click", requestUpdate],
  ];
  for (const [target, type, handler] of listeners) target.addEventListener(type, handler);
  updateBiasField();

  element.gradientsThroughTime = {
    // The chart on screen: its setting, the norms (float32 values as numbers, index k) and the time it took.
    last: () => last && { ...last.setting, norms: Array.from(last.norms), ms: last.ms, backend: last.backend },
  };

  const cleanup = () => {
    stopped = true;
    clearTimeout(typingTimer);
    for (const [target, type, handler] of listeners) target.removeEventListener(type, handler);
    cells?.dispose();
    cells = null;
    delete element.gradientsThroughTime;
    root.remove();
  };

  // --- start: the backend already running, the layers and the first chart at once; then the backend settled --
  try {
    await startBackend(status);
    signal?.throwIfAborted();
    cells = createCells(globalThis.tf, data);
    // The work the backend is chosen by: one gradient computation, of the setting on screen.
    const probeSetting = readSetting() ?? {
      kind: DEFAULTS.cell,
      steps: DEFAULTS.steps,
      forgetBias: null,
      recurrentScale: DEFAULTS.recurrentScale,
    };
    const firstChart = requestUpdate(); // not awaited: the chart does not wait for the backend to be settled
    await settleBackend(status, "gradients-through-time", () => cells.gradientNorms(probeSetting));
    signal?.throwIfAborted();
    await firstChart;
  } catch (error) {
    if (error.name === "AbortError") {
      cleanup();
      throw error;
    }
    showMessage(`The demo could not start: ${error.message}`);
    return cleanup;
  } finally {
    settling = false;
    if (!running) element.dataset.busy = "false";
  }
  return cleanup;
}
