// The panel for the character in focus or under the pointer (DOM only, no TF.js): what it is, the probability each
// model gave it, a hidden unit's value after it, and the RNN's five likeliest characters at that step. Beside the
// text on a wide screen, under it on a narrow one (char-rnn.css).

import { el } from "../../lib/dom.js";

const percent = (p) => `${(100 * p).toFixed(p < 0.001 ? 3 : 1)}%`;

// How a character is written in a sentence or a table: visible names for the invisible ones.
function characterName(character) {
  if (character === "\n") return "line break ↵";
  if (character === " ") return "space ␣";
  return `“${character}”`;
}

const formatUnitValue = (value) =>
  value === null ? "not computed for the prompt" : value.toFixed(3).replace("-", "−");

// `info`: {character, index, isPrompt, p, ngramP, top: [{character, p}], unitName, unitValue}.
export function renderDetails(ui, info) {
  ui.details.replaceChildren();
  const where = info.isPrompt ? "of the prompt" : "written";
  ui.details.append(
    el(
      "p",
      { class: "cr-details-title", "data-testid": "details-title" },
      `Character ${info.index + 1} (${where}): ${characterName(info.character)}`,
    ),
    el(
      "p",
      {},
      `The RNN gave it ${percent(info.p)}` +
        (info.ngramP === null ? "." : `, the n-gram ${percent(info.ngramP)}.`) +
        (info.unitName ? ` ${info.unitName} after it: ${formatUnitValue(info.unitValue)}.` : ""),
    ),
  );
  const table = el("table", { class: "cr-top", "data-testid": "top5" });
  table.append(el("caption", {}, "The RNN's five likeliest characters at this step"));
  const head = el("tr");
  head.append(el("th", { scope: "col" }, "Character"), el("th", { scope: "col" }, "P"));
  const thead = el("thead");
  thead.append(head);
  const body = el("tbody");
  for (const entry of info.top) {
    const row = el("tr", entry.character === info.character ? { class: "cr-top-chosen" } : {});
    row.append(el("td", {}, characterName(entry.character)), el("td", { "data-p": String(entry.p) }, percent(entry.p)));
    body.append(row);
  }
  table.append(thead, body);
  ui.details.append(table);
}

// A character was chosen (a tap, a click, the keys): the panel must be where the reader can see it. Under the text
// on a phone it may be below the window's edge; the page then scrolls just far enough to show it, and the text the
// reader tapped stays on screen (char-rnn.css keeps the text and the panel shorter than a phone's window). Beside
// the text it is in view already, and nothing moves. scroll-margin (char-rnn.css) keeps it clear of the header.
export function revealDetails(ui) {
  const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
  ui.details.scrollIntoView({ block: "nearest", behavior: still ? "instant" : "smooth" });
}
