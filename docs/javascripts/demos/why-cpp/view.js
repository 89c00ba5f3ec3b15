// The race's table (DOM only): one row per matrix size.

import { el } from "../../lib/dom.js";

// A speed-up below 1 (the loops win, as on software WebGL for small sizes) keeps two significant digits.
const formatRatio = (ratio) => `${ratio >= 1 ? ratio.toFixed(1) : ratio.toPrecision(2)}×`;

const HEADERS = ["matrix", "JavaScript loops", "TF.js", "speed-up", "largest difference"];

export function renderTable(rows) {
  const table = el("table");
  const headRow = el("tr");
  headRow.append(...HEADERS.map((text) => el("th", { scope: "col" }, text)));
  const head = el("thead");
  head.append(headRow);
  const body = el("tbody");
  for (const row of rows) {
    const tr = el("tr", { "data-size": row.n });
    for (const text of [
      `${row.n}×${row.n}`,
      `${row.loops.toFixed(2)} ms`,
      `${row.tf.toFixed(2)} ms`,
      formatRatio(row.loops / row.tf),
      row.difference.toExponential(1),
    ]) {
      tr.append(el("td", {}, text));
    }
    body.append(tr);
  }
  table.append(head, body);
  return table;
}
