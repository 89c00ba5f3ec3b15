// The graph drawing (DOM only): ops as boxes, tensors as arrows with their dtype and shape (and value, once
// computed), name scopes as boxes that collapse, the outputs with their values; one op selected at a time, reached
// by click, tap or the arrow keys (which follow the edges), and traced. Where the drawing sits is camera.js; the
// wheel, drag and fingers that move it are gestures.js.

import { ACCENT, POSITIVE, PRIMARY, SERIES } from "../../lib/palette.js";
import { standaloneSvg } from "./export-svg.js";
import { attachGestures } from "./gestures.js";
import { createCamera } from "./camera.js";
import { boxLines, LABEL, OUTPUT_HEIGHT, RESULT_CHARACTER, shortName as short } from "./layout.js";
import { dims, flat, formatNumber, rangeText, shapeText, svgEl, valueGlyph } from "./tensor-view.js";

// Colours by the op's role, from the site palette: what the reader wrote vs what the tape and optimizer added.
export const ROLE_COLOURS = {
  input: SERIES[1],
  variable: SERIES[3],
  constant: SERIES[0],
  forward: PRIMARY,
  gradient: SERIES[4],
  update: POSITIVE,
  init: SERIES[0],
  output: ACCENT,
};

// An output's value in its box, as much of it as fits `room` characters: up to 4 numbers, else its shape and range,
// else its shape.
function resultText(value, room) {
  if (value === undefined || value === null) return "not computed yet";
  const numbers = flat(value);
  const listed = `= ${numbers.map(formatNumber).join(" ")}`;
  if (numbers.length <= 4 && listed.length <= room) return listed;
  const range = `${shapeText(dims(value))}: ${rangeText(value)}`;
  return range.length <= room ? range : shapeText(dims(value));
}

let drawings = 0; // each drawing's arrowhead gets an id of its own: several viewers share a page

