// "Race it on your device": an n×n matrix multiply as plain JavaScript loops vs tf.matMul on the active
// TF.js backend. The ML part (the two multiplies) is kept apart from the drawing (the result table).

import { createStatusLine, startBackend } from "../runtime.js";

const SIZES = [64, 128, 256];
const REPEATS = 3;

// --- the computations -------------------------------------------------------------------------------------

function randomMatrix(n, seed) {
  // A small deterministic generator, so every run multiplies the same matrices.
  const values = new Float32Array(n * n);
  let state = seed;
  for (let i = 0; i < values.length; i++) {
    state = (state * 1664525 + 1013904223) >>> 0;
    values[i] = state / 2 ** 32 - 0.5;
  }
  return values;
}

// Three nested loops over flat row-major arrays: the same n³ multiply-adds the GPU does, one at a time.
function matmulLoops(a, b, n) {
  const c = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let total = 0;
      for (let p = 0; p < n; p++) total += a[i * n + p] * b[p * n + j];
      c[i * n + j] = total;
    }
  }
  return c;
}

function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timeTfMatmul(tf, a, b, n) {
  const ta = tf.tensor2d(a, [n, n]);
  const tb = tf.tensor2d(b, [n, n]);
  try {
    // The first call compiles shaders (WebGL) or warms caches: not part of the steady-state time.
    tf.matMul(ta, tb).dispose();
    const times = [];
    let result = null;
    for (let r = 0; r < REPEATS; r++) {
      const start = performance.now();
      const product = tf.matMul(ta, tb);
      // data() waits until the backend has really finished (WebGL work is asynchronous).
      result = await product.data();
      product.dispose();
      times.push(performance.now() - start);
    }
    return { ms: median(times), result };
  } finally {
    ta.dispose();
    tb.dispose();
  }
}

function timeLoops(a, b, n) {
  const times = [];
  let result = null;
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    result = matmulLoops(a, b, n);
    times.push(performance.now() - start);
  }
  return { ms: median(times), result };
}

function maxAbsDifference(x, y) {
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
  return max;
}

// --- the page -----------------------------------------------------------------------------------------------

function renderTable(rows) {
  const table = document.createElement("table");
  table.innerHTML =
    "<thead><tr><th>matrix</th><th>JavaScript loops</th><th>TF.js</th><th>speed-up</th>" +
    "<th>largest difference</th></tr></thead>";
  const body = document.createElement("tbody");
  for (const row of rows) {
    const tr = document.createElement("tr");
    tr.dataset.size = row.n;
    for (const text of [
      `${row.n}×${row.n}`,
      `${row.loops.toFixed(2)} ms`,
      `${row.tf.toFixed(2)} ms`,
      `${(row.loops / row.tf).toFixed(1)}×`,
      row.difference.toExponential(1),
    ]) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  return table;
}

export async function mount(element) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "md-button md-button--primary";
  button.textContent = "Run the race";
  button.disabled = true;
  const results = document.createElement("div");
  results.className = "tfv-why-cpp__results";
  results.setAttribute("aria-live", "polite");
  const status = createStatusLine(element);
  element.prepend(button, results);

  let stopped = false;
  let tf = null;
  startBackend(status).then(
    () => {
      tf = globalThis.tf;
      button.disabled = false;
    },
    () => {},
  );

  async function run() {
    button.disabled = true;
    const rows = [];
    for (const n of SIZES) {
      if (stopped) return;
      status.update({ message: `multiplying ${n}×${n} matrices…` });
      // Let the browser paint the message before the loops block the main thread.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      const a = randomMatrix(n, 1);
      const b = randomMatrix(n, 2);
      const loops = timeLoops(a, b, n);
      const gpu = await timeTfMatmul(tf, a, b, n);
      rows.push({ n, loops: loops.ms, tf: gpu.ms, difference: maxAbsDifference(loops.result, gpu.result) });
      results.replaceChildren(renderTable(rows));
    }
    if (stopped) return;
    status.update({ message: `done: the median of ${REPEATS} runs at each size` });
    element.dataset.raced = "true";
    button.disabled = false;
  }
  button.addEventListener("click", run);

  return () => {
    stopped = true;
    button.removeEventListener("click", run);
  };
}
