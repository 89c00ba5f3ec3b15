// The kernel playground: pick or type a kernel, apply it to a photo, your own image or the webcam with
// tf.conv2d on the fastest backend of the reader's device, and inspect the multiply-add behind any output pixel.
//
// Files: model.js (the computations), kernel-grid.js (the weight editor), image-sources.js (decoding samples,
// files, the webcam) and sources.js (wiring them to the controls), race.js (TF.js against a plain loop), layout.js (the
// controls), view.js (drawing). This file holds the state and the update loop, and wires them together.
//
// Test hooks: data-updates counts finished updates, data-busy is "true" while one is running or queued,
// data-last-ms / data-convolve-ms time the last one, and `element.kernelPlayground.output()` returns the
// raw float32 output (base64, CHW) so a test can compare it with SciPy without 8-bit rounding.

import { headingLevelAt, loadStylesheet } from "../../lib/dom.js";
import { yieldToBrowser } from "../../lib/yield.js";
import { createStatusLine, settleBackend, siteUrl, startBackend } from "../../runtime.js";
import { MAX_SIDE } from "./image-sources.js";
import { createKernelGrid, formatWeight } from "./kernel-grid.js";
import { buildLayout, OWN_IMAGE } from "./layout.js";
import {
  CHANNEL_NAMES,
  CHANNELS,
  convolveAndRead,
  convolveInBands,
  effectiveWeights,
  imageTensor,
  patchAt,
  presetCells,
  resized,
  rgbaToChw,
  weightSum,
} from "./model.js";
import { createRace } from "./race.js";
import { createSources } from "./sources.js";
import { fitToImage, placeMarker, renderExplanation, renderOutput, renderRgba } from "./view.js";

// About 10 ms of work per band on a laptop's plain JavaScript, under 50 ms on a slow phone: no long task.
const MULTIPLY_ADDS_PER_BAND = 500_000;

// The reader's convolution. On plain JavaScript ("cpu") it runs in bands of rows with a turn for the browser
// between them, so the page stays responsive while it computes; WebGL and WebAssembly run it in one go.
function convolveForReader(tf, image, weights, size) {
  if (tf.getBackend() !== "cpu") return convolveAndRead(tf, image.tensor, weights, size);
  const bands = { multiplyAdds: MULTIPLY_ADDS_PER_BAND, pause: yieldToBrowser };
  return convolveInBands(tf, image.chw, image.width, image.height, weights, size, bands);
}

