// "Write with the character RNN": the trained LSTM reads a prompt and writes, one character per step with its
// state carried over; every character is coloured by the probability the model gave it, scored beside it by the
// n-gram model, and the hidden state is shown as colour. This file holds the state and wires the pieces together:
// prompt.js (the prompt as ids), sampler.js (the seeded pick), model.js (TF.js), view.js, text-view.js and
// heatmap-view.js (the page).
//
// Hooks for tests (keep them stable): the element carries data-ready (the model is in), data-busy ("true" while
// the prompt is read or text written), data-updates (finished runs: Generate or Continue, stopped or not),
// data-written (characters written so far), data-chars-per-second (the last run's speed) and data-ngram
// ("ready" or "failed"); `element.charRnn.records()` lists every character shown with the probabilities both
// models gave it, and `element.charRnn.text()` the written text.

import { el, headingLevelAt, loadStylesheet } from "../../lib/dom.js";
import { createStatusLine, loadModelInto, settleBackend, siteUrl, startBackend } from "../../runtime.js";
import { activationColours, probabilityColours } from "./colours.js";
import { describeHeatmap, renderHeatmap, sizeHeatmap } from "./heatmap-view.js";
import { createReader } from "./model.js";
import { createVocabulary, describeChanges, preparePrompt } from "./prompt.js";
import { mulberry32, pick } from "./sampler.js";
import { createTextView } from "./text-view.js";
import {
  buildLayout,
  renderDetails,
  renderLegend,
  renderNgramName,
  renderStats,
  renderUnitMenu,
  showFieldMessage,
  showTemperature,
} from "./view.js";

const MODEL_URL = "models/char-rnn/model.json";
const CARD_URL = "models/char-rnn/card.json";
const UNITS_URL = "data/char-units.json";
const NGRAM_FOLDER = "models/char-ngram/";
// A prompt goes through the model this many characters per call: one call is far cheaper than as many steps,
// and between calls the page stays responsive (and Stop works).
const CHUNK = 256;
// Steps per animation frame: as many as fit in this many milliseconds, then one paint. A frame is 16.7 ms at
// 60 Hz; the rest is left for the browser to lay out and paint.
const FRAME_BUDGET_MS = 12;
const PROMPT_SHOWN = 1000; // the last characters of a long prompt shown (all of it is read and scored)
const HEATMAP_COLUMNS = 100;
const LENGTHS = { min: 50, max: 2000 };

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

async function fetchJson(url, signal) {
  const response = await fetch(siteUrl(url), { signal });
  if (!response.ok) throw new Error(`${url.split("/").pop()} could not be downloaded (HTTP ${response.status})`);
  return response.json();
}

// The n-gram model, loaded beside the RNN; the demo works without it.
async function loadNgramModel(signal) {
  const { loadNgram } = await import(siteUrl("javascripts/lib/ngram.js"));
  return loadNgram(siteUrl(NGRAM_FOLDER), { signal });
}

