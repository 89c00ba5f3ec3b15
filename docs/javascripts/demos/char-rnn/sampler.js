// The seeded sampler: the same integer arithmetic and the same walk as `mulberry32` and `pick` in
// src/tfvisual/models/char_rnn.py, so the same prompt, temperature and seed write the same text here as in Python
// (tests/browser/test_char_rnn_demo.py holds them equal). Nothing here touches TF.js or the page.

// An endless stream of uniform numbers in [0, 1) from a 32-bit seed ("mulberry32"). Math.imul multiplies as
// 32-bit integers, and `>>> 0` reads the result as unsigned: exactly Python's `(a * b) & 0xFFFFFFFF`.
export function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1) >>> 0;
    t = (t ^ ((t + (Math.imul(t ^ (t >>> 7), t | 61) >>> 0)) >>> 0)) >>> 0;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The character id a uniform number picks from `probabilities` after the temperature reshapes them: weights
// p^(1/T) (T < 1 sharpens the distribution towards the likeliest characters, T > 1 flattens it), the unknown
// symbol (id 0) never written, then the first id whose running total passes `uniform` × the total. JavaScript
// numbers are float64, as numpy's are in Python.
export function pick(probabilities, temperature, uniform) {
  const weights = new Float64Array(probabilities.length);
  const exponent = 1 / temperature;
  let total = 0;
  for (let i = 1; i < weights.length; i++) {
    total += probabilities[i] ** exponent;
    weights[i] = total; // the running total (numpy's cumsum, summed in the same order)
  }
  const target = uniform * total;
  for (let i = 0; i < weights.length; i++) if (weights[i] > target) return i;
  return weights.length - 1;
}