function base64OfFloats(floats) {
  const bytes = new Uint8Array(floats.buffer, floats.byteOffset, floats.byteLength);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export async function mount(element, signal) {
  signal?.throwIfAborted();
  await loadStylesheet(new URL("kernel-playground.css", import.meta.url));
  signal?.throwIfAborted();
  const root = document.createElement("div");
  root.className = "kp";
  element.append(root);
  element.dataset.updates = "0";
  element.dataset.busy = "true";
  const ui = buildLayout(root, headingLevelAt(element));
  const status = createStatusLine(root);

  const grid = createKernelGrid(ui.gridHolder, {
    onChange: () => {
      ui.preset.value = "custom";
      if (!grid.hasInvalid()) showMessage(""); // another cell may still hold text that is not a number
      requestUpdate();
    },
    onInvalid: (text) => showMessage(text),
  });

  // The work the backend is chosen by: this demo's convolution, on the photo (or, if none loaded, on a blank
  // image of the largest size the playground uses).
  async function probeConvolution(tfjs) {
    const { weights, size } = currentKernel();
    if (image) return convolveAndRead(tfjs, image.tensor, weights, size);
    const blank = tfjs.zeros([CHANNELS, MAX_SIDE, MAX_SIDE, 1]);
    try {
      return await convolveAndRead(tfjs, blank, weights, size);
    } finally {
      blank.dispose();
    }
  }

  // --- state ---------------------------------------------------------------------------------------------
  let tf = null; // set once the backend is chosen: no update runs before
  let backend = null;
  let catalogue = { kernels: [], samples: [] }; // figures/kernels/presets.json: the preset kernels and photos
  let image = null; // {width, height, chw, tensor}
  let last = null; // {data, weights, size, width, height, chw, tensor}: what the output canvas shows
  let selected = null; // {x, y} of the explained output pixel
  let running = false;
  let pending = false;
  let stopped = false;

  const race = createRace(ui.race, () => ({ tf, backendLabel: backend?.label, last, busy: running, stopped }));

  function showMessage(text) {
    ui.message.textContent = text;
    ui.message.classList.toggle("tfv-error", Boolean(text));
    if (text) ui.message.setAttribute("role", "alert");
    else ui.message.removeAttribute("role");
  }

  function setImage(pixels) {
    const chw = rgbaToChw(pixels.rgba, pixels.width, pixels.height);
    // First: if it throws, the old image stays. Made on the active backend (the measured one once chosen).
    const tensor = imageTensor(globalThis.tf, chw, pixels.width, pixels.height);
    image?.tensor.dispose();
    image = { width: pixels.width, height: pixels.height, chw, tensor };
    renderRgba(ui.input.canvas, pixels.width, pixels.height, pixels.rgba);
    for (const frame of [ui.input, ui.output]) fitToImage(frame.fit, pixels.width, pixels.height);
    ui.input.caption.textContent = `Input, ${pixels.width}×${pixels.height}`;
    element.dataset.imageWidth = pixels.width;
    element.dataset.imageHeight = pixels.height;
    if (!selected || selected.x >= pixels.width || selected.y >= pixels.height) {
      selected = { x: Math.floor(pixels.width / 2), y: Math.floor(pixels.height / 2) };
    }
  }

  // The Photo menu says what is on the input canvas: a sample, or the reader's own image or webcam.
  function showSource(label) {
    ui.ownImage.textContent = label ?? "";
    if (label) ui.sample.value = OWN_IMAGE;
  }

  function updateNormaliseLabel() {
    const sum = weightSum(grid.values());
    ui.normaliseText.textContent =
      sum === 0
        ? "Divide by the sum of the weights (the sum is 0: nothing to divide by, weights used as they are)"
        : `Divide by the sum of the weights (sum = ${formatWeight(sum)})`;
  }

  function currentKernel() {
    return { weights: effectiveWeights(grid.values(), ui.normalise.checked), size: grid.size };
  }

  // --- updating ------------------------------------------------------------------------------------------

  // Runs one update after another until the inputs stop changing; requests during an update coalesce.
  async function requestUpdate() {
    updateNormaliseLabel();
    if (!tf || !image) return;
    if (running) {
      pending = true;
      return;
    }
    running = true;
    element.dataset.busy = "true";
    try {
      do {
        pending = false;
        await updateOnce();
      } while (pending && !stopped);
    } catch (error) {
      if (!stopped) showMessage(`The output could not be computed: ${error.message}`);
    } finally {
      running = false;
      element.dataset.busy = "false";
    }
  }

  async function updateOnce() {
    const { weights, size } = currentKernel();
    const current = image;
    const start = performance.now();
    const data = await convolveForReader(tf, current, weights, size);
    const convolveMs = performance.now() - start;
    await yieldToBrowser(); // drawing the output is a task of its own, not one long one with the computing
    if (stopped) return;
    const note = renderOutput(ui.output.canvas, data, current.width, current.height, ui.display.value);
    ui.output.caption.textContent = `Output (${note})`;
    last = { data, weights, size, width: current.width, height: current.height, chw: current.chw, tensor: current.tensor };
    renderSelection();
    const totalMs = performance.now() - start;
    element.dataset.convolveMs = convolveMs.toFixed(3);
    element.dataset.lastMs = totalMs.toFixed(3);
    element.dataset.updates = String(Number(element.dataset.updates) + 1);
    status.update({ lastMs: totalMs, message: "" });
    race.schedule();
  }

  // --- the explained pixel -------------------------------------------------------------------------------

  function renderSelection() {
    if (!last || !selected) return;
    const { x, y } = selected;
    const half = (last.size - 1) / 2;
    placeMarker(ui.input.marker, last.width, last.height, x - half, y - half, x + half + 1, y + half + 1);
    placeMarker(ui.output.marker, last.width, last.height, x, y, x + 1, y + 1);
    const channel = Number(ui.channel.value);
    renderExplanation(ui.explain, {
      x,
      y,
      channelName: CHANNEL_NAMES[channel],
      patch: patchAt(last.chw, last.width, last.height, channel, x, y, last.size),
      weights: last.weights,
      size: last.size,
      output: last.data[channel * last.width * last.height + y * last.width + x],
    });
  }

  function selectFromPointer(event) {
    if (!last) return;
    const box = event.currentTarget.getBoundingClientRect();
    const x = Math.floor(((event.clientX - box.left) / box.width) * last.width);
    const y = Math.floor(((event.clientY - box.top) / box.height) * last.height);
    selected = { x: Math.min(last.width - 1, Math.max(0, x)), y: Math.min(last.height - 1, Math.max(0, y)) };
    renderSelection();
  }

  function onOutputKey(event) {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (!(event.key in moves) || !last) return;
    event.preventDefault();
    const step = event.shiftKey ? 10 : 1;
    const [dx, dy] = moves[event.key];
    selected = {
      x: Math.min(last.width - 1, Math.max(0, selected.x + dx * step)),
      y: Math.min(last.height - 1, Math.max(0, selected.y + dy * step)),
    };
    renderSelection();
  }

  // --- image sources -------------------------------------------------------------------------------------

  const sources = createSources(ui, element, signal, {
    image: (pixels, label) => {
      setImage(pixels);
      showSource(label);
      requestUpdate();
    },
    message: showMessage,
    busy: () => running,
    stopped: () => stopped,
  });

  const loadSample = () => {
    const sample = catalogue.samples.find((s) => s.slug === ui.sample.value);
    return sample ? sources.loadSample(sample) : Promise.resolve();
  };

  async function loadFile() {
    const file = ui.fileInput.files[0];
    if (!file) return;
    await sources.loadFile(file);
    ui.fileInput.value = ""; // choosing the same file again still fires "change"
  }

  // --- kernel controls -----------------------------------------------------------------------------------

  function applyPreset() {
    const preset = catalogue.kernels.find((p) => p.slug === ui.preset.value);
    if (!preset) return;
    const { values, normalise } = presetCells(preset);
    ui.size.value = String(preset.size);
    ui.normalise.checked = normalise;
    ui.display.value = preset.display;
    grid.set(preset.size, values);
    showMessage("");
    requestUpdate();
  }

  function changeSize() {
    const to = Number(ui.size.value);
    grid.set(to, resized(grid.values(), grid.size, to));
    ui.preset.value = "custom";
    showMessage(""); // the rebuilt grid holds only numbers: no cell is flagged any more
    requestUpdate();
  }

  const listeners = [
    [ui.preset, "change", applyPreset],
    [ui.size, "change", changeSize],
    [ui.normalise, "change", () => requestUpdate()],
    [ui.display, "change", () => requestUpdate()],
    [ui.channel, "change", renderSelection],
    [ui.sample, "change", loadSample],
    [ui.fileInput, "change", loadFile],
    [ui.webcam, "click", sources.toggleWebcam],
    [ui.output.canvas, "pointermove", selectFromPointer],
    [ui.output.canvas, "pointerdown", selectFromPointer],
    [ui.input.canvas, "pointerdown", selectFromPointer],
    [ui.output.canvas, "keydown", onOutputKey],
  ];
  for (const [target, type, handler] of listeners) target.addEventListener(type, handler);

  element.kernelPlayground = {
    // The raw output of the last update: float32 values in CHW order, base64-encoded.
    output: () =>
      last && { width: last.width, height: last.height, channels: CHANNELS, base64: base64OfFloats(last.data) },
  };

  const cleanup = () => {
    stopped = true;
    sources.stopWebcam();
    race.stop();
    for (const [target, type, handler] of listeners) target.removeEventListener(type, handler);
    image?.tensor.dispose();
    image = null;
    last = null;
    delete element.kernelPlayground;
    root.remove();
  };

  // --- start: presets and a backend, the first photo, then the backend measured on it --------------------
  grid.set(3, [0, 0, 0, 0, 1, 0, 0, 0, 0]);
  try {
    const response = await fetch(siteUrl("figures/kernels/presets.json"), { signal });
    if (!response.ok) throw new Error(`the kernel presets could not be downloaded (HTTP ${response.status})`);
    catalogue = await response.json();
    for (const preset of catalogue.kernels) ui.preset.append(new Option(preset.label, preset.slug));
    for (const sample of catalogue.samples) ui.sample.insertBefore(new Option(sample.label, sample.slug), ui.ownImage);
    ui.sample.value = catalogue.samples[0]?.slug ?? "";
    await startBackend(status);
    ui.preset.value = "sharpen";
    applyPreset();
    await loadSample();
    backend = await settleBackend(status, "kernel-playground", probeConvolution);
    signal?.throwIfAborted();
  } catch (error) {
    if (error.name === "AbortError") {
      cleanup();
      throw error;
    }
    showMessage(`The playground could not start: ${error.message}`);
    element.dataset.busy = "false";
    return cleanup;
  }
  tf = globalThis.tf;
  if (image) await requestUpdate();
  else element.dataset.busy = "false"; // no photo could load: the message says why, an upload still works
  return cleanup;
}
