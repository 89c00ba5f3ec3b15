// Where the drawing sits on its canvas (DOM only): one transform, translate(x y) scale(k), and the ways a reader or
// the viewer moves it. The opening view and "Fit" keep every op label legible (layout.js, LEGIBLE_SCALE); zoom and
// pan go where the reader takes them; reveal brings boxes into view.

import { LEGIBLE_SCALE, PHONE_LEGIBLE_SCALE } from "./layout.js";

const PHONE_WIDTH = 600; // a canvas narrower than this is on a phone (CSS px)

export function createCamera(svg, viewport) {
  let transform = { x: 0, y: 0, k: 1 };
  let size = { width: 1, height: 1 };
  let view = null;
  let laidOut = null;

  const apply = () => viewport.setAttribute("transform", `translate(${transform.x} ${transform.y}) scale(${transform.k})`);
  const screen = () => svg.getBoundingClientRect();

  // When the canvas changes size (details open beside it, full-window mode), the point at its centre stays put. The
  // ResizeObserver calls this after the change; whatever places the drawing calls it first, so that it places it
  // on the canvas as it is now and the observer has nothing left to move.
  let lastBox = null;
  function followSize() {
    const box = screen();
    if (!box.width || !box.height) return;
    if (lastBox) pan((box.width - lastBox.width) / 2, (box.height - lastBox.height) / 2);
    lastBox = { width: box.width, height: box.height };
  }

  // The opening view: labels at the legible scale, placed where the canvas shows the most boxes whole (an input
  // counting double, so the story starts where its inputs are), the highest and leftmost such place on a tie. The
  // candidates are the boxes' own top-left corners: a whole box starts at one of them.
  function home() {
    followSize();
    const box = screen();
    const k = LEGIBLE_SCALE;
    const [width, height] = [box.width / k, box.height / k]; // the canvas in the drawing's units
    const margin = 8;
    const boxes = view.nodes.map((n) => {
      const b = laidOut.nodes.get(n.id);
      return { left: b.x - b.width / 2, top: b.y - b.height / 2, right: b.x + b.width / 2, bottom: b.y + b.height / 2, weight: n.op?.role === "input" ? 2 : 1 };
    });
    const clamp = (v, extent, room) => (extent <= room ? (extent - room) / 2 : Math.min(extent - room, Math.max(0, v)));
    const tops = [...new Set(boxes.map((b) => clamp(b.top - margin, size.height, height)))].sort((a, b) => a - b);
    let best = { score: -1, left: clamp(0, size.width, width), top: tops[0] ?? 0 };
    for (const top of tops) {
      const band = boxes.filter((b) => b.top >= top && b.bottom <= top + height); // only these can be whole
      if (band.reduce((sum, b) => sum + b.weight, 0) <= best.score) continue;
      for (const left of new Set(band.map((b) => clamp(b.left - margin, size.width, width)))) {
        let score = 0;
        for (const b of band) if (b.left >= left && b.right <= left + width) score += b.weight;
        if (score > best.score || (score === best.score && top === best.top && left < best.left)) best = { score, left, top };
      }
    }
    transform = { k, x: -best.left * k, y: -best.top * k };
    apply();
  }

  // The whole graph, as large as fits (up to 1.5×); false (and nothing moves) if that is below the legible scale.
  function fit() {
    followSize();
    const box = screen();
    const k = Math.min(1.5, box.width / size.width, box.height / size.height);
    if (k < LEGIBLE_SCALE) return false;
    transform = { k, x: (box.width - size.width * k) / 2, y: (box.height - size.height * k) / 2 };
    apply();
    return true;
  }

  function zoom(factor, cx, cy) {
    const box = screen();
    const [x, y] = [cx ?? box.width / 2, cy ?? box.height / 2];
    const k = Math.min(4, Math.max(0.1, transform.k * factor));
    transform = { k, x: x - ((x - transform.x) * k) / transform.k, y: y - ((y - transform.y) * k) / transform.k };
    apply();
  }

  function pan(dx, dy) {
    transform = { ...transform, x: transform.x + dx, y: transform.y + dy };
    apply();
  }

  // Pans so that the boxes of `ids` (ops, collapsed scopes or open scopes' frames) are on screen, if they are not already; zooms out for them if it must, down to
  // the smallest scale legible on this canvas (a phone's is a little smaller: 11 px labels). Boxes too far apart to
  // be legible together: the first of them.
  function reveal(ids) {
    const boxes = ids.map((id) => laidOut?.nodes.get(id) ?? laidOut?.clusters.get(id)).filter(Boolean);
    if (!boxes.length) return;
    const left = Math.min(...boxes.map((b) => b.x - b.width / 2));
    const right = Math.max(...boxes.map((b) => b.x + b.width / 2));
    const top = Math.min(...boxes.map((b) => b.y - b.height / 2));
    const bottom = Math.max(...boxes.map((b) => b.y + b.height / 2));
    followSize();
    const box = screen();
    const margin = 4;
    const smallest = box.width < PHONE_WIDTH ? PHONE_LEGIBLE_SCALE : LEGIBLE_SCALE;
    const fits = Math.min((box.width - 2 * margin) / (right - left), (box.height - 2 * margin) / (bottom - top));
    if (fits < smallest && ids.length > 1) return reveal(ids.slice(0, 1)); // they cannot all be legible at once: the first
    const k = transform.k > fits ? Math.max(smallest, Math.min(transform.k, fits)) : transform.k;
    const seen = (a, b, offset, extent) => a * k + offset >= margin && b * k + offset <= extent - margin;
    if (k === transform.k && seen(left, right, transform.x, box.width) && seen(top, bottom, transform.y, box.height)) return;
    const place = (a, b, extent) => ((b - a) * k + 2 * margin <= extent ? extent / 2 - ((a + b) / 2) * k : margin - a * k);
    transform = { k, x: place(left, right, box.width), y: place(top, bottom, box.height) };
    apply();
  }

  const resized = new ResizeObserver(() => followSize());
  resized.observe(svg);

  return {
    // The view being drawn and its layout: what home, fit and reveal place.
    show(newView, laid) {
      view = newView;
      laidOut = laid;
      size = { width: laid.width, height: laid.height };
    },
    home,
    fit,
    zoom,
    pan,
    reveal,
    destroy: () => resized.disconnect(),
  };
}
