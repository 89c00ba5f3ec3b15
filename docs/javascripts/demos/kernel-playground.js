// The kernel playground: pick or type a kernel, apply it to a photo, your own image or the webcam with
// tf.conv2d on the active TF.js backend, and inspect the multiply-add behind any output pixel.
//
// Files: kernel-playground/convolve.js (the computations), kernel-grid.js (the weight editor),
// image-sources.js (samples, files, webcam), render.js (drawing). This file wires them to the page.
//
// Test hooks: data-updates counts finished updates, data-busy is "true" while one is running or queued,
// data-last-ms / data-convolve-ms time the last one, and `element.kernelPlayground.output()` returns the
// raw float32 output (base64, CHW) so a test can compare it with SciPy without 8-bit rounding.

import { createStatusLine, siteUrl, startBackend } from "../runtime.js";
import {
  CHANNELS,
  convolveWithLoops,
  convolveWithTf,
  imageTensor,
  maxAbsDifference,
  patchAt,
  rgbaToChw,
} from "./kernel-playground/convolve.js";
import { decodeImage, fetchImage, MAX_SIDE, openWebcam, rasterize } from "./kernel-playground/image-sources.js";
import { createKernelGrid, formatWeight } from "./kernel-playground/kernel-grid.js";
import { DISPLAY_MODES, placeMarker, renderExplanation, renderOutput, renderRgba } from "./kernel-playground/render.js";

const CHANNEL_NAMES = ["red", "green", "blue"];
const RACE_INTERVAL_MS = 1000; // the JavaScript loop runs at most once a second: it blocks the page
// performance.now() can be coarsened to 0.1 ms: a ratio of times is taken with at least this in each.
const TIMER_RESOLUTION_MS = 0.1;

// --- building the controls ---------------------------------------------------------------------------------

function labelled(text, control) {
  const label = document.createElement("label");
  label.className = "kp-field";
  const span = document.createElement("span");
  span.textContent = text;
  label.append(span, control);
  return label;
}

function select(testid, options) {
  const element = document.createElement("select");
  element.dataset.testid = testid;
  for (const [value, text] of options) element.append(new Option(text, value));
  return element;
}

function canvasFrame(testid, label) {
  const frame = document.createElement("figure");
  frame.className = "kp-frame";
  const canvas = document.createElement("canvas");
  canvas.dataset.testid = testid;
  canvas.width = canvas.height = 1;
  const marker = document.createElement("div");
  marker.className = "kp-marker";
  marker.setAttribute("aria-hidden", "true");
  const box = document.createElement("div");
  box.className = "kp-canvas-box";
  box.append(canvas, marker);
  const caption = document.createElement("figcaption");
  caption.textContent = label;
  frame.append(box, caption);
  return { frame, canvas, marker, caption };
}

// The sum of the weights, or exactly 0 when it misses 0 only by float rounding (0.1 + 0.2 - 0.3, or a weight
// nudged up and down): dividing by such a sum would blow the weights up by ~1e16.
function weightSum(values) {
  const sum = values.reduce((a, b) => a + b, 0);
  const largest = values.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
  return Math.abs(sum) <= 1e-9 * largest ? 0 : sum;
}

// Weights as the grid holds them -> the weights applied (divided by their sum when asked and possible).
function effectiveWeights(values, normalise) {
  const sum = weightSum(values);
  const divide = normalise && sum !== 0;
  return Float32Array.from(values, (v) => (divide ? v / sum : v));
}

// A preset as the reader sees it in the grid: integers plus "divide by the sum" when that is its divisor.
function presetCells(preset) {
  const integers = preset.integers.flat();
  const sum = integers.reduce((a, b) => a + b, 0);
  if (preset.divisor === 1) return { values: integers, normalise: false };
  if (preset.divisor === sum) return { values: integers, normalise: true };
  return { values: integers.map((v) => v / preset.divisor), normalise: false };
}

function resized(values, from, to) {
  // Keeps the kernel centred: a 3×3 becomes the middle of a 5×5, a 5×5 loses its outer ring.
  const out = new Array(to * to).fill(0);
  const shift = (to - from) / 2;
  for (let i = 0; i < from; i++) {
    for (let j = 0; j < from; j++) {
      const r = i + shift;
      const c = j + shift;
      if (r >= 0 && r < to && c >= 0 && c < to) out[r * to + c] = values[i * from + j];
    }
  }
  return out;
}

