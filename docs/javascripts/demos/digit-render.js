// The drawing half of the draw-a-digit demo: pad, model input, probability bars, feature maps, kernels and
// the arithmetic of one output value. Only touches the page; every number comes from digit-model.js.

import { divergingColour, INK, rgb } from "../palette.js";

const IMAGE_SIZE = 28;
const INK_RGB = rgb(INK);

// Fills a canvas, pixel by pixel, from a function (row, col) -> [r, g, b].
function paintPixels(canvas, width, height, colourAt) {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext("2d");
  const pixels = context.createImageData(width, height);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const [r, g, b] = colourAt(row, col);
      const at = (row * width + col) * 4;
      pixels.data[at] = r;
      pixels.data[at + 1] = g;
      pixels.data[at + 2] = b;
      pixels.data[at + 3] = 255;
    }
  }
  context.putImageData(pixels, 0, 0);
}

// Grey levels: 0 is white paper, 1 is full ink (the model's input uses 1 for ink, like MNIST).
function inkColour(value) {
  const t = Math.min(1, Math.max(0, value));
  return [255, 255, 255].map((paper, i) => Math.round(paper + (INK_RGB[i] - paper) * t));
}

// --- the drawing pad ----------------------------------------------------------------------------------------

// The strokes as the reader drew them (canvas lines are fine for display: the model never sees these pixels).
export function renderStrokes(canvas, strokes) {
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.strokeStyle = INK;
  context.fillStyle = INK;
  context.lineWidth = canvas.width / 28;
  context.lineCap = "round";
  context.lineJoin = "round";
  for (const stroke of strokes) {
    if (stroke.length === 1) {
      context.beginPath();
      context.arc(stroke[0][0], stroke[0][1], context.lineWidth / 2, 0, 2 * Math.PI);
      context.fill();
      continue;
    }
    context.beginPath();
    stroke.forEach(([x, y], i) => (i === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
    context.stroke();
  }
}

// A 28×28 image (784 values 0..1) drawn pixel-exact; CSS scales the canvas up with crisp pixels.
export function renderImage(canvas, image) {
  paintPixels(canvas, IMAGE_SIZE, IMAGE_SIZE, (row, col) => inkColour(image ? image[row * IMAGE_SIZE + col] : 0));
}

// --- probabilities ------------------------------------------------------------------------------------------

// Ten rows "digit | bar | percent", built once and updated in place so nothing jumps while drawing.
export function createBars(container) {
  container.classList.add("tfv-bars", "tfv-digit__bars");
  container.setAttribute("role", "list");
  container.setAttribute("aria-label", "Probability of each digit");
  const rows = [];
  for (let digit = 0; digit < 10; digit++) {
    const label = document.createElement("span");
    label.textContent = String(digit);
    label.className = "tfv-digit__bar-label";
    const track = document.createElement("span");
    track.className = "tfv-digit__bar-track";
    const bar = document.createElement("span");
    bar.className = "tfv-bar";
    track.append(bar);
    const value = document.createElement("span");
    value.className = "tfv-digit__bar-value";
    const row = document.createElement("span");
    row.className = "tfv-digit__bar-row";
    row.setAttribute("role", "listitem");
    row.append(label, track, value);
    container.append(row);
    rows.push({ row, bar, value });
  }
  return (probabilities) => {
    const best = probabilities ? probabilities.indexOf(Math.max(...probabilities)) : -1;
    rows.forEach(({ row, bar, value }, digit) => {
      const p = probabilities ? probabilities[digit] : 0;
      bar.style.width = `${(100 * p).toFixed(1)}%`;
      value.textContent = probabilities ? `${(100 * p).toFixed(1)}%` : "–";
      row.classList.toggle("tfv-digit__bar-row--best", digit === best);
      row.setAttribute("aria-label", probabilities ? `${digit}: ${(100 * p).toFixed(1)} percent` : `${digit}: none`);
    });
  };
}

// --- feature maps -------------------------------------------------------------------------------------------

// The largest absolute value in a layer's output: every map of a layer shares one colour scale, so a map that
// responds weakly looks pale next to one that responds strongly.
export function largestMagnitude(values) {
  let largest = 0;
  for (const v of values) largest = Math.max(largest, Math.abs(v));
  return largest || 1;
}

export function renderMap(canvas, layerResult, channel, scale) {
  const [height, width, channels] = layerResult.layer.shape;
  const { output } = layerResult;
  paintPixels(canvas, width, height, (row, col) =>
    divergingColour(output[(row * width + col) * channels + channel] / scale),
  );
}

// A kernel slice (height × width weights) in the diverging colours, scaled by the largest weight of the kernel.
export function renderKernelSlice(canvas, weights, height, width, scale) {
  paintPixels(canvas, width, height, (row, col) => divergingColour(weights[row * width + col] / scale));
}

// --- the arithmetic of one output value --------------------------------------------------------------------

const format = (x) => (Object.is(x, -0) ? 0 : x).toFixed(3);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// A small table of numbers (a patch or kernel slice), each cell tinted by its value.
function numberGrid(values, width, scale, label) {
  const grid = element("table", "tfv-digit__grid");
  grid.setAttribute("aria-label", label);
  for (let row = 0; row < values.length / width; row++) {
    const tr = element("tr");
    for (let col = 0; col < width; col++) {
      const v = values[row * width + col];
      const td = element("td", "", format(v));
      const [r, g, b] = divergingColour(v / scale);
      td.style.background = `rgb(${r} ${g} ${b})`;
      tr.append(td);
    }
    grid.append(tr);
  }
  return grid;
}

// Up to this many input channels are written out term by term; beyond it each channel is one line.
const CHANNELS_WRITTEN_OUT = 1;

export function renderConvArithmetic(container, explanation, where) {
  const { slices, bias, preActivation, activation, value, shown, kernelWidth } = explanation;
  container.replaceChildren();
  container.append(element("p", "", `How ${where} was computed, redone here in plain JavaScript:`));
  const largestWeight = largestMagnitude(slices.flatMap((s) => s.weights));
  if (slices.length <= CHANNELS_WRITTEN_OUT) {
    const { patch, weights, sum } = slices[0];
    const row = element("div", "tfv-digit__arith-row");
    row.append(
      numberGrid(patch, kernelWidth, 1, "input patch"),
      element("span", "tfv-digit__op", "×"),
      numberGrid(weights, kernelWidth, largestWeight, "kernel weights"),
      element("span", "tfv-digit__op", `= ${format(sum)}`),
    );
    container.append(row);
    const terms = patch.map((x, i) => `${format(x)}×${format(weights[i])}`).join(" + ");
    container.append(element("p", "tfv-digit__terms", `${terms} = ${format(sum)}`));
  } else {
    container.append(
      element(
        "p",
        "",
        `The kernel has one ${explanation.kernelHeight}×${kernelWidth} slice per input channel (${slices.length}); ` +
          "each slice multiplies the same patch position of its channel:",
      ),
    );
    const list = element("div", "tfv-digit__slices");
    for (const { channel, patch, weights, sum } of slices) {
      const item = element("div", "tfv-digit__slice");
      const canvas = element("canvas");
      canvas.setAttribute("aria-hidden", "true");
      renderKernelSlice(canvas, weights, explanation.kernelHeight, kernelWidth, largestWeight);
      item.append(canvas, element("span", "", `ch ${channel}: ${format(sum)}`));
      item.title = `channel ${channel}: patch ${patch.map(format).join(", ")} × weights ${weights.map(format).join(", ")}`;
      list.append(item);
    }
    container.append(list);
  }
  const sums = slices.length <= CHANNELS_WRITTEN_OUT ? format(slices[0].sum) : `Σ of the ${slices.length} channel sums`;
  container.append(element("p", "tfv-digit__equation", `${sums} + bias ${format(bias)} = ${format(preActivation)}`));
  if (activation) {
    container.append(
      element("p", "tfv-digit__equation", `${activation}(${format(preActivation)}) = ${format(value)}`),
    );
  }
  showCheck(container, value ?? preActivation, shown);
}

// The value recomputed here next to the one TF.js computed (also as data attributes, which tests read).
function showCheck(container, computed, shown) {
  container.dataset.computed = String(computed);
  container.dataset.shown = String(shown);
  const difference = Math.abs(shown - computed).toExponential(1);
  container.append(element("p", "tfv-digit__check", `TF.js put ${format(shown)} in the feature map (difference ${difference}).`));
}

export function renderPoolArithmetic(container, explanation, where) {
  const { window, poolX, value, shown } = explanation;
  container.replaceChildren();
  container.append(element("p", "", `How ${where} was computed: the largest value of a ${explanation.poolY}×${poolX} window of the previous layer.`));
  const row = element("div", "tfv-digit__arith-row");
  row.append(
    numberGrid(window, poolX, largestMagnitude(window), "pooling window"),
    element("span", "tfv-digit__op", `max = ${format(value)}`),
  );
  container.append(row);
  showCheck(container, value, shown);
}
