// Backends. TF.js runs the same ops on WebGL (shaders on the graphics processor), WebAssembly (compiled CPU code,
// with SIMD where the browser has it) or plain JavaScript. Which is fastest depends on the device *and* on the
// work: WebGL pays a fixed cost per op (a shader dispatch and a read-back), so a small model can run faster on
// the CPU even next to a real GPU. So each kind of work (a demo) is measured on this device's candidates and the
// fastest kept; the choice and its reason are shown in the demo's status line.
//
// Cheap for the reader: a demo starts at once on plain JavaScript, which comes with the core and needs no extra
// download, and the race runs in the background once the page and the reader have been quiet for a while. Its
// result is kept in localStorage, so later pages and visits start on the known-fastest backend, fetching only
// that backend's code. A browser without a GPU still offers WebGL, rendered in software (SwiftShader, llvmpipe),
// which is slower than WebAssembly for everything: it is not a candidate, and its code is never fetched.

import { afterQuiet } from "./lib/quiet.js";
import { timePerCall } from "./lib/timing.js";
import { yieldToBrowser } from "./lib/yield.js";
import { loadBackend, loadTf, once } from "./tfjs-loader.js";

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render/i;
const ALL = ["webgl", "wasm", "cpu"];
// The status line has three lines on a phone: the runner-up is named briefly.
const SHORT_NAMES = { webgl: "WebGL", wasm: "WebAssembly", cpu: "plain JavaScript" };
// A remembered choice that now runs this many times slower than it was measured is measured again.
const SLOWER_THAN_REMEMBERED = 3;

