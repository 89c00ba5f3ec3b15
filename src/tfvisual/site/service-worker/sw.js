// The site's service worker (bundled with Workbox's npm modules by src/tfvisual/site/service_worker.py, which
// writes it as sw.js at the site root, so its scope is the whole site; docs/javascripts/offline.js registers it).
//
// It stores every file a reader needs offline, each under its content revision (the md5 of its bytes), and then
// answers every request for one of them from that store, network or not. A new build of the site is a new
// worker: the browser installs it beside the one in charge, and it fetches only the files whose revision changed.
// It then waits, so a page never runs on files of two builds, until the reader accepts the new version (a
// SKIP_WAITING message from offline.js). Taking over, it drops the files the new build no longer has.

import { cleanupOutdatedCaches, precacheAndRoute } from "workbox-precaching";

// The build replaces `self.__WB_MANIFEST` with the list of [{url, revision}], URLs relative to this file.
// Query strings never change what a file is (?backend=wasm chooses a backend on a page), so they are ignored when
// a request is matched to a stored file; a folder's address is answered with its index.html.
precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/] });

// Caches left by an older Workbox version's naming scheme.
cleanupOutdatedCaches();

// What workbox-window's messageSkipWaiting() sends when the reader presses "Reload" in the update notice.
self.addEventListener("message", (event) => {
  if (event.data?.type === "SKIP_WAITING") self.skipWaiting();
});

// The first worker a browser installs takes charge of the open pages at once: they were loaded from this same
// build, and instant navigation from them must already work offline. A later worker reaches this only when the
// reader asked for it, and the pages it takes over reload (offline.js).
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
