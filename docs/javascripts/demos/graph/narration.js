// The step line (no DOM): what the last step ran, named where the reader can see it (its box, the collapsed scope
// that holds it, or hidden bookkeeping), and once the run is over, the answer.

import { dims, flat, formatNumber, rangeText, shapeText } from "./tensor-view.js";

// A value in a few words: up to 4 numbers, else its shape and range.
function inWords(value) {
  if (value === null || value === undefined) return "not computed";
  const numbers = flat(value);
  if (numbers.length <= 4) return numbers.map(formatNumber).join(" ");
  return `a ${shapeText(dims(value))} tensor, ${rangeText(value)}`;
}

// The run that step `position` (1 = the first op) belongs to: a TF1 graph's second run executes some ops again.
function runAt(graph, position) {
  let end = 0;
  for (const run of graph.runs) {
    end += run.ops.length;
    if (position <= end) return run;
  }
  return graph.runs[graph.runs.length - 1];
}

// `boxOf(op name)` is the drawn box that shows the op, or null.
export function stepText(graph, { current, position, total, values, boxOf }) {
  if (!current) return `0 of ${total} ops run. Press Next (or N) to run the first.`;
  const op = graph.ops.find((o) => o.name === current);
  const box = boxOf(op.name);
  const where = !box ? ', bookkeeping that is not drawn ("Show bookkeeping" draws it)' : box.scope ? `, inside the collapsed name scope ${box.scope}` : "";
  const run = graph.runs.length > 1 ? ` (${runAt(graph, position).label})` : "";
  let text = `Step ${position} of ${total}: ran ${op.type} ${op.name}${where}${run}.`;
  if (position === total) text += ` Result: ${graph.outputs.map((t) => `${t} = ${inWords(values.get(t))}`).join("; ")}.`;
  return text;
}
