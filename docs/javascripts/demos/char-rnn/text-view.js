// The text as the demo shows it (DOM only, no TF.js): one coloured <span> per character, the prompt underlined,
// a written line break as a visible ↵ followed by a real one. The whole text is ONE tab stop: the character in
// focus has tabindex 0, every other none, and ←/→/Home/End move the focus ("roving tabindex"), so a keyboard
// user never tabs through thousands of characters. A click or a tap focuses the character too: it stays marked,
// and the arrow keys go on from there.

import { el } from "../../lib/dom.js";

// `onShow(index, chosen)`: a character was pointed at (chosen false) or focused by a tap, a click or the keys
// (chosen true); index into the records the view shows.
export function createTextView(output, { onShow }) {
  let spans = [];
  let current = -1; // the character that holds the tab stop

  function clear() {
    spans = [];
    current = -1;
    output.replaceChildren();
  }

  // Appends spans for records[from…] (each {character, isPrompt}); `colourOf(record)` -> [background, text].
  function append(records, from, colourOf) {
    const fragment = document.createDocumentFragment();
    for (let index = from; index < records.length; index++) {
      const record = records[index];
      const newline = record.character === "\n";
      const span = el("span", {
        class: record.isPrompt ? "cr-char cr-prompt-char" : "cr-char",
        "data-index": String(index),
      });
      // A line break is drawn as ↵, and read out as words.
      if (newline)
        span.append(
          el("span", { "aria-hidden": "true" }, "↵"),
          el("span", { class: "tfv-visually-hidden" }, "line break"),
        );
      else span.textContent = record.character;
      paint(span, colourOf(record));
      fragment.append(span);
      if (newline) fragment.append("\n");
      spans.push(span);
    }
    output.append(fragment);
    if (current === -1 && spans.length) moveTo(0, false);
  }

  function paint(span, [background, colour]) {
    span.style.background = background;
    span.style.color = colour;
  }

  function recolour(records, colourOf) {
    spans.forEach((span, index) => paint(span, colourOf(records[index])));
  }

  function moveTo(index, focus = true) {
    if (index < 0 || index >= spans.length) return;
    if (current >= 0 && spans[current]) spans[current].removeAttribute("tabindex");
    current = index;
    spans[current].setAttribute("tabindex", "0");
    if (focus) {
      spans[current].focus();
      spans[current].scrollIntoView({ block: "nearest" });
    }
  }

  function onKey(event) {
    const targets = { ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0, End: spans.length - 1 };
    if (!(event.key in targets) || current < 0) return;
    event.preventDefault();
    moveTo(Math.max(0, Math.min(spans.length - 1, targets[event.key])));
  }

  // The character an event is about; a line break's ↵ is a span inside its character's span.
  function indexOf(target) {
    const span = target instanceof Element ? target.closest(".cr-char") : null;
    return span ? Number(span.dataset.index) : -1;
  }

  function onFocus(event) {
    const index = indexOf(event.target);
    if (index < 0) return;
    if (index !== current) moveTo(index, false);
    onShow(index, true);
  }

  // Pointing shows a character only where a pointer can hover (a mouse, a trackpad). On a touch screen a tap chooses
  // it (onClick), and the mouse events a browser makes up around a tap, or as the page scrolls under the finger's
  // last place, are not the reader pointing: they would swap the tapped character's details for another's.
  const canHover = matchMedia("(any-hover: hover)");

  function onPointer(event) {
    if (!canHover.matches) return;
    const index = indexOf(event.target);
    if (index >= 0) onShow(index, false);
  }

  // A character has no tabindex until it holds the tab stop, so a click or a tap would not focus it by itself.
  function onClick(event) {
    const index = indexOf(event.target);
    if (index < 0) return;
    if (document.activeElement === spans[index]) onShow(index, true); // no focusin follows: show it again here
    else moveTo(index);
  }

  // While the reader is not reading inside the text, the newest characters stay in view.
  function follow() {
    if (!output.contains(document.activeElement)) output.scrollTop = output.scrollHeight;
  }

  return {
    clear,
    append,
    recolour,
    follow,
    moveTo,
    get length() {
      return spans.length;
    },
    listen(listen) {
      listen(output, "keydown", onKey);
      listen(output, "focusin", onFocus);
      listen(output, "mouseover", onPointer);
      listen(output, "click", onClick);
    },
  };
}
