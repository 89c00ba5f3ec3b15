// Backends. TF.js runs the same ops on WebGL (shaders on the graphics processor), WebAssembly (compiled CPU code,
// with SIMD where the browser has it) or plain JavaScript. Which is fastest depends on the device *and* on the
// work: WebGL pays a fixed cost per op (a shader dispatch and a read-back), so a small model can run faster on
// the CPU even next to a real GPU; and a browser without a usable GPU still offers WebGL, rendered in software
// (SwiftShader, llvmpipe), which is slower than WebAssembly for everything. So each demo measures its own work
// on the candidates and keeps the fastest; the choice and its reason are shown in the demo's status line.

import { timePerCall } from "./lib/timing.js";
import { loadTf, loadWasmBackend, once } from "./tfjs-loader.js";

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
