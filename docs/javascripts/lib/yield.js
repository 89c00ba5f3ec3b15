// Gives the browser a turn between two pieces of long work, so it can paint and answer a tap or a key.
// `scheduler.yield()` puts the rest of the work ahead of other queued tasks where the browser has it; a
// zero-delay timeout is the fallback (Safari, Firefox).
export function yieldToBrowser() {
  if (globalThis.scheduler?.yield) return globalThis.scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}
