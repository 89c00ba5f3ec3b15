// "Draw a digit": the reader draws, and a real CNN (trained by scripts/train_cnn.py, exported to TF.js) reads
// it live, layer by layer, on the fastest backend of the reader's device. This file wires the pieces together:
// pad.js (input), preprocess.js (strokes -> MNIST-like 28×28), model.js (the CNN), view.js, layer-explorer.js
// and arithmetic-view.js (the page).
//
// Hooks for tests (keep them stable): the pad is canvas[data-testid="digit-pad"]; after every update the demo's
// element carries data-prediction, data-probabilities (10 floats), data-input (the 784 values the model saw),
// data-strokes (the strokes they came from, in pad coordinates), data-updates (a counter) and data-busy
// ("false" once nothing is pending; the same convention as every demo).

import { headingLevelAt, el, loadStylesheet } from "../../lib/dom.js";
import { createStatusLine, loadModelInto, settleBackend, showError, siteUrl, startBackend } from "../../runtime.js";
import { createLayerExplorer } from "./layer-explorer.js";
import { createExplainer, layersFromCard, predictDigit, probeDigit } from "./model.js";
import { createPad } from "./pad.js";
import { centreOfMass, inkBox, preprocessStrokes } from "./preprocess.js";
import { buildLayout, createBars, renderImage, renderImageOnPad, renderStrokes } from "./view.js";

const MODEL_URL = "models/digit-cnn/model.json";
const CARD_URL = "models/digit-cnn/card.json";
// Below this extent (pad units, 1/20 of the pad) the ink is a dot or a speck: the model would still spread 100%
// over the ten digits, so nothing is predicted until there is enough to read.
const MIN_INK_EXTENT = 14;
const EMPTY_HINT = "Draw a digit in the box: any size, anywhere in it.";
const TOO_LITTLE_INK = "Not enough ink to read yet: keep drawing.";

// One explainer per loaded model: the derived multi-output model and the conv weights read as arrays.
const explainers = new WeakMap();

// The longer side of the strokes' bounding box, in pad units.
function inkExtent(strokes) {
  const points = strokes.flat();
  const span = (axis) => Math.max(...points.map((p) => p[axis])) - Math.min(...points.map((p) => p[axis]));
  return points.length ? Math.max(span(0), span(1)) : 0;
}

