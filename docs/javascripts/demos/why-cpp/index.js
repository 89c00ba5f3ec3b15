// "Race it on your device": an n×n matrix multiply as plain JavaScript loops vs tf.matMul on the fastest TF.js
// backend of this device. The computations are in model.js, the table in view.js.

import { el } from "../../lib/dom.js";
import { createStatusLine, settleBackend, startBackend } from "../../runtime.js";
import { BATCHES, maxAbsDifference, probeMatmul, randomMatrix, timeLoops, timeTfMatmul } from "./model.js";
import { renderTable } from "./view.js";

const SIZES = [64, 128, 256];

export async function mount(element) {
  const button = el("button", { type: "button", class: "md-button md-button--primary", disabled: "" }, "Run the race");
  const results = el("div", { class: "tfv-why-cpp__results", "aria-live": "polite" });
  element.append(button, results);
  const status = createStatusLine(element);
  element.dataset.busy = "true"; // the convention every demo follows: "false" once nothing runs or waits

  let stopped = false;
  let tf = null;
  startBackend(status)
    .then(() => settleBackend(status, "why-cpp", probeMatmul))
    .then(
      () => {
        tf = globalThis.tf;
        button.disabled = false;
        element.dataset.busy = "false";
      },
      (error) => {
        status.update({ message: `No backend could be chosen: ${error.message}` });
        element.dataset.busy = "false";
      },
    );

  async function run() {
    button.disabled = true;
    element.dataset.busy = "true";
    const rows = [];
    for (const n of SIZES) {
      if (stopped) return;
      status.update({ message: `multiplying ${n}×${n} matrices…` });
      // Let the browser paint the message before the loops block the main thread.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      const a = randomMatrix(n, 1);
      const b = randomMatrix(n, 2);
      const loops = await timeLoops(a, b, n);
      const gpu = await timeTfMatmul(tf, a, b, n);
      rows.push({ n, loops: loops.ms, tf: gpu.ms, difference: maxAbsDifference(loops.result, gpu.result) });
      results.replaceChildren(renderTable(rows));
    }
    if (stopped) return;
    status.update({ message: `done: per multiply, the median of ${BATCHES} timed batches at each size, after a warm-up` });
    element.dataset.raced = "true";
    button.disabled = false;
    element.dataset.busy = "false";
  }
  button.addEventListener("click", run);

  return () => {
    stopped = true;
    button.removeEventListener("click", run);
  };
}
