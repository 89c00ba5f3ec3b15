// Offline after one visit. Once the page has loaded and the browser is idle, this registers the site's service
// worker (sw.js at the site root, written by src/tfvisual/site/service_worker.py). It stores every page and every
// file the demos need, one file at a time, and from then on answers from that store: the site works without a
// network. Registering late keeps it from competing with the page (and a demo starting) for the network.
//
// A new build brings a new worker. It stores the changed files beside the old ones and waits: this page keeps
// running on the build it started with, never on a mix of two. A notice offers to reload into the new version;
// "Reload" lets the waiting worker take over, and every open page of the site reloads.
//
// Under `mkdocs serve`, sw.js is a worker that removes itself and any earlier one, so no page is ever answered
// from a cache while the site is being edited.
//
// For tests, <html data-offline>: "registered" once sw.js is registered, "ready" once a worker has stored every
// file and controls this page.

import { siteUrl } from "./lib/site-url.js";

function afterLoadAndIdle() {
  return new Promise((resolve) => {
    // Safari has no requestIdleCallback.
    const whenIdle = () => (globalThis.requestIdleCallback ?? setTimeout)(() => resolve());
    if (document.readyState === "complete") whenIdle();
    else addEventListener("load", whenIdle, { once: true });
  });
}

function activated(worker) {
  if (worker.state === "activated") return Promise.resolve();
  return new Promise((resolve) => {
    worker.addEventListener("statechange", () => worker.state === "activated" && resolve());
  });
}

async function registerWorker() {
  const { Workbox } = await import(siteUrl("vendor/workbox/workbox-window.js"));
  const workbox = new Workbox(siteUrl("sw.js"));

  // A page reloads when a new build's worker takes over (the reader pressed "Reload", here or in another tab):
  // it must not go on fetching the new build's files from the old build's page. (The first worker taking over
  // serves the very build this page came from.)
  workbox.addEventListener("controlling", (event) => {
    if (event.isUpdate) location.reload();
  });
  workbox.addEventListener("waiting", () => offerNewVersion(workbox));

  // A new worker the browser found while this page loaded is reported too: register() waits until it has
  // installed, and Workbox then says it is waiting.
  await workbox.register();
  document.documentElement.dataset.offline = "registered";

  await workbox.controlling;
  await activated(navigator.serviceWorker.controller);
  document.documentElement.dataset.offline = "ready";
}

// A small notice at the bottom of the window, on every page until the reader answers it (instant navigation
// keeps it: it lives outside the content Material swaps). Its code is fetched only when there is something to say.
let offered = false;

async function offerNewVersion(workbox) {
  if (offered) return;
  offered = true;
  const { el } = await import("./lib/dom.js");
  const notice = el("div", { class: "tfv-update", role: "status" });
  const reload = el("button", { type: "button", class: "tfv-update__reload" }, "Reload");
  const later = el("button", { type: "button", class: "tfv-update__later" }, "Not now");
  reload.addEventListener("click", () => {
    reload.disabled = true;
    workbox.messageSkipWaiting(); // the new worker takes over; "controlling" above reloads this page
  });
  later.addEventListener("click", () => notice.remove());
  document.body.append(notice);
  // Filled once the live region is in the page, so screen readers announce the text.
  requestAnimationFrame(() => {
    notice.append(el("p", { class: "tfv-update__text" }, "A new version of this site is available."), reload, later);
  });
}

if ("serviceWorker" in navigator) {
  afterLoadAndIdle()
    .then(registerWorker)
    .catch((error) => console.warn("The site will not work offline:", error));
}
