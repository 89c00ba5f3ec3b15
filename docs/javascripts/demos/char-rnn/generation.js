// Writing (no page): one character per step, the LSTM's state carried from step to step (model.js), so a written
// character costs one step of the cell and nothing is ever re-read. As many steps per animation frame as fit in a
// budget, then one paint: a fast backend writes many characters a frame, and the page never freezes.
//
// A run is one press of Generate (read the prompt, then write with a fresh sampler) or of Continue (write further
// from where the last run ended: the same text, state and stream of random numbers). Stop cancels a run within
// one step (one call while the prompt is read).

import { readPrompt } from "./read-prompt.js";
import { mulberry32, pick } from "./sampler.js";

// A frame is 16.7 ms at 60 Hz; the rest is left for the browser to lay out and paint.
const FRAME_BUDGET_MS = 12;

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

// `settings`: {seed, length, temperature}; `previous`: the run to continue, or null for Generate. Whoever runs it
// calls `finish()` once the page shows its end; `cancelRun` waits for that.
export function createRun(settings, previous) {
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  const written = previous ? previous.written : 0;
  return {
    cancelled: false,
    finished,
    finish,
    temperature: settings.temperature,
    uniform: previous ? previous.uniform : mulberry32(settings.seed),
    written,
    target: written + settings.length,
    promptChanged: false, // the reader edited the prompt since: Continue would go on from text no longer there
    ready: Boolean(previous), // the prompt is read: there is a state to write from
  };
}

// Stops the run under way (within one step) and resolves once it has finished.
export async function cancelRun(run) {
  if (!run) return;
  run.cancelled = true;
  await run.finished;
}

export const canContinue = (run) => Boolean(run) && run.ready && !run.promptChanged;

// Runs `run` to its end: for Generate (`promptIds`: the prompt's ids) the prompt first, then characters until the
// target or a cancel. `show.reading(progress)` and `show.writing({written, target, perSecond})` paint, once per
// frame. The transcript gets every character.
export async function generate(run, { reader, transcript, startId, promptIds, show }) {
  if (promptIds) {
    const betweenCalls = async (progress) => {
      show.reading(progress);
      await nextFrame(); // the progress reaches the screen, and a click on Stop is handled
    };
    run.ready = await readPrompt(run, { reader, transcript, startId, promptIds, betweenCalls });
  }
  if (run.ready) await write(run, { reader, transcript, show });
}

async function write(run, { reader, transcript, show }) {
  const started = performance.now();
  const from = run.written;
  while (!run.cancelled && run.written < run.target) {
    const frameStart = performance.now();
    while (!run.cancelled && run.written < run.target && performance.now() - frameStart < FRAME_BUDGET_MS) {
      await writeOne(run, reader, transcript);
    }
    const perSecond = ((run.written - from) / (performance.now() - started)) * 1000;
    show.writing({ written: run.written, target: run.target, perSecond });
    await nextFrame();
  }
}

// One written character: the seeded sampler picks it from the model's current distribution, the model reads it.
async function writeOne(run, reader, transcript) {
  const id = pick(transcript.next, run.temperature, run.uniform());
  const out = await reader.read([id]);
  transcript.add(id, { isPrompt: false, h: out.h, c: out.c });
  transcript.expect(out.probabilities);
  run.written += 1;
}
