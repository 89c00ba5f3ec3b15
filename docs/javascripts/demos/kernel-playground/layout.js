// The playground's controls and frames, built once at mount: DOM only, nothing computed here.

import { el } from "../../lib/dom.js";
import { CHANNEL_NAMES } from "./model.js";
import { MAX_SIDE } from "./image-sources.js";
import { DISPLAY_MODES } from "./view.js";

// The Photo menu's extra entry for an image that is not one of the samples (an upload, the webcam).
export const OWN_IMAGE = "own";

function labelled(text, control) {
  const label = el("label", { class: "kp-field" });
  label.append(el("span", {}, text), control);
  return label;
}

function select(testid, options) {
  const element = el("select", { "data-testid": testid });
  for (const [value, text] of options) element.append(new Option(text, value));
  return element;
}

function canvasFrame(testid, label) {
  const canvas = el("canvas", { "data-testid": testid, width: 1, height: 1 });
  const marker = el("div", { class: "kp-marker", "aria-hidden": "true" });
  // The box is square; `fit` takes the image's proportions inside it, so the marker's percentages are
  // percentages of the image itself (view.js fitToImage).
  const fit = el("div", { class: "kp-canvas-fit" });
  fit.append(canvas, marker);
  const box = el("div", { class: "kp-canvas-box" });
  box.append(fit);
  const caption = el("figcaption", {}, label);
  const frame = el("figure", { class: "kp-frame" });
  frame.append(box, caption);
  return { frame, canvas, fit, marker, caption };
}

// Everything the playground shows, in reading order: the kernel and image controls, the message line, input
// and output, the race against a plain loop and the worked-out pixel. `headingLevel` continues the page's outline.
export function buildLayout(root, headingLevel) {
  const preset = select("preset", [["custom", "Custom"]]);
  const size = select("size", [
    ["3", "3×3"],
    ["5", "5×5"],
  ]);
  const normalise = el("input", { type: "checkbox", "data-testid": "normalise" });
  const normaliseLabel = labelled("", normalise);
  normaliseLabel.classList.add("kp-check");
  const display = select("display", Object.entries(DISPLAY_MODES));
  const kernelFields = el("div", { class: "kp-fields" });
  kernelFields.append(labelled("Kernel", preset), labelled("Size", size));
  const gridHolder = el("div");
  const kernelPanel = el("div", { class: "kp-kernel" });
  kernelPanel.append(kernelFields, gridHolder, normaliseLabel, labelled("Show the output", display));

  const sample = select("sample", []);
  const ownImage = new Option("", OWN_IMAGE);
  ownImage.hidden = true; // shown as the menu's value only while an upload or the webcam is the image
  sample.append(ownImage);
  const fileInput = el("input", { type: "file", accept: "image/*", "data-testid": "file-input" });
  const webcam = el("button", { type: "button", class: "md-button", "data-testid": "webcam" }, "Use the webcam");
  const sourcePanel = el("div", { class: "kp-fields" });
  sourcePanel.append(
    labelled("Photo", sample),
    labelled(`Your own image (shrunk to ${MAX_SIDE} px)`, fileInput),
    webcam,
  );

  const message = el("div", { class: "kp-message", "data-testid": "message", "aria-live": "polite" });
  const input = canvasFrame("input-canvas", "Input");
  const output = canvasFrame("output-canvas", "Output");
  output.canvas.tabIndex = 0;
  output.canvas.setAttribute("role", "img");
  output.canvas.setAttribute("aria-label", "Output image. Arrow keys pick a pixel to explain; Shift moves 10 pixels.");
  const images = el("div", { class: "kp-images" });
  images.append(input.frame, output.frame);

  const channel = select("channel", CHANNEL_NAMES.map((name, i) => [String(i), name]));
  const explain = el("div", { class: "kp-explain", "data-testid": "explain", "aria-live": "polite" });
  const explainPanel = el("section", { class: "kp-explain-panel" });
  explainPanel.append(el(`h${headingLevel}`, { class: "tfv-demo-heading kp-explain-title" }, "One output pixel, worked out"), labelled("Channel", channel), explain);

  const race = el("p", { class: "kp-race", "data-testid": "race", "aria-live": "polite" });
  const controls = el("div", { class: "kp-controls" });
  controls.append(kernelPanel, sourcePanel);
  root.append(controls, message, images, race, explainPanel);
  return {
    preset,
    size,
    normalise,
    normaliseText: normaliseLabel.querySelector("span"),
    display,
    gridHolder,
    sample,
    ownImage,
    fileInput,
    webcam,
    message,
    input,
    output,
    channel,
    explain,
    race,
  };
}
