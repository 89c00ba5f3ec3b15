// "Draw a digit": the reader draws, and a real CNN (trained by scripts/train_cnn.py, exported to TF.js) reads
// it live, layer by layer, on the reader's own backend. This file wires the page together: pointer and
// keyboard input, the update loop, held-out digits. The ML is in digit-model.js, the drawing in
// digit-render.js, the MNIST-style preprocessing in digit-preprocess.js.
//
// Hooks for tests (keep them stable): the pad is canvas[data-testid="digit-pad"]; after every update the demo's
// element carries data-prediction, data-probabilities (10 floats), data-input (the 784 values the model saw),
// data-strokes (the strokes they came from, in pad coordinates), data-updates (a counter) and data-busy
// ("false" once nothing is pending; the same convention as every demo).

import { createStatusLine, loadModelInto, showError, siteUrl, startBackend } from "../runtime.js";
import {
  createExplainer,
  explainConvValue,
  explainPoolValue,
  predictDigit,
  SHOWN_LAYER_TYPES,
  strongestPosition,
} from "./digit-model.js";
import { centreOfMass, inkBox, preprocessStrokes } from "./digit-preprocess.js";
import {
  createBars,
  largestMagnitude,
  renderConvArithmetic,
  renderImage,
  renderKernelSlice,
  renderMap,
  renderPoolArithmetic,
  renderStrokes,
} from "./digit-render.js";

const MODEL_URL = "models/digit-cnn/model.json";
const CARD_URL = "models/digit-cnn/card.json";
const PAD_SIZE = 280; // pad coordinates: the strokes are recorded in these units whatever the CSS size
const ZOOM = 8; // screen pixels per feature-map value in the enlarged view

// One explainer per loaded model: the derived multi-output model and the conv weights read as arrays.
const explainers = new WeakMap();

