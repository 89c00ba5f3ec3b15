// Work that blocks the page for a while (a backend race, a race against plain JavaScript loops: long tasks on a
// slow phone) waits until the page and the reader have both been quiet for a while: no task over 50 ms, no key,
// tap or scroll, with the tab on screen. So it never competes with the page's first seconds or with a reader
// already using a demo, and it is not timed in a hidden tab, whose timers the browser slows down.

const QUIET_MS = 5000;
const READER_INPUT = ["pointerdown", "keydown", "wheel", "touchstart"];

export function afterQuiet(quietMs = QUIET_MS) {
  return new Promise((resolve) => {
    let timer = null;
    const restart = () => {
      clearTimeout(timer);
      if (document.visibilityState === "visible") timer = setTimeout(done, quietMs);
    };
    // Long tasks are reported by Chromium; elsewhere the quiet is the reader's alone.
    const longTasks = globalThis.PerformanceObserver?.supportedEntryTypes?.includes("longtask")
      ? new PerformanceObserver(restart)
      : null;
    longTasks?.observe({ type: "longtask" });
    for (const type of READER_INPUT) addEventListener(type, restart, { capture: true, passive: true });
    document.addEventListener("visibilitychange", restart);
    function done() {
      longTasks?.disconnect();
      for (const type of READER_INPUT) removeEventListener(type, restart, { capture: true });
      document.removeEventListener("visibilitychange", restart);
      resolve();
    }
    restart();
  });
}
