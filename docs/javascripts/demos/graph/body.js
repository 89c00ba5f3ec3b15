// The bodies of a While or If op (DOM only). TensorFlow keeps a loop's condition and body, and an If's two
// branches, as functions of their own that the op calls (a data-dependent number of times), so they cannot be
// inlined like a nested call: the reader opens one over the graph, drawn by the same layout and renderer, with the
// values of each call the interpreter made (one per iteration) chosen by a selector.

import { el } from "../../lib/dom.js";
import { renderOpDetails, renderTensor } from "./details.js";
import { layoutGraph, visibleGraph } from "./layout.js";
import { createGraphView } from "./view.js";

const TITLES = { cond: "loop condition", body: "loop body", then: "then branch", else: "else branch" };

// The rows a While or If op adds to its details: what the loop carries and how often it ran (or which branch
// ran), and a button per body function that opens it.
export function renderControlFlow(panel, op, calls, open) {
  const flow = op.control_flow;
  const list = el("dl");
  const row = (term, description) => list.append(el("dt", {}, term), el("dd", {}, description));
  if (flow.kind === "while") {
    const iterations = calls.filter((call) => call.function === flow.functions.body).length;
    row("iterations", calls.length ? `${iterations} on the current inputs` : `not run yet (${flow.iterations} on the preset inputs)`);
    const carried = el("ul", { class: "tfv-graph__carried" });
    for (const c of flow.carried) {
      const text = `${c.initial} → body argument ${c.argument}; result ${c.result} → ${c.final} (${c.dtype})`;
      carried.append(el("li", {}, c.changes ? text : `${text}, unchanged: carried along for the body to read`));
    }
    row("carries", `${flow.carried.length} tensors from one iteration to the next:`);
    list.lastChild.append(carried);
  } else {
    const taken = calls.length ? (calls[0].function === flow.functions.then ? "then" : "else") : null;
    row("branch taken", taken ? `${taken} (${flow.functions[taken]}) on the current inputs` : `not run yet (${flow.taken} on the preset inputs)`);
  }
  panel.append(list);
  const buttons = el("div", { class: "tfv-graph__toolbar" });
  for (const [key, name] of Object.entries(flow.functions)) {
    const button = el("button", { type: "button", class: "md-button", "data-function": name }, `Show the ${TITLES[key]} (${name})`);
    button.addEventListener("click", () => open(op, key));
    buttons.append(button);
  }
  panel.append(buttons);
}

// A function's ops as a graph the viewer can draw: its arguments are its inputs, everything else computes.
function functionGraph(graph, name) {
  const fn = graph.functions[name];
  const ops = fn.ops.map((op) => ({ ...op, role: op.type === "Placeholder" ? "input" : "forward", bookkeeping: false }));
  return { ...fn, name, ops, descriptions: graph.descriptions, renamed: [] };
}

export function createBodyView(canvas, { graph, dagre, panel, showPanel, level, isFullWindow, onClose }) {
  const heading = el(`h${Math.min(6, level)}`, { class: "tfv-demo-heading" });
  const selectId = `tfv-graph-${graph.name}-call`;
  const choose = el("select", { id: selectId });
  const chooser = el("label", { for: selectId }, "Values of ");
  const close = el("button", { type: "button", class: "md-button", "aria-keyshortcuts": "Escape" }, "Close");
  const header = el("div", { class: "tfv-graph__body-header" });
  // The heading joins the page's outline only when a body is first shown: until then the box is hidden, and a
  // heading in it would only deepen the level that a demo below this one continues from (headingLevelAt).
  header.append(chooser, choose, close);
  const drawing = el("div", { class: "tfv-graph__body-canvas" });
  const box = el("section", { class: "tfv-graph__body", hidden: "", "data-testid": "graph-body", "aria-label": "Function body" });
  box.append(header, drawing);
  canvas.append(box);

  let open = null; // {op, key, fn, graph, calls: () => the op's calls}
  let values = new Map();
  const view = createGraphView(drawing, {
    name: "Function body",
    isFullWindow,
    onSelect: (node) => {
      showPanel();
      renderOpDetails(panel, open.graph, node, values, level, (tensor) => {
        renderTensor(panel, tensor, values.get(tensor), level);
        panel.focus();
      });
    },
    onToggleScope: () => {},
  });

  // The calls of this function the op made on the current inputs, and the values of the chosen one.
  function showValues() {
    const calls = open.calls().filter((call) => call.function === open.fn);
    const previous = choose.value;
    choose.replaceChildren();
    calls.forEach((_, i) => {
      const label = open.key === "body" ? `iteration ${i + 1} of ${calls.length}` : open.key === "cond" ? `test ${i + 1} of ${calls.length}` : "the call";
      choose.append(el("option", { value: String(i) }, label));
    });
    if (!calls.length) choose.append(el("option", { value: "" }, "not run yet: step past the op"));
    choose.value = calls[Number(previous)] && previous !== "" ? previous : String(Math.max(0, calls.length - 1));
    if (!calls.length) choose.value = "";
    const call = calls[Number(choose.value)];
    values = new Map(Object.entries(call?.values ?? {}));
    const ops = new Set(open.graph.ops.map((op) => op.name));
    view.showState({ done: call ? ops : new Set(), current: null, values });
    box.dataset.call = choose.value;
    box.dataset.calls = String(calls.length);
    box.dataset.values = JSON.stringify(Object.fromEntries(values));
  }

  function show(op, key, calls) {
    const fn = op.control_flow.functions[key];
    open = { op, key, fn, graph: functionGraph(graph, fn), calls };
    if (!heading.isConnected) header.prepend(heading);
    heading.textContent = `The ${TITLES[key]} of ${op.name}: function ${fn}`;
    box.setAttribute("aria-label", `The ${TITLES[key]} of ${op.name}`);
    box.dataset.function = fn;
    box.hidden = false;
    const visible = visibleGraph(open.graph, { showAll: true, collapsed: new Set() });
    view.render(visible, layoutGraph(dagre, visible));
    choose.value = "";
    showValues();
    box.querySelector('.tfv-graph__node[tabindex="0"]')?.focus();
  }

  function hide() {
    if (box.hidden) return;
    box.hidden = true;
    const op = open.op;
    open = null;
    onClose(op);
  }

  const onKey = (event) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      hide();
    }
  };
  close.addEventListener("click", hide);
  choose.addEventListener("change", showValues);
  box.addEventListener("keydown", onKey);

  return {
    show,
    hide,
    refresh: () => open && showValues(),
    isOpen: () => !box.hidden,
    destroy() {
      box.removeEventListener("keydown", onKey);
      view.destroy();
      box.remove();
    },
  };
}