function el(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function buildLayout(element, compact) {
  element.classList.add("tfv-digit");
  if (compact) element.classList.add("tfv-digit--compact");
  const pad = el("canvas", {
    "data-testid": "digit-pad",
    width: PAD_SIZE,
    height: PAD_SIZE,
    tabindex: "0",
    role: "application",
    "aria-roledescription": "drawing pad",
    "aria-label":
      "Drawing pad: draw a digit with a mouse, finger or pen. Keys: H loads the next held-out digit, Delete clears.",
    class: "tfv-digit__pad",
  });
  const input = el("canvas", {
    "data-testid": "digit-input",
    width: 28,
    height: 28,
    class: "tfv-digit__input",
    role: "img",
    "aria-label": "The 28 by 28 image the model sees",
  });
  const inputFacts = el("p", { class: "tfv-digit__facts" });
  const prediction = el("p", { class: "tfv-digit__prediction", "aria-live": "polite" });
  const barsBox = el("div");
  const result = el("div", { class: "tfv-digit__result" });
  result.append(prediction, barsBox);

  const padFigure = el("figure", { class: "tfv-digit__figure" });
  padFigure.append(pad, el("figcaption", {}, "Your drawing"));
  const inputFigure = el("figure", { class: "tfv-digit__figure" });
  inputFigure.append(input, el("figcaption", {}, "What the model sees: 28×28, scaled and centred like MNIST"), inputFacts);
  const top = el("div", { class: "tfv-digit__top" });
  top.append(padFigure, inputFigure, result);

  const clear = el("button", { type: "button", class: "md-button" }, "Clear");
  const heldout = el("button", { type: "button", class: "md-button", disabled: "" }, "Try a held-out digit");
  const heldoutInfo = el("p", { class: "tfv-digit__heldout", "aria-live": "polite" });
  const controls = el("div", { class: "tfv-digit__controls" });
  controls.append(clear, heldout, heldoutInfo);
  element.append(top, controls);
  const status = createStatusLine(element);

  let layersBox = null;
  let details = null;
  if (!compact) {
    layersBox = el("div", { class: "tfv-digit__layers" });
    details = el("section", { class: "tfv-digit__details", "aria-live": "polite", "aria-label": "Selected feature map" });
    element.append(layersBox, details);
  }
  return { pad, input, inputFacts, prediction, barsBox, result, clear, heldout, heldoutInfo, status, layersBox, details };
}

// The strokes as recorded, snapped to pad coordinates (CSS may show the pad smaller than PAD_SIZE).
function padPoint(pad, event) {
  const box = pad.getBoundingClientRect();
  return [((event.clientX - box.left) * PAD_SIZE) / box.width, ((event.clientY - box.top) * PAD_SIZE) / box.height];
}

// The shown layers as the model card lists them: enough to lay out their views at their final size while the
// model itself is still downloading, so nothing below the demo jumps when it arrives.
function layersFromCard(card) {
  return card.layers
    .filter((layer) => SHOWN_LAYER_TYPES.has(layer.type))
    .map((layer) => ({ name: layer.name, type: layer.type, shape: layer.output_shape }));
}

function describeLayer(layer) {
  if (!layer.config) return layer.type === "Conv2D" ? "convolution" : "max pooling";
  return layer.type === "Conv2D"
    ? `${layer.config.kernelSize.join("×")} convolution, ${layer.activation}`
    : `${layer.config.poolSize.join("×")} max pooling`;
}

// The feature maps of every shown layer: one small canvas per channel, in a listbox per layer so a keyboard
// user tabs to a layer and picks a map with the arrow keys. `layers` come from the loaded model (explainer) or,
// before it has loaded, from the card (then nothing can be selected yet: onSelect is null).
function buildLayerViews(layersBox, layers, onSelect, listen) {
  layersBox.replaceChildren();
  const views = [];
  for (const layer of layers) {
    const [height, width, channels] = layer.shape;
    const section = el("section", { class: "tfv-digit__layer" });
    section.append(el("h4", {}, `${layer.name}: ${channels} maps of ${height}×${width} (${describeLayer(layer)})`));
    const list = el("div", {
      class: "tfv-digit__maps",
      role: "listbox",
      "aria-label": `Feature maps of ${layer.name}`,
      "aria-orientation": "horizontal",
    });
    const canvases = [];
    for (let channel = 0; channel < channels; channel++) {
      const canvas = el("canvas", {
        width,
        height,
        role: "option",
        tabindex: channel === 0 ? "0" : "-1",
        "aria-selected": "false",
        "aria-label": `${layer.name} map ${channel + 1} of ${channels}`,
        class: "tfv-digit__map",
        "data-layer": layer.name,
        "data-channel": channel,
      });
      listen(canvas, "click", () => canvas.focus());
      if (onSelect) listen(canvas, "focus", () => onSelect(views.indexOf(view), channel));
      canvases.push(canvas);
      list.append(canvas);
    }
    listen(list, "keydown", (event) => {
      const current = canvases.indexOf(document.activeElement);
      const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      let next = null;
      if (step) next = current + step;
      if (event.key === "Home") next = 0;
      if (event.key === "End") next = canvases.length - 1;
      if (next === null || current < 0) return;
      event.preventDefault();
      canvases[Math.min(canvases.length - 1, Math.max(0, next))].focus();
    });
    section.append(list);
    layersBox.append(section);
    const view = { layer, canvases };
    views.push(view);
  }
  return views;
}

export async function mount(element, signal) {
  // The reader may have left while this module was downloading; an aborted signal never fires "abort" again, so
  // the model loader below would wait forever.
  signal?.throwIfAborted();
  const compact = element.dataset.variant === "compact";
  const ui = buildLayout(element, compact);
  const listeners = new AbortController();
  const listen = (target, type, handler, options = {}) =>
    target.addEventListener(type, handler, { ...options, signal: listeners.signal });

  let strokes = []; // [[x, y], ...] per stroke, in pad coordinates
  let drawing = null; // the stroke under the pointer
  let drawingPointer = null; // the pointerId drawing it: a second finger on the pad must not join its stroke
  let heldoutExamples = [];
  let heldoutPosition = -1;
  let shownHeldout = null; // the held-out example on the pad, or null when the reader's strokes are shown
  let explainer = null;
  let last = null; // the latest prediction, for the details panel
  let views = [];
  let selected = null; // {view, channel, position: {row, col} | null (follow the strongest value)}
  let frame = 0;
  let dirty = false;
  let busy = false;
  let inputStart = null; // when the first input not yet shown arrived (for the latency measure)
  let updates = 0;
  let stopped = false;
  let updateLatest = () => {};
  let errorBox = null; // the one error box of a failed update, removed once an update succeeds

  renderStrokes(ui.pad, strokes);
  renderImage(ui.input, null);
  ui.prediction.textContent = "Draw a digit in the box: any size, anywhere in it.";
  ui.prediction.classList.add("tfv-hint");
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
      if (!errorBox) {
        errorBox = el("div");
        ui.result.append(errorBox);
      }
      showError(errorBox, `The model could not read this digit: ${error.message}`);
      console.error(error);
    } finally {
      busy = false;
      if (dirty) requestUpdate();
      else if (!stopped) element.dataset.busy = "false";
    }
  }

  function currentInput() {
    if (shownHeldout) return { image: shownHeldout.pixels.map((v) => v / 255), strokes: [] };
    const snapshot = strokes.map((stroke) => stroke.slice());
    return { image: preprocessStrokes(snapshot), strokes: snapshot };
  }

  function showEmpty() {
    ui.prediction.textContent = "Draw a digit in the box: any size, anywhere in it.";
    ui.prediction.classList.add("tfv-hint");
    updateLatest(null);
    for (const key of ["prediction", "probabilities", "input"]) delete element.dataset[key];
    ui.inputFacts.textContent = "";
    ui.status.update({ message: undefined });
  }

  async function update() {
    const start = performance.now();
    const startedBy = inputStart;
    inputStart = null;
    if (shownHeldout) renderHeldoutOnPad(shownHeldout);
    else renderStrokes(ui.pad, strokes);
    const { image, strokes: drawn } = currentInput();
    renderImage(ui.input, image);
    element.dataset.strokes = JSON.stringify(drawn);
    if (!image) {
      showEmpty();
    } else {
      const box = inkBox(image);
      const [cx, cy] = centreOfMass(image);
      ui.inputFacts.textContent =
        `ink ${box ? `${box.width}×${box.height}` : "0×0"} px, centre of mass (${cx.toFixed(1)}, ${cy.toFixed(1)})`;
      if (!explainer) return; // the model is still loading: the prediction follows when it arrives
      const result = await predictDigit(explainer, image);
      if (stopped) return;
      last = result;
      showPrediction(result.probabilities);
      renderLayers(result);
      element.dataset.input = JSON.stringify(Array.from(image));
    }
    updates += 1;
    element.dataset.updates = String(updates);
    ui.status.update({ lastMs: performance.now() - start });
    // Stroke-to-painted latency for scripts/bench_digit_demo.py: from the pointer event to just after the
    // browser painted the result (the frame after this one has started, so this one was painted).
    if (startedBy !== null) {
      requestAnimationFrame(() =>
        setTimeout(() => {
          if (!stopped) performance.measure("tfv-digit-update", { start: startedBy, end: performance.now() });
        }, 0),
      );
    }
  }

  function showPrediction(probabilities) {
    const digit = probabilities.indexOf(Math.max(...probabilities));
    ui.prediction.classList.remove("tfv-hint");
    ui.prediction.textContent = `The model reads: ${digit} (${(100 * probabilities[digit]).toFixed(1)}%)`;
    updateLatest(probabilities);
    element.dataset.prediction = String(digit);
    element.dataset.probabilities = JSON.stringify(probabilities);
  }

  // --- feature maps and the selected map's arithmetic ---------------------------------------------------------

  function renderLayers(result) {
    if (compact) return;
    result.layers.forEach((layerResult, i) => {
      const scale = largestMagnitude(layerResult.output);
      views[i].canvases.forEach((canvas, channel) => renderMap(canvas, layerResult, channel, scale));
    });
    renderDetails();
  }

  function select(viewIndex, channel) {
    const view = views[viewIndex];
    if (selected?.view === view && selected.channel === channel) return;
    for (const v of views) v.canvases.forEach((c) => c.setAttribute("aria-selected", "false"));
    // Roving tab stop: within each layer, the last map chosen is the one Tab lands on.
    view.canvases.forEach((c, i) => (c.tabIndex = i === channel ? 0 : -1));
    view.canvases[channel].setAttribute("aria-selected", "true");
    selected = { view, channel, position: null };
    buildDetails();
    renderDetails();
  }

  let detailParts = null;

  function buildDetails() {
    const { view, channel } = selected;
    const [height, width] = view.layer.shape;
    const heading = el("h4", {}, `${view.layer.name}, map ${channel + 1}`);
    const zoom = el("canvas", {
      width: width * ZOOM,
      height: height * ZOOM,
      tabindex: "0",
      class: "tfv-digit__zoom",
      "data-testid": "digit-zoom",
      "aria-label": `${view.layer.name} map ${channel + 1}, enlarged. Arrow keys choose the value to explain.`,
    });
    const kernel = el("div", { class: "tfv-digit__kernel" });
    const arithmetic = el("div", { class: "tfv-digit__arithmetic", "data-testid": "digit-arithmetic" });
    const left = el("div");
    left.append(zoom, el("p", { class: "tfv-hint" }, "Click a value (or use the arrow keys) to see how it was computed."));
    const body = el("div", { class: "tfv-digit__details-body" });
    body.append(left, el("div", {}, ""));
    body.lastChild.append(kernel, arithmetic);
    ui.details.replaceChildren(heading, body);
    listen(zoom, "click", (event) => {
      const box = zoom.getBoundingClientRect();
      const col = Math.floor(((event.clientX - box.left) / box.width) * width);
      const row = Math.floor(((event.clientY - box.top) / box.height) * height);
      selected.position = { row: Math.min(height - 1, row), col: Math.min(width - 1, col) };
      renderDetails();
    });
    listen(zoom, "keydown", (event) => {
      const move = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[event.key];
      if (!move || !last) return;
      event.preventDefault();
      const at = selected.position ?? strongestPosition(layerResultOf(selected.view), selected.channel);
      selected.position = {
        row: Math.min(height - 1, Math.max(0, at.row + move[0])),
        col: Math.min(width - 1, Math.max(0, at.col + move[1])),
      };
      renderDetails();
    });
    detailParts = { zoom, kernel, arithmetic };
  }

  const layerResultOf = (view) => last.layers[views.indexOf(view)];

  function renderDetails() {
    if (!selected || !detailParts) return;
    const { zoom, kernel, arithmetic } = detailParts;
    const { view, channel } = selected;
    const layer = view.layer;
    kernel.replaceChildren();
    if (layer.type === "Conv2D") renderKernel(kernel, layer, channel);
    if (!last) {
      arithmetic.textContent = "Draw a digit to see the numbers.";
      return;
    }
    const layerResult = layerResultOf(view);
    const at = selected.position ?? strongestPosition(layerResult, channel);
    // The enlarged map, with the explained value outlined.
    const context = zoom.getContext("2d");
    context.imageSmoothingEnabled = false;
    context.drawImage(view.canvases[channel], 0, 0, zoom.width, zoom.height);
    context.strokeStyle = "#ff5722";
    context.lineWidth = 2;
    context.strokeRect(at.col * ZOOM + 1, at.row * ZOOM + 1, ZOOM - 2, ZOOM - 2);
    const where = `the value at row ${at.row}, column ${at.col}${selected.position ? "" : " (the strongest)"}`;
    if (layer.type === "Conv2D") renderConvArithmetic(arithmetic, explainConvValue(layerResult, at.row, at.col, channel), where);
    else renderPoolArithmetic(arithmetic, explainPoolValue(layerResult, at.row, at.col, channel), where);
  }

  function renderKernel(container, layer, channel) {
    const { kernel, kernelHeight, kernelWidth, channelsIn, channelsOut } = layer.weights;
    const slices = [];
    for (let c = 0; c < channelsIn; c++) {
      const slice = [];
      for (let ky = 0; ky < kernelHeight; ky++) {
        for (let kx = 0; kx < kernelWidth; kx++) slice.push(kernel[((ky * kernelWidth + kx) * channelsIn + c) * channelsOut + channel]);
      }
      slices.push(slice);
    }
    const scale = largestMagnitude(slices.flat());
    container.append(
      el("p", {}, `Its kernel: ${channelsIn} slice${channelsIn > 1 ? "s" : ""} of ${kernelHeight}×${kernelWidth} weights, one per input channel (blue negative, red positive):`),
    );
    const row = el("div", { class: "tfv-digit__kernel-slices" });
    slices.forEach((slice, c) => {
      const canvas = el("canvas", { "aria-label": `input channel ${c}: ${slice.map((w) => w.toFixed(2)).join(", ")}`, role: "img" });
      renderKernelSlice(canvas, slice, kernelHeight, kernelWidth, scale);
      row.append(canvas);
    });
    container.append(row);
  }

  // --- held-out digits ---------------------------------------------------------------------------------------

  function renderHeldoutOnPad(example) {
    const small = document.createElement("canvas");
    renderImage(small, example.pixels.map((v) => v / 255));
    const context = ui.pad.getContext("2d");
    context.imageSmoothingEnabled = false;
    context.drawImage(small, 0, 0, ui.pad.width, ui.pad.height);
  }

  function nextHeldout() {
    if (heldoutExamples.length === 0) return;
    heldoutPosition = (heldoutPosition + 1) % heldoutExamples.length;
    shownHeldout = heldoutExamples[heldoutPosition];
    strokes = [];
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
    strokes = [];
    drawing = null;
    drawingPointer = null;
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
      if (!compact && !explainer) {
        buildLayerViews(ui.layersBox, layersFromCard(card), null, listen);
        ui.details.replaceChildren(el("p", { class: "tfv-hint" }, "The kernels appear once the model has loaded."));
      }
    } catch (error) {
      if (error.name === "AbortError") return;
      ui.heldoutInfo.textContent = `Held-out digits are unavailable: ${error.message}.`;
    }
  }

  // --- pointer and keyboard ----------------------------------------------------------------------------------

  // Mouse, finger and pen all arrive as pointer events. Only the primary button (a pen's tip, a finger) draws,
  // and only one pointer at a time: a palm or second finger landing mid-stroke is ignored.
  listen(ui.pad, "pointerdown", (event) => {
    if (event.button !== 0 || (drawing && event.pointerId !== drawingPointer)) return;
    event.preventDefault();
    ui.pad.focus();
    // Keep receiving the stroke's moves when the pointer leaves the pad mid-stroke.
    ui.pad.setPointerCapture(event.pointerId);
    if (shownHeldout) clear();
    drawing = [padPoint(ui.pad, event)];
    drawingPointer = event.pointerId;
    strokes.push(drawing);
    inputStart ??= performance.now();
    requestUpdate();
  });
  listen(ui.pad, "pointermove", (event) => {
    if (!drawing || event.pointerId !== drawingPointer) return;
    drawing.push(padPoint(ui.pad, event));
    inputStart ??= performance.now();
    requestUpdate();
  });
  const endStroke = (event) => {
    if (event.pointerId !== drawingPointer) return;
    drawing = null;
    drawingPointer = null;
  };
  listen(ui.pad, "pointerup", endStroke);
  listen(ui.pad, "pointercancel", endStroke);
  listen(ui.pad, "lostpointercapture", endStroke);
  listen(ui.pad, "keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return; // leave the browser's own shortcuts alone
    if (["Delete", "Backspace", "Escape"].includes(event.key)) {
      event.preventDefault();
      clear();
    } else if (event.key === "h" || event.key === "H") {
      event.preventDefault();
      nextHeldout();
    }
  });
  listen(ui.clear, "click", clear);
  listen(ui.heldout, "click", nextHeldout);

  // --- start: the backend, the model, the held-out digits ---------------------------------------------------

  const bars = createBars(ui.barsBox);
  updateLatest = bars;
  ui.barsBox.style.visibility = "hidden"; // keeps its space: nothing moves when the bars appear
  loadCard();
  startBackend(ui.status).catch(() => {}); // the status line shows the reason if none starts
  const slot = el("div", { class: "tfv-digit__loader" });
  ui.result.append(slot);
  let loaded;
  try {
    loaded = await loadModelInto(slot, siteUrl(MODEL_URL), { signal });
  } catch (error) {
    stopped = true; // the reader left while the model was loading
    if (frame) cancelAnimationFrame(frame);
    listeners.abort();
    throw error;
  }
  slot.remove();
  ui.barsBox.style.visibility = "";
  if (!explainers.has(loaded.model)) {
    const building = createExplainer(globalThis.tf, loaded.model);
    explainers.set(loaded.model, building);
    building.catch(() => explainers.delete(loaded.model)); // a failure is not cached: the next visit tries again
  }
  explainer = await explainers.get(loaded.model);
  ui.status.update({ modelBytes: loaded.bytes });
  if (!compact) {
    views = buildLayerViews(ui.layersBox, explainer.layers, select, listen);
    select(0, 0);
  }
  element.dataset.ready = "true";
  performance.mark("tfv-digit-ready"); // for scripts/bench_digit_demo.py: navigation to a ready demo
  requestUpdate();

  return () => {
    stopped = true;
    if (frame) cancelAnimationFrame(frame);
    listeners.abort();
    performance.clearMeasures("tfv-digit-update");
    // No tensors to dispose: predictDigit frees its own, and the explainer shares the cached model's weights.
  };
}
