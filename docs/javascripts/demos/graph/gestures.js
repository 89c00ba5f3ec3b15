// Pan and zoom by pointer (DOM only). A mouse or pen drags the background to pan and its wheel zooms about the
// pointer (once the drawing has focus). A finger belongs to the page: one finger scrolls it, as everywhere else, and two fingers pinch to zoom
// and move to pan the drawing (touch-action in graph.css leaves one-finger panning to the browser). In full-window
// mode there is no page to scroll, so one finger pans the drawing too.

export function attachGestures(svg, { pan, zoom, isFullWindow }) {
  const local = (x, y) => {
    const box = svg.getBoundingClientRect();
    return [x - box.left, y - box.top];
  };

  // Mouse and pen: drag the background to pan.
  let drag = null;
  const onPointerDown = (event) => {
    if (event.pointerType === "touch") return; // fingers: the touch handlers below
    if (event.target.closest(".tfv-graph__node, .tfv-graph__label, .tfv-graph__cluster text")) return; // their clicks
    svg.setPointerCapture(event.pointerId);
    drag = { id: event.pointerId, x: event.clientX, y: event.clientY };
  };
  const onPointerMove = (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    pan(event.clientX - drag.x, event.clientY - drag.y);
    drag = { ...drag, x: event.clientX, y: event.clientY };
  };
  const onPointerUp = (event) => {
    if (drag && event.pointerId === drag.id) drag = null;
  };
  // The wheel zooms once the reader has given the drawing focus (a click on it), with Ctrl or ⌘ (a trackpad's pinch
  // arrives so), or in full window; otherwise it scrolls the page, which the drawing spans from side to side.
  const onWheel = (event) => {
    if (!(event.ctrlKey || event.metaKey || svg.contains(document.activeElement) || isFullWindow())) return;
    event.preventDefault();
    zoom(Math.exp(-event.deltaY / 400), ...local(event.clientX, event.clientY));
  };

  // Fingers: two pinch (the distance between them scales the drawing) and pan (their midpoint moves it).
  let touch = null; // {distance, x, y} of the previous two-finger (or full-window one-finger) position
  const gesture = (touches) => {
    if (touches.length >= 2) {
      const [a, b] = touches;
      return { distance: Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY), x: (a.clientX + b.clientX) / 2, y: (a.clientY + b.clientY) / 2 };
    }
    return { distance: null, x: touches[0].clientX, y: touches[0].clientY };
  };
  const ours = (event) => event.touches.length >= 2 || (event.touches.length === 1 && isFullWindow());
  const onTouchStart = (event) => {
    touch = ours(event) ? gesture(event.touches) : null;
    if (touch && event.touches.length >= 2 && event.cancelable) event.preventDefault();
  };
  const onTouchMove = (event) => {
    if (!ours(event)) return;
    if (event.cancelable) event.preventDefault(); // the page neither scrolls nor zooms under the drawing
    const now = gesture(event.touches);
    if (touch && (touch.distance === null) === (now.distance === null)) {
      pan(now.x - touch.x, now.y - touch.y);
      if (now.distance && touch.distance) zoom(now.distance / touch.distance, ...local(now.x, now.y));
    }
    touch = now;
  };
  const onTouchEnd = (event) => {
    touch = event.touches.length && ours(event) ? gesture(event.touches) : null;
  };

  const listeners = [
    ["pointerdown", onPointerDown],
    ["pointermove", onPointerMove],
    ["pointerup", onPointerUp],
    ["pointercancel", onPointerUp],
    ["wheel", onWheel, { passive: false }],
    ["touchstart", onTouchStart, { passive: false }],
    ["touchmove", onTouchMove, { passive: false }],
    ["touchend", onTouchEnd],
    ["touchcancel", onTouchEnd],
  ];
  for (const [type, handler, options] of listeners) svg.addEventListener(type, handler, options);
  return () => {
    for (const [type, handler, options] of listeners) svg.removeEventListener(type, handler, options);
  };
}
