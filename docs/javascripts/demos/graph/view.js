// The graph drawing (DOM only): ops as boxes, tensors as arrows with their dtype and shape (and value, once
// computed), name scopes as boxes that collapse; zoom and pan by wheel, drag, pinch, buttons and keys; one op
// selected at a time, reached by click, tap or the arrow keys (which follow the edges).

import { POSITIVE, PRIMARY, SERIES } from "../../lib/palette.js";
import { LABEL } from "./layout.js";
import { shapeText, svgEl, valueGlyph } from "./tensor-view.js";

// Colours by the op's role, from the site palette: what the reader wrote vs what the tape and optimizer added.
export const ROLE_COLOURS = {
  input: SERIES[1],
  variable: SERIES[3],
  constant: SERIES[0],
  forward: PRIMARY,
  gradient: SERIES[4],
  update: POSITIVE,
  init: SERIES[0],
};

const short = (name) => name.split("/").at(-1);

export function createGraphView(container, { onSelect, onToggleScope, onOpenBody = () => {} }) {
  const svg = svgEl("svg", { class: "tfv-graph__svg", role: "group", "aria-label": "Dataflow graph" });
  const viewport = svgEl("g");
  svg.append(viewport);
  container.append(svg);
  let transform = { x: 0, y: 0, k: 1 };
  let size = { width: 1, height: 1 };
  let nodeElements = new Map();
  let edgeElements = new Map();
  let view = null;
  let selected = null;

  const apply = () => viewport.setAttribute("transform", `translate(${transform.x} ${transform.y}) scale(${transform.k})`);

  // Fit the whole graph, but never below a scale where its text is unreadable: a big graph starts at its top
  // (where the inputs are), centred across (dagre centres each rank, so the middle is where the ops are), and
  // the reader pans from there.
  function fit({ whole = false } = {}) {
    const box = svg.getBoundingClientRect();
    const fitK = Math.min(1.2, box.width / size.width, box.height / size.height);
    const k = whole ? fitK : Math.max(fitK, 0.6);
    const x = (box.width - size.width * k) / 2;
    transform = { k, x, y: Math.max(0, (box.height - size.height * k) / 2) };
    apply();
  }

  function zoom(factor, cx, cy) {
    const box = svg.getBoundingClientRect();
    const [x, y] = [cx ?? box.width / 2, cy ?? box.height / 2];
    const k = Math.min(4, Math.max(0.1, transform.k * factor));
    transform = { k, x: x - ((x - transform.x) * k) / transform.k, y: y - ((y - transform.y) * k) / transform.k };
    apply();
  }

  function pan(dx, dy) {
    transform = { ...transform, x: transform.x + dx, y: transform.y + dy };
    apply();
  }

  // Pointer: drag the background to pan; two fingers pinch to zoom; the wheel zooms about the pointer.
  const pointers = new Map();
  let pinch = null;
  const onPointerDown = (event) => {
    if (event.target.closest(".tfv-graph__node, .tfv-graph__label")) return;
    svg.setPointerCapture(event.pointerId);
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
  };
  const onPointerMove = (event) => {
    if (!pointers.has(event.pointerId)) return;
    const previous = pointers.get(event.pointerId);
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const distance = Math.hypot(a.x - b.x, a.y - b.y);
      const box = svg.getBoundingClientRect();
      if (pinch) zoom(distance / pinch, (a.x + b.x) / 2 - box.left, (a.y + b.y) / 2 - box.top);
      pinch = distance;
    } else pan(event.clientX - previous.x, event.clientY - previous.y);
  };
  const onPointerUp = (event) => {
    pointers.delete(event.pointerId);
    pinch = null;
  };
  const onWheel = (event) => {
    event.preventDefault();
    const box = svg.getBoundingClientRect();
    zoom(Math.exp(-event.deltaY / 400), event.clientX - box.left, event.clientY - box.top);
  };
  svg.addEventListener("pointerdown", onPointerDown);
  svg.addEventListener("pointermove", onPointerMove);
  svg.addEventListener("pointerup", onPointerUp);
  svg.addEventListener("pointercancel", onPointerUp);
  svg.addEventListener("wheel", onWheel, { passive: false });

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

  function select(id, { focus = false } = {}) {
    if (!nodeElements.has(id)) return;
    for (const [nodeId, element] of nodeElements) {
      element.setAttribute("tabindex", nodeId === id ? "0" : "-1");
      element.classList.toggle("is-selected", nodeId === id);
      element.setAttribute("aria-pressed", nodeId === id ? "true" : "false");
    }
    selected = id;
    if (focus) nodeElements.get(id).focus();
    onSelect(view.nodes.find((n) => n.id === id));
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
    size = { width: laid.width, height: laid.height };
    viewport.replaceChildren();
    nodeElements = new Map();
    edgeElements = new Map();
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
      const path = svgEl("path", { d, class: `tfv-graph__edge is-${kind}`, "data-from": edge.from, "data-to": edge.to, "marker-end": "url(#tfv-graph-arrow)" });
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
      const role = node.op ? node.op.role : "scope";
      // The accessible name starts with the visible text (WCAG 2.5.3), then says what a sighted reader infers.
      const bodies = node.op?.control_flow ? " ▸ bodies" : ""; // a While or If: Enter opens its functions
      const text = node.op
        ? `${node.op.type} ${short(node.op.name)}${bodies} (op ${node.op.name}, ${node.op.role}${bodies ? ", Enter shows its bodies" : ""})`
        : `${short(node.scope)} ▸ ${node.ops.length} ops (collapsed name scope ${node.scope})`;
      const group = svgEl("g", {
        class: `tfv-graph__node is-${role}`,
        "data-id": node.id,
        role: "button",
        tabindex: "-1",
        "aria-label": text,
        "aria-pressed": "false",
        transform: `translate(${b.x - b.width / 2} ${b.y - b.height / 2})`,
      });
      const colour = ROLE_COLOURS[role] ?? SERIES[0];
      group.append(svgEl("rect", { width: b.width, height: b.height, rx: node.op ? 8 : 2, style: `stroke: ${colour}` }));
      group.append(svgEl("rect", { width: 6, height: b.height, rx: 2, style: `fill: ${colour}` }));
      // Two lines in one <text>, separated by a space, so that the visible text reads "MatMul MatMul" and is the
      // start of the accessible name (WCAG 2.5.3, label in name).
      const lines = svgEl("text");
      lines.append(svgEl("tspan", { x: 12, y: 18, class: "tfv-graph__type" }, node.op ? node.op.type : `${short(node.scope)} ▸`));
      lines.append(document.createTextNode(" "));
      lines.append(svgEl("tspan", { x: 12, y: 35 }, node.op ? short(node.op.name) + bodies : `${node.ops.length} ops`));
      group.append(lines);
      group.addEventListener("click", () => (node.scope ? onToggleScope(node.scope) : select(node.id, { focus: true })));
      group.addEventListener("keydown", (event) => onNodeKey(event, node));
      group.addEventListener("focus", () => selected !== node.id && select(node.id));
      viewport.append(group);
      nodeElements.set(node.id, group);
    }
    const first = selected && nodeElements.has(selected) ? selected : view.nodes[0]?.id;
    if (first) nodeElements.get(first).setAttribute("tabindex", "0");
    defineArrow();
    fit();
  }

  function defineArrow() {
    const defs = svgEl("defs");
    const marker = svgEl("marker", { id: "tfv-graph-arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
    marker.append(svgEl("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "tfv-graph__arrow" }));
    defs.append(marker);
    viewport.prepend(defs);
  }

  // Marks the ops that have run and the op that just ran, and writes each computed tensor on its edges.
  function showState({ done, current, values }) {
    for (const [id, element] of nodeElements) {
      const node = view.nodes.find((n) => n.id === id);
      const names = node.ops;
      element.classList.toggle("is-done", names.every((n) => done.has(n)));
      element.classList.toggle("is-current", names.includes(current));
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
    fit,
    zoom,
    pan,
    onLabelClick(handler) {
      svg.addEventListener("click", (event) => {
        const label = event.target.closest(".tfv-graph__label");
        if (label) handler(label.dataset.tensor);
      });
    },
    destroy() {
      svg.removeEventListener("wheel", onWheel);
      svg.remove();
    },
  };
}