export function createGraphView(container, { onSelect, onToggleScope, onOpenBody = () => {}, onSelectionLost = () => {}, isFullWindow = () => false, name = "Dataflow graph" }) {
  const arrow = `tfv-graph-arrow-${++drawings}`;
  // The drawing takes focus (a click on it, or Tab), so that the demo's keys act on it and not on the page.
  const svg = svgEl("svg", {
    class: "tfv-graph__svg",
    role: "group",
    tabindex: "0",
    "aria-label": `${name}: drag or Shift+arrow keys pan, + and - zoom; Tab reaches the ops`,
  });
  const viewport = svgEl("g");
  svg.append(viewport);
  container.append(svg);
  const camera = createCamera(svg, viewport);
  let laidOut = null;
  let nodeElements = new Map();
  let edgeElements = new Map();
  let names = new Map(); // node id -> its accessible name now (an output's changes with its value)
  let view = null;
  let selected = null;

  const detachGestures = attachGestures(svg, { pan: camera.pan, zoom: camera.zoom, isFullWindow });
  // A pointer is down on the drawing, until just after its click (a finger's tap focuses and clicks after it lifts;
  // a drag has no click, so the press also ends a moment after the pointer goes up).
  let pressing = false;
  const onPress = () => (pressing = true);
  const onRelease = () => setTimeout(() => (pressing = false), 800);
  const onClicked = () => setTimeout(() => (pressing = false));
  svg.addEventListener("pointerdown", onPress, true);
  svg.addEventListener("pointerup", onRelease, true);
  svg.addEventListener("pointercancel", onRelease, true);
  svg.addEventListener("click", onClicked, true);

  // Keyboard on a focused op: Down/Right follow an out-edge, Up/Left an in-edge (repeated presses cycle).
  const cycle = new Map();
  function neighbour(id, key) {
    const forward = key === "ArrowDown" || key === "ArrowRight";
    const ids = view.edges.filter((e) => (forward ? e.from === id : e.to === id)).map((e) => (forward ? e.to : e.from));
    if (!ids.length) return null;
    const k = `${id}|${key}`;
    const index = (cycle.get(k) ?? -1) + 1;
    cycle.set(k, index);
    return ids[index % ids.length];
  }

  // Every box that `id` is reached from (forward = false) or reaches (forward = true), along the drawn edges.
  let edgesFrom = new Map(); // box id -> the boxes its edges go to (and edgesTo, come from): made once per render
  let edgesTo = new Map();
  function reachable(id, forward) {
    const next = forward ? edgesFrom : edgesTo;
    const found = new Set();
    const queue = [id];
    while (queue.length) {
      for (const to of next.get(queue.pop()) ?? []) {
        if (!found.has(to)) {
          found.add(to);
          queue.push(to);
        }
      }
    }
    return found;
  }

  // "Trace inputs": the selected op's inputs, all the way back, and everything that uses its result stand out;
  // the other edges fade.
  function trace(id) {
    const upstream = id ? reachable(id, false) : new Set();
    const downstream = id ? reachable(id, true) : new Set();
    svg.classList.toggle("is-tracing", Boolean(id));
    for (const [nodeId, element] of nodeElements) {
      element.classList.toggle("is-upstream", upstream.has(nodeId));
      element.classList.toggle("is-downstream", downstream.has(nodeId));
    }
    const onPath = (e) => (upstream.has(e.from) || e.from === id) && (upstream.has(e.to) || e.to === id)
      ? "upstream"
      : (downstream.has(e.to) || e.to === id) && (downstream.has(e.from) || e.from === id)
        ? "downstream"
        : null;
    for (const path of viewport.querySelectorAll(".tfv-graph__edge")) {
      const way = id ? onPath({ from: path.dataset.from, to: path.dataset.to }) : null;
      path.classList.toggle("is-upstream", way === "upstream");
      path.classList.toggle("is-downstream", way === "downstream");
    }
    for (const { edge, label } of edgeElements.values()) {
      label.classList.toggle("is-traced", Boolean(id && onPath(edge)));
    }
  }

  // An op's box is a toggle (aria-pressed); a collapsed scope's box opens it instead (aria-expanded).
  function mark(id, on) {
    const element = nodeElements.get(id);
    element.classList.toggle("is-selected", on);
    if (!id.startsWith("scope:")) element.setAttribute("aria-pressed", String(on));
  }

  function select(id, { focus = false } = {}) {
    if (!nodeElements.has(id)) return;
    for (const [nodeId, element] of nodeElements) {
      element.setAttribute("tabindex", nodeId === id ? "0" : "-1");
      mark(nodeId, nodeId === id);
    }
    selected = id;
    trace(id);
    if (focus) nodeElements.get(id).focus({ preventScroll: true });
    onSelect(view.nodes.find((n) => n.id === id)); // which may open the details beside the drawing: then reveal
    camera.reveal([id]);
  }

  // No op selected: nothing traced, the details close (index.js).
  function deselect() {
    if (!selected) return;
    if (nodeElements.has(selected)) mark(selected, false);
    selected = null;
    trace(null);
  }

  function onNodeKey(event, node) {
    if (event.key.startsWith("Arrow") && !event.shiftKey) {
      event.preventDefault();
      const next = neighbour(node.id, event.key);
      if (next) select(next, { focus: true });
    } else if ((event.key === "Enter" || event.key === " ") && node.scope) {
      event.preventDefault();
      onToggleScope(node.scope);
    } else if (event.key === "Enter" && node.op?.control_flow) {
      event.preventDefault();
      onOpenBody(node.op); // a While or If: its body functions (body.js)
    }
  }

  function render(newView, laid) {
    view = newView;
    laidOut = laid;
    camera.show(view, laid);
    viewport.replaceChildren();
    nodeElements = new Map();
    edgeElements = new Map();
    names = new Map();
    for (const cluster of view.clusters) {
      const b = laid.clusters.get(cluster.id);
      const group = svgEl("g", { class: "tfv-graph__cluster", "data-scope": cluster.scope });
      group.append(svgEl("rect", { x: b.x - b.width / 2, y: b.y - b.height / 2, width: b.width, height: b.height, rx: 6 }));
      const title = svgEl("text", { x: b.x - b.width / 2 + 8, y: b.y - b.height / 2 + 16 }, `${short(cluster.scope)} ▾`);
      title.addEventListener("click", () => onToggleScope(cluster.scope));
      group.append(title);
      viewport.append(group);
    }
    for (const edge of view.edges) {
      const laidEdge = laid.edges.get(edge.id);
      const d = laidEdge.points.map((p, i) => `${i ? "L" : "M"}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(" ");
      const kind = edge.control ? "control" : edge.output?.dtype === "resource" ? "resource" : "data";
      const path = svgEl("path", { d, class: `tfv-graph__edge is-${kind}`, "data-from": edge.from, "data-to": edge.to, "marker-end": `url(#${arrow})` });
      viewport.append(path);
      if (!edge.control) {
        const label = svgEl("g", { class: "tfv-graph__label", "data-tensor": edge.tensor, transform: `translate(${laidEdge.x - LABEL.width / 2} ${laidEdge.y - LABEL.height / 2})` });
        label.append(svgEl("rect", { width: LABEL.width, height: LABEL.height, rx: 4 }));
        const type = edge.output.dtype === "resource" ? "resource handle" : `${edge.output.dtype} ${shapeText(edge.output.shape)}`;
        label.append(svgEl("text", { x: LABEL.width / 2, y: 13, "text-anchor": "middle" }, type));
        const slot = svgEl("g", { transform: "translate(0 29)" });
        label.append(slot);
        viewport.append(label);
        edgeElements.set(edge.id, { edge, slot, label });
      }
    }
    for (const node of view.nodes) {
      const b = laid.nodes.get(node.id);
      const role = node.output ? "output" : node.op ? node.op.role : "scope";
      // The accessible name starts with the visible text (WCAG 2.5.3), then says what a sighted reader infers.
      const [first, second] = boxLines(node);
      const about = node.op
        ? ` (op ${node.op.name}, ${node.output ? "output of the graph" : node.op.role}${node.op.control_flow ? ", Enter shows its bodies" : ""})`
        : ` (collapsed name scope ${node.scope})`;
      const group = svgEl("g", {
        class: `tfv-graph__node is-${role}`,
        "data-id": node.id,
        role: "button",
        tabindex: "-1",
        ...(node.scope ? { "aria-expanded": "false" } : { "aria-pressed": "false" }),
        transform: `translate(${b.x - b.width / 2} ${b.y - b.height / 2})`,
      });
      const colour = ROLE_COLOURS[role] ?? SERIES[0];
      group.append(svgEl("rect", { width: b.width, height: b.height, rx: node.op ? 8 : 2, style: `stroke: ${colour}` }));
      group.append(svgEl("rect", { width: 6, height: b.height, rx: 2, style: `fill: ${colour}` }));
      // Every line in one <text>, separated by spaces, so that the visible text reads "MatMul MatMul" (or "Identity
      // Identity output 7.5") and is the start of the accessible name (WCAG 2.5.3, label in name); the name goes on
      // to say what a sighted reader infers.
      const lines = svgEl("text");
      lines.append(svgEl("tspan", { x: 12, y: 18, class: "tfv-graph__type" }, first));
      lines.append(document.createTextNode(" "));
      lines.append(svgEl("tspan", { x: 12, y: 36 }, second));
      if (node.output) {
        lines.append(document.createTextNode(" "));
        lines.append(svgEl("tspan", { x: b.width - 8, y: 18, "text-anchor": "end", class: "tfv-graph__badge" }, "output"));
        lines.append(document.createTextNode(" "));
        lines.append(svgEl("tspan", { x: 12, y: OUTPUT_HEIGHT - 12, class: "tfv-graph__result" }));
      }
      group.append(lines);
      const name = () => `${lines.textContent.trim()}${about}`;
      group.setAttribute("aria-label", name());
      group.addEventListener("click", () => (node.scope ? onToggleScope(node.scope) : select(node.id, { focus: true })));
      group.addEventListener("keydown", (event) => onNodeKey(event, node));
      // Focus from the keyboard selects; a press of the pointer selects on its click instead (a selection opens the
      // details and moves the drawing, which would pull the box from under a click that has not landed yet).
      group.addEventListener("focus", () => !pressing && selected !== node.id && select(node.id));
      viewport.append(group);
      nodeElements.set(node.id, group);
      names.set(node.id, name);
    }
    edgesFrom = new Map();
    edgesTo = new Map();
    for (const e of view.edges) {
      edgesFrom.set(e.from, [...(edgesFrom.get(e.from) ?? []), e.to]);
      edgesTo.set(e.to, [...(edgesTo.get(e.to) ?? []), e.from]);
    }
    // The selection survives a new layout if its box is still drawn; else it ends, and the details with it.
    if (selected && nodeElements.has(selected)) mark(selected, true);
    else if (selected) {
      selected = null;
      onSelectionLost();
    }
    const first = selected ?? view.nodes[0]?.id;
    if (first) nodeElements.get(first).setAttribute("tabindex", "0");
    defineArrow();
    trace(selected);
    camera.home();
  }

  function defineArrow() {
    const defs = svgEl("defs");
    const marker = svgEl("marker", { id: arrow, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 10, markerHeight: 10, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" });
    marker.append(svgEl("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "tfv-graph__arrow" }));
    defs.append(marker);
    viewport.prepend(defs);
  }

  // Marks the ops that have run and the op that just ran, and writes each computed tensor on its edges (and an
  // output's value in its own box).
  function showState({ done, current, values }) {
    const nodes = new Map(view.nodes.map((n) => [n.id, n]));
    for (const [id, element] of nodeElements) {
      const node = nodes.get(id);
      element.classList.toggle("is-done", node.ops.every((n) => done.has(n)));
      element.classList.toggle("is-current", node.ops.includes(current));
      const result = element.querySelector(".tfv-graph__result");
      if (result) {
        const room = Math.floor((laidOut.nodes.get(id).width - 18) / RESULT_CHARACTER);
        result.textContent = resultText(values.get(node.op.outputs[0]?.name), room);
        element.setAttribute("aria-label", names.get(id)());
      }
    }
    for (const { edge, slot } of edgeElements.values()) {
      slot.replaceChildren();
      if (values.has(edge.tensor) && values.get(edge.tensor) !== null) slot.append(valueGlyph(values.get(edge.tensor), LABEL.width));
    }
  }

  return {
    render,
    showState,
    select,
    deselect,
    home: camera.home,
    fit: camera.fit,
    zoom: camera.zoom,
    pan: camera.pan,
    reveal: camera.reveal,
    // Marks the boxes of a search's matches.
    mark(ids) {
      for (const [id, element] of nodeElements) element.classList.toggle("is-match", ids.has(id));
    },
    toSvg: (title) => standaloneSvg(svg, title),
    focus: () => svg.focus({ preventScroll: true }),
    onLabelClick(handler) {
      svg.addEventListener("click", (event) => {
        const label = event.target.closest(".tfv-graph__label");
        if (label) handler(label.dataset.tensor);
      });
    },
    destroy() {
      detachGestures();
      svg.removeEventListener("pointerdown", onPress, true);
      svg.removeEventListener("pointerup", onRelease, true);
      svg.removeEventListener("pointercancel", onRelease, true);
      svg.removeEventListener("click", onClicked, true);
      camera.destroy();
      svg.remove();
    },
  };
}
