// The viewer's controls (DOM only): an input field per graph input (its value as a nested list, which a reader
// can edit or randomise), the step buttons, the bookkeeping toggle, the name-scope toggles and zoom buttons,
// and the keys that do the same when focus is anywhere in the demo.

import { el } from "../../lib/dom.js";
import { formatNumber } from "./tensor-view.js";

const KEYS = { n: "next", b: "back", e: "end", r: "reset" };

const button = (text, keys, extra = {}) =>
  el("button", { type: "button", class: "md-button", disabled: "", ...(keys ? { "aria-keyshortcuts": keys } : {}), ...extra }, text);

const dims = (value) => (Array.isArray(value) ? [value.length, ...dims(value[0] ?? [])] : []);

function fitsShape(value, shape) {
  const actual = dims(value);
  if (shape === null) return true;
  if (actual.length !== shape.length) return false;
  const flat = Array.isArray(value) ? value.flat(Infinity) : [value];
  return shape.every((d, i) => d === null || d === actual[i]) && flat.every((v) => Number.isFinite(v));
}

// Random values with the input's current shape, rounded to two decimals so they stay readable.
function randomLike(value, dtype) {
  if (Array.isArray(value)) return value.map((v) => randomLike(v, dtype));
  const r = Math.random() * 4 - 2;
  return dtype.startsWith("int") ? Math.round(r) : Math.round(r * 100) / 100;
}

const show = (value) => JSON.stringify(value, (k, v) => (typeof v === "number" ? Number(formatNumber(v)) : v));

export function buildControls(root, graph, pbtxtUrl) {
  const intro = el("p", { class: "tfv-graph__intro" });
  intro.append(document.createTextNode(`${graph.title}: ${graph.ops.length} ops traced by TensorFlow ${graph.tensorflow}. `));
  intro.append(el("a", { href: pbtxtUrl }, "TensorFlow's GraphDef (.pbtxt)"));
  root.append(intro);

  const inputsBox = el("div", { class: "tfv-graph__inputs" });
  const fields = new Map();
  for (const input of graph.inputs) {
    const id = `tfv-graph-${graph.name}-${input.name.replace(/[^\w-]/g, "_")}`;
    const label = el("label", { for: id }, `${input.name} (${input.dtype}, shape [${(input.shape ?? []).map((d) => d ?? "?").join(", ")}])`);
    const field = el("input", { id, type: "text", spellcheck: "false", "data-testid": `graph-input-${input.name}`, value: show(input.value) });
    inputsBox.append(el("div", { class: "tfv-graph__field" }));
    inputsBox.lastChild.append(label, field);
    fields.set(input.name, field);
  }
  const randomise = button("Randomise inputs");
  inputsBox.append(randomise);
  root.append(inputsBox);

  const toolbar = el("div", { class: "tfv-graph__toolbar", role: "toolbar", "aria-label": "Step through the graph" });
  const back = button("Back", "B");
  const next = button("Next", "N", { class: "md-button md-button--primary" });
  const end = button("Run to end", "E");
  const reset = button("Reset", "R");
  const zoomIn = button("Zoom in", "+");
  const zoomOut = button("Zoom out", "-");
  const fit = button("Fit", "0");
  const allId = `tfv-graph-${graph.name}-all`;
  const all = el("input", { type: "checkbox", id: allId });
  const allLabel = el("label", { for: allId, class: "tfv-graph__check" });
  allLabel.append(all, document.createTextNode(" Show bookkeeping (NoOp, final Identity, control edges)"));
  toolbar.append(back, next, end, reset, zoomIn, zoomOut, fit, allLabel);
  root.append(toolbar);
  const scopes = el("div", { class: "tfv-graph__scopes" });
  root.append(scopes);
  const line = el("p", { class: "tfv-graph__step", "aria-live": "polite" });
  root.append(line);

  let position = 0;
  let total = 0;
  let failed = null;
  let onScope = () => {};

  return {
    readInputs() {
      const inputs = {};
      for (const input of graph.inputs) {
        const field = fields.get(input.name);
        try {
          const value = JSON.parse(field.value);
          if (!fitsShape(value, input.shape)) throw new Error("shape");
          field.removeAttribute("aria-invalid");
          inputs[input.name] = value;
        } catch {
          field.setAttribute("aria-invalid", "true");
          inputs[input.name] = input.value; // an unreadable field runs on the preset, and says so
        }
      }
      return inputs;
    },
    setPosition(p, t, error) {
      [position, total, failed] = [p, t, error];
      back.disabled = p === 0;
      next.disabled = p >= t || Boolean(error);
      end.disabled = next.disabled;
    },
    say(text) {
      line.classList.remove("tfv-error");
      line.textContent = text;
    },
    fail(message) {
      line.textContent = message;
      line.classList.add("tfv-error");
      line.setAttribute("data-testid", "graph-error");
    },
    setScopes(names, collapsed) {
      scopes.replaceChildren();
      const all = [...new Set([...names, ...collapsed])].sort();
      if (!all.length) return;
      scopes.append(el("span", {}, "Name scopes: "));
      for (const scope of all) {
        const open = !collapsed.includes(scope);
        const toggle = el("button", { type: "button", class: "tfv-graph__scope", "aria-expanded": String(open), "data-scope": scope }, `${open ? "▾" : "▸"} ${scope}`);
        toggle.addEventListener("click", () => onScope(scope));
        scopes.append(toggle);
      }
    },
    enable() {
      for (const b of [reset, zoomIn, zoomOut, fit, randomise]) b.disabled = false;
      this.setPosition(position, total, failed);
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
        [randomise, () => {
          for (const input of graph.inputs) fields.get(input.name).value = show(randomLike(input.value, input.dtype));
          actions.inputsChanged();
        }],
      ];
      for (const [b, handler] of handlers) b.addEventListener("click", handler);
      all.disabled = false;
      const onAll = () => actions.toggleAll(all.checked);
      all.addEventListener("change", onAll);
      const onChange = () => actions.inputsChanged();
      for (const field of fields.values()) field.addEventListener("change", onChange);
      const onKey = (event) => {
        if (event.target.matches("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
        const action = KEYS[event.key.toLowerCase()];
        // Material binds N and P (next and previous page) on the whole document: a key used here stops here.
        if (action) {
          event.preventDefault();
          event.stopPropagation();
          if (!(action === "next" && next.disabled) && !(action === "back" && back.disabled)) actions[action]();
        } else if (event.key === "+" || event.key === "=") actions.zoom(1.25);
        else if (event.key === "-") actions.zoom(0.8);
        else if (event.key === "0") actions.fit();
        else if (event.shiftKey && event.key.startsWith("Arrow")) {
          event.preventDefault();
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
