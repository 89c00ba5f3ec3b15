// Work that blocks the page for a while (a backend race, a race against plain JavaScript loops: long tasks on a
// slow phone) waits until the page and the reader have both been quiet for a while: no task over 50 ms, no key,
// tap or scroll. So it never competes with the page's first seconds or with a reader already using a demo.

const QUIET_MS = 5000;
const READER_INPUT = ["pointerdown", "keydown", "wheel", "touchstart"];

export function afterQuiet(quietMs = QUIET_MS) {
  return new Promise((resolve) => {
    let timer = null;
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    };
    // Long tasks are reported by Chromium; elsewhere the quiet is the reader's alone.
    const longTasks = globalThis.PerformanceObserver?.supportedEntryTypes?.includes("longtask")
      ? new PerformanceObserver(restart)
      : null;
    longTasks?.observe({ type: "longtask" });
    for (const type of READER_INPUT) addEventListener(type, restart, { capture: true, passive: true });
    function done() {
      longTasks?.disconnect();
      for (const type of READER_INPUT) removeEventListener(type, restart, { capture: true });
      resolve();
    }
    restart();
  });
}
