// "Step through a graph": a real TensorFlow graph (traced in Python by src/tfvisual/graphs, served at
// graphs/<name>.json) drawn with dagre and executed op by op by TF.js on inputs the reader edits. model.js runs the
// ops, layout.js places them, view.js draws (camera.js and gestures.js pan and zoom), details.js explains,
// controls.js, inputs.js and search.js build the buttons and fields, intro.js the line above them, narration.js the
// step line under them; full-window.js makes the viewer fill the window.
//
// Test hooks: the root carries data-step (ops executed) and data-values (tensor name -> nested list, for every
// tensor computed so far); each input field is [data-testid="graph-input-<tensor name>"].

import { el, headingLevelAt, loadStylesheet } from "../../lib/dom.js";
import { yieldToBrowser } from "../../lib/yield.js";
import { createStatusLine, settleBackend, showError, siteUrl, startBackend } from "../../runtime.js";
import { createBodyView, renderControlFlow } from "./body.js";
import { buildControls } from "./controls.js";
import { renderOpDetails, renderTensor, renderVariables } from "./details.js";
import { download } from "./export-svg.js";
import { createFullWindow } from "./full-window.js";
import { buildInputs } from "./inputs.js";
import { buildIntro } from "./intro.js";
import { layoutGraph, openingView, overviewScopes, visibleGraph } from "./layout.js";
import { createStepper, toArray, UnknownOpError } from "./model.js";
import { stepText } from "./narration.js";
import { buildSearch } from "./search.js";
import { createGraphView } from "./view.js";