// What this browser's WebGL really runs on, read from a throwaway context before TF.js is loaded.
// `WEBGL_debug_renderer_info` gives the real renderer ("ANGLE (…, SwiftShader driver)"); without it the
// masked RENDERER string is all there is, and we cannot tell a software renderer from a GPU.
const describeWebgl = once(async () => {
  await yieldToBrowser(); // a new WebGL context costs tens of milliseconds on a phone: a task of its own
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

// The backends worth measuring here, known before any backend code is fetched, and why the others are not.
async function candidates() {
  const names = ["cpu"];
  const notes = [];
  if (typeof WebAssembly === "object") names.push("wasm");
  else notes.push("this browser has no WebAssembly");
  const webgl = await describeWebgl();
  if (!webgl.available) notes.push("this browser offers no WebGL");
  else if (webgl.software) notes.push(`WebGL not tried (software, ${webgl.softwareName})`);
  else names.push("webgl");
  return { names, notes };
}

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
  return ALL.includes(asked) ? asked : null;
}

async function trySetBackend(tf, name, failures) {
  try {
    await loadBackend(name);
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

// Starts a backend at once, before anything is measured: the asked one, else plain JavaScript, which is in the
// core already. Models load onto it; a later choice moves them (TF.js moves a tensor's data to the active backend
// on first use). Resolves to {asked, failures}.
export const ensureBackend = once(async () => {
  const tf = await loadTf();
  const failures = [];
  const asked = askedBackend();
  if (asked && (await trySetBackend(tf, asked, failures))) return { asked, failures };
  if (await trySetBackend(tf, "cpu", failures)) return { asked: null, failures };
  throw new Error(`No TensorFlow.js backend could start (${failures.join("; ")})`);
});

// ---------------------------------------------------------------------------------------------------------
// Remembered choices: one per TF.js version, WebGL renderer and kind of work, so a new TF.js, another graphics
// driver or another demo is measured afresh. localStorage may be unavailable (privacy settings): then every
// visit measures, as if nothing was kept.

async function storageKey(tf, key) {
  const webgl = await describeWebgl();
  return ["tfvisual-backend", tf.version_core, webgl.available ? webgl.renderer : "no WebGL", key].join(" | ");
}

function recall(storeKey) {
  try {
    return JSON.parse(localStorage.getItem(storeKey));
  } catch {
    return null;
  }
}

function remember(storeKey, record) {
  try {
    localStorage.setItem(storeKey, JSON.stringify(record));
  } catch {
    // Not kept: the next visit measures again.
  }
}

// ---------------------------------------------------------------------------------------------------------
// The choice for one kind of work (`key`), shared by every demo of that kind on the page. `choice` is a live
// object: a measurement that ends later updates it in place and tells the listeners (the demos' status lines).

const entries = new Map();
// One measurement at a time: two would switch the one global backend under each other.
let measuring = Promise.resolve();

const formatMs = (ms) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
// Resolves to the live choice {name, label, reason, timings, state} once a backend runs the demo's work; `state`
// is "asked" (?backend=), "only" (one candidate), "measuring", "measured" or "remembered". `demo` is
// {probe, isAlive, isBusy, onChange}: `probe` must keep working while `isAlive()` (the demo is on the page), since
// the race runs later, in the background, never while `isBusy()` (the demo computing for the reader); `onChange`
// hears every later change of the choice while the demo is alive. An entry outlives its page (instant
// navigation): a demo of the same kind on the next page takes over its probe.
export function chooseBackend(key, demo) {
  if (!entries.has(key)) {
    const entry = { key, demo, choice: {}, listeners: new Set() };
    entry.ready = start(entry).catch((error) => {
      entries.delete(key);
      throw error;
    });
    entries.set(key, entry);
  }
  const entry = entries.get(key);
  if (!entry.demo.isAlive()) entry.demo = demo;
  for (const listener of entry.listeners) if (!listener.isAlive()) entry.listeners.delete(listener);
  entry.listeners.add(demo);
  // Through the queue: never switch the backend under a race in progress.
  return entry.ready.then(() => inTurn(() => activate(entry.choice.name))).then(() => entry.choice);
}

async function activate(name) {
  if (globalThis.tf.getBackend() !== name) await globalThis.tf.setBackend(name);
}

// Runs `work` once every measurement queued before it has ended.
function inTurn(work) {
  const turn = measuring.then(work);
  measuring = turn.catch(() => {});
  return turn;
}

// Forgets the remembered choice for `key` and measures again (the status line's "measure again").
export function measureAgain(key) {
  const entry = entries.get(key);
  if (entry) return queueMeasurement(entry, "measuring again");
}

async function settle(entry, name, reason, state, timings = {}) {
  const tf = globalThis.tf;
  Object.assign(entry.choice, { name, label: await labelOf(tf, name), reason, state, timings });
  for (const listener of entry.listeners) {
    if (listener.isAlive()) listener.onChange?.(entry.choice);
    else entry.listeners.delete(listener); // its demo has left the page
  }
}

async function start(entry) {
  const tf = await loadTf();
  const { asked } = await ensureBackend();
  if (asked) return settle(entry, asked, `chosen in the page address (?backend=${asked})`, "asked");
  const { names, notes } = await candidates();
  if (names.length === 1) return settle(entry, "cpu", notes.join("; "), "only");
  entry.storeKey = await storageKey(tf, entry.key);
  const known = recall(entry.storeKey);
  if (known && names.includes(known.name) && (await trySetBackend(tf, known.name, []))) {
    const versus = versusText(known.timings, known.name);
    await settle(entry, known.name, `measured earlier on this device${versus}`, "remembered", known.timings);
    whenFree(entry).then(() => checkRemembered(entry, known));
    return;
  }
  await tf.setBackend("cpu");
  await settle(entry, "cpu", "for now: the backends are measured once the page is quiet", "measuring");
  whenFree(entry).then(() => queueMeasurement(entry));
}

// Once the page and the reader are quiet, the tab is on screen (a hidden tab's timers are throttled, which would
// skew the race) and the demo is not computing for the reader.
async function whenFree(entry) {
  do await afterQuiet();
  while (entry.demo.isAlive() && entry.demo.isBusy());
}

function versusText(timings, fastest) {
  const others = Object.entries(timings).filter(([name]) => name !== fastest);
  if (!others.length || timings[fastest] === undefined) return "";
  const [, next] = others.reduce((a, b) => (b[1] < a[1] ? b : a));
  return `: ${formatMs(timings[fastest])} against ${formatMs(next)}`;
}

// One timed run of the demo's work on the remembered backend: far slower than recorded means the device has
// changed (another browser setting, a throttled GPU), so the choice is measured again.
// A remembered backend that now fails on the demo's work is measured again too.
async function checkRemembered(entry, known) {
  const stale = await inTurn(async () => {
    if (!entry.demo.isAlive()) return false;
    const tf = globalThis.tf;
    await activate(known.name);
    const ms = await timePerCall(() => entry.demo.probe(tf), { warmups: 1, batches: 1, minBatchMs: 0 });
    return ms > SLOWER_THAN_REMEMBERED * known.timings[known.name];
  }).catch(() => true);
  if (stale) queueMeasurement(entry, "measuring again: slower than measured earlier");
}

// The demo left mid-race (its work can no longer run) or the reader turned to it or away from the tab (the
// timings would not be its own): nothing is concluded or remembered. The backend it was on comes back; a demo
// still on the page is measured again once things are quiet.
async function abandon(entry, previous) {
  await activate(previous);
  if (!entry.demo.isAlive()) {
    entries.delete(entry.key);
    return;
  }
  await settle(entry, previous, "for now: the backends are measured once the page is quiet", "measuring");
  whenFree(entry).then(() => queueMeasurement(entry));
}

function queueMeasurement(entry, message = "measuring which backend is fastest here…") {
  return inTurn(() => measure(entry, message)).catch((error) => {
    console.error(error);
    settle(entry, globalThis.tf.getBackend(), `the backends could not be measured (${error.message})`, "measured");
  });
}

// Times the demo's work (`probe`, async, ending with a read of its result) on every candidate and keeps the
// fastest. WebGL's first run compiles shaders and is not timed; a candidate whose runs take three times the best
// so far is given up early: it cannot win.
async function measure(entry, message) {
  const tf = globalThis.tf;
  const previous = entry.choice.name;
  await settle(entry, previous, message, "measuring", entry.choice.timings);
  const { names, notes } = await candidates();
  const timings = {};
  const failures = [];
  // Only a race run on screen, alone, by a demo on the page counts.
  const disturbed = () => !entry.demo.isAlive() || entry.demo.isBusy() || document.visibilityState !== "visible";
  for (const name of names) {
    if (disturbed()) return abandon(entry, previous);
    if (!(await trySetBackend(tf, name, failures))) continue;
    const best = Math.min(...Object.values(timings));
    try {
      timings[name] = await timePerCall(() => entry.demo.probe(tf), {
        warmups: 1,
        batches: 3,
        minBatchMs: 0,
        shouldStop: (runs) => runs.some((ms) => ms > 3 * best),
      });
    } catch (error) {
      failures.push(`this demo failed on ${name} (${error.message})`);
    }
  }
  if (disturbed()) return abandon(entry, previous);
  const measured = Object.keys(timings);
  const fastest = measured.length ? measured.reduce((a, b) => (timings[b] < timings[a] ? b : a)) : previous;
  await tf.setBackend(fastest);
  if (measured.length) remember(entry.storeKey, { name: fastest, timings, at: new Date().toISOString() });
  const other = measured.filter((name) => name !== fastest).sort((a, b) => timings[a] - timings[b])[0];
  const versus = other ? `faster here than ${SHORT_NAMES[other]}${versusText(timings, fastest)}` : "";
  const reason = [versus, ...notes, ...failures].filter(Boolean).join("; ");
  await settle(entry, fastest, reason, "measured", timings);
}
