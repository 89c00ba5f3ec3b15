// "Write with the character RNN": the trained LSTM reads a prompt and writes, one character per step with its
// state carried over; every character is coloured by the probability the model gave it, scored beside it by the
// n-gram model, and the hidden state is shown as colour. This file mounts the demo and wires the pieces together:
// settings.js and prompt.js (what the reader typed), generation.js and read-prompt.js (a run: the prompt read,
// then characters written frame by frame), sampler.js (the seeded pick), model.js (TF.js), transcript.js (every
// character read or written, with both models' numbers), text-colouring.js, and the page: view.js, text-view.js,
// details-view.js and heatmap-view.js.
//
// Hooks for tests (keep them stable): the element carries data-ready (the model is in), data-busy ("true" while
// the prompt is read or text written), data-updates (finished runs: Generate or Continue, stopped or not),
// data-written (characters written so far), data-chars-per-second (the last run's speed) and data-ngram
// ("loading" once the RNN is ready, then "ready" or "failed"); `element.charRnn.records()` lists every character shown with the probabilities both
// models gave it, and `element.charRnn.text()` the written text.

import { el, headingLevelAt, loadStylesheet, showFieldMessage } from "../../lib/dom.js";
import { fetchJson } from "../../lib/fetch-json.js";
import { createStatusLine, loadModelInto, settleBackend, siteUrl, startBackend } from "../../runtime.js";
import { renderDetails, revealDetails } from "./details-view.js";
import { cancelRun, canContinue, createRun, generate } from "./generation.js";
import { describeHeatmap, renderHeatmap, sizeHeatmap } from "./heatmap-view.js";
import { createReader } from "./model.js";
import { createVocabulary, describePrompt, preparePrompt } from "./prompt.js";
import { defaultSettings, parseLength, parseSeed } from "./settings.js";
import { createColouring } from "./text-colouring.js";
import { createTextView } from "./text-view.js";
import { createTranscript, unitValue } from "./transcript.js";
import {
  buildLayout,
  renderLegend,
  renderNgramName,
  renderReadingProgress,
  renderStats,
  renderUnitMenu,
  renderWritingProgress,
  showTemperature,
} from "./view.js";

const MODEL_URL = "models/char-rnn/model.json";
const CARD_URL = "models/char-rnn/card.json";
const UNITS_URL = "data/char-units.json";
const NGRAM_FOLDER = "models/char-ngram/";
const HEATMAP_COLUMNS = 100;

// A piece of the prompt note (prompt.js): plain words, or {code} for a character shown as itself.
const asNode = (piece) => (typeof piece === "string" ? piece : el("code", {}, piece.code));

// The n-gram model, loaded beside the RNN; the demo works without it.
async function loadNgramModel(signal) {
  const { loadNgram } = await import(siteUrl("javascripts/lib/ngram.js"));
  return loadNgram(siteUrl(NGRAM_FOLDER), { signal });
}

