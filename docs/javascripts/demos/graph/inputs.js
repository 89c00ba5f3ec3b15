// The graph's input fields (DOM only): one text field per input tensor, holding its value as a nested list, with a
// message under it that says what a bad value should have been. A field is read the way TensorFlow reads a
// Python list: its nesting is the shape, and it must fit the placeholder's shape, where ? is any size (0 too).

import { el } from "../../lib/dom.js";
import { flat, formatNumber, shapeText } from "./tensor-view.js";

// A short example value of `shape` (a ? becomes 2, or 3 for a list), counting 1, 2, 3, …
function example(shape) {
  let next = 1;
  const build = (dims) => (dims.length ? Array.from({ length: dims[0] }, () => build(dims.slice(1))) : next++);
  const sizes = shape.map((d) => d ?? (shape.length === 1 ? 3 : 2));
  return JSON.stringify(build(sizes)).replaceAll(",", ", ");
}

// What a value of this input should look like, in words, with an example.
function expectation({ shape, dtype }) {
  const numbers = dtype.startsWith("int") ? "whole numbers" : "numbers";
  if (shape === null) return `any nested list of ${numbers}`;
  const sized = (d, what) => (d === null ? `${what}` : `${d} ${what}`);
  let words;
  if (shape.length === 0) words = `a single ${numbers === "numbers" ? "number" : "whole number"}`;
  else if (shape.length === 1) words = shape[0] === null ? `a list of ${numbers}, of any length (even [])` : `a list of ${shape[0]} ${numbers}`;
  else if (shape.length === 2) words = `a list of ${sized(shape[0], "rows")} of ${shape[1] ?? "equally many"} ${numbers}${shape[0] === null ? " (any number of rows)" : ""}`;
  else words = `a list nested ${shape.length} deep (${shape.map((d) => d ?? "any number").join(" × ")})`;
  return `shape ${shapeText(shape)}: ${words}, such as ${example(shape)}`;
}

class BadValue extends Error {}

// The shape of a nested list of numbers; throws BadValue for a ragged list or anything but numbers.
function shapeOf(value) {
  if (typeof value === "number") return [];
  if (!Array.isArray(value)) throw new BadValue(`${JSON.stringify(value)} is not a number`);
  if (!value.length) return [0];
  const inner = value.map(shapeOf);
  if (inner.some((s) => s.join() !== inner[0].join())) throw new BadValue("its rows differ in length");
  return [value.length, ...inner[0]];
}

// {value} if `text` is a value TensorFlow would accept for this input, else {problem}: what is wrong and what was
// expected, in words.
function parseInput(text, input) {
  const expected = `expected ${expectation(input)}.`;
  if (!text.trim()) return { problem: `Empty: ${expected}` };
  if (/\b(nan|infinity|inf)\b/i.test(text)) {
    return { problem: `NaN and Infinity are refused here: type finite numbers. TensorFlow would run on them, but every value computed from them is NaN or infinite. ${expected}` };
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: `Not a list of numbers (write it as in Python, [1, 2.5, -3e-2]): ${expected}` };
  }
  let shape;
  try {
    shape = shapeOf(value);
  } catch (bad) {
    if (!(bad instanceof BadValue)) throw bad;
    return { problem: `Not a list of numbers: ${bad.message}; ${expected}` };
  }
  const fits = input.shape === null || (shape.length === input.shape.length && input.shape.every((d, i) => d === null || d === shape[i]));
  if (!fits) return { problem: `Shape [${shape.join(", ")}] does not fit: ${expected}` };
  const numbers = flat(value);
  if (input.dtype.startsWith("int") && !numbers.every(Number.isInteger)) return { problem: `${input.dtype} holds whole numbers only: ${expected}` };
  return { value };
}

// Random values with the input's preset shape, rounded to two decimals so they stay readable.
function randomLike(value, dtype) {
  if (Array.isArray(value)) return value.map((v) => randomLike(v, dtype));
  const r = Math.random() * 4 - 2;
  return dtype.startsWith("int") ? Math.round(r) : Math.round(r * 100) / 100;
}

const show = (value) => JSON.stringify(value, (k, v) => (typeof v === "number" ? Number(formatNumber(v)) : v));

// The fields, and `read()`: {values, problems} where problems maps an input's name to its message.
export function buildInputs(graph) {
  const box = el("div", { class: "tfv-graph__inputs" });
  const fields = new Map();
  for (const input of graph.inputs) {
    const id = `tfv-graph-${graph.name}-${input.name.replace(/[^\w-]/g, "_")}`;
    const label = el("label", { for: id }, `${input.name} (${input.dtype}, shape ${shapeText(input.shape)})`);
    const field = el("input", {
      id,
      type: "text",
      spellcheck: "false",
      autocomplete: "off",
      "aria-describedby": `${id}-message`,
      "data-testid": `graph-input-${input.name}`,
      value: show(input.value),
    });
    const message = el("p", { id: `${id}-message`, class: "tfv-graph__message", "data-testid": `graph-message-${input.name}` });
    box.append(el("div", { class: "tfv-graph__field" }));
    box.lastChild.append(label, field, message);
    fields.set(input.name, { field, message, input });
  }
  const randomise = el("button", { type: "button", class: "md-button", disabled: "" }, "Randomise inputs");
  box.append(randomise);

  function read() {
    const values = {};
    const problems = new Map();
    for (const [name, { field, message, input }] of fields) {
      const { value, problem } = parseInput(field.value, input);
      if (problem) field.setAttribute("aria-invalid", "true");
      else field.removeAttribute("aria-invalid");
      message.textContent = problem ?? "";
      message.classList.toggle("tfv-error", Boolean(problem));
      if (problem) problems.set(name, problem);
      else values[name] = value;
    }
    return { values, problems };
  }

  return {
    element: box,
    read,
    enable: () => (randomise.disabled = false),
    wire(onChange) {
      const onInput = () => onChange(read());
      const onRandomise = () => {
        for (const { field, input } of fields.values()) field.value = show(randomLike(input.value, input.dtype));
        onInput();
      };
      for (const { field } of fields.values()) field.addEventListener("input", onInput);
      randomise.addEventListener("click", onRandomise);
      return () => {
        for (const { field } of fields.values()) field.removeEventListener("input", onInput);
        randomise.removeEventListener("click", onRandomise);
      };
    },
  };
}
