// The runtime every demo shares: TF.js loading, backend choice, model loading with progress and errors,
// and the status line. Demos import what they need from here; nothing here knows about a particular demo.

import { timePerCall } from "./lib/timing.js";

// Material sets __md_scope to the site root, so URLs work when the site lives under a sub-path (GitHub Pages).
export function siteUrl(path) {
  const root = globalThis.__md_scope ?? new URL("/", location.href);
  return new URL(path, root).href;
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => {
      script.remove();
      reject(new Error(`Could not load ${src}`));
    };
    document.head.append(script);
  });
}

// One promise per library, forgotten on failure so that a retry can try again.
function once(loader) {
  let promise = null;
  return () => {
    promise ??= loader().catch((error) => {
      promise = null;
      throw error;
    });
    return promise;
  };
}

// TF.js is 1.5 MB, so it is loaded only by pages that have a demo, and only once per visit.
export const loadTf = once(async () => {
  if (!globalThis.tf) await loadScript(siteUrl("vendor/tfjs/tf.min.js"));
  return globalThis.tf;
});

const loadWasmBackend = once(async () => {
  const tf = await loadTf();
  if (!tf.wasm) await loadScript(siteUrl("vendor/tfjs/tf-backend-wasm.min.js"));
  // The .wasm binaries are fetched from this folder of our own site, never from a CDN.
  tf.wasm.setWasmPaths(siteUrl("vendor/tfjs/"));
});

// --------------------------------------------------------------------------------------------------------
// Backends. TF.js runs the same ops on WebGL (shaders on the graphics processor), WebAssembly (compiled CPU code,
// with SIMD where the browser has it) or plain JavaScript. Which is fastest depends on the device *and* on the
// work: WebGL pays a fixed cost per op (a shader dispatch and a read-back), so a small model can run faster on
// the CPU even next to a real GPU; and a browser without a usable GPU still offers WebGL, rendered in software
// (SwiftShader, llvmpipe), which is slower than WebAssembly for everything. So each demo measures its own work
// on the candidates and keeps the fastest; the choice and its reason are shown in the demo's status line.

const CPU_SIDE = ["wasm", "cpu"]; // the first of these that starts is the CPU candidate
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render/i;

// What this browser's WebGL really runs on, read from a throwaway context (TF.js makes its own).
// `WEBGL_debug_renderer_info` gives the real renderer ("ANGLE (…, SwiftShader driver)"); without it the
// masked RENDERER string is all there is, and we cannot tell a software renderer from a GPU.
const describeWebgl = once(async () => {
  const canvas = document.createElement("canvas");
  const gl = canvas.getContext("webgl2") ?? canvas.getContext("webgl");
  if (!gl) return { available: false };
  const info = gl.getExtension("WEBGL_debug_renderer_info");
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension("WEBGL_lose_context")?.loseContext();
  const software = SOFTWARE_RENDERERS.test(renderer);
  // A short name for the status line: "SwiftShader" rather than the whole ANGLE string.
  const softwareName = software ? renderer.match(SOFTWARE_RENDERERS)[0] : null;
  return { available: true, renderer, software, softwareName };
});

async function labelOf(tf, name) {
  if (name === "webgl") {
    const webgl = await describeWebgl();
    // Never call software WebGL a GPU.
    return webgl.software ? `WebGL (software rendering by ${webgl.softwareName}, no GPU)` : "WebGL (GPU)";
  }
  if (name === "wasm") {
    const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
    return simd ? "WebAssembly (CPU, SIMD)" : "WebAssembly (CPU, no SIMD)";
  }
  return "plain JavaScript (CPU)";
}

// A reader (or a test) can ask for a backend with ?backend=wasm: it is used without measuring.
function askedBackend() {
  const asked = new URLSearchParams(location.search).get("backend");
  return ["webgl", ...CPU_SIDE].includes(asked) ? asked : null;
}

async function trySetBackend(tf, name, failures) {
  try {
    if (name === "wasm") await loadWasmBackend();
    if (await tf.setBackend(name)) {
      await tf.ready();
      return true;
    }
    failures.push(`${name}: could not start`);
  } catch (error) {
    failures.push(`${name}: ${error.message}`);
  }
  return false;
}

