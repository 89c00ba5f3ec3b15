// The arithmetic behind one value of a feature map, written out with the numbers TF.js used: the patch, the
// kernel slice, the sums, the bias and the activation, then the check against the value TF.js computed.
// Only touches the page; the numbers come from model.js (explainConvValue, explainPoolValue).

import { el } from "../../lib/dom.js";
import { divergingColour, textColourOn } from "../../lib/palette.js";
import { largestMagnitude, renderKernelSlice } from "./view.js";

const format = (x) => (Object.is(x, -0) ? 0 : x).toFixed(3);

// A small table of numbers (a patch or kernel slice), each cell tinted by its value.
function numberGrid(values, width, scale, label) {
  const grid = el("table", { class: "tfv-digit__grid", "aria-label": label });
  for (let row = 0; row < values.length / width; row++) {
    const tr = el("tr");
    for (let col = 0; col < width; col++) {
      const v = values[row * width + col];
      const td = el("td", {}, format(v));
      const colour = divergingColour(v / scale);
      td.style.background = `rgb(${colour.join(" ")})`;
      td.style.color = textColourOn(colour);
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
  container.append(el("p", {}, `How ${where} was computed, redone here in plain JavaScript:`));
  const largestWeight = largestMagnitude(slices.flatMap((s) => s.weights));
  if (slices.length <= CHANNELS_WRITTEN_OUT) {
    const { patch, weights, sum } = slices[0];
    const row = el("div", { class: "tfv-digit__arith-row" });
    row.append(
      numberGrid(patch, kernelWidth, 1, "input patch"),
      el("span", { class: "tfv-digit__op" }, "×"),
      numberGrid(weights, kernelWidth, largestWeight, "kernel weights"),
      el("span", { class: "tfv-digit__op" }, `= ${format(sum)}`),
    );
    container.append(row);
    const terms = patch.map((x, i) => `${format(x)}×${format(weights[i])}`).join(" + ");
    container.append(el("p", { class: "tfv-digit__terms" }, `${terms} = ${format(sum)}`));
  } else {
    container.append(
      el(
        "p",
        {},
        `The kernel has one ${explanation.kernelHeight}×${kernelWidth} slice per input channel (${slices.length}); ` +
          "each slice multiplies the same patch position of its channel:",
      ),
    );
    const list = el("div", { class: "tfv-digit__slices" });
    for (const { channel, patch, weights, sum } of slices) {
      const item = el("div", { class: "tfv-digit__slice" });
      const canvas = el("canvas", { "aria-hidden": "true" });
      renderKernelSlice(canvas, weights, explanation.kernelHeight, kernelWidth, largestWeight);
      item.append(canvas, el("span", {}, `ch ${channel}: ${format(sum)}`));
      item.title = `channel ${channel}: patch ${patch.map(format).join(", ")} × weights ${weights.map(format).join(", ")}`;
      list.append(item);
    }
    container.append(list);
  }
  const sums = slices.length <= CHANNELS_WRITTEN_OUT ? format(slices[0].sum) : `Σ of the ${slices.length} channel sums`;
  container.append(el("p", { class: "tfv-digit__equation" }, `${sums} + bias ${format(bias)} = ${format(preActivation)}`));
  if (activation) {
    container.append(
      el("p", { class: "tfv-digit__equation" }, `${activation}(${format(preActivation)}) = ${format(value)}`),
    );
  }
  showCheck(container, value ?? preActivation, shown);
}

// The value recomputed here next to the one TF.js computed (also as data attributes, which tests read).
function showCheck(container, computed, shown) {
  container.dataset.computed = String(computed);
  container.dataset.shown = String(shown);
  const difference = Math.abs(shown - computed).toExponential(1);
  container.append(el("p", { class: "tfv-digit__check" }, `TF.js put ${format(shown)} in the feature map (difference ${difference}).`));
}

export function renderPoolArithmetic(container, explanation, where) {
  const { window, poolX, value, shown } = explanation;
  container.replaceChildren();
  container.append(el("p", {}, `How ${where} was computed: the largest value of a ${explanation.poolY}×${poolX} window of the previous layer.`));
  const row = el("div", { class: "tfv-digit__arith-row" });
  row.append(
    numberGrid(window, poolX, largestMagnitude(window), "pooling window"),
    el("span", { class: "tfv-digit__op" }, `max = ${format(value)}`),
  );
  container.append(row);
  showCheck(container, value, shown);
}