// The opening settings: one of the card's own samples (computed in Python with the same sampler), so Generate
// first writes exactly the text that sample shows. Its temperature, below 1, keeps the text readable.
function defaultSettings(card) {
  const sample = card.samples.find((s) => s.prompt) ?? card.samples[0];
  const length = Math.min(LENGTHS.max, Math.max(LENGTHS.min, sample.text.length));
  return {
    prompt: sample.prompt,
    temperature: sample.temperature,
    seed: sample.seed,
    length,
    minLength: LENGTHS.min,
    maxLength: LENGTHS.max,
  };
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
    : "The named units are those whose activation best follows a feature of the text on held-out plays (the " +
      "text page's table); r is that correlation.";
  showTemperature(ui);

  // --- state ---------------------------------------------------------------------------------------------
  let reader = null;
  let ngram = null;
  let run = null; // the generation under way or last finished: {cancelled, finished, ...}
  // Every character read so far, as ids: the start line break, the prompt, the written characters. Per position,
  // log2 of the probability each model gave it (the start has none).
  let ids = [];
  let rnnLog2 = [];
  let ngramLog2 = [];
  let promptLength = 0;
  // The characters on screen (the last PROMPT_SHOWN of the prompt, then every written one): {character, id,
  // position, isPrompt, distribution (the RNN's P over the vocabulary at that step), h, c (null for the prompt:
  // a call of many characters returns c only after the last)}.
  let records = [];
  let painted = 0; // records already on screen
  let distribution = null; // the RNN's P(next character) after everything read so far
  let updates = 0;
  let stopped = false;
  let mode = ui.colourBy.value;
  let chosen = parseUnit(ui.unit.value);
  let largestC = 0; // the largest |c| of the chosen unit on screen (c has no fixed range)
  const listeners = new AbortController();
  const listen = (target, type, handler) => target.addEventListener(type, handler, { signal: listeners.signal });
  element.dataset.busy = "false";
  element.dataset.updates = "0";

  function parseUnit(value) {
    const [state, unit] = value.split(":");
    return { state, unit: Number(unit), name: `${state} ${unit}` };
  }

  // --- colours -------------------------------------------------------------------------------------------

  const unitValue = (record) => (chosen.state === "h" ? record.h[chosen.unit] : (record.c?.[chosen.unit] ?? null));

  function colourOf(record) {
    if (mode === "unit") {
      const value = unitValue(record);
      if (value === null) return ["transparent", "inherit"];
      return activationColours(chosen.state === "h" ? value : value / (largestC || 1));
    }
    if (mode === "ngram") {
      const log2 = ngramLog2[record.position];
      return log2 === undefined ? ["transparent", "inherit"] : probabilityColours(2 ** log2);
    }
    return probabilityColours(2 ** rnnLog2[record.position]);
  }

  function updateLargestC() {
    if (chosen.state !== "c") return false;
    const before = largestC;
    for (const record of records) if (record.c) largestC = Math.max(largestC, Math.abs(record.c[chosen.unit]));
    return largestC !== before;
  }

  function recolourAll() {
    largestC = 0;
    updateLargestC();
    text.recolour(records, colourOf);
    renderLegend(ui, mode, { name: chosen.name, largest: chosen.state === "c" ? largestC || 1 : null });
  }

  // --- painting: once per frame, whatever the number of steps in it ---------------------------------------

  function mean(values, from, to) {
    let sum = 0;
    let count = 0;
    for (let i = from; i < to; i++) {
      if (values[i] === undefined) continue;
      sum -= values[i];
      count += 1;
    }
    return count ? sum / count : NaN;
  }

  function paint() {
    if (mode === "unit" && updateLargestC()) recolourAll();
    text.append(records, painted, colourOf);
    painted = records.length;
    text.follow();
    const promptEnd = promptLength + 1;
    renderStats(ui, {
      rnn: { written: mean(rnnLog2, promptEnd, ids.length), prompt: mean(rnnLog2, 1, promptEnd) },
      ngram: ngram
        ? { written: mean(ngramLog2, promptEnd, ids.length), prompt: mean(ngramLog2, 1, promptEnd) }
        : { written: NaN, prompt: NaN },
    });
    renderHeatmap(
      ui.heatmap,
      records.slice(-HEATMAP_COLUMNS).map((r) => r.h),
      units,
      chosen.unit,
    );
    const recent = records.slice(-10).map((r) => r.h[chosen.unit]);
    describeHeatmap(ui.heatmapText, ui.heatmap, {
      units,
      columns: HEATMAP_COLUMNS,
      count: records.length,
      markedName:
        chosen.state === "h"
          ? chosen.name
          : `h ${chosen.unit} (the heatmap shows h; the text is coloured by ${chosen.name})`,
      recent,
    });
    element.dataset.written = String(Math.max(0, ids.length - promptEnd));
  }

  // --- the character in focus or under the pointer -------------------------------------------------------

  function showDetails(index) {
    const record = records[index];
    if (!record) return;
    const top = [...record.distribution.keys()]
      .sort((a, b) => record.distribution[b] - record.distribution[a])
      .slice(0, 5)
      .map((id) => ({ character: vocabulary.characters[id], p: record.distribution[id] }));
    const ngramValue = ngramLog2[record.position];
    renderDetails(ui, {
      character: record.character,
      index: record.position - 1,
      isPrompt: record.isPrompt,
      p: record.distribution[record.id],
      ngramP: ngramValue === undefined ? null : 2 ** ngramValue,
      top,
      unitName: mode === "unit" ? chosen.name : null,
      unitValue: mode === "unit" ? unitValue(record) : null,
    });
  }

  // --- reading and writing -------------------------------------------------------------------------------

  // One position more: the RNN's and the n-gram's log2 P of `id` given everything before it.
  function score(id, probabilities) {
    rnnLog2.push(Math.log2(probabilities[id]));
    if (ngram) ngramLog2[ids.length] = ngram.log2Probability(ids.slice(Math.max(0, ids.length - ngram.order + 1)), id);
    ids.push(id);
  }

  async function readPrompt(current, prompt) {
    reader.reset();
    ids = [];
    rnnLog2 = [undefined];
    ngramLog2 = [];
    records = [];
    painted = 0;
    text.clear();
    promptLength = prompt.ids.length;
    const all = [start.id, ...prompt.ids];
    const shownFrom = Math.max(1, all.length - PROMPT_SHOWN);
    ids.push(start.id);
    for (let from = 0; from < all.length; from += CHUNK) {
      if (current.cancelled) return false;
      const chunk = all.slice(from, from + CHUNK);
      const out = await reader.read(chunk);
      chunk.forEach((id, t) => {
        const position = from + t;
        const probabilities = out.probabilities.subarray(t * reader.vocabularySize, (t + 1) * reader.vocabularySize);
        if (position > 0) {
          score(id, distribution);
          if (position >= shownFrom) {
            const h = out.h.subarray(t * units, (t + 1) * units);
            // What the model read: a character outside its vocabulary shows as the unknown symbol.
            const character = vocabulary.characters[id];
            records.push({ character, id, position, isPrompt: true, distribution, h, c: null });
          }
        }
        distribution = probabilities;
      });
      const done = Math.min(all.length, from + CHUNK) - 1;
      if (all.length > CHUNK) {
        ui.progress.textContent =
          `Reading the prompt: ${done.toLocaleString("en")} of ${promptLength.toLocaleString("en")} characters, ` +
          `${CHUNK} per call…`;
      }
      paint();
      await nextFrame(); // the progress reaches the screen, and a click on Stop is handled
    }
    return true;
  }

  // One written character: the sampler picks it from the current distribution, the model reads it.
  async function writeOne(current) {
    const id = pick(distribution, current.temperature, current.uniform());
    const position = ids.length;
    const before = distribution;
    score(id, before);
    const out = await reader.read([id]);
    records.push({
      character: vocabulary.characters[id],
      id,
      position,
      isPrompt: false,
      distribution: before,
      h: out.h,
      c: out.c,
    });
    distribution = out.probabilities;
    current.written += 1;
  }

  async function write(current) {
    const started = performance.now();
    const from = current.written;
    while (!current.cancelled && current.written < current.target) {
      const frameStart = performance.now();
      while (
        !current.cancelled &&
        current.written < current.target &&
        performance.now() - frameStart < FRAME_BUDGET_MS
      ) {
        await writeOne(current);
      }
      const perSecond = ((current.written - from) / (performance.now() - started)) * 1000;
      ui.speed.textContent = `${Math.round(perSecond)} characters per second`;
      element.dataset.charsPerSecond = perSecond.toFixed(1);
      ui.progress.textContent = `Writing: ${current.written} of ${current.target} characters…`;
      paint();
      await nextFrame();
    }
  }

  function readSettings() {
    const seedText = ui.seed.value.trim();
    const seedOk = /^\d+$/.test(seedText) && Number(seedText) <= 0xffffffff;
    showFieldMessage(ui.seed, ui.seedMessage, seedOk ? "" : "The seed must be a whole number from 0 to 4,294,967,295.");
    const lengthText = ui.length.value.trim();
    const length = Number(lengthText);
    const lengthOk = /^\d+$/.test(lengthText) && length >= LENGTHS.min && length <= LENGTHS.max;
    showFieldMessage(
      ui.length,
      ui.lengthMessage,
      lengthOk ? "" : `Choose a whole number of characters from ${LENGTHS.min} to ${LENGTHS.max}.`,
    );
    return seedOk && lengthOk ? { seed: Number(seedText), length, temperature: Number(ui.temperature.value) } : null;
  }

  function setBusy(busy) {
    element.dataset.busy = String(busy);
    ui.stop.disabled = !busy;
    ui.generate.disabled = !reader;
    ui.more.disabled = busy || !run || run.promptChanged || !run.ready;
  }

  // Stops the run under way (within one step) and resolves once it has.
  async function cancel() {
    if (!run) return;
    run.cancelled = true;
    await run.finished;
  }

  // Generate: from the prompt, with a fresh sampler. Continue: the same text, sampler and state, further.
  async function begin(continuing) {
    const settings = readSettings();
    if (!settings || !reader) return;
    await cancel();
    if (stopped) return;
    let prompt = null;
    if (!continuing) {
      prompt = preparePrompt(ui.prompt.value, vocabulary);
      showFieldMessage(ui.prompt, ui.promptMessage, prompt.error ?? "");
      if (prompt.error) return;
      const changes = describeChanges(prompt, vocabulary);
      ui.promptNote.textContent = prompt.ids.length
        ? changes
        : "The prompt is empty: the model starts from a line break, as every work it read starts." +
          (changes ? ` ${changes}` : "");
    }
    const previous = run;
    let finish;
    const current = {
      cancelled: false,
      finished: new Promise((resolve) => (finish = resolve)),
      temperature: settings.temperature,
      uniform: continuing ? previous.uniform : mulberry32(settings.seed),
      written: continuing ? previous.written : 0,
      target: (continuing ? previous.written : 0) + settings.length,
      promptChanged: false,
      ready: continuing,
    };
    run = current;
    setBusy(true);
    ui.announcer.textContent = continuing ? "Writing more…" : "Reading the prompt, then writing…";
    try {
      if (!continuing) current.ready = await readPrompt(current, prompt);
      if (current.ready) await write(current);
      paint();
      const perSecond = element.dataset.charsPerSecond;
      const end = current.cancelled ? "Stopped" : "Done";
      ui.progress.textContent = `${end}: ${current.written} characters written.`;
      const speed = perSecond ? `, ${Math.round(perSecond)} per second` : "";
      ui.announcer.textContent = `${end}: ${current.written} characters written${speed}.`;
    } catch (error) {
      current.ready = false;
      ui.progress.textContent = `The model failed while writing: ${error.message}`;
      console.error(error);
    } finally {
      updates += 1;
      element.dataset.updates = String(updates);
      if (!stopped) setBusy(false);
      finish();
    }
  }

  // --- the controls --------------------------------------------------------------------------------------

  let restartTimer = 0;
  function onPrompt() {
    if (!run) return;
    run.promptChanged = true; // Continue would go on from a prompt that is no longer there
    showFieldMessage(ui.prompt, ui.promptMessage, "");
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
    mode = ui.colourBy.value;
    recolourAll();
  });
  listen(ui.unit, "change", () => {
    chosen = parseUnit(ui.unit.value);
    if (mode !== "unit") ui.colourBy.value = mode = "unit"; // choosing a unit means wanting to see it
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

  element.charRnn = {
    records: () =>
      records.map((r) => ({
        character: r.character,
        isPrompt: r.isPrompt,
        p: r.distribution[r.id],
        distribution: Array.from(r.distribution),
        ngramLog2: ngramLog2[r.position] ?? null,
      })),
    text: () =>
      records
        .filter((r) => !r.isPrompt)
        .map((r) => r.character)
        .join(""),
  };

  // --- start: the controls at once, then the model, the backend measured on one step, the n-gram -----------

  renderLegend(ui, mode, { name: chosen.name, largest: null });
  paint();
  startBackend(status).catch(() => {}); // the status line shows the reason if none starts
  const ngramReady = loadNgramModel(signal).then(
    (loaded) => {
      if (stopped) return;
      ngram = loaded;
      renderNgramName(ui, ngram.order);
      ui.ngramNote.textContent = "";
      // Score what is already on screen, so both columns always cover the same characters.
      for (let position = 1; position < ids.length; position++) {
        ngramLog2[position] = ngram.log2Probability(
          ids.slice(Math.max(0, position - ngram.order + 1), position),
          ids[position],
        );
      }
      if (mode === "ngram") recolourAll();
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
  // The loader sits in the text's box, which has its final size already.
  const slot = ui.output.appendChild(el("div", { class: "cr-loader" }));
  try {
    const loaded = await loadModelInto(slot, siteUrl(MODEL_URL), { signal });
    status.update({ modelBytes: loaded.bytes });
    slot.append(el("p", { class: "tfv-loader" }, "Measuring which backend writes fastest here…"));
    // The work the backend is chosen by: one real step of writing, one character read with the state fed back.
    const probeReader = createReader(globalThis.tf, loaded.model);
    try {
      await settleBackend(status, "char-rnn", () => probeReader.read([start.id]));
    } finally {
      probeReader.dispose();
    }
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
    chosen = parseUnit(ui.unit.value);
  }
  setBusy(false);
  await ngramReady;
  element.dataset.ready = "true";
  performance.mark("tfv-char-rnn-ready"); // for scripts/bench_char_rnn_demo.py: navigation to a ready demo
  return stop;
}