// Starts a backend quickly, before anything has been measured: the asked one, else the CPU candidate (WebGL
// would first compile its shaders). Models load onto it; the measured choice may move them later (TF.js moves
// a tensor's data to the active backend on first use). Resolves to {asked, cpuSide, failures}.
export const ensureBackend = once(async () => {
  const tf = await loadTf();
  const failures = [];
  const asked = askedBackend();
  if (asked && (await trySetBackend(tf, asked, failures))) return { asked, cpuSide: asked, failures };
  for (const name of CPU_SIDE) {
    if (await trySetBackend(tf, name, failures)) return { asked: null, cpuSide: name, failures };
  }
  throw new Error(`No TensorFlow.js backend could start (${failures.join("; ")})`);
});

const formatMs = (ms) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;

// Measures `probe` (the demo's own work, e.g. one prediction; async, ending with a read of its result) on the
// CPU candidate and on WebGL, and keeps the faster. WebGL's first run compiles shaders and is not timed; when
// its first timed run is already far slower, it is not run again. One choice per `key` (a demo) and visit.
const choices = new Map();

export function chooseBackend(key, probe) {
  if (!choices.has(key)) {
    const choice = measureBackends(probe);
    choice.catch(() => choices.delete(key));
    choices.set(key, choice);
  }
  return choices.get(key).then(async (chosen) => {
    const tf = globalThis.tf;
    if (tf.getBackend() !== chosen.name) await tf.setBackend(chosen.name);
    return chosen;
  });
}

async function measureBackends(probe) {
  const tf = await loadTf();
  const { asked, cpuSide, failures } = await ensureBackend();
  const result = async (name, reason, timings = {}) => ({ name, label: await labelOf(tf, name), reason, timings });
  if (asked) return result(asked, `chosen in the page address (?backend=${asked})`);
  const fallbackNote = failures.length ? ` (${failures.join("; ")})` : "";

  const webgl = await describeWebgl();
  if (!webgl.available) return result(cpuSide, `this browser offers no WebGL${fallbackNote}`);

  const timings = { [cpuSide]: await timeProbe(tf, probe) };
  const webglFailures = [];
  if (!(await trySetBackend(tf, "webgl", webglFailures))) {
    await tf.setBackend(cpuSide);
    return result(cpuSide, `WebGL did not start (${webglFailures.join("; ")})`, timings);
  }
  // Give up on WebGL once a run takes three times the CPU candidate's: it cannot win.
  try {
    timings.webgl = await timeProbe(tf, probe, (runs) => runs.some((ms) => ms > 3 * timings[cpuSide]));
  } catch (error) {
    await tf.setBackend(cpuSide);
    return result(cpuSide, `this demo failed on WebGL (${error.message})`, timings);
  }
  const fastest = timings.webgl < timings[cpuSide] ? "webgl" : cpuSide;
  await tf.setBackend(fastest);
  const versus = `${formatMs(timings[fastest])} against ${formatMs(timings[fastest === "webgl" ? cpuSide : "webgl"])}`;
  const other = fastest === "webgl" ? await labelOf(tf, cpuSide) : "this device's WebGL";
  const software = webgl.software && fastest !== "webgl" ? `, which runs in software (${webgl.softwareName})` : "";
  return result(fastest, `faster here than ${other}${software}: ${versus} for this demo's work`, timings);
}

async function timeProbe(tf, probe, shouldStop) {
  return timePerCall(() => probe(tf), { warmups: 1, batches: 3, minBatchMs: 0, shouldStop });
}

export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
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
  line.append(announced, quiet);
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
      announced.textContent = live.join(" · ");
      quiet.textContent = (live.length && measured.length ? " · " : "") + measured.join(" · ");
      if (state.backend) {
        line.dataset.backend = state.backend.name;
        line.dataset.timings = JSON.stringify(state.backend.timings); // ms per run of the demo's work, measured
      }
    },
  };
}

// Starts a backend for a demo (quickly, before measuring) and says so in its status line; on failure the status
// line shows why no backend could start.
export async function startBackend(status) {
  try {
    const started = await ensureBackend();
    status.update({ message: started.asked ? undefined : "measuring which backend is fastest here…" });
    return started;
  } catch (error) {
    status.update({ message: error.message });
    throw error;
  }
}

// Once the demo can run its own work (`probe(tf)`, a promise that ends with a read of the result), measures
// the backends on it, keeps the fastest and shows the choice and the reason in the status line.
export async function settleBackend(status, key, probe) {
  const backend = await chooseBackend(key, probe);
  status.update({ backend, message: undefined });
  return backend;
}
