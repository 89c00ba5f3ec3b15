// The strip of days where the column is narrower than its 14 days (a phone): it scrolls sideways. It opens at its
// right end, on today, the day the forecast is made from; a hint above it says the older days are to the left, and
// shows only while the strip overflows. A change of width (a phone turned) keeps today in view unless the reader
// has scrolled away from it, and the column the "Days read" slider outlines is scrolled into view (DOM only).

export function createStripScroll(strip, hint, rowLabels) {
  let atEnd = true; // on today, the strip's right end, until the reader scrolls away
  const end = () => strip.scrollWidth - strip.clientWidth;

  // Called once when observing starts, after layout and before the first paint: the strip never shows the oldest
  // days first, and the hint has its place before anything below it is drawn.
  const resized = new ResizeObserver(() => {
    hint.hidden = end() <= 0;
    if (atEnd) strip.scrollLeft = end();
  });
  resized.observe(strip);
  const onScroll = () => (atEnd = strip.scrollLeft >= end() - 1);
  strip.addEventListener("scroll", onScroll, { passive: true });

  return {
    // Brings `cell`'s column into view, sideways only (the page does not move); the row labels stay at the left
    // edge (weather-memory.css), so the view starts at their right.
    showColumn(cell) {
      const view = strip.getBoundingClientRect();
      const box = cell.getBoundingClientRect();
      const left = rowLabels.getBoundingClientRect().right;
      if (box.left < left) strip.scrollLeft -= left - box.left;
      else if (box.right > view.right) strip.scrollLeft += box.right - view.right;
    },
    stop() {
      resized.disconnect();
      strip.removeEventListener("scroll", onScroll);
    },
  };
}
