// Timing that a reader can trust. Two traps: the first call of an op on a backend compiles shaders (WebGL) or
// fills caches, so it must never be timed; and a call faster than the browser's clock resolution (which can be
// coarsened to 0.1 ms or more) would read "0.00 ms". So: warm up first, then time batches of calls long enough
// to measure, and report the median over batches of the time per call.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// Milliseconds per call of `call` (which may be async: it is awaited, so GPU work is included when it ends by
// reading its result). `warmups` untimed calls first; then `batches` batches, each repeating the call until it
// has run for at least `minBatchMs`. `shouldStop()` lets a caller give up early (returns what was measured).
export async function timePerCall(call, { warmups = 1, batches = 3, minBatchMs = 20, shouldStop = () => false } = {}) {
  for (let i = 0; i < warmups; i++) await call();
  const perCall = [];
  for (let b = 0; b < batches && !shouldStop(perCall); b++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      await call();
      calls += 1;
      elapsed = performance.now() - start;
    } while (elapsed < minBatchMs);
    perCall.push(elapsed / calls);
  }
  return median(perCall);
}
