// The heatmap of the hidden state (DOM and canvas only, no TF.js): every unit of h (one row each, unit 0 at the
// top) after each of the last characters (one column each, the newest on the right), on the site's diverging
// scale, with the chosen unit's row marked in the margin. A sentence under it says the same in words.

import { ACCENT, divergingColour } from "../../lib/palette.js";

const CELL_WIDTH = 4; // canvas pixels per character
const CELL_HEIGHT = 1; // canvas pixels per unit
const MARGIN = 10; // the left margin, where the chosen unit is marked

// Sizes the canvas for `units` rows and `columns` characters (before the model arrives: nothing moves later).
export function sizeHeatmap(canvas, units, columns) {
  canvas.width = MARGIN + columns * CELL_WIDTH;
  canvas.height = units * CELL_HEIGHT;
}

// `states`: the h of each character shown (oldest first), Float32Arrays of `units`; `marked`: the unit to mark.
export function renderHeatmap(canvas, states, units, marked) {
  const context = canvas.getContext("2d");
  const columns = (canvas.width - MARGIN) / CELL_WIDTH;
  context.clearRect(0, 0, canvas.width, canvas.height);
  const shown = states.slice(-columns);
  if (shown.length) {
    // One pixel per value, then scaled up without smoothing: 25,600 values in one putImageData and one drawImage.
    const image = new ImageData(shown.length, units);
    const colour = [0, 0, 0];
    shown.forEach((h, column) => {
      for (let unit = 0; unit < units; unit++) {
        divergingColour(h[unit], colour);
        const offset = (unit * shown.length + column) * 4;
        image.data.set(colour, offset);
        image.data[offset + 3] = 255;
      }
    });
    const pixels = new OffscreenCanvas(shown.length, units);
    pixels.getContext("2d").putImageData(image, 0, 0);
    context.imageSmoothingEnabled = false;
    const left = MARGIN + (columns - shown.length) * CELL_WIDTH; // the newest character always on the right
    context.drawImage(pixels, left, 0, shown.length * CELL_WIDTH, units * CELL_HEIGHT);
  }
  context.fillStyle = ACCENT;
  context.fillRect(0, marked * CELL_HEIGHT - 1, MARGIN - 2, CELL_HEIGHT + 2);
}

// The text alternative: what the picture shows, and the marked unit's values in numbers. `marked`: the chosen
// unit, {state, unit, name}; the heatmap shows h, so a unit of c is marked on the row of the same unit of h.
export function describeHeatmap(paragraph, canvas, { units, columns, count, marked, recent }) {
  const markedName =
    marked.state === "h"
      ? marked.name
      : `h ${marked.unit} (the heatmap shows h; the text is coloured by ${marked.name})`;
  const values = recent.map((v) => v.toFixed(2).replace("-", "−")).join(", ");
  const label =
    `Heatmap of the ${units} units of the hidden state h (rows, unit 0 at the top) after each of the last ` +
    `${columns} characters (columns, the newest on the right)`;
  canvas.setAttribute("aria-label", label);
  paragraph.textContent =
    `${label}: blue negative, white 0, red positive. ` +
    (count
      ? `It shows ${Math.min(count, columns)} characters. The orange mark at the left edge is ${markedName}'s ` +
        `row; its last ${recent.length} values, oldest first: ${values}.`
      : "It fills as the model reads and writes.");
}
