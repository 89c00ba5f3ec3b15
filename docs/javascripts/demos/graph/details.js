// The panel beside the graph (DOM only): the selected op (type, one-line description, attributes, inputs,
// outputs, the Python line that created it), a tensor's full value, and the variables with their values.

import { el, headingLevelAt } from "../../lib/dom.js";
import { flat, formatNumber, shapeText, valueTable } from "./tensor-view.js";

const attrText = (value) => {
  if (value && typeof value === "object" && "function" in value) return `function ${value.function}`;
  return JSON.stringify(value);
};

// `onTensor(name)` opens a tensor's every value: each input and output is a button, the keyboard's way to what a
// pointer reaches by clicking an edge's label.
export function renderOpDetails(panel, graph, node, values, level, onTensor) {
  panel.replaceChildren();
  const h = `h${Math.min(6, level)}`;
  if (!node.op) {
    panel.append(el(h, {}, `Name scope ${node.scope}`), el("p", {}, `${node.ops.length} ops, collapsed into one box. Select it and press Enter (or click it) to expand.`));
    return;
  }
  const op = node.op;
  panel.append(el(h, {}, `${op.type}: ${op.name}`));
  panel.append(el("p", { class: "tfv-graph__description" }, graph.descriptions[op.type] ?? "No description yet."));
  const list = el("dl");
  const row = (term, description) => list.append(el("dt", {}, term), el("dd", {}, description));
  row("role", op.role + (op.function ? ` (inlined from the call ${op.function})` : ""));
  if (op.scope) row("name scope", op.scope);
  for (const [key, value] of Object.entries(op.attrs)) row(`attr ${key}`, attrText(value));
  row("inputs", op.inputs.length ? op.inputs.join(", ") : "none");
  if (op.control_inputs.length) row("control inputs", op.control_inputs.join(", "));
  row("outputs", op.outputs.map((o) => `${o.name}: ${o.dtype} ${shapeText(o.shape)}`).join("; ") || "none");
  row("Python", op.source ? `${op.source.file}:${op.source.line}  ${op.source.code}` : "not recorded by TensorFlow");
  if (graph.renamed.includes(op.name)) row("name", "TensorFlow numbered this name from a process-wide counter; renamed so the export is stable");
  panel.append(list);
  const tensors = [...op.inputs, ...op.outputs.map((o) => o.name)];
  if (onTensor && tensors.length) {
    const box = el("div", { class: "tfv-graph__tensors" }, "Every value of: ");
    for (const tensor of tensors) {
      const button = el("button", { type: "button", class: "tfv-graph__scope", "data-tensor": tensor }, tensor);
      button.addEventListener("click", () => onTensor(tensor));
      box.append(button);
    }
    panel.append(box);
  }
  for (const output of op.outputs) {
    if (values.has(output.name) && values.get(output.name) !== null) panel.append(valueTable(values.get(output.name), `${output.name} = `));
  }
}

export function renderTensor(panel, name, value, level) {
  panel.replaceChildren(el(`h${Math.min(6, level)}`, {}, `Tensor ${name}`));
  panel.append(value === undefined ? el("p", {}, "Not computed yet: step until its op has run.") : valueTable(value, `${name}, every value`));
}

// Each variable: its value now (read from the interpreter's store), marked when it differs from the start.
export function renderVariables(box, graph, current) {
  box.replaceChildren();
  if (!graph.variables.length) return;
  const list = el("ul", { class: "tfv-graph__variables" });
  for (const variable of graph.variables) {
    const value = current.get(variable.name);
    const item = el("li");
    const changed = value !== undefined && JSON.stringify(value) !== JSON.stringify(variable.value);
    item.append(el("strong", {}, `${variable.name}${changed ? " (changed)" : ""}`), document.createTextNode(" "));
    item.append(document.createTextNode(value === undefined ? "not set yet" : summary(value)));
    list.append(item);
  }
  box.append(list);
}

const summary = (value) => {
  const numbers = flat(value);
  const shown = numbers.slice(0, 6).map(formatNumber).join(", ");
  return `[${shown}${numbers.length > 6 ? ", …" : ""}]`;
};

export { headingLevelAt };
