// The line above the graph: what it is, how many ops TensorFlow traced, and where the ones a reader does not see
// stepped or drawn went: a TF1 graph's ops that neither session.run needs, the bookkeeping the drawing hides, and the
// name scopes the overview collapsed. The site build writes the same line into the page (countsText, run in Node by
// src/tfvisual/site/graph_views.mjs), so it has its height before the viewer's code runs; the viewer adopts it.

import { el } from "../../lib/dom.js";

const types = (ops) => [...new Set(ops.map((op) => op.type))].join(", ");

export function countsText(graph, collapsed) {
  const stepped = new Set(graph.runs.flatMap((run) => run.ops));
  const producers = new Map(graph.ops.flatMap((op) => op.outputs.map((o) => [o.name, op.name])));
  const outputs = new Set(graph.outputs.map((t) => producers.get(t)));
  const hidden = graph.ops.filter((op) => op.bookkeeping && !outputs.has(op.name));
  const parts = [`${graph.ops.length} ops traced by TensorFlow ${graph.tensorflow}.`];
  if (graph.runs.length > 1) {
    const runs = graph.runs.map((run) => `${run.label} runs ${run.ops.length}`).join(", ");
    const idle = graph.ops.filter((op) => !stepped.has(op.name));
    parts.push(`${runs}${idle.length ? `; the other ${idle.length} (${types(idle)}) are in the graph, but neither run needs them` : ""}.`);
  }
  if (hidden.length) parts.push(`${hidden.length} bookkeeping ${hidden.length === 1 ? "op is" : "ops are"} not drawn (${types(hidden)}): "Show bookkeeping" draws ${hidden.length === 1 ? "it" : "them"}.`);
  if (collapsed.size) {
    const boxes = collapsed.size === 1 ? `the name scope ${[...collapsed][0]} collapsed into one box` : `${collapsed.size} name scopes collapsed into one box each`;
    parts.push(`Opened as an overview, ${boxes}: click a box (or press Enter on it) to open it.`);
  }
  return parts.join(" ");
}

// The line the build wrote into `element`, or (a page built without it) a new one.
export function buildIntro(element, graph, pbtxtUrl, collapsed) {
  const written = element.querySelector(":scope > .tfv-graph__intro");
  if (written) return written;
  const intro = el("p", { class: "tfv-graph__intro" });
  intro.append(el("strong", {}, graph.title), document.createTextNode(`: ${countsText(graph, collapsed)} `));
  intro.append(el("a", { href: pbtxtUrl }, "TensorFlow's GraphDef (.pbtxt)"));
  return intro;
}
