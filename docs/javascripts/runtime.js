// The runtime every demo shares: model loading with progress and errors, the status line, and the start of a
// demo's backend (tfjs-loader.js loads TF.js, backends.js chooses the backend). Demos import what they need from
// here; nothing here knows about a particular demo.

import { chooseBackend, ensureBackend, measureAgain } from "./backends.js";
import { loadTf, siteUrl } from "./tfjs-loader.js";

// Demos build their URLs with it, and import it from here with the rest of what they need.
export { siteUrl };

// Decimal units (1 kB = 1,000 bytes), as browsers' network panels and the pages' numbers (site/cards.py) count them.
export function formatBytes(bytes) {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

// ---------------------------------------------------------------------------------------------------------
// Model loading. One entry per URL: demos on the same page (or on the next page after instant navigation)
// share the model instead of downloading it twice. Failed loads are forgotten so that "Retry" really retries.

const BYTES_PER_DTYPE = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, string: 0 };

// The number of weight bytes model.json promises, so that progress is in bytes and truncation is detected.
function expectedWeightBytes(modelJson) {
  let total = 0;
  for (const group of modelJson.weightsManifest ?? []) {
    for (const weight of group.weights) {
      const count = weight.shape.reduce((a, b) => a * b, 1);
      total += count * BYTES_PER_DTYPE[weight.quantization?.dtype ?? weight.dtype];
    }
  }
  return total;
}

const models = new Map();

function trackedLoad(url, attempt) {
  const entry = { listeners: new Set(), loaded: 0, total: 0, promise: null };
  const report = () => entry.listeners.forEach((listener) => listener(entry.loaded, entry.total));
  let weightBytes = 0;
  let expectedWeights = 0;
  let downloadFailed = false; // an HTTP error is reported as such, not as the truncation it leaves behind

  // Wraps fetch to count bytes as they arrive and to turn a broken file into a message a reader understands.
  async function countingFetch(input, init) {
    const fileUrl = typeof input === "string" ? input : input.url;
    const name = new URL(fileUrl, location.href).pathname.split("/").pop();
    // After a failure, revalidate instead of trusting the browser cache, which may hold the broken file.
    const response = await fetch(input, attempt > 0 ? { ...init, cache: "no-cache" } : init);
    if (!response.ok) {
      downloadFailed = true;
      throw new Error(`${name} could not be downloaded (HTTP ${response.status}).`);
    }
    const reader = response.body.getReader();
    const chunks = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      entry.loaded += value.length;
      if (name !== "model.json") weightBytes += value.length;
      report();
    }
    const body = new Blob(chunks);
    if (name === "model.json") {
      let json;
      try {
        json = JSON.parse(await body.text());
      } catch (error) {
        throw new Error(`model.json is not valid JSON (${error.message}).`);
      }
      expectedWeights = expectedWeightBytes(json);
      entry.total = entry.loaded + expectedWeights;
      report();
    }
    return new Response(body, { status: response.status, headers: response.headers });
  }

  entry.promise = (async () => {
    const tf = await loadTf();
    await ensureBackend();
    try {
      const model = await tf.loadLayersModel(tf.io.http(url, { fetchFunc: countingFetch }));
      return { model, bytes: entry.loaded };
    } catch (error) {
      if (!downloadFailed && expectedWeights && weightBytes < expectedWeights) {
        throw new Error(
          `The model's weights are incomplete: ${formatBytes(weightBytes)} of ${formatBytes(expectedWeights)} ` +
            "arrived (a truncated weights file).",
        );
      }
      throw error;
    }
  })();
  entry.promise.catch(() => models.delete(url));
  return entry;
}

let attempts = 0;

// Resolves to {model, bytes}. `onProgress(loaded, total)` reports bytes; total is 0 until model.json arrives.
export function loadModel(url, { onProgress } = {}) {
  const absolute = new URL(url, location.href).href;
  if (!models.has(absolute)) models.set(absolute, trackedLoad(absolute, attempts++));
  const entry = models.get(absolute);
  if (onProgress) {
    entry.listeners.add(onProgress);
    onProgress(entry.loaded, entry.total);
    entry.promise.finally(() => entry.listeners.delete(onProgress)).catch(() => {});
  }
  return entry.promise;
}

