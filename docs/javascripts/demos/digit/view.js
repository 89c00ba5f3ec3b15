// The page side of the draw-a-digit demo: the layout, the pad, the model's input, the probability bars, feature
// maps and kernel slices. Only touches the page (no TF.js); every number comes from model.js.

import { el } from "../../lib/dom.js";
import { divergingColour, INK, rgb } from "../../lib/palette.js";

export const PAD_SIZE = 280; // pad coordinates: the strokes are recorded in these units whatever the CSS size

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

// --- the layout ---------------------------------------------------------------------------------------------

// Builds every box of the demo at its final size, before the model has loaded: nothing below it moves later.
// `compact` (the CNN overview page) leaves out the feature maps and the arithmetic.
export function buildLayout(element, compact) {
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
  // Softmax always sums to one, so even a scribble gets a "confident" answer: say what the bars are.
  const barsNote = el(
    "p",
    { class: "tfv-digit__bars-note" },
    "Probabilities add up to 100% even for a scribble: they say which digit, not how digit-like.",
  );
  const result = el("div", { class: "tfv-digit__result" });
  result.append(prediction, barsBox, barsNote);

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

  // The feature maps and the selected map's details, for the caller to place (under the status line): built
  // here, attached there.
  const layersBox = compact ? null : el("div", { class: "tfv-digit__layers" });
  const details = compact
    ? null
    : el("section", { class: "tfv-digit__details", "aria-live": "polite", "aria-label": "Selected feature map" });
  return { pad, input, inputFacts, prediction, barsBox, result, clear, heldout, heldoutInfo, layersBox, details };
}

// A 28×28 image drawn pixel-exact onto the (much larger) pad, for a held-out digit.
export function renderImageOnPad(pad, image) {
  const small = document.createElement("canvas");
  renderImage(small, image);
  const context = pad.getContext("2d");
  context.imageSmoothingEnabled = false;
  context.drawImage(small, 0, 0, pad.width, pad.height);
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
    const bar = el("span", { class: "tfv-bar" });
    const track = el("span", { class: "tfv-digit__bar-track" });
    track.append(bar);
    const value = el("span", { class: "tfv-digit__bar-value" });
    const row = el("span", { class: "tfv-digit__bar-row", role: "listitem" });
    row.append(el("span", { class: "tfv-digit__bar-label" }, String(digit)), track, value);
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