function base64OfFloats(floats) {
  const bytes = new Uint8Array(floats.buffer, floats.byteOffset, floats.byteLength);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

// --- the demo ------------------------------------------------------------------------------------------------

export async function mount(element, signal) {
  const root = document.createElement("div");
  root.className = "kp";
  element.append(root);
  element.dataset.updates = "0";
  element.dataset.busy = "true";

  // Controls: kernel
  const kernelPanel = document.createElement("div");
  kernelPanel.className = "kp-kernel";
  const presetSelect = select("preset", [["custom", "Custom"]]);
  const sizeSelect = select("size", [
    ["3", "3×3"],
    ["5", "5×5"],
  ]);
  const normaliseBox = document.createElement("input");
  normaliseBox.type = "checkbox";
  normaliseBox.dataset.testid = "normalise";
  const normaliseLabel = labelled("", normaliseBox);
  normaliseLabel.classList.add("kp-check");
  const displaySelect = select("display", Object.entries(DISPLAY_MODES));
  const kernelFields = document.createElement("div");
  kernelFields.className = "kp-fields";
  kernelFields.append(labelled("Kernel", presetSelect), labelled("Size", sizeSelect));
  const gridHolder = document.createElement("div");
  kernelPanel.append(kernelFields, gridHolder, normaliseLabel, labelled("Show the output", displaySelect));

  // Controls: image
  const sourcePanel = document.createElement("div");
  sourcePanel.className = "kp-fields";
  const sampleSelect = select("sample", []);
  const fileInput = document.createElement("input");
  fileInput.type = "file";
  fileInput.accept = "image/*";
  fileInput.dataset.testid = "file-input";
  const webcamButton = document.createElement("button");
  webcamButton.type = "button";
  webcamButton.className = "md-button";
  webcamButton.dataset.testid = "webcam";
  webcamButton.textContent = "Use the webcam";
  sourcePanel.append(
    labelled("Photo", sampleSelect),
    labelled(`Your own image (shrunk to ${MAX_SIDE} px)`, fileInput),
    webcamButton,
  );

  const message = document.createElement("div");
  message.className = "kp-message";
  message.dataset.testid = "message";
  message.setAttribute("aria-live", "polite");

  const input = canvasFrame("input-canvas", "Input");
  const output = canvasFrame("output-canvas", "Output");
  output.canvas.tabIndex = 0;
  output.canvas.setAttribute("role", "img");
  output.canvas.setAttribute("aria-label", "Output image. Arrow keys pick a pixel to explain; Shift moves 10 pixels.");
  const images = document.createElement("div");
  images.className = "kp-images";
  images.append(input.frame, output.frame);

  const explainChannel = select("channel", CHANNEL_NAMES.map((name, i) => [String(i), name]));
  const explain = document.createElement("div");
  explain.className = "kp-explain";
  explain.dataset.testid = "explain";
  explain.setAttribute("aria-live", "polite");
  const explainPanel = document.createElement("section");
  explainPanel.className = "kp-explain-panel";
  const explainHeading = document.createElement("h4");
  explainHeading.textContent = "One output pixel, worked out";
  explainPanel.append(explainHeading, labelled("Channel", explainChannel), explain);

  const race = document.createElement("p");
  race.className = "kp-race";
  race.dataset.testid = "race";
  race.setAttribute("aria-live", "polite");

  const controls = document.createElement("div");
  controls.className = "kp-controls";
  controls.append(kernelPanel, sourcePanel);
  root.append(controls, message, images, race, explainPanel);
  const status = createStatusLine(root);

  const grid = createKernelGrid(gridHolder, {
    onChange: () => {
      presetSelect.value = "custom";
      if (!grid.hasInvalid()) showMessage(""); // another cell may still hold text that is not a number
      requestUpdate();
    },
    onInvalid: (text) => showMessage(text),
  });

  // --- state ---------------------------------------------------------------------------------------------
  let tf = null;
  let backend = null;
  let catalogue = { kernels: [], samples: [] }; // figures/kernels/presets.json: the preset kernels and photos
  let image = null; // {width, height, chw, tensor}
  let last = null; // {data, weights, size, width, height, chw}: what the output canvas shows
  let selected = null; // {x, y} of the explained output pixel
  let running = false;
  let pending = false;
  let stopped = false;
  let webcam = null; // {video, stop}
  let imageRequest = 0; // bumps on every image choice, so a slow load cannot replace a newer choice
  let frameRequest = 0;
  let raceTimer = 0;
  let lastRaceAt = -Infinity;

  function showMessage(text) {
    message.textContent = text;
    message.classList.toggle("tfv-error", Boolean(text));
    if (text) message.setAttribute("role", "alert");
    else message.removeAttribute("role");
  }

  function setImage(pixels) {
    const chw = rgbaToChw(pixels.rgba, pixels.width, pixels.height);
    const tensor = imageTensor(tf, chw, pixels.width, pixels.height); // first: if it throws, the old image stays
    image?.tensor.dispose();
    image = { width: pixels.width, height: pixels.height, chw, tensor };
    renderRgba(input.canvas, pixels.width, pixels.height, pixels.rgba);
    input.caption.textContent = `Input, ${pixels.width}×${pixels.height}`;
    element.dataset.imageWidth = pixels.width;
    element.dataset.imageHeight = pixels.height;
    if (!selected || selected.x >= pixels.width || selected.y >= pixels.height) {
      selected = { x: Math.floor(pixels.width / 2), y: Math.floor(pixels.height / 2) };
    }
  }

  function updateNormaliseLabel() {
    const sum = weightSum(grid.values());
    normaliseLabel.querySelector("span").textContent =
      sum === 0
        ? "Divide by the sum of the weights (the sum is 0: nothing to divide by, weights used as they are)"
        : `Divide by the sum of the weights (sum = ${formatWeight(sum)})`;
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
    const result = convolveWithTf(tf, current.tensor, weights, size);
    let data;
    try {
      data = await result.data(); // waits for the backend (WebGL runs asynchronously)
    } finally {
      result.dispose();
    }
    const convolveMs = performance.now() - start;
    if (stopped) return;
    const note = renderOutput(output.canvas, data, current.width, current.height, displaySelect.value);
    output.caption.textContent = `Output (${note})`;
    last = { data, weights, size, width: current.width, height: current.height, chw: current.chw };
    renderSelection();
    const totalMs = performance.now() - start;
    element.dataset.convolveMs = convolveMs.toFixed(3);
    element.dataset.lastMs = totalMs.toFixed(3);
    element.dataset.updates = String(Number(element.dataset.updates) + 1);
    status.update({ lastMs: totalMs, message: "" });
    race.dataset.tfMs = convolveMs.toFixed(3);
    scheduleRace();
  }

  function currentKernel() {
    return { weights: effectiveWeights(grid.values(), normaliseBox.checked), size: grid.size };
  }

  // "Why a GPU?": the same convolution as plain JavaScript loops, timed against the backend's last update.
  function scheduleRace() {
    if (raceTimer) return;
    const wait = Math.max(200, lastRaceAt + RACE_INTERVAL_MS - performance.now());
    raceTimer = setTimeout(runRace, wait);
  }

  function runRace() {
    raceTimer = 0;
    if (stopped || !last) return;
    lastRaceAt = performance.now();
    const start = performance.now();
    const loops = convolveWithLoops(last.chw, last.width, last.height, last.weights, last.size);
    const loopMs = performance.now() - start;
    const tfMs = Number(race.dataset.tfMs);
    race.dataset.loopMs = loopMs.toFixed(3);
    const [loopAtLeast, tfAtLeast] = [loopMs, tfMs].map((ms) => Math.max(ms, TIMER_RESOLUTION_MS));
    const verdict =
      loopMs >= tfMs
        ? `TensorFlow.js is ${(loopAtLeast / tfAtLeast).toFixed(1)}× faster`
        : `the plain loop is ${(tfAtLeast / loopAtLeast).toFixed(1)}× faster here`;
    race.textContent =
      `Why a GPU? One convolution of this ${last.width}×${last.height}×${CHANNELS} image with a ` +
      `${last.size}×${last.size} kernel took ${tfMs.toFixed(1)} ms with TensorFlow.js on ${backend.label} ` +
      `(result copied back to JavaScript included) and ` +
      `${loopMs.toFixed(1)} ms as a plain JavaScript loop: ${verdict}. The two results differ by at most ` +
      `${maxAbsDifference(loops, last.data).toExponential(1)}.`;
  }

  // --- the explained pixel -------------------------------------------------------------------------------

  function renderSelection() {
    if (!last || !selected) return;
    const { x, y } = selected;
    const half = (last.size - 1) / 2;
    placeMarker(input.marker, last.width, last.height, x - half, y - half, x + half + 1, y + half + 1);
    placeMarker(output.marker, last.width, last.height, x, y, x + 1, y + 1);
    const channel = Number(explainChannel.value);
    renderExplanation(explain, {
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

  async function loadSample() {
    const sample = catalogue.samples.find((s) => s.slug === sampleSelect.value);
    const request = ++imageRequest;
    stopWebcam();
    try {
      const pixels = await fetchImage(siteUrl(sample.path), sample.label, { signal });
      // The reader left while it loaded (no tensor for a demo that is gone), or chose another image since.
      if (stopped || request !== imageRequest) return;
      setImage(pixels);
      showMessage("");
      requestUpdate();
    } catch (error) {
      if (error.name !== "AbortError") showMessage(error.message);
    }
  }

  async function loadFile() {
    const file = fileInput.files[0];
    if (!file) return;
    const request = ++imageRequest;
    stopWebcam();
    try {
      const pixels = await decodeImage(file, file.name);
      if (stopped || request !== imageRequest) return;
      setImage(pixels);
      showMessage("");
      requestUpdate();
    } catch (error) {
      showMessage(error.message);
    } finally {
      fileInput.value = ""; // choosing the same file again still fires "change"
    }
  }

  function stopWebcam() {
    if (!webcam) return;
    cancelAnimationFrame(frameRequest);
    webcam.stop();
    webcam = null;
    webcamButton.textContent = "Use the webcam";
    element.dataset.webcam = "off";
  }

  // Each animation frame takes the newest video frame, unless the previous one is still being filtered.
  function onFrame() {
    if (!webcam || stopped) return;
    const { video } = webcam;
    if (!running && video.videoWidth > 0) {
      setImage(rasterize(video, video.videoWidth, video.videoHeight));
      requestUpdate();
    }
    frameRequest = requestAnimationFrame(onFrame);
  }

  async function toggleWebcam() {
    if (webcam) {
      stopWebcam();
      return;
    }
    webcamButton.disabled = true;
    const request = ++imageRequest;
    try {
      const opened = await openWebcam(() => {
        stopWebcam();
        showMessage("The camera stopped sending frames (unplugged, or taken by another application).");
      });
      if (stopped || request !== imageRequest) {
        opened.stop();
        return;
      }
      webcam = opened;
      webcamButton.textContent = "Stop the webcam";
      element.dataset.webcam = "on";
      showMessage("");
      frameRequest = requestAnimationFrame(onFrame);
    } catch (error) {
      showMessage(error.message);
    } finally {
      webcamButton.disabled = false;
    }
  }

  // --- kernel controls -----------------------------------------------------------------------------------

  function applyPreset() {
    const preset = catalogue.kernels.find((p) => p.slug === presetSelect.value);
    if (!preset) return;
    const { values, normalise } = presetCells(preset);
    sizeSelect.value = String(preset.size);
    normaliseBox.checked = normalise;
    displaySelect.value = preset.display;
    grid.set(preset.size, values);
    showMessage("");
    requestUpdate();
  }

  function changeSize() {
    const to = Number(sizeSelect.value);
    grid.set(to, resized(grid.values(), grid.size, to));
    presetSelect.value = "custom";
    showMessage(""); // the rebuilt grid holds only numbers: no cell is flagged any more
    requestUpdate();
  }

  const listeners = [
    [presetSelect, "change", applyPreset],
    [sizeSelect, "change", changeSize],
    [normaliseBox, "change", () => requestUpdate()],
    [displaySelect, "change", () => requestUpdate()],
    [explainChannel, "change", renderSelection],
    [sampleSelect, "change", loadSample],
    [fileInput, "change", loadFile],
    [webcamButton, "click", toggleWebcam],
    [output.canvas, "pointermove", selectFromPointer],
    [output.canvas, "pointerdown", selectFromPointer],
    [input.canvas, "pointerdown", selectFromPointer],
    [output.canvas, "keydown", onOutputKey],
  ];
  for (const [target, type, handler] of listeners) target.addEventListener(type, handler);

  element.kernelPlayground = {
    // The raw output of the last update: float32 values in CHW order, base64-encoded.
    output: () =>
      last && { width: last.width, height: last.height, channels: CHANNELS, base64: base64OfFloats(last.data) },
  };

  const cleanup = () => {
    stopped = true;
    stopWebcam();
    clearTimeout(raceTimer);
    for (const [target, type, handler] of listeners) target.removeEventListener(type, handler);
    image?.tensor.dispose();
    image = null;
    last = null;
    delete element.kernelPlayground;
    root.remove();
  };

  // --- start ---------------------------------------------------------------------------------------------
  grid.set(3, [0, 0, 0, 0, 1, 0, 0, 0, 0]);
  try {
    const response = await fetch(siteUrl("figures/kernels/presets.json"), { signal });
    if (!response.ok) throw new Error(`the kernel presets could not be downloaded (HTTP ${response.status})`);
    catalogue = await response.json();
    for (const preset of catalogue.kernels) presetSelect.append(new Option(preset.label, preset.slug));
    for (const sample of catalogue.samples) sampleSelect.append(new Option(sample.label, sample.slug));
    backend = await startBackend(status);
    tf = globalThis.tf;
  } catch (error) {
    if (error.name === "AbortError") {
      cleanup();
      throw error;
    }
    showMessage(`The playground could not start: ${error.message}`);
    element.dataset.busy = "false";
    return cleanup;
  }
  presetSelect.value = "sharpen";
  applyPreset();
  await loadSample();
  if (!image) element.dataset.busy = "false";
  return cleanup;
}
