// "Step through a graph": a real TensorFlow graph (traced in Python by src/tfvisual/graphs, served at
// graphs/<name>.json) drawn with dagre and executed op by op by TF.js on inputs the reader edits. model.js runs the
// ops, layout.js places them, view.js draws, details.js explains, controls.js builds the buttons and fields.
//
// Test hooks: the root carries data-step (ops executed) and data-values (tensor name -> nested list, for every
// tensor computed so far); each input field is [data-testid="graph-input-<tensor name>"].

import { el, headingLevelAt, loadStylesheet } from "../../lib/dom.js";
import { createStatusLine, settleBackend, showError, siteUrl, startBackend } from "../../runtime.js";
import { createBodyView, renderControlFlow } from "./body.js";
import { buildControls } from "./controls.js";
import { renderOpDetails, renderTensor, renderVariables } from "./details.js";
import { layoutGraph, visibleGraph } from "./layout.js";
import { createStepper, toArray, UnknownOpError } from "./model.js";
import { createGraphView } from "./view.js";

export async function mount(element, signal) {
  const name = element.dataset.graph;
  element.dataset.busy = "true";
  const [graph, dagre] = await Promise.all([
    fetch(siteUrl(`graphs/${name}.json`), { signal }).then((r) => {
      if (!r.ok) throw new Error(`graphs/${name}.json could not be loaded (HTTP ${r.status})`);
      return r.json();
    }),
    import(siteUrl("vendor/dagre/dagre.esm.js")),
    loadStylesheet(new URL("./graph.css", import.meta.url)),
  ]);
  const level = headingLevelAt(element);
  const root = el("div", { class: "tfv-graph" });
  element.append(root);
  const controls = buildControls(root, graph, siteUrl(`graphs/${graph.pbtxt}`));
  const main = el("div", { class: "tfv-graph__main" });
  const canvas = el("div", { class: "tfv-graph__canvas" });
  // It scrolls when an op's details are long (a loop's carried tensors), so it is focusable and named.
  const panel = el("div", { class: "tfv-graph__panel", "aria-live": "polite", tabindex: "0", role: "group", "aria-label": `Details (${name})` });
  main.append(canvas, panel);
  // It scrolls when there are many variables, so it is focusable and named (keyboard users can scroll it).
  const variablesBox = el(
    "div",
    graph.variables.length
      ? { class: "tfv-graph__variables-box", tabindex: "0", role: "group", "aria-label": "Variables" }
      : { class: "tfv-graph__variables-box" },
  );
  root.append(main, variablesBox);
  const status = createStatusLine(root);

  let tf = null;
  let stepper = null;
  let error = null; // the message of an op that could not run, shown in place
  const values = new Map(); // tensor name -> nested arrays (null for a resource handle)
  let showAll = false;
  const collapsed = new Set();
  let current = null;
  let updates = 0;

  // A tensor's every value in the panel, which takes focus so that a keyboard reader is where the values are.
  const openTensor = (tensor) => {
    renderTensor(panel, tensor, values.get(tensor) ?? undefined, level);
    panel.focus();
  };
  const callsOf = (op) => () => stepper?.calls(op.name) ?? [];
  const openBody = (op, key = Object.keys(op.control_flow.functions).at(-1)) => body.show(op, key, callsOf(op));
  const view = createGraphView(canvas, {
    onSelect: (node) => {
      renderOpDetails(panel, graph, node, values, level, openTensor);
      if (node.op?.control_flow) renderControlFlow(panel, node.op, callsOf(node.op)(), openBody);
    },
    onOpenBody: openBody,
    onToggleScope: (scope) => {
      if (collapsed.has(scope)) collapsed.delete(scope);
      else collapsed.add(scope);
      relayout();
    },
  });
  // Over the graph, in the same box: a While's or If's functions; closing it returns focus to the op.
  const body = createBodyView(canvas, {
    graph,
    dagre: dagre.default ?? dagre,
    panel,
    level,
    onClose: (op) => view.select(op.name, { focus: true }),
  });
  view.onLabelClick((tensor) => renderTensor(panel, tensor, values.get(tensor) ?? undefined, level));

  function relayout() {
    const visible = visibleGraph(graph, { showAll, collapsed });
    const start = performance.now();
    const laid = layoutGraph(dagre.default ?? dagre, visible);
    root.dataset.layoutMs = (performance.now() - start).toFixed(1);
    view.render(visible, laid);
    root.dataset.renderMs = (performance.now() - start).toFixed(1); // layout and drawing (scripts/bench_graph_viewer.py)
    controls.setScopes(visible.clusters.map((c) => c.scope), [...collapsed]);
    refresh();
  }

  // Everything the page shows about the run so far: done ops, values on edges, variables, the step line.
  function refresh() {
    const done = new Set(stepper ? stepper.order.slice(0, stepper.position) : []);
    view.showState({ done, current, values });
    body.refresh();
    const variables = new Map();
    if (stepper) for (const [key, tensor] of stepper.variables()) variables.set(key, tensor.arraySync());
    renderVariables(variablesBox, graph, variables);
    const total = stepper?.order.length ?? 0;
    const position = stepper?.position ?? 0;
    controls.setPosition(position, total, error);
    if (!error) {
      const op = current && graph.ops.find((o) => o.name === current);
      const run = op && graph.runs[op.run];
      controls.say(op ? `Step ${position} of ${total}: ran ${op.type} ${op.name}${graph.runs.length > 1 ? ` (${run.label})` : ""}.` : `0 of ${total} ops run. Press Next (or N) to run the first.`);
    }
    root.dataset.step = String(position);
    element.dataset.step = String(position);
    element.dataset.values = JSON.stringify(Object.fromEntries([...values].filter(([, v]) => v !== null)));
    element.dataset.updates = String(++updates);
  }

  function stepOnce() {
    if (!stepper || error || stepper.position >= stepper.order.length) return false;
    try {
      const result = stepper.step();
      current = result.op.name;
      for (const { name: tensor, value } of result.outputs) values.set(tensor, toArray(tf, value));
      return true;
    } catch (problem) {
      error = problem instanceof UnknownOpError ? problem.message : `The op ${stepper.order[stepper.position]} failed: ${problem.message}`;
      controls.fail(error);
      return false;
    }
  }

  function reset() {
    error = null;
    current = null;
    values.clear();
    stepper?.reset(controls.readInputs());
    refresh();
  }

  const actions = {
    next: () => {
      stepOnce();
      refresh();
    },
    back: () => {
      const target = Math.max(0, (stepper?.position ?? 0) - 1);
      reset();
      while (stepper.position < target && stepOnce());
      refresh();
    },
    end: () => {
      while (stepOnce());
      refresh();
    },
    reset,
    toggleAll: (checked) => {
      showAll = checked;
      relayout();
    },
    toggleScope: (scope) => {
      if (collapsed.has(scope)) collapsed.delete(scope);
      else collapsed.add(scope);
      relayout();
    },
    inputsChanged: () => reset(),
    zoom: (factor) => view.zoom(factor),
    fit: () => view.fit({ whole: true }),
    pan: (dx, dy) => view.pan(dx, dy),
  };
  const detach = controls.wire(element, actions);

  relayout();
  startBackend(status)
    .then(() => settleBackend(status, "graph", (t) => probe(t, graph)))
    .then(
      () => {
        if (signal?.aborted) return;
        tf = globalThis.tf;
        stepper = createStepper(tf, graph);
        controls.enable();
        reset();
        element.dataset.busy = "false";
      },
      (problem) => {
        showError(el("div"), problem.message);
        status.update({ message: `No backend could be chosen: ${problem.message}` });
        element.dataset.busy = "false";
      },
    );

  return () => {
    detach();
    stepper?.dispose();
    body.destroy();
    view.destroy();
  };
}

// The backend probe: the whole graph once, on its preset inputs (the work a reader's "Run to end" does).
async function probe(tf, graph) {
  const stepper = createStepper(tf, graph);
  try {
    while (stepper.position < stepper.order.length) {
      try {
        stepper.step();
      } catch {
        break; // an op this viewer cannot run: the probe measures the ops before it
      }
    }
    await tf.ready();
  } finally {
    stepper.dispose();
  }
}
