// The drawing pad's input: mouse, finger and pen strokes, and its keys. It records strokes in pad coordinates
// and tells the demo what happened; it draws nothing and knows nothing of the model.

import { PAD_SIZE } from "./view.js";

// The point under a pointer event, in pad coordinates (CSS may show the pad smaller than PAD_SIZE).
function padPoint(pad, event) {
  const box = pad.getBoundingClientRect();
  return [((event.clientX - box.left) * PAD_SIZE) / box.width, ((event.clientY - box.top) * PAD_SIZE) / box.height];
}

// `on.strokeStart()` before a new stroke begins, `on.ink()` after every point, `on.clear()` for Delete,
// Backspace or Escape, `on.nextHeldout()` for H. Returns {strokes(), clear()}.
export function createPad(pad, listen, on) {
  let strokes = []; // [[x, y], ...] per stroke
  let drawing = null; // the stroke under the pointer
  let drawingPointer = null; // the pointerId drawing it: a second finger on the pad must not join its stroke

  // Mouse, finger and pen all arrive as pointer events. Only the primary button (a pen's tip, a finger) draws,
  // and only one pointer at a time: a palm or second finger landing mid-stroke is ignored.
  listen(pad, "pointerdown", (event) => {
    if (event.button !== 0 || (drawing && event.pointerId !== drawingPointer)) return;
    event.preventDefault();
    pad.focus();
    // Keep receiving the stroke's moves when the pointer leaves the pad mid-stroke.
    pad.setPointerCapture(event.pointerId);
    on.strokeStart();
    drawing = [padPoint(pad, event)];
    drawingPointer = event.pointerId;
    strokes.push(drawing);
    on.ink();
  });
  listen(pad, "pointermove", (event) => {
    if (!drawing || event.pointerId !== drawingPointer) return;
    drawing.push(padPoint(pad, event));
    on.ink();
  });
  const endStroke = (event) => {
    if (event.pointerId !== drawingPointer) return;
    drawing = null;
    drawingPointer = null;
  };
  listen(pad, "pointerup", endStroke);
  listen(pad, "pointercancel", endStroke);
  listen(pad, "lostpointercapture", endStroke);
  listen(pad, "keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return; // leave the browser's own shortcuts alone
    if (["Delete", "Backspace", "Escape"].includes(event.key)) {
      event.preventDefault();
      on.clear();
    } else if (event.key === "h" || event.key === "H") {
      event.preventDefault();
      on.nextHeldout();
    }
  });

  return {
    // A copy: the update that reads it must not see points added while it runs.
    strokes: () => strokes.map((stroke) => stroke.slice()),
    clear() {
      strokes = [];
      drawing = null;
      drawingPointer = null;
    },
  };
}