export async function mount(element, signal) {
  const name = element.dataset.graph;
  element.dataset.busy = "true";
  const [graph, dagreModule] = await Promise.all([
    fetch(siteUrl(`graphs/${name}.json`), { signal }).then((r) => {
      if (!r.ok) throw new Error(`graphs/${name}.json could not be loaded (HTTP ${r.status})`);
      return r.json();
    }),
    import(siteUrl("vendor/dagre/dagre.esm.js")),
    loadStylesheet(new URL("./graph.css", import.meta.url)),
  ]);
  const dagre = dagreModule.default ?? dagreModule;
  const level = headingLevelAt(element);
  const openingStart = performance.now();
  const opening = openingView(dagre, graph);
  const openingMs = performance.now() - openingStart;
  // Laying the graph out and drawing it are two tasks, not one long one: a phone stays responsive between them.
  await yieldToBrowser();
  signal?.throwIfAborted();
  // The canvas is as tall as the opening view needs, within bounds (graph.css). The site build wrote the same
  // number into the page (src/tfvisual/site/graph_views.py), so the space was reserved before this ran.
  element.style.setProperty("--tfv-graph-natural", `${opening.height}px`);
  let collapsed = new Set(opening.collapsed);
  let showAll = false;

  const root = el("div", { class: "tfv-graph" });
  element.append(root);
  root.append(buildIntro(element, graph, siteUrl(`graphs/${graph.pbtxt}`), collapsed));
  const inputs = buildInputs(graph);
  root.append(inputs.element);
  const search = buildSearch(graph, { onMatches: () => markMatches(), onGo: (op) => goTo(op) });
  const controls = buildControls(root, graph, search);
  const main = el("div", { class: "tfv-graph__main" });
  const canvas = el("div", { class: "tfv-graph__canvas" });
  // The selected op's details, beside the graph where there is room, else under it; absent while nothing is
  // selected, so the graph has the whole width. The panel scrolls when the details are long (a loop's carried
  // tensors), so it is focusable and named.
  const details = el("div", { class: "tfv-graph__details", hidden: "" });
  const closeDetails = el("button", { type: "button", class: "tfv-graph__close", "aria-label": "Close the details" }, "×");
  const panel = el("div", { class: "tfv-graph__panel", tabindex: "0", role: "group", "aria-label": `Details (${name})` });
  details.append(closeDetails, panel);
  main.append(canvas, details);
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
  let invalid = null; // why the inputs cannot run (a field holds a bad value), or null
  let fed = null; // the input values the stepper runs on: what the fields show (while one is invalid, it cannot run)
  const values = new Map(); // tensor name -> nested arrays (null for a resource handle)
  let current = null;
  const fullWindow = createFullWindow(root, element, `Dataflow graph of ${graph.title}, full window`);
  let visible = opening.visible;
  let updates = 0;

  const showDetails = () => {
    details.hidden = false;
    main.classList.add("has-details");
  };
  const hideDetails = () => {
    view.deselect();
    details.hidden = true;
    main.classList.remove("has-details");
  };
  const onClose = () => {
    hideDetails();
    view.focus(); // the keys stay with the drawing
  };
  // A tensor's every value in the panel, which takes focus so that a keyboard reader is where the values are.
  const openTensor = (tensor) => {
    showDetails();
    renderTensor(panel, tensor, values.get(tensor) ?? undefined, level);
    panel.focus();
  };
  const callsOf = (op) => () => stepper?.calls(op.name) ?? [];
  const openBody = (op, key = Object.keys(op.control_flow.functions).at(-1)) => body.show(op, key, callsOf(op));
  const view = createGraphView(canvas, {
    name: `Dataflow graph of ${graph.title}`,
    isFullWindow: fullWindow.isOn,
    onSelect: (node) => {
      showDetails();
      renderOpDetails(panel, graph, node, values, level, openTensor);
      if (node.op?.control_flow) renderControlFlow(panel, node.op, callsOf(node.op)(), openBody);
    },
    onOpenBody: openBody,
    onSelectionLost: () => hideDetails(),
    onToggleScope: (scope) => toggleScope(scope),
  });
  // Over the graph, in the same box: a While's or If's functions; closing it returns focus to the op.
  const body = createBodyView(canvas, {
    graph,
    dagre,
    panel,
    showPanel: () => showDetails(),
    level,
    isFullWindow: fullWindow.isOn,
    onClose: (op) => view.select(op.name, { focus: true }),
  });
  view.onLabelClick(openTensor);

  // The box that shows an op: the op's own, the collapsed scope it is in, or none (hidden bookkeeping).
  const boxOf = (opName) => visible.nodes.find((node) => node.ops.includes(opName)) ?? null;

  // `laid`: the opening view's layout, already made (mount), with the time it took.
  function relayout({ reveal = [], laid = null, layoutMs = 0 } = {}) {
    let start = performance.now();
    if (laid) start -= layoutMs;
    else {
      visible = visibleGraph(graph, { showAll, collapsed });
      laid = layoutGraph(dagre, visible);
    }
    root.dataset.layoutMs = (performance.now() - start).toFixed(1);
    view.render(visible, laid);
    root.dataset.renderMs = (performance.now() - start).toFixed(1); // layout and drawing (scripts/bench_graph_viewer.py)
    controls.setScopes(visible.clusters.map((c) => c.scope), [...collapsed]);
    if (reveal.length) view.reveal(reveal);
    markMatches();
    refresh();
  }

  // Opens or closes a name scope. The drawing and the scope buttons are made anew, so focus goes back where it was:
  // to the scope's button, or to the drawing (never to the page, where N would turn the page).
  function toggleScope(scope) {
    const fromButton = document.activeElement?.matches(".tfv-graph__scope[data-scope]");
    const expanding = collapsed.has(scope);
    if (expanding) collapsed.delete(scope);
    else collapsed.add(scope);
    visible = visibleGraph(graph, { showAll, collapsed });
    // In view: the opened scope's frame (with its title, which closes it), or its ops if it is too small to be framed.
    const framed = visible.clusters.some((c) => c.scope === scope);
    const inside = visible.nodes.filter((n) => (n.op?.name ?? n.scope).startsWith(`${scope}/`)).map((n) => n.id);
    relayout({ reveal: !expanding ? [`scope:${scope}`] : framed ? [`cluster:${scope}`] : inside });
    if (fromButton) root.querySelector(`.tfv-graph__scope[data-scope="${CSS.escape(scope)}"]`)?.focus();
    else if (!root.contains(document.activeElement)) view.focus();
  }

  function markMatches() {
    const names = search.matches();
    view.mark(new Set(visible.nodes.filter((n) => n.ops.some((op) => names.has(op))).map((n) => n.id)));
  }

  // A search result: drawn if it was not (bookkeeping shown, its scopes opened), then selected and brought into view.
  function goTo(op) {
    const needsAll = !showAll && !boxOf(op.name);
    const closed = [...collapsed].filter((scope) => op.name.startsWith(`${scope}/`));
    if (needsAll || closed.length) {
      if (needsAll) showAll = true;
      controls.setShowAll(showAll);
      closed.forEach((scope) => collapsed.delete(scope));
      relayout();
    }
    view.select(op.name);
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
    controls.setPosition(position, total, error ?? invalid);
    if (invalid) controls.fail(invalid);
    else if (!error) controls.say(stepText(graph, { current, position, total, values, boxOf }));
    root.dataset.step = String(position);
    element.dataset.step = String(position);
    element.dataset.values = JSON.stringify(Object.fromEntries([...values].filter(([, v]) => v !== null)));
    element.dataset.updates = String(++updates);
  }

  function stepOnce() {
    if (!stepper || error || invalid || stepper.position >= stepper.order.length) return false;
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
    stepper?.reset(fed);
    refresh();
  }

  // The fields changed: a valid set of values starts the run again on them; an invalid one stops the stepping, with
  // the reason, and clears the values drawn, which no longer belong to what the fields show.
  function onInputs({ values: read, problems }) {
    invalid = problems.size
      ? `Next and Run to end wait for valid inputs: ${[...problems.keys()].join(" and ")} (the message under the field says what is expected).`
      : null;
    if (!invalid && JSON.stringify(read) !== JSON.stringify(fed)) fed = read;
    reset();
  }

  function setFullWindow(on) {
    if (on) fullWindow.enter();
    else fullWindow.leave();
    controls.setFullWindow(on);
    if (on) view.focus();
  }

  const actions = {
    next: () => {
      stepOnce();
      refresh();
      if (current && boxOf(current)) view.reveal([boxOf(current).id]); // the drawing follows the step
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
      // The answer in view: the outputs' boxes, where their values are written.
      view.reveal(graph.outputs.map((t) => boxOf(graph.ops.find((op) => op.outputs.some((o) => o.name === t)).name)?.id).filter(Boolean));
    },
    reset,
    toggleAll: (checked) => {
      showAll = checked;
      relayout();
    },
    toggleScope,
    zoom: (factor) => view.zoom(factor),
    // The whole graph if it fits at a legible size; else the overview, fitted if it fits, else from its top.
    fit: () => {
      if (view.fit()) return;
      const overview = overviewScopes(graph, { showAll });
      if ([...overview].some((s) => !collapsed.has(s)) || [...collapsed].some((s) => !overview.has(s))) {
        collapsed = overview;
        relayout();
        if (view.fit()) return;
      }
      view.home();
      controls.say("The whole graph would be too small to read: this is its overview at the smallest legible size, from the top. Drag (or Shift+arrow keys) to pan; open a name scope to enter it.");
    },
    pan: (dx, dy) => view.pan(dx, dy),
    fullWindow: () => setFullWindow(!fullWindow.isOn()),
    download: () => download(view.toSvg(`${graph.title}: TensorFlow graph`), `${graph.name}.svg`),
    // Escape leaves full-window mode, else closes the details; true if it did something.
    escape: (inField) => {
      if (fullWindow.isOn()) setFullWindow(false);
      else if (!details.hidden && !inField) onClose();
      else return false;
      return true;
    },
  };
  closeDetails.addEventListener("click", onClose);
  const detach = controls.wire(element, actions);
  const detachInputs = inputs.wire(onInputs);
  fed = inputs.read().values;

  relayout({ laid: opening.laid, layoutMs: openingMs });
  startBackend(status)
    .then(() => settleBackend(status, "graph", (t) => probe(t, graph)))
    .then(
      () => {
        if (signal?.aborted) return;
        tf = globalThis.tf;
        stepper = createStepper(tf, graph);
        controls.enable();
        inputs.enable();
        reset();
        element.dataset.busy = "false";
      },
      (problem) => {
        const box = el("div");
        root.append(box);
        showError(box, problem.message);
        status.update({ message: `No backend could be chosen: ${problem.message}` });
        element.dataset.busy = "false";
      },
    );

  return () => {
    detach();
    detachInputs();
    search.detach();
    closeDetails.removeEventListener("click", onClose);
    fullWindow.leave();
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