// Shows a progress bar in `slot` (which the demo has already sized, so nothing jumps when the model arrives),
// and on failure an error box with a Retry button. Resolves once the model is loaded; rejects only when
// `signal` aborts (the reader left the page).
export function loadModelInto(slot, url, { signal } = {}) {
  return new Promise((resolve, reject) => {
    const unmounted = () => new DOMException("The demo was unmounted", "AbortError");
    // An already-aborted signal never fires "abort" again: without this check the promise would never settle.
    if (signal?.aborted) {
      reject(unmounted());
      return;
    }
    const box = document.createElement("div");
    box.className = "tfv-loader";
    slot.append(box);
    signal?.addEventListener("abort", () => {
      box.remove();
      reject(unmounted());
    });

    const attempt = () => {
      box.replaceChildren();
      box.classList.remove("tfv-error");
      const label = document.createElement("p");
      label.textContent = "Loading the model…";
      const bar = document.createElement("progress");
      bar.setAttribute("aria-label", "Model download progress");
      box.append(label, bar);
      loadModel(url, {
        onProgress: (loaded, total) => {
          if (total) {
            bar.max = total;
            bar.value = loaded;
          }
          label.textContent = `Loading the model… ${formatBytes(loaded)}${total ? ` of ${formatBytes(total)}` : ""}`;
        },
      }).then(
        (loaded) => {
          if (signal?.aborted) return;
          box.remove();
          resolve(loaded);
        },
        (error) => {
          if (signal?.aborted) return;
          showError(box, `The model could not be loaded. ${error.message}`, attempt);
        },
      );
    };
    attempt();
  });
}

// A visible, polite error with an optional Retry button. Used for failures the reader should know about;
// the rest of the page keeps working.
export function showError(box, message, retry) {
  box.replaceChildren();
  box.classList.add("tfv-error");
  box.setAttribute("role", "alert");
  const text = document.createElement("p");
  text.textContent = message;
  box.append(text);
  if (retry) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = "Retry";
    button.addEventListener("click", retry);
    box.append(button);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The status line under each demo: which backend runs it, how big the model is, how long the last update took.

export function createStatusLine(parent) {
  const line = document.createElement("p");
  line.className = "tfv-status";
  // Only the backend and messages are announced to screen readers; the timing changes on every update and
  // would be read out constantly, so it sits outside the live region.
  const announced = document.createElement("span");
  announced.setAttribute("role", "status");
  const quiet = document.createElement("span");
  // Offered once a choice was measured (now or on an earlier visit): the reader can ask for a fresh race.
  const again = document.createElement("button");
  again.type = "button";
  again.className = "tfv-status__again";
  again.textContent = "measure again";
  again.hidden = true;
  // While a race runs the button stays (disabled, by aria-disabled, so that a keyboard reader keeps focus on it).
  again.addEventListener("click", () => {
    if (again.getAttribute("aria-disabled") !== "true") state.measureAgain?.();
  });
  line.append(announced, quiet, again);
  parent.append(line);
  const state = {};
  return {
    element: line,
    update(changes) {
      Object.assign(state, changes);
      const live = [];
      if (state.backend) live.push(`Backend: ${state.backend.label}, ${state.backend.reason}`);
      if (state.message) live.push(state.message);
      const measured = [];
      if (state.modelBytes) measured.push(`model ${formatBytes(state.modelBytes)}`);
      if (state.lastMs !== undefined) measured.push(`last update ${state.lastMs.toFixed(1)} ms`);
      // Rewritten only when it changes: a screen reader would read the live region again at every update.
      if (announced.textContent !== live.join(" · ")) announced.textContent = live.join(" · ");
      quiet.textContent = (live.length && measured.length ? " · " : "") + measured.join(" · ");
      // Offered once this device has a measurement: on the first visit, not before the first race has run.
      const measuredBefore = Object.keys(state.backend?.timings ?? {}).length > 0;
      again.hidden = !state.measureAgain || !measuredBefore || ["asked", "only"].includes(state.backend?.state);
      again.setAttribute("aria-disabled", String(state.backend?.state === "measuring"));
      if (state.backend) {
        line.dataset.backend = state.backend.name;
        line.dataset.backendState = state.backend.state; // a hook for tests: "measuring" until the race ends
        line.dataset.timings = JSON.stringify(state.backend.timings); // ms per run of the demo's work, measured
      }
    },
  };
}

// Starts a backend for a demo (at once, before measuring) and says so in its status line; on failure the status
// line shows why no backend could start.
export async function startBackend(status) {
  try {
    const started = await ensureBackend();
    status.update({ message: started.asked ? undefined : "starting…" });
    return started;
  } catch (error) {
    status.update({ message: error.message });
    throw error;
  }
}

// Once the demo can run its own work (`probe(tf)`, a promise that ends with a read of the result, and that keeps
// working as long as the demo is on the page: the race may run later), runs it on the
// backend known to be fastest here, or on plain JavaScript while the backends are measured on it in the
// background; the status line shows the choice, its reason, and every later change. Resolves to the live choice
// (backends.js chooseBackend).
export async function settleBackend(status, key, probe) {
  const show = (backend) => status.update({ backend, message: undefined, measureAgain: () => measureAgain(key) });
  const demo = status.element.closest("[data-demo]");
  const backend = await chooseBackend(key, {
    probe,
    onChange: show,
    isAlive: () => status.element.isConnected,
    isBusy: () => demo?.dataset.busy === "true",
  });
  show(backend);
  return backend;
}
