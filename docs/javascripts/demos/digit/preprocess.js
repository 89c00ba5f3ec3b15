// Pen strokes -> the 28×28 image the digit CNN expects, normalised the way MNIST's digits were.
//
// MNIST's digits were scaled so their ink fits a 20×20 box, then placed in 28×28 with their centre of mass in
// the middle. The network has only ever seen digits like that, so a digit drawn small, off-centre or with a thin
// line must be brought to the same size, position and stroke width before the model sees it.
//
// This is a line-for-line twin of src/tfvisual/preprocess.py (the Python reference): the same constants and
// the same float arithmetic, so a browser test can check the two give the same image for the same strokes.
// We draw the strokes ourselves (as capsules of a fixed pen radius, supersampled) instead of with canvas
// lines, because each browser anti-aliases canvas lines its own way and Python could not reproduce it.
// Pure functions only: no DOM, no TensorFlow.

export const IMAGE_SIZE = 28;
export const INK_BOX = 20; // the ink, soft edge included, fits a box this big
export const CENTRE = 14; // ... and its centre of mass moves here (pixel (i, j) has its centre at x=j, y=i)
export const PEN_RADIUS = 1.4; // half of MNIST's ~3-pixel stroke width, whatever pen the reader used
export const EDGE_WIDTH = 1.0; // ink fades from 1 to 0 over this distance: a scanned stroke's soft edge
export const SAMPLES = 4; // each pixel averages SAMPLES×SAMPLES points inside it

const SIZE = IMAGE_SIZE * SAMPLES;
const REACH = PEN_RADIUS + EDGE_WIDTH / 2;
// Coordinate of every sample point in pixel units, computed exactly as in Python.
const SAMPLE_POSITIONS = Float64Array.from({ length: SIZE }, (_, k) => (k + 0.5) / SAMPLES - 0.5);

// Scale and move the strokes so the longer side of their ink's bounding box spans INK_BOX, centred on
// (CENTRE, CENTRE). A single dot (a box of size zero) is just moved there.
export function fitToBox(strokes) {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const stroke of strokes) {
    for (const [x, y] of stroke) {
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  const longer = Math.max(maxX - minX, maxY - minY);
  // The pen's ink reaches REACH beyond the centre line on each side, so the line itself gets less room.
  const scale = longer > 0 ? (INK_BOX - 2 * REACH) / longer : 1.0;
  const midX = (minX + maxX) / 2;
  const midY = (minY + maxY) / 2;
  return strokes.map((stroke) => stroke.map(([x, y]) => [(x - midX) * scale + CENTRE, (y - midY) * scale + CENTRE]));
}

function segments(strokes) {
  const result = [];
  for (const stroke of strokes) {
    if (stroke.length === 1) result.push([...stroke[0], ...stroke[0]]); // a tap is a dot
    for (let i = 1; i < stroke.length; i++) result.push([...stroke[i - 1], ...stroke[i]]);
  }
  return result;
}

// Sample indices [first, stop) whose positions may lie in [low, high], with one spare on each side.
function sampleRange(low, high) {
  const first = Math.floor((low + 0.5) * SAMPLES - 0.5) - 1;
  const last = Math.ceil((high + 0.5) * SAMPLES - 0.5) + 1;
  return [Math.max(first, 0), Math.min(last + 1, SIZE)];
}

// Draw strokes (in 28×28 pixel coordinates, moved by the shift) as anti-aliased capsules: each sample takes
// its distance to the nearest segment, so crossing strokes do not get darker than 1. Returns 784 values 0..1.
export function rasterize(strokes, shiftX = 0, shiftY = 0) {
  const nearest = new Float64Array(SIZE * SIZE).fill(Infinity);
  for (let [ax, ay, bx, by] of segments(strokes)) {
    ax = ax + shiftX;
    ay = ay + shiftY;
    bx = bx + shiftX;
    by = by + shiftY;
    const [row0, row1] = sampleRange(Math.min(ay, by) - REACH, Math.max(ay, by) + REACH);
    const [col0, col1] = sampleRange(Math.min(ax, bx) - REACH, Math.max(ax, bx) + REACH);
    // Distance from a sample to the segment: project onto it, clamp to its ends, measure.
    const vx = bx - ax;
    const vy = by - ay;
    const length2 = vx * vx + vy * vy;
    for (let r = row0; r < row1; r++) {
      const wy = SAMPLE_POSITIONS[r] - ay;
      for (let c = col0; c < col1; c++) {
        const wx = SAMPLE_POSITIONS[c] - ax;
        let t = length2 > 0 ? (wx * vx + wy * vy) / length2 : 0;
        t = Math.min(1.0, Math.max(0.0, t));
        const ex = wx - t * vx;
        const ey = wy - t * vy;
        const distance = Math.sqrt(ex * ex + ey * ey);
        if (distance < nearest[r * SIZE + c]) nearest[r * SIZE + c] = distance;
      }
    }
  }
  const image = new Float64Array(IMAGE_SIZE * IMAGE_SIZE);
  for (let r = 0; r < SIZE; r++) {
    for (let c = 0; c < SIZE; c++) {
      const ink = Math.min(1.0, Math.max(0.0, (PEN_RADIUS - nearest[r * SIZE + c]) / EDGE_WIDTH + 0.5));
      image[Math.floor(r / SAMPLES) * IMAGE_SIZE + Math.floor(c / SAMPLES)] += ink;
    }
  }
  for (let i = 0; i < image.length; i++) image[i] /= SAMPLES * SAMPLES;
  return image;
}

// (x, y) of the ink's centre of mass; pixel (i, j) weighs image[i*28 + j] at x = j, y = i.
export function centreOfMass(image) {
  let total = 0;
  let sumX = 0;
  let sumY = 0;
  for (let i = 0; i < IMAGE_SIZE; i++) {
    for (let j = 0; j < IMAGE_SIZE; j++) {
      const value = image[i * IMAGE_SIZE + j];
      total += value;
      sumX += value * j;
      sumY += value * i;
    }
  }
  return [sumX / total, sumY / total];
}

// The model's input for strokes drawn anywhere, at any size: 784 values 0..1 row by row, or null when nothing
// was drawn. Drawn once to find the centre of mass, then again moved by the fractional distance from it to the
// centre, so the result stays anti-aliased instead of shifting by whole pixels.
export function preprocessStrokes(strokes) {
  const drawn = strokes.filter((stroke) => stroke.length > 0);
  if (drawn.length === 0) return null;
  const fitted = fitToBox(drawn);
  const [centreX, centreY] = centreOfMass(rasterize(fitted));
  return rasterize(fitted, CENTRE - centreX, CENTRE - centreY);
}

// The bounding box of the ink in the 28×28 image (values above `threshold`), for the explanation under the pad.
export function inkBox(image, threshold = 0.3) {
  let top = IMAGE_SIZE;
  let bottom = -1;
  let left = IMAGE_SIZE;
  let right = -1;
  for (let i = 0; i < IMAGE_SIZE; i++) {
    for (let j = 0; j < IMAGE_SIZE; j++) {
      if (image[i * IMAGE_SIZE + j] > threshold) {
        top = Math.min(top, i);
        bottom = Math.max(bottom, i);
        left = Math.min(left, j);
        right = Math.max(right, j);
      }
    }
  }
  return bottom < 0 ? null : { width: right - left + 1, height: bottom - top + 1 };
}
