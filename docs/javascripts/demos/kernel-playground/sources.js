// The playground's image sources wired to its controls: a sample photo, the reader's file, the webcam. Each
// choice supersedes the previous one (a slow download cannot replace a newer choice), and every failure is a
// message for the reader; the image shown stays until a new one has really arrived.

import { siteUrl } from "../../runtime.js";
import { decodeImage, fetchImage, openWebcam, rasterize } from "./image-sources.js";

// `on.image(pixels, label)` shows new pixels (label: null for a sample, else what the Photo menu should say);
// `on.message(text)` reports (an empty text clears the last report); `on.busy()` is true while an update runs (a webcam frame then waits);
// `on.stopped()` is true once the demo is unmounted.
export function createSources(ui, element, signal, on) {
  let webcam = null; // {video, stop}
  let request = 0; // bumps on every image choice
  let frame = 0;

  async function loadSample(sample) {
    const mine = ++request;
    stopWebcam();
    try {
      const pixels = await fetchImage(siteUrl(sample.path), sample.label, { signal });
      // The reader left while it loaded (no tensor for a demo that is gone), or chose another image since.
      if (on.stopped() || mine !== request) return;
      on.image(pixels, null);
      on.message("");
    } catch (error) {
      if (error.name !== "AbortError") on.message(error.message);
    }
  }

  async function loadFile(file) {
    const mine = ++request;
    stopWebcam();
    try {
      const pixels = await decodeImage(file, file.name);
      if (on.stopped() || mine !== request) return;
      on.image(pixels, `Your image: ${file.name}`);
      on.message("");
    } catch (error) {
      on.message(error.message);
    }
  }

  function stopWebcam() {
    if (!webcam) return;
    cancelAnimationFrame(frame);
    webcam.stop();
    webcam = null;
    ui.webcam.textContent = "Use the webcam";
    element.dataset.webcam = "off";
    if (ui.ownImage.textContent === "Webcam") ui.ownImage.textContent = "Webcam (last frame)";
  }

  // Each animation frame takes the newest video frame, unless the previous one is still being filtered.
  function onFrame() {
    if (!webcam || on.stopped()) return;
    const { video } = webcam;
    if (!on.busy() && video.videoWidth > 0) on.image(rasterize(video, video.videoWidth, video.videoHeight), "Webcam");
    frame = requestAnimationFrame(onFrame);
  }

  async function toggleWebcam() {
    if (webcam) {
      stopWebcam();
      return;
    }
    ui.webcam.disabled = true;
    const mine = ++request;
    try {
      const opened = await openWebcam(() => {
        stopWebcam();
        on.message("The camera stopped sending frames (unplugged, or taken by another application).");
      });
      if (on.stopped() || mine !== request) {
        opened.stop();
        return;
      }
      webcam = opened;
      ui.webcam.textContent = "Stop the webcam";
      element.dataset.webcam = "on";
      on.message("");
      frame = requestAnimationFrame(onFrame);
    } catch (error) {
      on.message(error.message);
    } finally {
      ui.webcam.disabled = false;
    }
  }

  return { loadSample, loadFile, toggleWebcam, stopWebcam };
}
