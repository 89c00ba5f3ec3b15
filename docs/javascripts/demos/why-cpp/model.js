// The race's computations (no DOM): an n×n matrix multiply as plain JavaScript loops and as tf.matMul on the
// active TF.js backend, each timed warm and long enough for the clock to measure.

import { timePerCall } from "../../lib/timing.js";

// Each timing repeats the multiply until a batch lasts at least this long: a 64×64 multiply on WebAssembly takes
// well under the browser's clock resolution (0.1 ms, coarser in some browsers), and would read "0.00 ms".
const MIN_BATCH_MS = 25;
export const BATCHES = 3; // the median of this many batches is reported

export function randomMatrix(n, seed) {
  // A small deterministic generator, so every run multiplies the same matrices.
  const values = new Float32Array(n * n);
  let state = seed;
  for (let i = 0; i < values.length; i++) {
    state = (state * 1664525 + 1013904223) >>> 0;
    values[i] = state / 2 ** 32 - 0.5;
  }
  return values;
}

// Three nested loops over flat row-major arrays: the same n³ multiply-adds, one at a time. The browser's JIT
// compiles this to machine code, so this is compiled scalar code against TF.js' SIMD or GPU kernels, not an
// interpreter against a compiled library.
export function matmulLoops(a, b, n) {
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

// One tf.matMul read back into JavaScript: data() waits until the backend has really finished (WebGL work is
// asynchronous). Also the work the race's backend is chosen by (runtime.js settleBackend).
export async function matmulTf(tf, ta, tb) {
  const product = tf.matMul(ta, tb);
  try {
    return await product.data();
  } finally {
    product.dispose();
  }
}

// {ms per multiply, result} for TF.js; the first call (shader compilation on WebGL) is a warm-up, not timed.
export async function timeTfMatmul(tf, a, b, n) {
  const ta = tf.tensor2d(a, [n, n]);
  const tb = tf.tensor2d(b, [n, n]);
  try {
    const result = await matmulTf(tf, ta, tb);
    const ms = await timePerCall(() => matmulTf(tf, ta, tb), { warmups: 0, batches: BATCHES, minBatchMs: MIN_BATCH_MS });
    return { ms, result };
  } finally {
    ta.dispose();
    tb.dispose();
  }
}

// {ms per multiply, result} for the loops; the first run (the JIT compiling the loop) is not timed.
export async function timeLoops(a, b, n) {
  const result = matmulLoops(a, b, n);
  const ms = await timePerCall(() => matmulLoops(a, b, n), { warmups: 0, batches: BATCHES, minBatchMs: MIN_BATCH_MS });
  return { ms, result };
}

export function maxAbsDifference(x, y) {
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
  return max;
}

// The backend probe: a 128×128 multiply, the middle size of the race.
export async function probeMatmul(tf) {
  const n = 128;
  const [ta, tb] = [1, 2].map((seed) => tf.tensor2d(randomMatrix(n, seed), [n, n]));
  try {
    await matmulTf(tf, ta, tb);
  } finally {
    ta.dispose();
    tb.dispose();
  }
}
