// The feature maps of every convolution and pooling layer, and the enlarged view of the one the reader picks,
// with the kernel behind it and the arithmetic of any one of its values.
//
// Keyboard: each layer's maps form one listbox (one Tab stop). Tab lands on the layer's chosen map without
// changing anything; the arrow keys, Home and End move and choose; Enter or Space choose the focused map. In the
// enlarged map, the arrow keys pick the value to explain.

import { el } from "../../lib/dom.js";
import { renderConvArithmetic, renderPoolArithmetic } from "./arithmetic-view.js";
import { explainConvValue, explainPoolValue, strongestPosition } from "./model.js";
import { largestMagnitude, renderKernelSlice, renderMap } from "./view.js";

const ZOOM = 8; // screen pixels per feature-map value in the enlarged view
const MOVES = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

function describeLayer(layer) {
  if (!layer.config) return layer.type === "Conv2D" ? "convolution" : "max pooling";
  return layer.type === "Conv2D"
    ? `${layer.config.kernelSize.join("×")} convolution, ${layer.activation}`
    : `${layer.config.poolSize.join("×")} max pooling`;
}

// `headingLevel` continues the page's outline (a layer's heading, then the selected map's).
export function createLayerExplorer({ layersBox, details, listen, headingLevel }) {
  let views = []; // {layer, canvases} per shown layer
  let selected = null; // {view, channel, position: {row, col} | null (follow the strongest value)}
  let last = null; // the latest prediction's layers
  let parts = null; // the details panel's zoom canvas, kernel box and arithmetic box

  // One listbox of small canvases per layer. `layers` come from the card while the model loads (then
  // `selectable` is false) and from the loaded model afterwards.
  function buildViews(layers, selectable) {
    layersBox.replaceChildren();
    views = layers.map((layer) => {
      const [height, width, channels] = layer.shape;
      const section = el("section", { class: "tfv-digit__layer" });
      const title = `${layer.name}: ${channels} maps of ${height}×${width} (${describeLayer(layer)})`;
      section.append(el(`h${headingLevel}`, { class: "tfv-demo-heading tfv-digit__layer-title" }, title));
      const list = el("div", {
        class: "tfv-digit__maps",
        role: "listbox",
        "aria-label": `Feature maps of ${layer.name}`,
        "aria-orientation": "horizontal",
      });
      const canvases = Array.from({ length: channels }, (_, channel) =>
        el("canvas", {
          width,
          height,
          role: "option",
          tabindex: channel === 0 ? "0" : "-1",
          "aria-selected": "false",
          "aria-label": `${layer.name} map ${channel + 1} of ${channels}`,
          class: "tfv-digit__map",
          "data-layer": layer.name,
          "data-channel": channel,
        }),
      );
      list.append(...canvases);
      section.append(list);
      layersBox.append(section);
      const view = { layer, canvases };
      if (selectable) listenToList(view, list);
      return view;
    });
  }

  function listenToList(view, list) {
    const { canvases } = view;
    view.canvases.forEach((canvas, channel) => listen(canvas, "click", () => choose(view, channel, true)));
    listen(list, "keydown", (event) => {
      const current = canvases.indexOf(document.activeElement);
      if (current < 0) return;
      let next = null;
      if (event.key in MOVES) next = current + MOVES[event.key];
      if (event.key === "Home") next = 0;
      if (event.key === "End") next = canvases.length - 1;
      if (event.key === "Enter" || event.key === " ") next = current;
      if (next === null) return;
      event.preventDefault();
      choose(view, Math.min(canvases.length - 1, Math.max(0, next)), true);
    });
  }

  function choose(view, channel, focus) {
    // Roving tab stop: within each layer, the last map chosen is the one Tab lands on.
    view.canvases.forEach((canvas, i) => (canvas.tabIndex = i === channel ? 0 : -1));
    if (focus) view.canvases[channel].focus();
    if (selected?.view === view && selected.channel === channel) return;
    for (const v of views) v.canvases.forEach((canvas) => canvas.setAttribute("aria-selected", "false"));
    view.canvases[channel].setAttribute("aria-selected", "true");
    selected = { view, channel, position: null };
    buildDetails();
    renderDetails();
  }

  function buildDetails() {
    const { view, channel } = selected;
    const [height, width] = view.layer.shape;
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
    const right = el("div");
    right.append(kernel, arithmetic);
    const body = el("div", { class: "tfv-digit__details-body" });
    body.append(left, right);
    const title = el(`h${headingLevel}`, { class: "tfv-demo-heading tfv-digit__details-title" }, `${view.layer.name}, map ${channel + 1}`);
    details.replaceChildren(title, body);
    const clamp = (row, col) => ({
      row: Math.min(height - 1, Math.max(0, row)),
      col: Math.min(width - 1, Math.max(0, col)),
    });
    listen(zoom, "click", (event) => {
      const box = zoom.getBoundingClientRect();
      selected.position = clamp(
        Math.floor(((event.clientY - box.top) / box.height) * height),
        Math.floor(((event.clientX - box.left) / box.width) * width),
      );
      renderDetails();
    });
    listen(zoom, "keydown", (event) => {
      const move = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[event.key];
      if (!move || !last) return;
      event.preventDefault();
      const at = selected.position ?? strongestPosition(layerResultOf(selected.view), selected.channel);
      selected.position = clamp(at.row + move[0], at.col + move[1]);
      renderDetails();
    });
    parts = { zoom, kernel, arithmetic };
  }

  const layerResultOf = (view) => last[views.indexOf(view)];

  function renderDetails() {
    if (!selected || !parts) return;
    const { zoom, kernel, arithmetic } = parts;
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

  // The kernel of one output channel: one k×k slice per input channel (Keras' layout is kh, kw, in, out).
  function renderKernel(container, layer, channel) {
    const { kernel, kernelHeight, kernelWidth, channelsIn, channelsOut } = layer.weights;
    const slices = Array.from({ length: channelsIn }, (_, c) => {
      const slice = [];
      for (let ky = 0; ky < kernelHeight; ky++) {
        for (let kx = 0; kx < kernelWidth; kx++) slice.push(kernel[((ky * kernelWidth + kx) * channelsIn + c) * channelsOut + channel]);
      }
      return slice;
    });
    const scale = largestMagnitude(slices.flat());
    const plural = channelsIn > 1 ? "s" : "";
    container.append(
      el("p", {}, `Its kernel: ${channelsIn} slice${plural} of ${kernelHeight}×${kernelWidth} weights, one per input channel (blue negative, red positive):`),
    );
    const row = el("div", { class: "tfv-digit__kernel-slices" });
    slices.forEach((slice, c) => {
      const canvas = el("canvas", { "aria-label": `input channel ${c}: ${slice.map((w) => w.toFixed(2)).join(", ")}`, role: "img" });
      renderKernelSlice(canvas, slice, kernelHeight, kernelWidth, scale);
      row.append(canvas);
    });
    container.append(row);
  }

  return {
    // Empty views at their final size from the card, while the model downloads.
    showPlaceholder(layers) {
      buildViews(layers, false);
      details.replaceChildren(el("p", { class: "tfv-hint" }, "The kernels appear once the model has loaded."));
    },
    // The loaded model's layers: selectable, the first map chosen (without moving the reader's focus).
    attach(layers) {
      buildViews(layers, true);
      selected = null;
      choose(views[0], 0, false);
    },
    // A prediction's outputs: every map redrawn (each layer on one colour scale), then the details.
    render(layerResults) {
      last = layerResults;
      layerResults.forEach((layerResult, i) => {
        const scale = largestMagnitude(layerResult.output);
        views[i].canvases.forEach((canvas, channel) => renderMap(canvas, layerResult, channel, scale));
      });
      renderDetails();
    },
    clear() {
      last = null;
      renderDetails();
    },
  };
}
