// The computations of the kernel playground, kept apart from the page: pure functions of pixels, weights and
// tensors (no DOM).
//
// Pixels travel as Float32Arrays in CHW order (all of red, then all of green, then all of blue), values 0..1.
// That is also the layout of a tensor [C, H, W, 1]: the colour channels moved into the *batch* dimension, so
// that one tf.conv2d with a [k, k, 1, 1] kernel filters R, G and B separately with the same weights. (A conv
// layer's kernel [k, k, 3, out] would instead *sum* over the three channels.)

export const CHANNELS = 3;
export const CHANNEL_NAMES = ["red", "green", "blue"];

// RGBA bytes from a canvas -> CHW floats in 0..1. Alpha was already composited over white when drawing.
export function rgbaToChw(rgba, width, height) {
  const plane = width * height;
  const chw = new Float32Array(CHANNELS * plane);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < CHANNELS; c++) chw[c * plane + i] = rgba[4 * i + c] / 255;
  }
  return chw;
}

// The image as the batch of single-channel images tf.conv2d filters: [C, H, W, 1]. The caller disposes it.
export function imageTensor(tf, chw, width, height) {
  return tf.tensor4d(chw, [CHANNELS, height, width, 1]);
}

// One update: every channel correlated with the k×k weights (row-major), zero padding ('same' size).
// tf.conv2d computes cross-correlation: weights[0] multiplies the pixel up and to the left, as written.
// Returns a new tensor [C, H, W, 1]; the caller reads it and disposes it.
export function convolveWithTf(tf, image, weights, size) {
  return tf.tidy(() => tf.conv2d(image, tf.tensor4d(weights, [size, size, 1, 1]), 1, "same"));
}

// The same arithmetic as plain JavaScript loops, one multiply-add at a time, for the race against TensorFlow.js.
export function convolveWithLoops(chw, width, height, weights, size) {
  const out = new Float32Array(chw.length);
  const half = (size - 1) / 2;
  const plane = width * height;
  for (let c = 0; c < CHANNELS; c++) {
    const offset = c * plane;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let total = 0;
        for (let i = 0; i < size; i++) {
          const row = y + i - half;
          if (row < 0 || row >= height) continue; // zero padding: outside pixels add nothing
          for (let j = 0; j < size; j++) {
            const column = x + j - half;
            if (column < 0 || column >= width) continue;
            total += chw[offset + row * width + column] * weights[i * size + j];
          }
        }
        out[offset + y * width + x] = total;
      }
    }
  }
  return out;
}

// The k×k input values under the kernel for output pixel (x, y) of one channel; null marks zero padding.
export function patchAt(chw, width, height, channel, x, y, size) {
  const half = (size - 1) / 2;
  const values = [];
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const row = y + i - half;
      const column = x + j - half;
      const inside = row >= 0 && row < height && column >= 0 && column < width;
      values.push(inside ? chw[channel * width * height + row * width + column] : null);
    }
  }
  return values;
}

export function maxAbsDifference(a, b) {
  let largest = 0;
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i] - b[i]));
  return largest;
}

// --- kernels as the reader edits them ---------------------------------------------------------------------

// The sum of the weights, or exactly 0 when it misses 0 only by float rounding (0.1 + 0.2 - 0.3, or a weight
// nudged up and down): dividing by such a sum would blow the weights up by ~1e16.
export function weightSum(values) {
  const sum = values.reduce((a, b) => a + b, 0);
  const largest = values.reduce((a, b) => Math.max(a, Math.abs(b)), 0);
  return Math.abs(sum) <= 1e-9 * largest ? 0 : sum;
}

// Weights as the grid holds them -> the weights applied (divided by their sum when asked and possible).
export function effectiveWeights(values, normalise) {
  const sum = weightSum(values);
  const divide = normalise && sum !== 0;
  return Float32Array.from(values, (v) => (divide ? v / sum : v));
}

// A preset as the reader sees it in the grid: integers plus "divide by the sum" when that is its divisor.
export function presetCells(preset) {
  const integers = preset.integers.flat();
  const sum = integers.reduce((a, b) => a + b, 0);
  if (preset.divisor === 1) return { values: integers, normalise: false };
  if (preset.divisor === sum) return { values: integers, normalise: true };
  return { values: integers.map((v) => v / preset.divisor), normalise: false };
}

export function resized(values, from, to) {
  // Keeps the kernel centred: a 3×3 becomes the middle of a 5×5, a 5×5 loses its outer ring.
  const out = new Array(to * to).fill(0);
  const shift = (to - from) / 2;
  for (let i = 0; i < from; i++) {
    for (let j = 0; j < from; j++) {
      const r = i + shift;
      const c = j + shift;
      if (r >= 0 && r < to && c >= 0 && c < to) out[r * to + c] = values[i * from + j];
    }
  }
  return out;
}

// --- one convolution, read back ---------------------------------------------------------------------------

// TF's 'same' padding for stride 1: (size - 1) zero rows split between the two sides, the odd one at the end.
function samePadding(size) {
  const before = Math.floor((size - 1) / 2);
  return [before, size - 1 - before];
}

// The same convolution as convolveAndRead, computed in bands of rows, each after a pause for the browser. On
// the plain-JavaScript backend one 512-pixel photo blocks the page for about 100 ms on a laptop and several times
// that on a phone; in bands no single task is long, so the page keeps scrolling and answering meanwhile.
// Each band is one tf.conv2d ('valid') over its rows of the image with the zero padding written out: every
// output pixel adds the same products in the same order as one 'same' convolution of the whole image (the
// padding only adds zeros). The bands are cut from the CHW pixels here: the CPU backend's own pad and slice
// are generic index loops, slower than the convolution itself. A band holds about `multiplyAdds`
// multiply-adds, so a 7×7 kernel gets thinner bands than a 3×3 one.
export async function convolveInBands(tf, chw, width, height, weights, size, { multiplyAdds, pause }) {
  const bandRows = Math.max(1, Math.floor(multiplyAdds / (CHANNELS * width * size * size)));
  const [before] = samePadding(size);
  const paddedWidth = width + size - 1;
  const plane = width * height;
  const kernel = tf.tensor4d(weights, [size, size, 1, 1]);
  const out = new Float32Array(CHANNELS * plane);
  try {
    for (let top = 0; top < height; top += bandRows) {
      await pause();
      const rows = Math.min(bandRows, height - top);
      const paddedRows = rows + size - 1;
      const band = new Float32Array(CHANNELS * paddedRows * paddedWidth); // zeros: the padding
      for (let c = 0; c < CHANNELS; c++) {
        for (let r = 0; r < paddedRows; r++) {
          const y = top + r - before;
          if (y < 0 || y >= height) continue;
          const from = c * plane + y * width;
          band.set(chw.subarray(from, from + width), (c * paddedRows + r) * paddedWidth + before);
        }
      }
      const result = tf.tidy(() =>
        tf.conv2d(tf.tensor4d(band, [CHANNELS, paddedRows, paddedWidth, 1]), kernel, 1, "valid"),
      );
      const values = await result.data();
      result.dispose();
      for (let c = 0; c < CHANNELS; c++) {
        out.set(values.subarray(c * rows * width, (c + 1) * rows * width), c * plane + top * width);
      }
    }
  } finally {
    kernel.dispose();
  }
  return out;
}

// asynchronously, so the time until data() resolves is what counts). Also the probe the backend is chosen by.
export async function convolveAndRead(tf, image, weights, size) {
  const result = convolveWithTf(tf, image, weights, size);
  try {
    return await result.data();
  } finally {
    result.dispose();
  }
}