export async function mount(element, signal) {
  // The reader may have left while this module was downloading; an aborted signal never fires "abort" again.
  signal?.throwIfAborted();
  await loadStylesheet(new URL("digit.css", import.meta.url));
  signal?.throwIfAborted();
  const compact = element.dataset.variant === "compact";
  const headingLevel = headingLevelAt(element);
  const ui = buildLayout(element, compact);
  // The status line sits under the controls, above the feature maps: the maps arrive with the model card and
  // the details with the model, and everything above them is laid out before either, so nothing on screen moves.
  const status = createStatusLine(element);
  if (!compact) element.append(ui.layersBox, ui.details);
  const listeners = new AbortController();
  const listen = (target, type, handler, options = {}) =>
    target.addEventListener(type, handler, { ...options, signal: listeners.signal });
  const explorer = compact ? null : createLayerExplorer({ layersBox: ui.layersBox, details: ui.details, listen, headingLevel });
  const showBars = createBars(ui.barsBox);

  let heldoutExamples = [];
  let heldoutPosition = -1;
  let shownHeldout = null; // the held-out example on the pad, or null when the reader's strokes are shown
  let explainer = null;
  let frame = 0;
  let dirty = false;
  let busy = false;
  let inputStart = null; // when the first input not yet shown arrived (for the latency measure)
  let updates = 0;
  let stopped = false;
  let errorBox = null; // the one error box of a failed update, removed once an update succeeds

  const pad = createPad(ui.pad, listen, {
    strokeStart: () => shownHeldout && clear(),
    ink: () => {
      inputStart ??= performance.now();
      requestUpdate();
    },
    clear: () => clear(),
    nextHeldout: () => nextHeldout(),
  });

  renderStrokes(ui.pad, []);
  renderImage(ui.input, null);
  showHint(EMPTY_HINT);
  element.dataset.busy = "false";

  // --- the update loop: at most one update per animation frame, never two at once -------------------------

  function requestUpdate() {
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
      errorBox?.remove();
      errorBox = null;
    } catch (error) {
      // One box, reused: a failure repeats on every stroke while the reader draws, and must not pile up boxes.
      errorBox ??= ui.result.appendChild(el("div"));
      showError(errorBox, `The model could not read this digit: ${error.message}`);
      console.error(error);
    } finally {
      busy = false;
      if (dirty) requestUpdate();
      else if (!stopped) element.dataset.busy = "false";
    }
  }

  function currentInput() {
    if (shownHeldout) {
      const image = shownHeldout.pixels.map((v) => v / 255);
      return { image, strokes: [], enoughInk: true };
    }
    const strokes = pad.strokes();
    return { image: preprocessStrokes(strokes), strokes, enoughInk: inkExtent(strokes) >= MIN_INK_EXTENT };
  }

  async function update() {
    const start = performance.now();
    const startedBy = inputStart;
    inputStart = null;
    const { image, strokes, enoughInk } = currentInput();
    if (shownHeldout) renderImageOnPad(ui.pad, image);
    else renderStrokes(ui.pad, strokes);
    renderImage(ui.input, image);
    element.dataset.strokes = JSON.stringify(strokes);
    if (!image) {
      showHint(EMPTY_HINT);
      forgetPrediction();
      delete element.dataset.input;
      ui.inputFacts.textContent = "";
    } else {
      showInputFacts(image);
      element.dataset.input = JSON.stringify(Array.from(image));
      if (!enoughInk) {
        showHint(TOO_LITTLE_INK);
        forgetPrediction();
      } else {
        if (!explainer) return; // the model is still loading: the prediction follows when it arrives
        const result = await predictDigit(explainer, image);
        if (stopped) return;
        showPrediction(result.probabilities);
        explorer?.render(result.layers);
      }
    }
    updates += 1;
    element.dataset.updates = String(updates);
    status.update({ lastMs: performance.now() - start });
    if (startedBy !== null) measureLatency(startedBy);
  }

  // Stroke-to-painted latency for scripts/bench_digit_demo.py: from the pointer event to just after the browser
  // painted the result (the frame after this one has started, so this one was painted).
  function measureLatency(startedBy) {
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (!stopped) performance.measure("tfv-digit-update", { start: startedBy, end: performance.now() });
      }, 0),
    );
  }

  function showHint(text) {
    ui.prediction.textContent = text;
    ui.prediction.classList.add("tfv-hint");
  }

  function showInputFacts(image) {
    const box = inkBox(image);
    const [cx, cy] = centreOfMass(image);
    ui.inputFacts.textContent =
      `ink ${box ? `${box.width}×${box.height}` : "0×0"} px, centre of mass (${cx.toFixed(1)}, ${cy.toFixed(1)})`;
  }

  function showPrediction(probabilities) {
    const digit = probabilities.indexOf(Math.max(...probabilities));
    ui.prediction.classList.remove("tfv-hint");
    ui.prediction.textContent = `The model reads: ${digit} (${(100 * probabilities[digit]).toFixed(1)}%)`;
    showBars(probabilities);
    element.dataset.prediction = String(digit);
    element.dataset.probabilities = JSON.stringify(probabilities);
  }

  function forgetPrediction() {
    showBars(null);
    for (const key of ["prediction", "probabilities"]) delete element.dataset[key];
  }

  // --- held-out digits ---------------------------------------------------------------------------------------

  function nextHeldout() {
    if (heldoutExamples.length === 0) return;
    heldoutPosition = (heldoutPosition + 1) % heldoutExamples.length;
    shownHeldout = heldoutExamples[heldoutPosition];
    pad.clear();
    const { label, predicted, index } = shownHeldout;
    const verdict =
      predicted === label ? "" : ` Measured in Python, the model gets this one wrong: it says ${predicted}.`;
    ui.heldoutInfo.textContent =
      `Held-out digit ${heldoutPosition + 1} of ${heldoutExamples.length} (number ${index} of the held-out set), ` +
      `labelled ${label}.${verdict} Draw on the pad to start your own.`;
    element.dataset.heldout = String(index);
    inputStart = performance.now();
    requestUpdate();
  }

  function clear() {
    pad.clear();
    shownHeldout = null;
    ui.heldoutInfo.textContent = "";
    delete element.dataset.heldout;
    requestUpdate();
  }

  // The card brings the held-out digits, and the list of layers for laying out their views before the model.
  async function loadCard() {
    try {
      const response = await fetch(siteUrl(CARD_URL), { signal });
      if (!response.ok) throw new Error(`card.json could not be downloaded (HTTP ${response.status})`);
      const card = await response.json();
      heldoutExamples = card.heldout_examples ?? [];
      ui.heldout.disabled = heldoutExamples.length === 0;
      if (explorer && !explainer) explorer.showPlaceholder(layersFromCard(card));
    } catch (error) {
      if (error.name === "AbortError") return;
      ui.heldoutInfo.textContent = `Held-out digits are unavailable: ${error.message}.`;
    }
  }

  listen(ui.clear, "click", clear);
  listen(ui.heldout, "click", nextHeldout);

  const stop = () => {
    stopped = true;
    if (frame) cancelAnimationFrame(frame);
    listeners.abort();
    performance.clearMeasures("tfv-digit-update");
    // No tensors to dispose: predictDigit frees its own, and the explainer shares the cached model's weights.
  };

  // --- start: the model and the held-out digits, then the backend measured on this model --------------------

  ui.barsBox.style.visibility = "hidden"; // keeps its space: nothing moves when the bars appear
  loadCard();
  startBackend(status).catch(() => {}); // the status line shows the reason if none starts
  const slot = ui.result.appendChild(el("div", { class: "tfv-digit__loader" }));
  try {
    const loaded = await loadModelInto(slot, siteUrl(MODEL_URL), { signal });
    if (!explainers.has(loaded.model)) {
      const building = createExplainer(globalThis.tf, loaded.model);
      explainers.set(loaded.model, building);
      building.catch(() => explainers.delete(loaded.model)); // a failure is not cached: the next visit tries again
    }
    const ready = await explainers.get(loaded.model);
    status.update({ modelBytes: loaded.bytes });
    slot.append(el("p", { class: "tfv-loader" }, "Starting the model…"));
    await settleBackend(status, "digit", () => probeDigit(ready));
    signal?.throwIfAborted();
    explainer = ready;
  } catch (error) {
    stop();
    throw error;
  }
  slot.remove();
  ui.barsBox.style.visibility = "";
  explorer?.attach(explainer.layers);
  element.dataset.ready = "true";
  performance.mark("tfv-digit-ready"); // for scripts/bench_digit_demo.py: navigation to a ready demo
  requestUpdate();
  return stop;
}
