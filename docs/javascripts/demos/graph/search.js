// "Find an op" (DOM only): a search field over every op of the graph, by name or by type. Matches are marked in the
// drawing (a collapsed scope that holds one is marked too); Enter goes to the next match, opening the scope it is
// in or drawing the bookkeeping if that is where it is (index.js), and Escape clears the search.

import { el } from "../../lib/dom.js";

export function buildSearch(graph, { onMatches, onGo }) {
  const id = `tfv-graph-${graph.name}-find`;
  const field = el("input", { id, type: "search", spellcheck: "false", autocomplete: "off", placeholder: "name or type", "aria-describedby": `${id}-count`, "data-testid": "graph-find" });
  const count = el("span", { id: `${id}-count`, class: "tfv-graph__found", "aria-live": "polite" });
  const box = el("div", { class: "tfv-graph__find" });
  box.append(el("label", { for: id }, "Find an op"), field, count);

  let matches = [];
  let index = -1;
  const onInput = () => {
    const query = field.value.trim().toLowerCase();
    matches = query ? graph.ops.filter((op) => op.name.toLowerCase().includes(query) || op.type.toLowerCase().includes(query)) : [];
    index = -1;
    count.textContent = !query ? "" : matches.length ? `${matches.length} of ${graph.ops.length} ops match: Enter goes to the next` : "no op matches";
    onMatches(new Set(matches.map((op) => op.name)));
  };
  const onKey = (event) => {
    if (event.key === "Enter" && matches.length) {
      event.preventDefault();
      index = (index + 1) % matches.length;
      count.textContent = `${index + 1} of ${matches.length}: ${matches[index].type} ${matches[index].name}`;
      onGo(matches[index]);
    } else if (event.key === "Escape" && field.value) {
      event.stopPropagation(); // the first Escape clears the search; the next one leaves full-window mode
      field.value = "";
      onInput();
    }
  };
  field.addEventListener("input", onInput);
  field.addEventListener("keydown", onKey);
  return {
    element: box,
    matches: () => new Set(matches.map((op) => op.name)),
    focus: () => field.focus(),
    detach() {
      field.removeEventListener("input", onInput);
      field.removeEventListener("keydown", onKey);
    },
  };
}
