// TensorFlow.js against a plain loop: the same convolution as TF.js on the active backend and as plain JavaScript loops, both timed
// warm, once the reader pauses (the loop blocks the page for tens of milliseconds while it runs, a second and more
// on a slow phone: the first race waits until the page and the reader have been quiet).

import { afterQuiet } from "../../lib/quiet.js";
import { timePerCall } from "../../lib/timing.js";
import { convolveAndRead, convolveWithLoops, maxAbsDifference } from "./model.js";
import { renderRace } from "./view.js";

const RACE_DELAY_MS = 700;
const RUNS = 3;

// `current()` returns {tf, backendLabel, last, busy, stopped}: the demo's state when the race runs.
export function createRace(race, current) {
  let timer = 0;
  let first = true;
  let waitingForQuiet = null; // the first race's wait for quiet, until it ends (leaving the page cancels it)

  async function run() {
    timer = 0;
    const { last: raced, busy, stopped } = current();
    if (stopped || !raced || busy) return;
    // Another update (or leaving the page) makes these timings stale: give up and wait for the next pause.
    const interrupted = () => current().stopped || current().busy || current().last !== raced;
    try {
      await timeBoth(raced, interrupted);
    } catch (error) {
      // A new photo mid-race disposes the tensor being timed: that race is simply over. Anything else is a bug.
      if (!interrupted()) throw error;
    }
  }

  async function timeBoth(raced, interrupted) {
    const { tf, backendLabel } = current();
    // The update that produced `raced` ran this very convolution: shaders are compiled, so no extra warm-up.
    const tfMs = await timePerCall(() => convolveAndRead(tf, raced.tensor, raced.weights, raced.size), {
      warmups: 0,
      batches: RUNS,
      minBatchMs: 10,
      shouldStop: interrupted,
    });
    if (interrupted()) return;
    // The first loop run is the JIT's warm-up, and gives the result to compare.
    const loop = () => convolveWithLoops(raced.chw, raced.width, raced.height, raced.weights, raced.size);
    const loops = loop();
    const loopMs = await timePerCall(loop, { warmups: 0, batches: RUNS, minBatchMs: 10 });
    if (interrupted()) return;
    renderRace(race, {
      width: raced.width,
      height: raced.height,
      size: raced.size,
      backendLabel,
      tfMs,
      tfRuns: RUNS,
      loopMs,
      loopRuns: RUNS,
      difference: maxAbsDifference(loops, raced.data),
    });
  }

  return {
    // Called after every update: the race runs RACE_DELAY_MS after the last one (the first, once all is quiet).
    schedule() {
      clearTimeout(timer);
      if (waitingForQuiet) return; // the first race, still waiting for quiet, will race the latest update
      if (first) {
        first = false;
        const wait = (waitingForQuiet = afterQuiet());
        wait.then(() => {
          if (waitingForQuiet !== wait) return; // stopped meanwhile
          waitingForQuiet = null;
          run();
        });
        return;
      }
      timer = setTimeout(run, RACE_DELAY_MS);
    },
    stop: () => {
      clearTimeout(timer);
      waitingForQuiet = null;
    },
  };
}