export async function mount(element, signal) {
  signal?.throwIfAborted();
  const [, card, unitsFile] = await Promise.all([
    loadStylesheet(new URL("char-rnn.css", import.meta.url)),
    fetchJson(CARD_URL, signal),
    fetchJson(UNITS_URL, signal).catch((error) => ({ error })),
  ]);
  signal?.throwIfAborted();
  const vocabulary = createVocabulary(card);
  const start = card.io.start; // the line break every text starts from, with the zero state
  const root = element.appendChild(el("div", { class: "cr" }));
  const ui = buildLayout(root, headingLevelAt(element), { defaults: defaultSettings(card), ngramOrder: null });
  const status = createStatusLine(root);
  const text = createTextView(ui.output, { onShow: showDetails });
  let units = card.hyperparameters.units; // until the model itself says
  sizeHeatmap(ui.heatmap, units, HEATMAP_COLUMNS);
  const named = unitsFile.error ? [] : unitsFile.named_units;
  renderUnitMenu(ui, units, named);
  ui.unitNote.textContent = unitsFile.error
    ? `The list of named units could not be loaded (${unitsFile.error.message}); every unit is still listed.`
    : "The hidden-unit menu above the text lists first the units whose activation best follows a feature of the " +
      "text on held-out works (the text page's table); r is that correlation.";
  showTemperature(ui);

  // --- state ---------------------------------------------------------------------------------------------
  const transcript = createTranscript(vocabulary);
  const colouring = createColouring(transcript, { mode: ui.colourBy.value, unit: ui.unit.value });
  let reader = null;
  let run = null; // the run under way or last finished (generation.js)
  let updates = 0;
  let stopped = false;
  // What the progress line says about the text on screen once a run has ended ("Done: 150 characters written."),
  // and why a setting cannot be used now. A bad value says that nothing new was written, so the line never
  // reports "Done" above a text that the settings now shown did not write.
  let outcome = "";
  const problems = { prompt: "", seed: "", length: "" };
  const listeners = new AbortController();
  const listen = (target, type, handler) => target.addEventListener(type, handler, { signal: listeners.signal });
  element.dataset.busy = "false";
  element.dataset.updates = "0";

  // --- painting: once per frame, whatever the number of steps in it ---------------------------------------

  function recolourAll() {
    colouring.rescale();
    text.recolour(transcript.records, colouring.colourOf);
    renderLegend(ui, colouring.mode, colouring.legendScale());
  }

  function paint() {
    const { records } = transcript;
    const { chosen } = colouring;
    if (colouring.mode === "unit" && colouring.widen()) recolourAll();
    text.append(records, text.length, colouring.colourOf);
    renderStats(ui, transcript.bits());
    renderHeatmap(
      ui.heatmap,
      records.slice(-HEATMAP_COLUMNS).map((r) => r.h),
      units,
      chosen.unit,
    );
    describeHeatmap(ui.heatmapText, ui.heatmap, {
      units,
      columns: HEATMAP_COLUMNS,
      count: records.length,
      marked: chosen,
      recent: records.slice(-10).map((r) => r.h[chosen.unit]),
    });
    element.dataset.written = String(transcript.written);
    text.follow(); // last: it reads the layout, which every change above would otherwise make the browser redo
  }

  // What a run shows after each call that reads the prompt and after each frame of writing.
  const show = {
    reading(progress) {
      renderReadingProgress(ui, progress);
      paint();
    },
    writing(progress) {
      renderWritingProgress(ui, progress);
      element.dataset.charsPerSecond = progress.perSecond.toFixed(1);
      paint();
    },
  };

  // The character under the pointer, or `chosen`: focused by a tap, a click or the keys.
  function showDetails(index, chosen) {
    const record = transcript.records[index];
    if (!record) return;
    const unitShown = colouring.mode === "unit";
    renderDetails(ui, {
      character: record.character,
      index: record.position - 1,
      isPrompt: record.isPrompt,
      p: record.distribution[record.id],
      ngramP: transcript.ngramProbability(record),
      top: transcript.top(record, 5),
      unitName: unitShown ? colouring.chosen.name : null,
      unitValue: unitShown ? unitValue(record, colouring.chosen) : null,
    });
    if (chosen) revealDetails(ui);
  }

  // --- runs: Generate, Continue, Stop ----------------------------------------------------------------------

  // `afterRun`: the run just ended (it did write), with a value the reader spoilt while it wrote.
  function showOutcome({ afterRun = false } = {}) {
    if (element.dataset.busy === "true") return; // a run shows its own progress, and this when it ends
    const wrong = Object.values(problems).filter(Boolean);
    if (!wrong.length) {
      ui.progress.textContent = outcome;
      return;
    }
    const why = `${wrong.join(" and ")} (see the message under ${wrong.length > 1 ? "each" : "it"})`;
    if (afterRun) {
      ui.progress.textContent = `${outcome} Now ${why}: fix it to write again.`;
    } else {
      const shown = outcome ? " The text below is from the last run." : "";
      ui.progress.textContent = `Nothing new written: ${why}.${shown}`;
    }
  }

  function readSettings() {
    const seed = parseSeed(ui.seed.value);
    showFieldMessage(ui.seed, ui.seedMessage, seed.error ?? "");
    const length = parseLength(ui.length.value);
    showFieldMessage(ui.length, ui.lengthMessage, length.error ?? "");
    problems.seed = seed.error ? "the seed cannot be used" : "";
    problems.length = length.error ? "the number of characters cannot be used" : "";
    showOutcome();
    if (seed.error || length.error) return null;
    return { seed: seed.value, length: length.value, temperature: Number(ui.temperature.value) };
  }

  function setBusy(busy) {
    element.dataset.busy = String(busy);
    ui.stop.disabled = !busy;
    ui.generate.disabled = !reader;
    ui.more.disabled = busy || !canContinue(run);
  }

  // Generate: from the prompt, with a fresh sampler. Continue: the same text, sampler and state, further.
  async function begin(continuing) {
    const settings = readSettings();
    if (!settings || !reader) return;
    await cancelRun(run);
    if (stopped) return;
    let prompt = null;
    if (!continuing) {
      prompt = preparePrompt(ui.prompt.value, vocabulary);
      showFieldMessage(ui.prompt, ui.promptMessage, prompt.error ?? "");
      problems.prompt = prompt.error ? "the prompt is too long" : "";
      if (prompt.error) {
        showOutcome();
        return;
      }
      ui.promptNote.replaceChildren(...describePrompt(prompt, vocabulary).map(asNode));
      text.clear(); // a new text: reading the prompt starts the transcript again too
    }
    const current = createRun(settings, continuing ? run : null);
    run = current;
    setBusy(true);
    ui.announcer.textContent = continuing ? "Writing more…" : "Reading the prompt, then writing…";
    ui.progress.textContent = ui.announcer.textContent; // until the run's first frame reports its own progress
    try {
      await generate(current, { reader, transcript, startId: start.id, promptIds: prompt?.ids, show });
      paint();
      const perSecond = element.dataset.charsPerSecond;
      const end = current.cancelled ? "Stopped" : "Done";
      outcome = `${end}: ${current.written} characters written.`;
      const speed = perSecond ? `, ${Math.round(perSecond)} per second` : "";
      ui.announcer.textContent = `${end}: ${current.written} characters written${speed}.`;
    } catch (error) {
      current.ready = false;
      outcome = `The model failed while writing: ${error.message}`;
      console.error(error);
    } finally {
      updates += 1;
      element.dataset.updates = String(updates);
      if (!stopped) setBusy(false);
      showOutcome({ afterRun: true }); // the run's end, and a setting spoilt meanwhile
      current.finish();
    }
  }

  // --- the controls --------------------------------------------------------------------------------------

  let restartTimer = 0;
  function onPrompt() {
    showFieldMessage(ui.prompt, ui.promptMessage, "");
    problems.prompt = "";
    showOutcome();
    if (!run) return;
    run.promptChanged = true; // Continue would go on from a prompt that is no longer there
    if (element.dataset.busy === "true") {
      // Writing while the reader types: start again from the new prompt once the typing pauses.
      clearTimeout(restartTimer);
      restartTimer = setTimeout(() => begin(false), 400);
    } else {
      setBusy(false);
    }
  }

  listen(ui.generate, "click", () => begin(false));
  listen(ui.more, "click", () => begin(true));
  listen(ui.stop, "click", () => {
    clearTimeout(restartTimer);
    if (run) run.cancelled = true;
  });
  listen(ui.prompt, "input", onPrompt);
  listen(ui.temperature, "input", () => showTemperature(ui));
  listen(ui.seed, "input", readSettings);
  listen(ui.length, "input", readSettings);
  listen(ui.colourBy, "change", () => {
    colouring.setMode(ui.colourBy.value);
    recolourAll();
  });
  listen(ui.unit, "change", () => {
    colouring.setUnit(ui.unit.value);
    if (colouring.mode !== "unit") {
      ui.colourBy.value = "unit"; // choosing a unit means wanting to see it
      colouring.setMode("unit");
    }
    recolourAll();
    paint();
  });
  text.listen(listen);

  const stop = () => {
    stopped = true;
    clearTimeout(restartTimer);
    if (run) run.cancelled = true;
    listeners.abort();
    // The state tensors are the demo's; the model's weights belong to the cached model and stay.
    const finished = run?.finished ?? Promise.resolve();
    finished.then(() => reader?.dispose());
  };

  element.charRnn = { records: transcript.describe, text: transcript.text };

  // --- start: the controls at once, then the model and its backend; the n-gram once the RNN can write -------

  renderLegend(ui, colouring.mode, colouring.legendScale());
  paint();
  startBackend(status).catch(() => {}); // the status line shows the reason if none starts
  // The n-gram (the larger download) is a side note: it loads once the RNN is ready, and scores what is on screen
  // by then.
  const loadNgramSideNote = () => {
    element.dataset.ngram = "loading";
    ui.ngramNote.textContent = "The n-gram model is loading; its column fills in when it arrives.";
    return loadNgramModel(signal).then(
      (ngram) => {
        if (stopped) return;
        transcript.scoreWithNgram(ngram);
        renderNgramName(ui, ngram.order);
        ui.ngramNote.textContent = "";
        if (colouring.mode === "ngram") recolourAll();
        paint();
        element.dataset.ngram = "ready";
      },
      (error) => {
        if (stopped) return;
        ui.ngramNote.textContent = `The n-gram model could not be loaded (${error.message}); the RNN works without it.`;
        ui.colourBy.querySelector('option[value="ngram"]').disabled = true;
        element.dataset.ngram = "failed";
      },
    );
  };
  // The loader sits in the text's box, which has its final size already.
  const slot = ui.output.appendChild(el("div", { class: "cr-loader" }));
  try {
    const loaded = await loadModelInto(slot, siteUrl(MODEL_URL), { signal });
    status.update({ modelBytes: loaded.bytes });
    slot.append(el("p", { class: "tfv-loader" }, "Starting the model…"));
    // The work the backend is chosen by: one real step of writing, one character read with the state fed back.
    // Each run has its own reader, so the race can run later, in the background, while the demo writes.
    const probe = () => {
      const probeReader = createReader(globalThis.tf, loaded.model);
      return probeReader.read([start.id]).finally(() => probeReader.dispose());
    };
    await settleBackend(status, "char-rnn", probe);
    signal?.throwIfAborted();
    reader = createReader(globalThis.tf, loaded.model);
  } catch (error) {
    stop();
    throw error;
  }
  slot.remove();
  if (reader.units !== units) {
    // The card and the model disagree (a retrain without a new card): the model's own size wins.
    units = reader.units;
    sizeHeatmap(ui.heatmap, units, HEATMAP_COLUMNS);
    renderUnitMenu(ui, units, named);
    colouring.setUnit(ui.unit.value);
  }
  setBusy(false);
  element.dataset.ready = "true";
  loadNgramSideNote();
  performance.mark("tfv-char-rnn-ready"); // for scripts/bench_char_rnn_demo.py: navigation to a ready demo
  return stop;
}
