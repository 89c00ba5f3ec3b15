// The one module entry of the site (mkdocs.yml, extra_javascript). Material's instant navigation swaps page
// content without reloading, and announces each new page on `document$`. On every page we unmount the demos
// of the previous page (each disposes its tensors, removes its listeners, stops its loops), then mount every
// `[data-demo]` element of the new page with the module `javascripts/demos/<name>/index.js`.
//
// A demo module exports `mount(element, signal)` and returns (or resolves to) a cleanup function. `signal`
// aborts when the reader leaves the page, so a demo still waiting for its model can give up.
//
// Demos wake when the reader reaches them: a demo's code, TF.js, its model and its data are fetched only once
// it comes within a screen's height of the viewport (or the reader interacts with it), so a phone spends its
// first seconds on what is on screen. Until then the demo shows its reserved frame, so nothing moves.

// Only what every page needs: the runtime (TF.js's loader, backends, model loading) comes with a demo.
import { siteUrl } from "./lib/site-url.js";
import "./offline.js";

let active = []; // {element, cleanup} of the demos on the current page
let generation = 0; // bumps on every page, so a mount that finishes after the reader left is undone at once
let pageController = new AbortController();

// What tests (and curious readers in the console) can inspect: how often each demo was mounted and unmounted.
const registry = { mounts: {}, unmounts: {} };
globalThis.tfvisual = registry;

async function mountDemo(element, pageGeneration, signal) {
  const name = element.dataset.demo;
  try {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`"${name}" is not a demo name`);
    const module = await import(siteUrl(`javascripts/demos/${name}/index.js`));
    const cleanup = (await module.mount(element, signal)) ?? (() => {});
    registry.mounts[name] = (registry.mounts[name] ?? 0) + 1;
    element.dataset.mounted = "true";
    if (pageGeneration !== generation) {
      await unmount({ element, cleanup, name });
      return;
    }
    active.push({ element, cleanup, name });
  } catch (error) {
    if (error.name === "AbortError") return;
    // A demo that cannot start says so in place; the rest of the page keeps working.
    const box = document.createElement("div");
    element.append(box);
    const { showError } = await import("./runtime.js");
    showError(box, `This demo could not start: ${error.message}`);
    console.error(error);
  }
}

async function unmount({ element, cleanup, name }) {
  try {
    await cleanup();
  } finally {
    registry.unmounts[name] = (registry.unmounts[name] ?? 0) + 1;
    delete element.dataset.mounted;
  }
}

// Calls `wake` once, when `element` comes within a screen's height of the viewport or the reader interacts with
// it; returns a function that stops watching.
function whenNear(element, wake) {
  const interactions = ["pointerdown", "focusin", "keydown"];
  const stop = () => {
    observer.disconnect();
    for (const type of interactions) element.removeEventListener(type, fire);
  };
  const fire = () => {
    stop();
    wake();
  };
  const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && fire(), {
    rootMargin: "100% 0px",
  });
  observer.observe(element);
  for (const type of interactions) element.addEventListener(type, fire);
  return stop;
}

let watching = []; // stop functions of the demos still waiting to be reached

// A frame callback runs just before a paint; a task queued from it runs once that paint is done.
const afterNextPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

function onPage() {
  const leaving = active;
  active = [];
  const pageGeneration = ++generation;
  pageController.abort();
  pageController = new AbortController();
  for (const stop of watching) stop();
  watching = [];
  const { signal } = pageController;
  // allSettled: a cleanup that fails (a bug, logged) must not keep the new page's demos from starting.
  Promise.allSettled(leaving.map(unmount)).then((results) => {
    for (const result of results) if (result.status === "rejected") console.error(result.reason);
    // After the first paint: the page's text is on screen before any demo code (and TF.js) is fetched.
    afterNextPaint().then(() => {
      if (pageGeneration !== generation) return;
      for (const element of document.querySelectorAll("[data-demo]")) {
        element.dataset.waiting = ""; // CSS says the demo starts when reached; tests scroll to it as a reader does
        const wake = () => {
          delete element.dataset.waiting;
          // TF.js (the largest download) starts at once, beside the demo's own modules rather than after them;
          // a failure here is the demo's to report, when it asks for TF.js itself.
          import("./tfjs-loader.js").then((loader) => loader.loadTf()).catch(() => {});
          mountDemo(element, pageGeneration, signal);
        };
        watching.push(whenNear(element, wake));
      }
    });
  });
}

// document$ is Material's observable of page loads (the first one and every instant navigation).
globalThis.document$.subscribe(onPage);
