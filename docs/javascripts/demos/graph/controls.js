// The viewer's controls (DOM only): the step buttons, the view buttons (zoom, fit, full window, download), the
// search, the bookkeeping toggle and the name-scope toggles, and the keys that do the same while focus is anywhere
// in the demo. The input fields are inputs.js.

import { el } from "../../lib/dom.js";

const KEYS = { n: "next", b: "back", e: "end", r: "reset", f: "fullWindow" };

const button = (text, keys, extra = {}) =>
  el("button", { type: "button", class: "md-button", disabled: "", ...(keys ? { "aria-keyshortcuts": keys } : {}), ...extra }, text);

export function buildControls(root, graph, search) {
  const toolbar = el("div", { class: "tfv-graph__toolbar", role: "toolbar", "aria-label": "Step through the graph" });
  const back = button("Back", "B");
  const next = button("Next", "N", { class: "md-button md-button--primary" });
  const end = button("Run to end", "E");
  const reset = button("Reset", "R");
  toolbar.append(back, next, end, reset);
  const viewBar = el("div", { class: "tfv-graph__toolbar", role: "toolbar", "aria-label": "View of the graph" });
  const zoomIn = button("Zoom in", "Plus");
  const zoomOut = button("Zoom out", "Minus");
  const fit = button("Fit", "0");
  const full = button("Full window", "F", { "aria-pressed": "false" });
  const save = button("Download SVG");
  viewBar.append(zoomIn, zoomOut, fit, full, save);
  const allId = `tfv-graph-${graph.name}-all`;
  const all = el("input", { type: "checkbox", id: allId, disabled: "" });
  const allLabel = el("label", { for: allId, class: "tfv-graph__check" });
  allLabel.append(all, document.createTextNode(" Show bookkeeping (NoOp, Identity, control edges)"));
  const findBar = el("div", { class: "tfv-graph__toolbar" });
  findBar.append(search.element, allLabel);
  // One bar, its groups side by side where there is room: every line it saves goes to the graph.
  const bar = el("div", { class: "tfv-graph__bar" });
  bar.append(toolbar, viewBar, findBar);
  const scopes = el("div", { class: "tfv-graph__scopes" });
  const line = el("p", { class: "tfv-graph__step", "aria-live": "polite" });
  root.append(bar, scopes, line);

  let position = 0;
  let total = 0;
  let blocked = null; // why the graph cannot run now (an op failed, an input is invalid), or null
  let onScope = () => {};

  return {
    setPosition(p, t, reason) {
      [position, total, blocked] = [p, t, reason];
      back.disabled = p === 0;
      next.disabled = p >= t || Boolean(reason);
      end.disabled = next.disabled;
    },
    // The line is announced (aria-live) whenever its text changes, so it is written only when it does.
    say(text) {
      line.classList.remove("tfv-error");
      line.removeAttribute("data-testid");
      if (line.textContent !== text) line.textContent = text;
    },
    fail(message) {
      if (line.textContent !== message) line.textContent = message;
      line.classList.add("tfv-error");
      line.setAttribute("data-testid", "graph-error");
    },
    setShowAll(checked) {
      all.checked = checked;
    },
    setFullWindow(on) {
      full.setAttribute("aria-pressed", String(on));
      full.textContent = on ? "Leave full window" : "Full window";
      full.setAttribute("aria-keyshortcuts", on ? "F Escape" : "F");
    },
    setScopes(names, collapsed) {
      scopes.replaceChildren();
      const every = [...new Set([...names, ...collapsed])].sort();
      if (!every.length) return;
      scopes.append(el("span", {}, "Name scopes: "));
      for (const scope of every) {
        const open = !collapsed.includes(scope);
        const toggle = el("button", { type: "button", class: "tfv-graph__scope", "aria-expanded": String(open), "data-scope": scope }, `${open ? "▾" : "▸"} ${scope}`);
        toggle.addEventListener("click", () => onScope(scope));
        scopes.append(toggle);
      }
    },
    enable() {
      for (const b of [reset, zoomIn, zoomOut, fit, full, save, all]) b.disabled = false;
      this.setPosition(position, total, blocked);
    },
    wire(element, actions) {
      onScope = actions.toggleScope;
      const handlers = [
        [back, actions.back],
        [next, actions.next],
        [end, actions.end],
        [reset, actions.reset],
        [zoomIn, () => actions.zoom(1.25)],
        [zoomOut, () => actions.zoom(0.8)],
        [fit, actions.fit],
        [full, actions.fullWindow],
        [save, actions.download],
      ];
      for (const [b, handler] of handlers) b.addEventListener("click", handler);
      const onAll = () => actions.toggleAll(all.checked);
      all.addEventListener("change", onAll);
      const onKey = (event) => {
        if (event.key === "Escape") {
          if (actions.escape(event.target.matches("input, textarea, select"))) event.stopPropagation();
          return;
        }
        if (event.target.matches("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
        const action = KEYS[event.key.toLowerCase()];
        // Material binds N, P, F, S and / on the whole document (next and previous page, search): a key used here
        // stops here, so that it never leaves the page the reader is working in.
        const used = () => {
          event.preventDefault();
          event.stopPropagation();
        };
        if (action) {
          used();
          if (!(action === "next" && next.disabled) && !(action === "back" && back.disabled) && !(action === "end" && end.disabled)) actions[action]();
        } else if (event.key === "+" || event.key === "=") {
          used();
          actions.zoom(1.25);
        } else if (event.key === "-") {
          used();
          actions.zoom(0.8);
        } else if (event.key === "0") {
          used();
          actions.fit();
        } else if (event.key === "/" || event.key.toLowerCase() === "s") {
          used();
          search.focus();
        } else if (event.key === "p" || event.key === "," || event.key === ".") {
          used(); // the theme's previous and next page: not while the reader is in the demo
        } else if (event.shiftKey && event.key.startsWith("Arrow")) {
          used();
          const d = 40;
          actions.pan({ ArrowLeft: d, ArrowRight: -d }[event.key] ?? 0, { ArrowUp: d, ArrowDown: -d }[event.key] ?? 0);
        }
      };
      element.addEventListener("keydown", onKey);
      return () => {
        for (const [b, handler] of handlers) b.removeEventListener("click", handler);
        all.removeEventListener("change", onAll);
        element.removeEventListener("keydown", onKey);
      };
    },
  };
}
