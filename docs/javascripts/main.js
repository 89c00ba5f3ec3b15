// The one module entry of the site (mkdocs.yml, extra_javascript). Material's instant navigation swaps page
// content without reloading, and announces each new page on `document$`. On every page we unmount the demos
// of the previous page (each disposes its tensors, removes its listeners, stops its loops), then mount every
// `[data-demo]` element of the new page with the module `javascripts/demos/<name>/index.js`.
//
// A demo module exports `mount(element, signal)` and returns (or resolves to) a cleanup function. `signal`
// aborts when the reader leaves the page, so a demo still waiting for its model can give up.

import { showError, siteUrl } from "./runtime.js";

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

// A frame callback runs just before a paint; a task queued from it runs once that paint is done.
const afterNextPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

function onPage() {
  const leaving = active;
  active = [];
  const pageGeneration = ++generation;
  pageController.abort();
  pageController = new AbortController();
  const { signal } = pageController;
  // allSettled: a cleanup that fails (a bug, logged) must not keep the new page's demos from starting.
  Promise.allSettled(leaving.map(unmount)).then((results) => {
    for (const result of results) if (result.status === "rejected") console.error(result.reason);
    // After the first paint: the page's text is on screen before any demo code (and TF.js, 1.5 MB) is fetched.
    afterNextPaint().then(() => {
      if (pageGeneration !== generation) return;
      for (const element of document.querySelectorAll("[data-demo]")) mountDemo(element, pageGeneration, signal);
    });
  });
}

// document$ is Material's observable of page loads (the first one and every instant navigation).
globalThis.document$.subscribe(onPage);
